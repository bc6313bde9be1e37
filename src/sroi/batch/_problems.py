"""The batch input errors: one problem per bad cell or missing column, all raised together."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import attrs

from sroi.exceptions import SroiError

__all__ = ["BatchError", "BatchProblem"]

_SHOWN_ROWS = 10
"""How many row labels a line of the message names before it says how many more there are."""
_PERSONAL = frozenset({"birth_date"})
"""Columns whose values are personal data: an error names the rows, never the values."""
_SHOWN_CHARACTERS = 60


@attrs.frozen
class BatchProblem:
    """One bad cell (or a missing column) of a batch input table."""

    row: Hashable | None
    """The row's index label; None when a whole column is at fault (e.g. missing)."""
    column: str
    """The column's name."""
    value: object
    """The value found (None when missing)."""
    expected: str
    """What was expected."""


class BatchError(SroiError, ValueError):
    """A batch input table has bad rows; nothing was valued.

    The message groups the problems by column and by what was expected, naming the rows (index
    labels) at fault, with the first row's value (shortened; a birth date is never shown).

    Attributes:
        problems: every problem found, each a :class:`BatchProblem`.
        rows: the labels of the rows at fault, in table order, each once.
        columns: the names of the columns at fault, each once.
    """

    def __init__(self, problems: Sequence[BatchProblem]) -> None:
        self.problems = tuple(problems)
        self.rows = tuple(dict.fromkeys(p.row for p in self.problems if p.row is not None))
        self.columns = tuple(dict.fromkeys(p.column for p in self.problems))
        groups: dict[tuple[str, str], list[BatchProblem]] = {}
        for problem in self.problems:
            groups.setdefault((problem.column, problem.expected), []).append(problem)
        lines = [f"{len(self.problems)} problem(s) in the input table; nothing was valued:"]
        for (column, expected), found in groups.items():
            rows = [p for p in found if p.row is not None]
            if not rows:
                lines.append(f"  column {column!r}: expected {expected}")
                continue
            shown = ", ".join(repr(p.row) for p in rows[:_SHOWN_ROWS])
            more = f" and {len(rows) - _SHOWN_ROWS} more" if len(rows) > _SHOWN_ROWS else ""
            lines.append(
                f"  column {column!r}, rows {shown}{more}: expected {expected} "
                f"(row {rows[0].row!r} has {_shown(column, rows[0].value)})"
            )
        super().__init__("\n".join(lines))


def _shown(column: str, value: object) -> str:
    """A cell's value for an error message: withheld when personal, and never very long."""
    if column in _PERSONAL:
        return "a value withheld from this message (personal data)"
    text = repr(value)
    if len(text) <= _SHOWN_CHARACTERS:
        return text
    half = (_SHOWN_CHARACTERS - 3) // 2
    return f"{text[:half]}...{text[-half:]}"
