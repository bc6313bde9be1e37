"""The tables of a rule file: the top level, blocks, bonuses, adjustments and settlement.

:func:`read` turns one parsed TOML document into a :class:`~sroi.ruleset.RuleSet`, or None with
every problem recorded on the reader.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from sroi._validators import DATE_RANGE
from sroi.exceptions import (
    MISSING,
)
from sroi.rulefile._reader import (
    Reader,
    choices,
    read_any_text,
    read_code,
    read_code_list,
    read_date,
    read_enum,
    read_fraction_list,
    read_integer,
    read_text,
)
from sroi.ruleset import (
    AdjustmentKind,
    Bonus,
    BonusKind,
    BuildingBlock,
    ObligationAdjustment,
    Parameter,
    Proration,
    Provenance,
    Route,
    RuleSet,
    SettlementKind,
    SettlementRule,
    Unit,
)

_T = TypeVar("_T")

FORMAT = 1
"""The rule-file format version this loader reads (the ``format`` key)."""

_TOP = {
    "format",
    "region",
    "version",
    "valid_from",
    "valid_until",
    "source",
    "proration",
    "sources",
    "full_time_hours",
    "minimum_hours",
    "sr_percentage",
    "measurement",
    "blocks",
    "bonuses",
    "adjustments",
    "settlement",
}
_SETTLEMENT = {
    "kind",
    "share",
    "recovery_months",
    "waived_when_not_at_fault",
    "status",
    "source",
    "note",
}
_PARAMETER = {"value", "status", "source", "note"}
_MEASUREMENT = {"fractions", "status", "source", "note"}
_LABELS = {"label_nl", "label_en"}
_PROVENANCE = {"value", "status", "source", "note"}
_BLOCK = {
    *_LABELS,
    *_PROVENANCE,
    "route",
    "unit",
    "max_months",
    "duration_status",
    "duration_source",
    "duration_note",
    "bonuses",
}
_BONUS = {*_LABELS, *_PROVENANCE, "kind", "min_age"}
_ADJUSTMENT = {*_LABELS, *_PROVENANCE, "kind"}


def _parameter(reader: Reader, data: Mapping[str, Any], key: str) -> Parameter | None:
    table = reader.table("", data, key)
    if table is None:
        return None
    reader.keys(key, table, _PARAMETER)
    value = reader.decimal(key, table, "value")
    provenance = reader.provenance(key, table)
    if value is None or provenance is None:
        return None
    return reader.build(key, "value", Parameter, value, provenance)


def _labels(reader: Reader, table: str, data: Mapping[str, Any]) -> tuple[str, str] | None:
    label_nl = reader.text(table, data, "label_nl")
    label_en = reader.text(table, data, "label_en")
    if label_nl is None or label_en is None:
        return None
    return label_nl, label_en


def _items(
    reader: Reader,
    data: Mapping[str, Any],
    group: str,
    read: Callable[[Reader, str, str, dict[str, Any]], _T | None],
) -> tuple[dict[str, _T], bool]:
    """Read every item of ``[group.*]``; return them and whether all were valid."""
    tables = reader.table("", data, group)
    items: dict[str, _T] = {}
    if tables is None:
        return items, True
    complete = True
    for code, body in tables.items():
        name = f"{group}.{code}"
        if read_code(code) is None:
            reader.problem(name, "", code, "a code of lower-case letters, digits, '-', '_' or '.'")
            complete = False
            continue
        if not isinstance(body, dict):
            reader.problem(group, code, body, "a table")
            complete = False
            continue
        item = read(reader, name, code, body)
        if item is None:
            complete = False
        else:
            items[code] = item
    return items, complete


def _block(reader: Reader, table: str, code: str, data: dict[str, Any]) -> BuildingBlock | None:
    reader.keys(table, data, _BLOCK)
    labels = _labels(reader, table, data)
    route = reader.get(table, data, "route", read_enum(Route), f"one of {choices(Route)}")
    unit = reader.get(table, data, "unit", read_enum(Unit), f"one of {choices(Unit)}")
    value = reader.decimal(table, data, "value")
    provenance = reader.provenance(table, data)
    max_months = reader.get(
        table, data, "max_months", _positive, "a whole number of months >= 1", required=False
    )
    duration: Provenance | None = None
    if any(key.startswith("duration_") for key in data):
        duration = _duration(reader, table, data)
        if duration is None:
            return None
    bonuses = reader.get(
        table, data, "bonuses", read_code_list, "a list of bonus codes", required=False
    )
    if None in (labels, route, unit, value, provenance):
        return None
    assert labels is not None
    return reader.build(
        table,
        "",
        BuildingBlock,
        code,
        *labels,
        route,
        unit,
        value,
        provenance,
        max_months=max_months,
        duration_provenance=duration,
        bonuses=bonuses or (),
    )


def _duration(reader: Reader, table: str, data: dict[str, Any]) -> Provenance | None:
    """The provenance of a block's maximum duration.

    ``duration_status``, ``duration_source`` (default: the block's source), ``duration_note``.
    """
    status = reader.status(table, data, "duration_status")
    if "duration_source" in data:
        source = reader.source(table, data, "duration_source")
    else:
        source = reader.source(table, data) if "source" in data else None
    note = reader.get(table, data, "duration_note", read_any_text, "a string", required=False)
    if status is None or source is None:
        return None
    return reader.build(table, "duration_status", Provenance, source, status, note or "")


def _positive(value: object) -> int | None:
    number = read_integer(value)
    return number if number is not None and number >= 1 else None


def _bonus(reader: Reader, table: str, code: str, data: dict[str, Any]) -> Bonus | None:
    reader.keys(table, data, _BONUS)
    labels = _labels(reader, table, data)
    kind = reader.get(table, data, "kind", read_enum(BonusKind), f"one of {choices(BonusKind)}")
    value = reader.decimal(table, data, "value")
    provenance = reader.provenance(table, data)
    min_age = reader.get(
        table,
        data,
        "min_age",
        read_integer,
        'a whole number of years (only for kind = "age")',
        required=kind is BonusKind.AGE,
    )
    if kind is not None and kind is not BonusKind.AGE and "min_age" in data:
        reader.problem(table, "min_age", data["min_age"], 'no min_age unless kind = "age"')
        return None
    if None in (labels, kind, value, provenance):
        return None
    assert labels is not None
    return reader.build(table, "", Bonus, code, *labels, kind, value, provenance, min_age=min_age)


def _adjustment(
    reader: Reader, table: str, code: str, data: dict[str, Any]
) -> ObligationAdjustment | None:
    reader.keys(table, data, _ADJUSTMENT)
    labels = _labels(reader, table, data)
    kind = reader.get(
        table, data, "kind", read_enum(AdjustmentKind), f"one of {choices(AdjustmentKind)}"
    )
    value = reader.decimal(table, data, "value")
    provenance = reader.provenance(table, data)
    if None in (labels, kind, value, provenance):
        return None
    assert labels is not None
    return reader.build(table, "", ObligationAdjustment, code, *labels, kind, value, provenance)


def _check_bonus_references(reader: Reader, data: Mapping[str, Any]) -> None:
    """Every bonus code a block names must have a ``[bonuses.<code>]`` table."""
    blocks, bonuses = data.get("blocks"), data.get("bonuses", {})
    if not isinstance(blocks, dict) or not isinstance(bonuses, dict):
        return
    for code, body in blocks.items():
        names = body.get("bonuses") if isinstance(body, dict) else None
        for name in names if isinstance(names, list) else ():
            if isinstance(name, str) and name not in bonuses:
                known = ", ".join(sorted(bonuses)) or "none in this file"
                reader.problem(
                    f"blocks.{code}", "bonuses", name, f"a code of a [bonuses.*] table ({known})"
                )


def _boolean(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _settlement(reader: Reader, data: Mapping[str, Any]) -> SettlementRule | None:
    """The ``[settlement]`` table: what follows a shortfall at the end of the term."""
    table = reader.table("", data, "settlement")
    if table is None:
        return None
    reader.keys("settlement", table, _SETTLEMENT)
    kind = reader.get(
        "settlement", table, "kind", read_enum(SettlementKind), f"one of {choices(SettlementKind)}"
    )
    options: dict[str, Any] = {}
    if "share" in table:
        options["share"] = reader.decimal("settlement", table, "share")
    recovery = reader.get(
        "settlement",
        table,
        "recovery_months",
        read_integer,
        "a whole number of months (0 or more)",
        required=False,
    )
    if recovery is not None:
        options["recovery_months"] = recovery
    waived = reader.get(
        "settlement", table, "waived_when_not_at_fault", _boolean, "true or false", required=False
    )
    if waived is not None:
        options["waived_when_not_at_fault"] = waived
    provenance = reader.provenance("settlement", table)
    if kind is None or provenance is None or options.get("share", Decimal(1)) is None:
        return None
    return reader.build("settlement", "kind", SettlementRule, kind, provenance, **options)


def read(data: dict[str, Any], reader: Reader) -> RuleSet | None:
    reader.keys("", data, _TOP)
    file_format = reader.get("", data, "format", read_integer, f"the format number {FORMAT}")
    if file_format is not None and file_format != FORMAT:
        reader.problem("", "format", file_format, f"the format number {FORMAT}")
    sources = reader.table("", data, "sources")
    if sources is not None:
        for key, text in sources.items():
            if read_text(text) is None:
                reader.problem("sources", key, text, "a non-empty string")
        reader.sources = {key: text for key, text in sources.items() if read_text(text) is not None}

    region = reader.get("", data, "region", read_code, 'a region code such as "noord-holland"')
    version = reader.text("", data, "version")
    valid_from = reader.get(
        "", data, "valid_from", read_date, f"a TOML date such as 2024-01-01 ({DATE_RANGE})"
    )
    valid_until = reader.get(
        "",
        data,
        "valid_until",
        read_date,
        f"a TOML date such as 2024-12-31 ({DATE_RANGE})",
        required=False,
    )
    if valid_from and valid_until and valid_until < valid_from:
        reader.problem("", "valid_until", valid_until, f"on or after valid_from ({valid_from})")
    source = reader.source("", data)
    proration = reader.get(
        "", data, "proration", read_enum(Proration), f"one of {choices(Proration)}", required=False
    )
    options: dict[str, Any] = {}
    for key in ("full_time_hours", "minimum_hours", "sr_percentage"):
        parameter = _parameter(reader, data, key)
        if parameter is not None:
            options[key] = parameter
    measurement = reader.table("", data, "measurement")
    if measurement is not None:
        reader.keys("measurement", measurement, _MEASUREMENT)
        fractions = reader.get(
            "measurement",
            measurement,
            "fractions",
            read_fraction_list,
            'a list of quoted decimal fractions in (0, 1] such as ["0.25", "0.5"]',
        )
        provenance = reader.provenance("measurement", measurement)
        if fractions is not None and provenance is not None:
            options["measurement_fractions"] = tuple(sorted(fractions))
            options["measurement_provenance"] = provenance

    if "blocks" not in data:
        reader.problem("", "blocks", MISSING, "a [blocks.<code>] table for each building block")
    blocks, blocks_ok = _items(reader, data, "blocks", _block)
    bonuses, bonuses_ok = _items(reader, data, "bonuses", _bonus)
    adjustments, _ = _items(reader, data, "adjustments", _adjustment)
    settlement = _settlement(reader, data)
    if settlement is not None:
        options["settlement"] = settlement
    _check_bonus_references(reader, data)
    if reader.problems or not (blocks_ok and bonuses_ok):
        return None
    assert region is not None
    assert version is not None
    assert valid_from is not None
    return reader.build(
        "",
        "",
        RuleSet,
        region,
        version,
        valid_from,
        blocks,
        valid_until=valid_until,
        bonuses=bonuses,
        adjustments=adjustments,
        proration=proration or Proration.MONTHLY,
        source=source or "",
        **options,
    )
