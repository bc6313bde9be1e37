"""``sroi regions`` and ``sroi rules``: the installed regions and a region's rules in force."""

from __future__ import annotations

import argparse
import datetime as dt
import enum
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TextIO

from sroi.cli.common import OK, write_json
from sroi.labels import label
from sroi.money import format_euro, format_number
from sroi.registry import default
from sroi.rendering.tables import format_percentage, render_table
from sroi.ruleset import Bonus, BuildingBlock, Provenance, RuleSet, Unit

__all__ = ["regions_command", "rules_command", "rules_data", "rules_text"]


def regions_command(arguments: argparse.Namespace, out: TextIO) -> int:
    """``sroi regions``: the installed regions, each rule version on a row of its own."""
    infos = default().regions()
    if arguments.format == "json":
        write_json([info.as_dict() for info in infos], out)
        return OK
    if not infos:
        out.write("No regions installed. Install a region plugin, e.g. sroi-midden-gelderland.\n")
        return OK
    rows = [
        [
            info.code if index == 0 else "",
            info.name if index == 0 else "",
            ", ".join(info.aliases) if index == 0 else "",
            version.version,
            version.period_label,
            ", ".join(sorted(status.value for status in version.statuses)),
            version.provider,
        ]
        for info in infos
        for index, version in enumerate(info.versions)
    ]
    headers = ["Region", "Name", "Aliases", "Version", "In force", "Statuses", "Provider"]
    out.write(render_table(headers, rows) + "\n")
    return OK


def _share(value: Decimal) -> str:
    """A share such as ``0.3`` as a percentage: ``30%``."""
    return format_percentage((value * 100).normalize())


def _rule_value(value: Decimal, unit: Unit) -> str:
    per = label(unit, "en", form="rules")
    if unit is Unit.SHARE_OF_INVOICE:
        return f"{_share(value)} {per}"
    return f"{format_euro(value)} {per}"


def _row(entry: Any, kind: enum.Enum, value: str, *more: str) -> list[str]:
    """A row of a rule table: code, kind, value, ``more`` cells, status and Dutch label."""
    return [entry.code, kind.value, value, *more, entry.provenance.status.value, entry.label_nl]


def _at_most(block: BuildingBlock) -> str:
    if block.max_months is None:
        return "-"
    return f"{block.max_months} months ({block.max_months_provenance.status.value})"


def _from_age(bonus: Bonus) -> str:
    return "-" if bonus.min_age is None else str(bonus.min_age)


def _section(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A blank line and a table whose third column (the value) is aligned right."""
    return ["", render_table(headers, rows, right={2})]


def rules_text(rules: RuleSet) -> str:
    """A rule set as ``sroi rules`` prints it: its values with their status, then its tables."""
    until = rules.valid_until.isoformat() if rules.valid_until else "(open-ended)"
    fractions = ", ".join(_share(fraction) for fraction in rules.measurement_fractions)
    lines = [
        f"{rules.region}: {rules.version}",
        f"In force:         {rules.valid_from.isoformat()} to {until}",
        f"Full-time hours:  {format_number(rules.full_time_hours.value)} "
        f"({rules.full_time_hours.provenance.status.value})",
        f"Measurements at:  {fractions} of the term "
        f"({rules.measurement_provenance.status.value}, default when a contract sets none)",
    ]
    if rules.minimum_hours is not None:
        lines.append(
            f"Minimum hours:    {format_number(rules.minimum_hours.value)} per week "
            f"({rules.minimum_hours.provenance.status.value})"
        )
    if rules.sr_percentage is not None:
        lines.append(
            f"SR percentage:    {format_percentage(rules.sr_percentage.value)} "
            f"({rules.sr_percentage.provenance.status.value})"
        )
    if rules.settlement is not None:
        settlement = rules.settlement
        lines.append(
            f"Settlement:       {settlement.kind.value} "
            f"({settlement.provenance.status.value}: {settlement.provenance.source})"
        )
    if rules.source:
        lines.append(f"Source:           {rules.source}")
    blocks = [
        _row(block, block.route, _rule_value(block.value, block.unit), _at_most(block))
        for block in rules.blocks.values()
    ]
    lines += _section(["Block", "Route", "Value", "At most", "Status", "Label"], blocks)
    if rules.bonuses:
        bonuses = [
            _row(bonus, bonus.kind, format_euro(bonus.value), _from_age(bonus))
            for bonus in rules.bonuses.values()
        ]
        lines += _section(["Bonus", "Kind", "Value", "From age", "Status", "Label"], bonuses)
    if rules.adjustments:
        adjustments = [
            _row(item, item.kind, _share(item.value)) for item in rules.adjustments.values()
        ]
        lines += _section(["Adjustment", "Kind", "Share", "Status", "Label"], adjustments)
    return "\n".join(lines)


def _status(provenance: Provenance) -> dict[str, Any]:
    return {"status": provenance.status, "source": provenance.source}


def _valued(value: Decimal, provenance: Provenance) -> dict[str, Any]:
    return {"value": value, **_status(provenance)}


def _labelled(code: str, label_nl: str, label_en: str) -> dict[str, Any]:
    return {"code": code, "label_nl": label_nl, "label_en": label_en}


def rules_data(rules: RuleSet) -> Any:
    """A rule set as plain data (``sroi rules --format json``), decimals as plain strings."""
    data = {
        "region": rules.region,
        "version": rules.version,
        "valid_from": rules.valid_from,
        "valid_until": rules.valid_until,
        "source": rules.source,
        "full_time_hours": _valued(rules.full_time_hours.value, rules.full_time_hours.provenance),
        "sr_percentage": None
        if rules.sr_percentage is None
        else _valued(rules.sr_percentage.value, rules.sr_percentage.provenance),
        "minimum_hours": None
        if rules.minimum_hours is None
        else _valued(rules.minimum_hours.value, rules.minimum_hours.provenance),
        "measurement_fractions": rules.measurement_fractions,
        "measurement": _status(rules.measurement_provenance),
        "blocks": [
            {
                **_labelled(block.code, block.label_nl, block.label_en),
                "route": block.route,
                "unit": block.unit,
                "value": block.value,
                "max_months": block.max_months,
                "max_months_status": None
                if block.max_months is None
                else block.max_months_provenance.status,
                "bonuses": block.bonuses,
                **_status(block.provenance),
            }
            for block in rules.blocks.values()
        ],
        "bonuses": [
            {
                **_labelled(bonus.code, bonus.label_nl, bonus.label_en),
                "kind": bonus.kind,
                "value": bonus.value,
                "min_age": bonus.min_age,
                **_status(bonus.provenance),
            }
            for bonus in rules.bonuses.values()
        ],
        "adjustments": [
            {
                **_labelled(item.code, item.label_nl, item.label_en),
                "kind": item.kind,
                **_valued(item.value, item.provenance),
            }
            for item in rules.adjustments.values()
        ],
        "settlement": None
        if rules.settlement is None
        else {
            "kind": rules.settlement.kind,
            "share": rules.settlement.share,
            "recovery_months": rules.settlement.recovery_months,
            "waived_when_not_at_fault": rules.settlement.waived_when_not_at_fault,
            **_status(rules.settlement.provenance),
        },
    }
    return data


def rules_command(arguments: argparse.Namespace, out: TextIO) -> int:
    """``sroi rules REGION [--on DATE]``: the rule version in force, as text or JSON."""
    on: dt.date = arguments.on or dt.date.today()
    rules = default().rules(arguments.region, on)
    if arguments.format == "json":
        write_json(rules_data(rules), out)
    else:
        out.write(rules_text(rules) + "\n")
    return OK
