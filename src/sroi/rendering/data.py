"""A report as plain data for JSON: amounts as plain decimal strings (``"1234.56"``).

The dicts are built from sroi's own values and written by :func:`sroi.serde.plain.to_plain`, the
one plain-data edge, so that a decimal, a date or a state reads the same here as everywhere.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sroi.money import round_cents
from sroi.rendering.unverified import line_unverified_keys, unverified_values
from sroi.ruleset import Route
from sroi.serde.plain import to_plain

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from sroi.consolidation import ConsolidatedReport, GroupTotals
    from sroi.fulfilment import Amounts, FulfilmentReport, ReportLine

__all__ = ["LINE_FIELDS", "consolidated_data", "line_record", "report_data"]

LINE_FIELDS = (
    "item_id",
    "route",
    "block",
    "status",
    "standing",
    "realised",
    "pending",
    "forecast",
)
"""The keys of :func:`line_record`, in order."""


def line_record(line: ReportLine) -> dict[str, Any]:
    """A report line as a flat record: ids and states as plain strings, amounts exact.

    The keys: ``item_id``, ``route``, ``block``, ``status``, ``standing``, and the decimals
    ``realised``, ``pending`` and ``forecast``.

    The JSON report, the CSV rows of ``sroi report --rows item`` and the item DataFrame of
    :mod:`sroi.notebook` start from it.
    """
    amounts = line.amounts
    return {
        "item_id": line.item_id,
        "route": to_plain(line.route),
        "block": line.block,
        "status": to_plain(line.status),
        "standing": to_plain(line.standing),
        "realised": amounts.realised,
        "pending": amounts.pending,
        "forecast": amounts.forecast,
    }


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_cents(value)


def _amounts(amounts: Amounts) -> dict[str, Decimal | None]:
    return {
        "realised": _cents(amounts.realised),
        "pending": _cents(amounts.pending),
        "forecast": _cents(amounts.forecast),
    }


def _report(report: FulfilmentReport) -> dict[str, Any]:
    contract = report.contract
    owed = report.obligation
    return {
        "number": contract.number,
        "title": contract.title,
        "contractor": {"name": contract.contractor.name, "kvk": contract.contractor.kvk},
        "buyer": None if contract.buyer is None else contract.buyer.name,
        "region": contract.region or report.rules.region,
        "rules": {
            "region": report.rules.region,
            "version": report.rules.version,
            "valid_from": report.rules.valid_from,
        },
        "term": {"first": contract.term.first, "last": contract.term.last},
        "at": report.at,
        "as_of": report.as_of,
        "obligation": {
            "amount": _cents(owed.amount),
            "contract_value": _cents(owed.contract_value),
            "percentage": owed.percentage,
            "before_adjustments": _cents(owed.before_adjustments),
            "adjustments": [
                {"code": part.code, "value": part.value, "after": _cents(part.after)}
                for part in owed.adjustments
            ],
        },
        "totals": _amounts(report.totals),
        "by_route": {route: _amounts(report.by_route[route]) for route in Route},
        "by_block": {block: _amounts(amounts) for block, amounts in report.by_block.items()},
        "realised_percentage": report.realised_percentage,
        "forecast_percentage": report.forecast_percentage,
        "remaining": _cents(report.remaining),
        "remaining_after_forecast": _cents(report.remaining_after_forecast),
        "items": [
            {
                **line_record(line),
                **_amounts(line.amounts),
                "unverified": line_unverified_keys(line),
            }
            for line in report.lines
        ],
        "moments": [
            {
                "date": moment.date,
                "fraction": moment.fraction,
                "obligation": _cents(moment.obligation.amount),
                "target": _cents(moment.target),
                "realised": _cents(moment.realised),
                "forecast": _cents(moment.forecast),
                "status": moment.state,
            }
            for moment in report.moments
        ],
        "unverified": unverified_values(report),
    }


def report_data(report: FulfilmentReport) -> dict[str, Any]:
    """One contract's report as plain data: strings, lists and dicts, amounts as decimal strings.

    Ready for :func:`json.dumps`; the keys are stable (see the CLI reference). ``unverified``
    lists every rule value the report used that is not verified (key, status, source and
    ``used_by``: item ids, ``"obligation"`` or ``"moments"``, see
    :func:`~sroi.formatting.unverified_values`), and each item its own such keys.
    """
    data: dict[str, Any] = to_plain(_report(report))
    return data


def _group(group: GroupTotals) -> dict[str, Any]:
    return {
        "key": group.key,
        "contracts": group.contracts,
        "obligation": _cents(group.obligation),
        **_amounts(group.amounts),
        "remaining": _cents(group.remaining),
        "realised_percentage": group.realised_percentage,
        "forecast_percentage": group.forecast_percentage,
        "moments": {
            "ahead": group.moments.ahead,
            "on_track": group.moments.on_track,
            "behind": group.moments.behind,
            "not_yet_measured": group.moments.not_yet_measured,
        },
        "behind": group.behind,
    }


def consolidated_data(consolidated: ConsolidatedReport) -> dict[str, Any]:
    """Many contracts as plain data: every report, the groups, the total and double counting."""
    data: dict[str, Any] = to_plain(
        {
            "at": consolidated.at,
            "as_of": consolidated.as_of,
            "contracts": [_report(report) for report in consolidated.reports],
            "groups": [_group(group) for group in consolidated.groups],
            "total": _group(consolidated.total),
            "double_counting": [
                {
                    "initials": found.initials,
                    "birth_date": found.birth_date,
                    "target_group": found.target_group,
                    "items": [{"contract": c, "item_id": i} for c, i in found.items],
                    "periods": [
                        {
                            "first": overlap.period.first,
                            "last": overlap.period.last,
                            "hours_per_week": overlap.hours_per_week,
                        }
                        for overlap in found.periods
                    ],
                    "days": found.days,
                }
                for found in consolidated.double_counting
            ],
        }
    )
    return data
