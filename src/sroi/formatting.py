"""Showing reports to people: Dutch money notation, aligned text tables, HTML and plain data.

Everything here reads finished objects (a :class:`~sroi.fulfilment.FulfilmentReport`, a
:class:`~sroi.fulfilment.ConsolidatedReport`) and renders them; nothing is computed again.

* :func:`format_euro` writes an amount the Dutch way, ``€ 1.234,56``; :func:`format_percentage`
  writes ``42,5%``.
* :func:`render_table` lays rows out as an aligned text table.
* :func:`report_text`, :func:`consolidated_text`: a report as text (what ``sroi report`` prints).
* :func:`report_html`, :func:`consolidated_html`: the same as HTML, for notebooks
  (``FulfilmentReport._repr_html_`` uses it); every text is escaped.
* :func:`report_data`, :func:`consolidated_data`: plain data for JSON, amounts as plain decimal
  strings (``"1234.56"``) so that no tool reads them as binary floats.
* :func:`unverified_values`, :func:`line_unverified_keys`: which rule values a report used that
  are not verified, with their status and source; the HTML report, the JSON data and the
  DataFrames of :mod:`sroi.notebook` show them.

>>> from decimal import Decimal
>>> format_euro(Decimal("1234.5"))
'€ 1.234,50'
>>> format_euro(Decimal("-1234567.891"))
'€ -1.234.567,89'
>>> format_percentage(Decimal("42.5"))
'42,5%'
>>> print(render_table(["Block", "Value"], [["ww-lt1", "€ 10.000,00"], ["mvo", "€ 100,00"]],
...     right={1}))
Block         Value
------  -----------
ww-lt1  € 10.000,00
mvo        € 100,00
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from sroi.exceptions import InvalidValueError
from sroi.money import format_euro, format_number, round_cents
from sroi.ruleset import AdjustmentKind, Provenance, Route, Status

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from sroi.engine import ObligationValuation
    from sroi.fulfilment import (
        Amounts,
        ConsolidatedReport,
        FulfilmentReport,
        GroupTotals,
        ReportLine,
    )

__all__ = [
    "MOMENT_LABELS",
    "ROUTE_LABELS",
    "UnverifiedValue",
    "consolidated_data",
    "consolidated_html",
    "consolidated_text",
    "format_euro",
    "format_number",
    "format_percentage",
    "line_unverified_keys",
    "plain_cents",
    "render_table",
    "report_data",
    "report_html",
    "report_text",
    "unverified_values",
]

ROUTE_LABELS = {
    Route.CANDIDATE: "candidates",
    Route.PURCHASE: "purchases",
    Route.PROJECT: "projects",
}
"""How the text and HTML reports name the three routes."""

MOMENT_LABELS = {
    "ahead": "ahead",
    "on_track": "on track",
    "behind": "behind",
    "not_yet_reached": "not yet reached",
}
"""How the text and HTML reports name a measurement moment's state (by the state's value)."""


# --- numbers -----------------------------------------------------------------------------------


def format_percentage(value: Decimal | None) -> str:
    """A percentage in Dutch notation with the places it has: ``42,5%``; ``-`` for None.

    Raises:
        InvalidValueError: when ``value`` is a float or not a finite decimal.
    """
    if value is None:
        return "-"
    return f"{format_number(value)}%"


def _plain(value: Decimal | None) -> str | None:
    """A decimal as a plain string (``"1234.56"``), never in exponent notation."""
    return None if value is None else format(value, "f")


def plain_cents(value: Decimal | None) -> str | None:
    """An amount as a plain string with two decimals (``"1234.50"``, ``"0.00"``); None stays.

    >>> plain_cents(Decimal(0)), plain_cents(Decimal("1234.5"))
    ('0.00', '1234.50')
    """
    return None if value is None else format(round_cents(value), "f")


# --- provenance ------------------------------------------------------------------------------

_OBLIGATION = "obligation"
_MOMENTS = "moments"


@attrs.frozen
class UnverifiedValue:
    """A rule value a report used whose status is not verified."""

    key: str
    """The value's key in the rule set, as :meth:`sroi.RuleSet.provenances` names it."""
    status: Status
    """Its status: unverified, provisional or assumed."""
    source: str
    """Where it was read (or why it is assumed)."""
    used_by: tuple[str, ...]
    """What rests on it, in report order: item ids, ``"obligation"`` (the obligation and so the
    moments' targets) or ``"moments"`` (the dates of the measurement moments)."""


def _obligation_keys(owed: ObligationValuation) -> Iterator[tuple[str, Provenance]]:
    if owed.percentage_provenance is not None and not owed.percentage_provenance.verified:
        yield "sr_percentage", owed.percentage_provenance
    for part in owed.adjustments:
        if not part.provenance.verified:
            yield f"adjustments.{part.code}", part.provenance


def _line_values(line: ReportLine) -> dict[str, Provenance]:
    return dict(line.unverified)


def line_unverified_keys(line: ReportLine) -> tuple[str, ...]:
    """The keys of the rule values a report line counted with that are not verified, sorted.

    Empty for a line that counts nowhere (it uses no rule value) or rests on verified values only.
    """
    return tuple(sorted(_line_values(line)))


def unverified_values(report: FulfilmentReport) -> tuple[UnverifiedValue, ...]:
    """Every rule value ``report`` used that is not verified, sorted by key.

    Looks at the valuations of the lines that count, the obligation on the report date and on
    each measurement moment (percentage from the rules, adjustments), and at the measurement
    fractions when the contract does not agree its own (the rule set's default is used then).
    """
    found: dict[str, tuple[Provenance, list[str]]] = {}

    def add(key: str, provenance: Provenance, user: str) -> None:
        users = found.setdefault(key, (provenance, []))[1]
        if user not in users:
            users.append(user)

    owed = [report.obligation, *(moment.obligation for moment in report.moments)]
    for obligation in owed:
        for key, provenance in _obligation_keys(obligation):
            add(key, provenance, _OBLIGATION)
    if report.contract.measurement_fractions is None and report.moments:
        provenance = report.rules.measurement_provenance
        if not provenance.verified:
            add("measurement_fractions", provenance, _MOMENTS)
    for line in report.lines:
        for key, provenance in _line_values(line).items():
            add(key, provenance, line.item_id)
    return tuple(
        UnverifiedValue(key, provenance.status, provenance.source, tuple(users))
        for key, (provenance, users) in sorted(found.items())
    )


# --- text --------------------------------------------------------------------------------------


def render_table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], *, right: Iterable[int] = ()
) -> str:
    """An aligned text table: a header line, a rule of dashes, one line per row.

    Args:
        headers: the column titles.
        rows: the cells, as text; every row has as many cells as there are headers.
        right: the indexes of the columns aligned right (amounts).

    Raises:
        InvalidValueError: when a row has another number of cells than there are headers.
    """
    table = [list(headers)]
    for index, row in enumerate(rows):
        if len(row) != len(headers):
            raise InvalidValueError(f"rows[{index}]", row, f"{len(headers)} cells")
        table.append([str(cell) for cell in row])
    widths = [max(len(line[column]) for line in table) for column in range(len(headers))]
    aligned_right = set(right)

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if column in aligned_right else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(table[0]), rule, *(line(cells) for cells in table[1:])])


def _amount_cells(amounts: Amounts) -> list[str]:
    return [
        format_euro(amounts.realised),
        format_euro(amounts.pending),
        format_euro(amounts.forecast),
    ]


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


def _header_rows(report: FulfilmentReport) -> list[tuple[str, str]]:
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
        rows.append([ROUTE_LABELS[route], *_amount_cells(report.by_route[route])])
        rows += [[f"  {block}", *_amount_cells(by_block[block])] for block in blocks]
    rows.append(["total", *_amount_cells(report.totals)])
    return rows


def _moment_rows(report: FulfilmentReport) -> list[list[str]]:
    return [
        [
            moment.date.isoformat(),
            format_percentage(round_cents(moment.fraction * 100).normalize()),
            format_euro(moment.target),
            "-" if moment.realised is None else format_euro(moment.realised),
            format_euro(moment.forecast),
            MOMENT_LABELS[moment.state.value],
        ]
        for moment in report.moments
    ]


def _item_rows(report: FulfilmentReport) -> list[list[str]]:
    return [
        [
            line.item_id,
            ROUTE_LABELS[line.route],
            line.block,
            line.status.value.replace("_", " "),
            format_euro(line.amounts.realised),
            format_euro(line.amounts.pending),
            format_euro(line.amounts.forecast),
        ]
        for line in report.lines
    ]


def report_text(report: FulfilmentReport) -> str:
    """One contract's report as text: header, amounts by route and block, items and moments."""
    number = report.contract.number
    parts = [f"Contract {number}", "=" * len(f"Contract {number}")]
    width = max(len(label) for label, _ in _header_rows(report))
    parts += [f"{label + ':':<{width + 1}} {value}" for label, value in _header_rows(report)]
    parts += [
        "",
        render_table(
            ["Route / block", "Realised", "Pending", "Forecast"],
            _breakdown_rows(report),
            right={1, 2, 3},
        ),
        "",
        f"Realised {format_percentage(report.realised_percentage)} of the obligation, "
        f"forecast {format_percentage(report.forecast_percentage)}; "
        f"remaining {format_euro(report.remaining)} "
        f"({format_euro(report.remaining_after_forecast)} after the forecast).",
    ]
    if report.lines:
        parts += [
            "",
            render_table(
                ["Item", "Route", "Block", "Status", "Realised", "Pending", "Forecast"],
                _item_rows(report),
                right={4, 5, 6},
            ),
        ]
    parts += [
        "",
        render_table(
            ["Moment", "Share", "Target", "Realised", "Forecast", "Status"],
            _moment_rows(report),
            right={1, 2, 3, 4},
        ),
    ]
    return "\n".join(parts)


def _group_row(group: GroupTotals) -> list[str]:
    return [
        group.key,
        str(len(group.contracts)),
        format_euro(group.obligation),
        format_euro(group.amounts.realised),
        format_euro(group.amounts.pending),
        format_euro(group.amounts.forecast),
        format_euro(group.remaining),
        format_percentage(group.realised_percentage),
    ]


def consolidated_text(consolidated: ConsolidatedReport) -> str:
    """Many contracts added up: one line per group, the total, standings and double counting."""
    title = (
        f"All contracts on {consolidated.at.isoformat()}, "
        f"as known on {consolidated.as_of.isoformat()}"
    )
    rows = [_group_row(group) for group in consolidated.groups]
    if len(consolidated.groups) > 1 or not rows:
        rows.append(_group_row(consolidated.total))
    headers = ["Group", "Contracts", "Obligation", "Realised", "Pending", "Forecast", "Remaining"]
    parts = [
        title,
        "=" * len(title),
        render_table([*headers, "Realised %"], rows, right=set(range(1, 8))),
        "",
    ]
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


# --- HTML --------------------------------------------------------------------------------------


def _html_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    right: Iterable[int] = (),
    total: bool = False,
) -> str:
    """An HTML table; with ``total`` its last row is marked as the total row."""
    aligned_right = set(right)

    def cell(tag: str, text: str, column: int) -> str:
        style = ' style="text-align: right"' if column in aligned_right else ""
        return f"<{tag}{style}>{html.escape(text)}</{tag}>"

    head = "".join(cell("th", text, column) for column, text in enumerate(headers))
    lines = ["".join(cell("td", text, column) for column, text in enumerate(row)) for row in rows]
    body = "".join(
        f'<tr class="sroi-total" style="{_ROW_STYLE["total"]}">{line}</tr>'
        if total and index == len(lines) - 1
        else f"<tr>{line}</tr>"
        for index, line in enumerate(lines)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_MARK = "*"
_ROW_STYLE = {
    "route": "font-weight: bold",
    "block": "",
    "total": "font-weight: bold; border-top: 2px solid currentColor",
}


def _marked(text: str, keys: Sequence[str]) -> str:
    """``text`` escaped, with a mark and a tooltip naming ``keys`` when there are any."""
    if not keys:
        return html.escape(text)
    tip = html.escape("rests on values not verified: " + ", ".join(keys), quote=True)
    return f'{html.escape(text)}<sup class="sroi-unverified" title="{tip}">{_MARK}</sup>'


def _breakdown_html(report: FulfilmentReport) -> str:
    """Amounts by route, block and in total: block rows indented, the total row marked."""
    keys = {line.item_id: line_unverified_keys(line) for line in report.lines}

    def used(lines: Iterable[ReportLine]) -> list[str]:
        return sorted({key for line in lines for key in keys[line.item_id]})

    def row(kind: str, label: str, amounts: Amounts, unverified: list[str]) -> str:
        style = f' style="{_ROW_STYLE[kind]}"' if _ROW_STYLE[kind] else ""
        first = ' style="padding-left: 2em"' if kind == "block" else ""
        cells = [f"<td{first}>{_marked(label, unverified)}</td>"]
        cells += [
            f'<td style="text-align: right">{html.escape(cell)}</td>'
            for cell in _amount_cells(amounts)
        ]
        return f'<tr class="sroi-{kind}"{style}>{"".join(cells)}</tr>'

    by_block = report.by_block
    rows = []
    for route in Route:
        in_route = [line for line in report.lines if line.route is route]
        rows.append(row("route", ROUTE_LABELS[route], report.by_route[route], used(in_route)))
        for block in by_block:
            of_block = [line for line in in_route if line.block == block]
            if of_block:
                rows.append(row("block", block, by_block[block], used(of_block)))
    rows.append(row("total", "total", report.totals, used(report.lines)))
    head = "".join(
        f'<th style="text-align: {"left" if column == 0 else "right"}">{title}</th>'
        for column, title in enumerate(["Route / block", "Realised", "Pending", "Forecast"])
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _rows_html(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    marks: Sequence[Sequence[str]],
    *,
    right: Iterable[int] = (),
    marked: int = 0,
) -> str:
    """A table whose column ``marked`` carries the unverified mark of ``marks[row]``."""
    aligned_right = set(right)

    def cell(tag: str, text: str, column: int, keys: Sequence[str] = ()) -> str:
        style = ' style="text-align: right"' if column in aligned_right else ""
        content = _marked(text, keys) if column == marked else html.escape(text)
        return f"<{tag}{style}>{content}</{tag}>"

    head = "".join(cell("th", text, column) for column, text in enumerate(headers))
    body = "".join(
        "<tr>"
        + "".join(cell("td", text, column, keys) for column, text in enumerate(row))
        + "</tr>"
        for row, keys in zip(rows, marks, strict=True)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _unverified_html(values: Sequence[UnverifiedValue]) -> str:
    if not values:
        return "<p>Every rule value used is verified.</p>"
    rows = [
        [value.key, value.status.value, value.source, ", ".join(value.used_by)] for value in values
    ]
    return (
        f'<p class="sroi-unverified">{_MARK} Rests on rule values that are not verified:</p>'
        + _html_table(["Value", "Status", "Source", "Used by"], rows)
    )


def report_html(report: FulfilmentReport) -> str:
    """One contract's report as HTML (for notebooks); every text from the data is escaped.

    In the amounts by route and building block, block rows are indented under their route and
    the total row is bold with a rule above it. An amount that rests on a rule value that is not
    verified carries a ``*`` (its tooltip names the values), and a last table lists every such
    value with its status, source and what uses it (see :func:`unverified_values`).
    """
    values = unverified_values(report)
    owed_keys = [value.key for value in values if _OBLIGATION in value.used_by]
    moment_keys = [value.key for value in values if {_OBLIGATION, _MOMENTS} & set(value.used_by)]
    header = "".join(
        f"<tr><th style='text-align: left'>{html.escape(label)}</th>"
        f"<td style='text-align: left'>"
        f"{_marked(value, owed_keys if label == 'Obligation' else ())}</td></tr>"
        for label, value in _header_rows(report)
    )
    summary = (
        f"Realised {format_percentage(report.realised_percentage)} of the obligation, "
        f"forecast {format_percentage(report.forecast_percentage)}; "
        f"remaining {format_euro(report.remaining)}."
    )
    moment_rows = _moment_rows(report)
    parts = [
        '<div class="sroi-report">',
        f"<h4>Contract {html.escape(report.contract.number)}</h4>",
        f"<table>{header}</table>",
        _breakdown_html(report),
        f"<p>{html.escape(summary)}</p>",
        _rows_html(
            ["Moment", "Share", "Target", "Realised", "Forecast", "Status"],
            moment_rows,
            [moment_keys] * len(moment_rows),
            right={1, 2, 3, 4},
            marked=2,
        ),
    ]
    if report.lines:
        parts.append(
            _rows_html(
                ["Item", "Route", "Block", "Status", "Realised", "Pending", "Forecast"],
                _item_rows(report),
                [line_unverified_keys(line) for line in report.lines],
                right={4, 5, 6},
                marked=0,
            )
        )
    parts += [_unverified_html(values), "</div>"]
    return "".join(parts)


def consolidated_html(consolidated: ConsolidatedReport) -> str:
    """Many contracts added up, as an HTML table (one row per group and the total, marked).

    A note below the table names the contracts whose reports rest on rule values that are not
    verified (see :func:`unverified_values`).
    """
    rows = [_group_row(group) for group in consolidated.groups]
    rows.append(_group_row(consolidated.total))
    headers = ["Group", "Contracts", "Obligation", "Realised", "Pending", "Forecast", "Remaining"]
    title = (
        f"All contracts on {consolidated.at.isoformat()}, "
        f"as known on {consolidated.as_of.isoformat()}"
    )
    table = _html_table([*headers, "Realised %"], rows, right=set(range(1, 8)), total=True)
    doubtful = [
        report.contract.number for report in consolidated.reports if unverified_values(report)
    ]
    note = ""
    if doubtful:
        note = (
            f'<p class="sroi-unverified">{len(doubtful)} of {len(consolidated.reports)} '
            f"contracts rest on rule values that are not verified: "
            f"{html.escape(', '.join(doubtful))} (their own reports list them).</p>"
        )
    return f'<div class="sroi-consolidated"><h4>{html.escape(title)}</h4>{table}{note}</div>'


# --- plain data --------------------------------------------------------------------------------


def _amounts_data(amounts: Amounts) -> dict[str, str | None]:
    return {
        "realised": plain_cents(amounts.realised),
        "pending": plain_cents(amounts.pending),
        "forecast": plain_cents(amounts.forecast),
    }


def report_data(report: FulfilmentReport) -> dict[str, Any]:
    """One contract's report as plain data: strings, lists and dicts, amounts as decimal strings.

    Ready for :func:`json.dumps`; the keys are stable (see the CLI reference). ``unverified``
    lists every rule value the report used that is not verified (key, status, source and
    ``used_by``: item ids, ``"obligation"`` or ``"moments"``, see :func:`unverified_values`), and
    each item its own such keys.
    """
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
            "valid_from": report.rules.valid_from.isoformat(),
        },
        "term": {"first": contract.term.first.isoformat(), "last": contract.term.last.isoformat()},
        "at": report.at.isoformat(),
        "as_of": report.as_of.isoformat(),
        "obligation": {
            "amount": plain_cents(owed.amount),
            "contract_value": plain_cents(owed.contract_value),
            "percentage": _plain(owed.percentage),
            "before_adjustments": plain_cents(owed.before_adjustments),
            "adjustments": [
                {"code": part.code, "value": _plain(part.value), "after": plain_cents(part.after)}
                for part in owed.adjustments
            ],
        },
        "totals": _amounts_data(report.totals),
        "by_route": {route.value: _amounts_data(report.by_route[route]) for route in Route},
        "by_block": {block: _amounts_data(amounts) for block, amounts in report.by_block.items()},
        "realised_percentage": _plain(report.realised_percentage),
        "forecast_percentage": _plain(report.forecast_percentage),
        "remaining": plain_cents(report.remaining),
        "remaining_after_forecast": plain_cents(report.remaining_after_forecast),
        "items": [
            {
                "item_id": line.item_id,
                "route": line.route.value,
                "block": line.block,
                "status": line.status.value,
                "standing": line.standing.value,
                **_amounts_data(line.amounts),
                "unverified": list(line_unverified_keys(line)),
            }
            for line in report.lines
        ],
        "moments": [
            {
                "date": moment.date.isoformat(),
                "fraction": _plain(moment.fraction),
                "obligation": plain_cents(moment.obligation.amount),
                "target": plain_cents(moment.target),
                "realised": plain_cents(moment.realised),
                "forecast": plain_cents(moment.forecast),
                "status": moment.state.value,
            }
            for moment in report.moments
        ],
        "unverified": [
            {
                "key": value.key,
                "status": value.status.value,
                "source": value.source,
                "used_by": list(value.used_by),
            }
            for value in unverified_values(report)
        ],
    }


def _group_data(group: GroupTotals) -> dict[str, Any]:
    return {
        "key": group.key,
        "contracts": list(group.contracts),
        "obligation": plain_cents(group.obligation),
        **_amounts_data(group.amounts),
        "remaining": plain_cents(group.remaining),
        "realised_percentage": _plain(group.realised_percentage),
        "forecast_percentage": _plain(group.forecast_percentage),
        "moments": {
            "ahead": group.moments.ahead,
            "on_track": group.moments.on_track,
            "behind": group.moments.behind,
            "not_yet_measured": group.moments.not_yet_measured,
        },
        "behind": list(group.behind),
    }


def consolidated_data(consolidated: ConsolidatedReport) -> dict[str, Any]:
    """Many contracts as plain data: every report, the groups, the total and double counting."""
    return {
        "at": consolidated.at.isoformat(),
        "as_of": consolidated.as_of.isoformat(),
        "contracts": [report_data(report) for report in consolidated.reports],
        "groups": [_group_data(group) for group in consolidated.groups],
        "total": _group_data(consolidated.total),
        "double_counting": [
            {
                "initials": found.initials,
                "birth_date": found.birth_date.isoformat(),
                "target_group": found.target_group,
                "items": [{"contract": c, "item_id": i} for c, i in found.items],
                "periods": [
                    {
                        "first": overlap.period.first.isoformat(),
                        "last": overlap.period.last.isoformat(),
                        "hours_per_week": _plain(overlap.hours_per_week),
                    }
                    for overlap in found.periods
                ],
                "days": found.days,
            }
            for found in consolidated.double_counting
        ],
    }


# the HTML views of the monitoring core, which reaches them through its seam (sroi._seams)
from sroi import _seams  # noqa: E402
from sroi.consolidation import ConsolidatedReport as _Consolidated  # noqa: E402
from sroi.fulfilment import FulfilmentReport as _Report  # noqa: E402

_seams.html.register(_Report, report_html)
_seams.html.register(_Consolidated, consolidated_html)
