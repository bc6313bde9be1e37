"""Reading a batch input table: typed columns, every bad cell collected before anything is valued.

Dates become days since 1970-01-01 (``int64``), exact numbers become codes into a list of
:class:`~fractions.Fraction` values (one per distinct value) and texts become codes into a list
of distinct texts; each comes with a mask of the missing cells.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

from sroi._decimal import parse_decimal
from sroi.batch._arith import EPOCH
from sroi.batch._problems import BatchError, BatchProblem
from sroi.exceptions import InvalidValueError
from sroi.money import from_cents
from sroi.ruleset import RuleSet

if TYPE_CHECKING:
    from sroi.batch._arith import BoolArray, Int64Array

__all__ = ["Days", "Reader", "RuleRows", "Through", "column_name", "result_columns", "to_decimal"]


def column_name(day: dt.date | None) -> str:
    """The result column of a date: its ISO form, or ``"whole"`` for ``None`` (whole period).

    >>> import datetime as dt
    >>> column_name(dt.date(2025, 1, 31)), column_name(None)
    ('2025-01-31', 'whole')
    """
    return "whole" if day is None else day.isoformat()


def to_decimal(cents: Any) -> Any:
    """Whole cents as ``Decimal`` euros: a DataFrame, Series or array elementwise, or one int.

    >>> to_decimal(860938)
    Decimal('8609.38')
    """
    if isinstance(cents, pd.DataFrame):
        return cents.apply(lambda column: column.map(lambda value: from_cents(int(value))))
    if isinstance(cents, pd.Series):
        return cents.map(lambda value: from_cents(int(value)))
    if isinstance(cents, np.ndarray):
        return np.array([from_cents(int(value)) for value in cents.ravel()], dtype=object).reshape(
            cents.shape
        )
    return from_cents(int(cents))


class _Cells(Protocol):
    """Values to show for rows in an error message."""

    def __getitem__(self, row: int) -> object: ...


class Reader:
    """Reads the columns of one input table, collecting every problem before raising."""

    def __init__(self, table: object) -> None:
        self.frame = _as_frame(table)
        self.index = self.frame.index
        self.size = len(self.frame)
        self.problems: list[BatchProblem] = []

    def has(self, column: str) -> bool:
        return column in self.frame.columns

    def missing(self, column: str, expected: str) -> None:
        self.problems.append(BatchProblem(None, column, None, expected))

    def bad_mask(
        self, mask: BoolArray, column: str, expected: str, values: _Cells | None = None
    ) -> None:
        """Record a problem for each row of ``mask``; the cells are read only when there is one."""
        rows = np.flatnonzero(mask)
        if not len(rows):
            return
        if values is not None:
            found = [values[int(i)] for i in rows]
        elif self.has(column):
            found = self.frame[column].iloc[rows].tolist()
        else:
            found = [None] * len(rows)
        for label, value in zip(self.index[rows], found, strict=True):
            self.problems.append(BatchProblem(label, column, _plain(value), expected))

    def raw(self, column: str) -> Any:
        return self.frame[column]

    def raise_if_any(self) -> None:
        if self.problems:
            raise BatchError(self.problems)

    def dates(self, column: str, *, required: bool) -> tuple[Int64Array, BoolArray]:
        """Days since 1970-01-01 (int64) and a mask of missing cells."""
        empty = np.zeros(self.size, dtype=np.int64), np.ones(self.size, dtype=bool)
        if not self.has(column):
            if required:
                self.missing(column, "a column of calendar dates")
            return empty
        series = self.raw(column)
        expected = "a calendar date (datetime.date or datetime64 without a time of day)"
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            if getattr(series.dtype, "tz", None) is not None:
                self.bad_mask(np.ones(self.size, dtype=bool), column, expected)
                return empty
            values = series.to_numpy()
            missing = np.isnat(values)
            days = values.astype("datetime64[D]")
            self.bad_mask(~missing & (days != values), column, expected)
            if required:
                self.bad_mask(missing, column, expected)
            return np.where(missing, 0, days.astype(np.int64)), missing
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        converted = np.zeros(len(uniques), dtype=np.int64)
        wrong = np.zeros(len(uniques), dtype=bool)
        for position, value in enumerate(uniques):
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                converted[position] = value.toordinal() - EPOCH
            else:
                wrong[position] = True
        safe, missing = self._checked(codes, wrong, column, expected, required=required)
        days = converted[safe] if len(uniques) else np.zeros(self.size, dtype=np.int64)
        return np.where(missing, 0, days).astype(np.int64), missing

    def _checked(
        self, codes: Any, wrong: BoolArray, column: str, expected: str, *, required: bool
    ) -> tuple[Int64Array, BoolArray]:
        """Record the rows whose distinct value is ``wrong`` (and the missing ones if required).

        Returns the codes with 0 for a missing cell, and the mask of the missing cells.
        """
        missing: BoolArray = codes < 0
        safe: Int64Array = np.where(missing, 0, codes).astype(np.int64)
        if wrong.any():
            self.bad_mask(~missing & wrong[safe], column, expected)
        if required:
            self.bad_mask(missing, column, expected)
        return safe, missing

    def decimals(
        self, column: str, *, low: Decimal, high: Decimal | None, required: bool
    ) -> tuple[Int64Array, list[Fraction], BoolArray]:
        """Codes into a list of exact values (one per distinct value) and a missing mask."""
        bound = f" and <= {high}" if high is not None else ""
        expected = f"a Decimal, an int or a decimal string >= {low}{bound} (never a float)"
        if not self.has(column):
            if required:
                self.missing(column, expected)
            return np.zeros(self.size, np.int64), [Fraction(0)], np.ones(self.size, bool)
        codes, uniques = pd.factorize(self.raw(column), use_na_sentinel=True)
        values: list[Fraction] = []
        wrong = np.zeros(len(uniques), dtype=bool)
        least, most = Fraction(low), None if high is None else Fraction(high)
        for position, value in enumerate(uniques):
            exact = _exact(value)
            if exact is None or exact < least or (most is not None and exact > most):
                wrong[position] = True
                values.append(Fraction(0))
            else:
                values.append(exact)
        safe, missing = self._checked(codes, wrong, column, expected, required=required)
        return safe, values or [Fraction(0)], missing

    def codes(self, column: str, *, required: bool) -> tuple[Int64Array, list[str], BoolArray]:
        """Codes into the distinct texts of a text column, and a missing mask."""
        expected = "a text code"
        if not self.has(column):
            if required:
                self.missing(column, expected)
            return np.zeros(self.size, np.int64), [""], np.ones(self.size, dtype=bool)
        codes, uniques = pd.factorize(self.raw(column), use_na_sentinel=True)
        texts = [value if isinstance(value, str) else "" for value in uniques]
        wrong = np.array([not isinstance(value, str) for value in uniques], dtype=bool)
        safe, missing = self._checked(codes, wrong, column, expected, required=required)
        return safe, texts or [""], missing


def _as_frame(table: object) -> pd.DataFrame:
    if isinstance(table, pd.DataFrame):
        return table
    try:
        pa = importlib.import_module("pyarrow")
    except ImportError:
        pa = None
    if pa is not None and isinstance(table, pa.Table):
        frame: pd.DataFrame = table.to_pandas()
        return frame
    raise BatchError(
        [BatchProblem(None, "table", type(table).__name__, "a pandas DataFrame or a pyarrow Table")]
    )


def _exact(value: object) -> Fraction | None:
    """An exact non-float number as a Fraction, or None when it is not one."""
    if type(value) is Decimal:  # the usual cell first: isinstance below checks NumPy's ABCs
        return Fraction(value) if value.is_finite() else None
    if isinstance(value, (bool, float, np.floating, np.bool_)):
        return None
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else None
    if isinstance(value, str):
        try:
            return Fraction(parse_decimal(value.strip()))
        except InvalidValueError:
            return None
    return None


def _plain(value: object) -> object:
    """A cell value as shown in an error (NumPy scalars become Python values)."""
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else str(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _check_dates(at: Iterable[dt.date | None]) -> list[dt.date | None]:
    chosen = list(at)
    problems = [
        BatchProblem(None, "at", day, "dates (datetime.date) or None for the whole period")
        for day in chosen
        if day is not None and (not isinstance(day, dt.date) or isinstance(day, dt.datetime))
    ]
    names = [column_name(day) for day in chosen if day not in (p.value for p in problems)]
    if len(set(names)) != len(names):
        problems.append(BatchProblem(None, "at", chosen, "each date at most once"))
    if problems:
        raise BatchError(problems)
    return chosen


class Days:
    """Days since 1970-01-01 shown as dates, for error messages."""

    def __init__(self, days: Int64Array) -> None:
        self.days = days

    def __getitem__(self, row: int) -> dt.date:
        return dt.date.fromordinal(int(self.days[row]) + EPOCH)

    def __len__(self) -> int:
        return len(self.days)


Through = tuple[str, "Int64Array | int | None"]
"""A result column: its name and the last day counted (days since 1970-01-01, one for all rows or
one per row), or None for the whole period."""
RuleRows = tuple["Int64Array", list[RuleSet]]
"""Each row's rule set, as an index into a list."""


def result_columns(at: Sequence[dt.date | None]) -> list[Through]:
    return [
        (column_name(day), None if day is None else day.toordinal() - EPOCH)
        for day in _check_dates(at)
    ]
