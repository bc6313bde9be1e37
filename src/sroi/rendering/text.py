"""A report as text: what ``sroi report`` prints, and the rows the HTML report shares with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sroi.labels import label
from sroi.money import format_euro
from sroi.rendering.tables import (
    MOMENT_LABELS,
    ROUTE_LABELS,
    amount_cells,
    format_percentage,
    render_table,
    share_text,
)
from sroi.ruleset import AdjustmentKind, Route

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from sroi.consolidation import ConsolidatedReport, GroupTotals
    from sroi.fulfilment import FulfilmentReport

__all__ = [
    "GROUP_HEADERS",
    "ITEM_HEADERS",
    "MOMENT_HEADERS",
    "consolidated_text",
    "consolidated_title",
    "group_row",
    "header_rows",
    "item_rows",
    "moment_rows",
    "report_text",
    "summary_text",
]

ITEM_HEADERS = ("Item", "Route", "Block", "Status", "Realised", "Pending", "Forecast")
"""The columns of a report's items."""
MOMENT_HEADERS = ("Moment", "Share", "Target", "Realised", "Forecast", "Status")
"""The columns of a report's measurement moments."""
GROUP_HEADERS = (
    "Group",
    "Contracts",
    "Obligation",
    "Realised",
    "Pending",
    "Forecast",
    "Remaining",
    "Realised %",
)
"""The columns of a consolidated report's groups."""


def _term(report: FulfilmentReport) -> str:
    term = report.contract.term
    return f"{term.first.isoformat()} to {term.last.isoformat()} ({term.days} days)"


def _obligation_text(report: FulfilmentReport) -> str:
    owed = report.obligation
    text = (
        f"{format_euro(owed.amount)} ({format_percentage(owed.percentage)} of "
        f"{format_euro(owed.contract_value)}"
    )
    if owed.adjustments:
        text += f" = {format_euro(owed.before_adjustments)}"
    for part in owed.adjustments:
        change = (
            "exempt"
            if part.kind is AdjustmentKind.EXEMPTION
            else f"-{format_percentage((part.value * 100).normalize())}"
        )
        text += f"; {part.code} {change} → {format_euro(part.after)}"
    return text + ")"


def header_rows(report: FulfilmentReport) -> list[tuple[str, str]]:
    """The report's header as ``(label, value)`` pairs: contract, rules, term, dates, obligation."""
    contract = report.contract
    contractor = contract.contractor.name
    if contract.contractor.kvk:
        contractor += f" (KvK {contract.contractor.kvk})"
    rows = [("Title", contract.title), ("Contractor", contractor)]
    if contract.buyer is not None:
        rows.append(("Buyer", contract.buyer.name))
    rows += [
        ("Region", contract.region or report.rules.region),
        ("Rules", f"{report.rules.version} (in force from {report.rules.valid_from.isoformat()})"),
        ("Term", _term(report)),
        ("Report date", f"{report.at.isoformat()}, as known on {report.as_of.isoformat()}"),
        ("Obligation", _obligation_text(report)),
    ]
    return rows


def _breakdown_rows(report: FulfilmentReport) -> list[list[str]]:
    rows = []
    by_block = report.by_block
    for route in Route:
        blocks = [
            block
            for block in by_block
            if any(line.block == block and line.route is route for line in report.lines)
        ]
        rows.append([ROUTE_LABELS[route], *amount_cells(report.by_route[route])])
        rows += [[f"  {block}", *amount_cells(by_block[block])] for block in blocks]
    rows.append(["total", *amount_cells(report.totals)])
    return rows


def moment_rows(report: FulfilmentReport) -> list[list[str]]:
    """One row of :data:`MOMENT_HEADERS` cells per measurement moment."""
    return [
        [
            moment.date.isoformat(),
            share_text(moment.fraction),
            format_euro(moment.target),
            "-" if moment.realised is None else format_euro(moment.realised),
            format_euro(moment.forecast),
            MOMENT_LABELS[moment.state.value],
        ]
        for moment in report.moments
    ]


def item_rows(report: FulfilmentReport) -> list[list[str]]:
    """One row of :data:`ITEM_HEADERS` cells per item of the report."""
    return [
        [
            line.item_id,
            ROUTE_LABELS[line.route],
            line.block,
            label(line.status, "en"),
            *amount_cells(line.amounts),
        ]
        for line in report.lines
    ]


def summary_text(report: FulfilmentReport) -> str:
    """The realised and forecast percentages and what remains, in one sentence."""
    return (
        f"Realised {format_percentage(report.realised_percentage)} of the obligation, "
        f"forecast {format_percentage(report.forecast_percentage)}; "
        f"remaining {format_euro(report.remaining)}"
    )


def report_text(report: FulfilmentReport) -> str:
    """One contract's report as text: header, amounts by route and block, items and moments."""
    number = report.contract.number
    parts = [f"Contract {number}", "=" * len(f"Contract {number}")]
    header = header_rows(report)
    width = max(len(name) for name, _ in header)
    parts += [f"{name + ':':<{width + 1}} {value}" for name, value in header]
    parts += [
        "",
        render_table(
            ["Route / block", "Realised", "Pending", "Forecast"],
            _breakdown_rows(report),
            right={1, 2, 3},
        ),
        "",
        f"{summary_text(report)} ({format_euro(report.remaining_after_forecast)} after the "
        "forecast).",
    ]
    if report.lines:
        parts += ["", render_table(ITEM_HEADERS, item_rows(report), right={4, 5, 6})]
    parts += ["", render_table(MOMENT_HEADERS, moment_rows(report), right={1, 2, 3, 4})]
    return "\n".join(parts)


def group_row(group: GroupTotals) -> list[str]:
    """One row of :data:`GROUP_HEADERS` cells for a group (or the total) of contracts."""
    return [
        group.key,
        str(len(group.contracts)),
        format_euro(group.obligation),
        *amount_cells(group.amounts),
        format_euro(group.remaining),
        format_percentage(group.realised_percentage),
    ]


def consolidated_title(consolidated: ConsolidatedReport) -> str:
    """The title of a consolidated report: its report date and knowledge date."""
    return (
        f"All contracts on {consolidated.at.isoformat()}, "
        f"as known on {consolidated.as_of.isoformat()}"
    )


def consolidated_text(consolidated: ConsolidatedReport) -> str:
    """Many contracts added up: one line per group, the total, standings and double counting."""
    title = consolidated_title(consolidated)
    rows = [group_row(group) for group in consolidated.groups]
    if len(consolidated.groups) > 1 or not rows:
        rows.append(group_row(consolidated.total))
    parts = [title, "=" * len(title), render_table(GROUP_HEADERS, rows, right=set(range(1, 8))), ""]
    total = consolidated.total
    standing = total.moments
    parts.append(
        f"At their latest measurement moment: {standing.ahead} ahead, {standing.on_track} on "
        f"track, {standing.behind} behind, {standing.not_yet_measured} not yet measured."
    )
    if total.behind:
        parts.append(f"Behind: {', '.join(total.behind)}.")
    if consolidated.double_counting:
        parts.append("Candidates counted more than full time on several contracts at once:")
        for found in consolidated.double_counting:
            pairs = ", ".join(f"{contract} {item}" for contract, item in found.items)
            parts.append(
                f"  {found.initials} (born {found.birth_date.isoformat()}): {pairs}, "
                f"{found.days} days"
            )
    return "\n".join(parts)
