"""A report as HTML, for notebooks; every text from the data is escaped.

``FulfilmentReport._repr_html_`` and ``ConsolidatedReport._repr_html_`` show these.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from sroi.rendering.tables import ROUTE_LABELS, amount_cells
from sroi.rendering.text import (
    GROUP_HEADERS,
    ITEM_HEADERS,
    MOMENT_HEADERS,
    consolidated_title,
    group_row,
    header_rows,
    item_rows,
    moment_rows,
    summary_text,
)
from sroi.rendering.unverified import (
    MOMENTS,
    OBLIGATION,
    UnverifiedValue,
    line_unverified_keys,
    unverified_values,
)
from sroi.ruleset import Route

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from sroi.consolidation import ConsolidatedReport
    from sroi.fulfilment import Amounts, FulfilmentReport, ReportLine

__all__ = ["consolidated_html", "report_html"]

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


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Iterable[int] = (),
    marks: Sequence[Sequence[str]] | None = None,
    marked: int = 0,
    total: bool = False,
) -> str:
    """An HTML table whose column ``marked`` carries the unverified mark of ``marks[row]``.

    With ``total`` its last row is marked as the total row.
    """
    aligned_right = set(right)
    row_marks = [()] * len(rows) if marks is None else marks

    def cell(tag: str, text: str, column: int, keys: Sequence[str] = ()) -> str:
        style = ' style="text-align: right"' if column in aligned_right else ""
        content = _marked(text, keys) if column == marked else html.escape(text)
        return f"<{tag}{style}>{content}</{tag}>"

    head = "".join(cell("th", text, column) for column, text in enumerate(headers))
    lines = [
        "".join(cell("td", text, column, keys) for column, text in enumerate(row))
        for row, keys in zip(rows, row_marks, strict=True)
    ]
    body = "".join(
        f'<tr class="sroi-total" style="{_ROW_STYLE["total"]}">{line}</tr>'
        if total and index == len(lines) - 1
        else f"<tr>{line}</tr>"
        for index, line in enumerate(lines)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _breakdown_html(report: FulfilmentReport) -> str:
    """Amounts by route, block and in total: block rows indented, the total row marked."""
    keys = {line.item_id: line_unverified_keys(line) for line in report.lines}

    def used(lines: Iterable[ReportLine]) -> list[str]:
        return sorted({key for line in lines for key in keys[line.item_id]})

    def row(kind: str, name: str, amounts: Amounts, unverified: list[str]) -> str:
        style = f' style="{_ROW_STYLE[kind]}"' if _ROW_STYLE[kind] else ""
        first = ' style="padding-left: 2em"' if kind == "block" else ""
        cells = [f"<td{first}>{_marked(name, unverified)}</td>"]
        cells += [
            f'<td style="text-align: right">{html.escape(cell)}</td>'
            for cell in amount_cells(amounts)
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


def _unverified_html(values: Sequence[UnverifiedValue]) -> str:
    if not values:
        return "<p>Every rule value used is verified.</p>"
    rows = [
        [value.key, value.status.value, value.source, ", ".join(value.used_by)] for value in values
    ]
    return (
        f'<p class="sroi-unverified">{_MARK} Rests on rule values that are not verified:</p>'
        + _table(["Value", "Status", "Source", "Used by"], rows)
    )


def report_html(report: FulfilmentReport) -> str:
    """One contract's report as HTML (for notebooks); every text from the data is escaped.

    In the amounts by route and building block, block rows are indented under their route and
    the total row is bold with a rule above it. An amount that rests on a rule value that is not
    verified carries a ``*`` (its tooltip names the values), and a last table lists every such
    value with its status, source and what uses it (see :func:`~sroi.formatting.unverified_values`).
    """
    values = unverified_values(report)
    owed_keys = [value.key for value in values if OBLIGATION in value.used_by]
    moment_keys = [value.key for value in values if {OBLIGATION, MOMENTS} & set(value.used_by)]
    header = "".join(
        f"<tr><th style='text-align: left'>{html.escape(name)}</th>"
        f"<td style='text-align: left'>"
        f"{_marked(value, owed_keys if name == 'Obligation' else ())}</td></tr>"
        for name, value in header_rows(report)
    )
    moments = moment_rows(report)
    parts = [
        '<div class="sroi-report">',
        f"<h4>Contract {html.escape(report.contract.number)}</h4>",
        f"<table>{header}</table>",
        _breakdown_html(report),
        f"<p>{html.escape(summary_text(report) + '.')}</p>",
        _table(
            MOMENT_HEADERS,
            moments,
            marks=[moment_keys] * len(moments),
            right={1, 2, 3, 4},
            marked=2,
        ),
    ]
    if report.lines:
        parts.append(
            _table(
                ITEM_HEADERS,
                item_rows(report),
                marks=[line_unverified_keys(line) for line in report.lines],
                right={4, 5, 6},
            )
        )
    parts += [_unverified_html(values), "</div>"]
    return "".join(parts)


def consolidated_html(consolidated: ConsolidatedReport) -> str:
    """Many contracts added up, as an HTML table (one row per group and the total, marked).

    A note below the table names the contracts whose reports rest on rule values that are not
    verified (see :func:`~sroi.formatting.unverified_values`).
    """
    rows = [group_row(group) for group in consolidated.groups]
    rows.append(group_row(consolidated.total))
    title = consolidated_title(consolidated)
    table = _table(GROUP_HEADERS, rows, right=set(range(1, 8)), total=True)
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
