"""Numbers, aligned text tables and the names of routes and states, for every report renderer.

The examples are in :mod:`sroi.formatting`, which exports these names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING

from sroi.exceptions import InvalidValueError
from sroi.labels import label
from sroi.money import format_euro, format_number, round_cents
from sroi.ruleset import Route
from sroi.serde.plain import to_plain
from sroi.states import MomentState

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from sroi.fulfilment import Amounts

__all__ = [
    "MOMENT_LABELS",
    "ROUTE_LABELS",
    "amount_cells",
    "format_percentage",
    "plain_cents",
    "render_table",
    "share_text",
]

ROUTE_LABELS: Mapping[Route, str] = MappingProxyType(
    {route: label(route, "en", plural=True) for route in Route}
)
"""How the text and HTML reports name the three routes (read-only, from :mod:`sroi.labels`)."""

MOMENT_LABELS: Mapping[str, str] = MappingProxyType(
    {state.value: label(state, "en") for state in MomentState}
)
"""How the text and HTML reports name a measurement moment's state (by the state's value)."""


def format_percentage(value: Decimal | None) -> str:
    """A percentage in Dutch notation with the places it has: ``42,5%``; ``-`` for None.

    >>> format_percentage(Decimal("42.5")), format_percentage(None)
    ('42,5%', '-')

    Raises:
        InvalidValueError: when ``value`` is a float or not a finite decimal.
    """
    if value is None:
        return "-"
    return f"{format_number(value)}%"


def share_text(fraction: Decimal) -> str:
    """A share of the term (``0.5``) as a percentage rounded to cents: ``50%``.

    >>> share_text(Decimal("0.33333"))
    '33,33%'
    """
    return format_percentage(round_cents(fraction * 100).normalize())


def plain_cents(value: Decimal | None) -> str | None:
    """An amount as a plain string with two decimals (``"1234.50"``, ``"0.00"``); None stays.

    >>> plain_cents(Decimal(0)), plain_cents(Decimal("1234.5"))
    ('0.00', '1234.50')
    """
    result: str | None = to_plain(None if value is None else round_cents(value))
    return result


def amount_cells(amounts: Amounts) -> list[str]:
    """Realised, pending and forecast in euros, as table cells."""
    return [
        format_euro(amounts.realised),
        format_euro(amounts.pending),
        format_euro(amounts.forecast),
    ]


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
