"""Columnar batch valuation: a table of placements valued at many dates in exact integer cents.

For analysts with a whole region or a national table (10^4 to 10^6 placements) in a pandas
DataFrame or a pyarrow Table. :func:`value_placements` gives, for each row and each date, the
placement's value through that date in whole cents, equal to the per-item engine
(:func:`sroi.engine.schedule` and :meth:`~sroi.engine.ItemSchedule.cents`) to the cent.

How it stays exact: a placement month counts ``days covered / days in that placement month``, and
every month has 28 to 31 days, so every span of placement months is a whole number of units of
``1 / 377580`` month (377580 is the least common multiple of 28, 29, 30 and 31). The vectorised
kernel counts spans in those units in NumPy ``int64``; everything that depends on the rules and
the hours (rates, size factor, bonuses) is computed once per distinct combination, exactly, as
integer coefficients over one common denominator. A row's value is then ``numerator //
denominator`` rounded half up, in integers. A row whose products could leave ``int64`` is valued
in Python integers instead (the overflow guard), so no value ever wraps around.

Requires the ``batch`` extra (``pip install 'sroi[batch]'``: NumPy and pandas); a pyarrow Table is
accepted when pyarrow is installed.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from sroi.engine import _obligation_keys, warn_unverified
from sroi.exceptions import MissingExtraError, SroiError, UnknownBlockError
from sroi.money import cents_half_up, from_cents
from sroi.ruleset import BonusKind, Route, RuleSet, Unit

try:
    import numpy as np
    import pandas as pd
except ImportError as error:  # pragma: no cover - depends on the environment
    raise MissingExtraError(
        error.name or "numpy", "batch", "columnar batch valuation (sroi.batch)"
    ) from error

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from sroi.portfolio import Portfolio
    from sroi.registry import Registry

    Int64Array = NDArray[np.int64]
    BoolArray = NDArray[np.bool_]

__all__ = [
    "PLACEMENT_COLUMNS",
    "PROJECT_COLUMNS",
    "PURCHASE_COLUMNS",
    "REPORT_COLUMNS",
    "BatchError",
    "BatchProblem",
    "column_name",
    "report_frame",
    "to_decimal",
    "value_placements",
    "value_projects",
    "value_purchases",
]

PLACEMENT_COLUMNS = (
    "region",
    "block",
    "first",
    "last",
    "exit_date",
    "hours_per_week",
    "birth_date",
    "reference_date",
    "bonus_code",
    "bonus_granted_on",
)
"""The columns :func:`value_placements` reads; ``region`` may be left out when ``rules`` is given,
``exit_date``, ``reference_date``, ``bonus_code`` and ``bonus_granted_on`` are optional."""
PURCHASE_COLUMNS = ("region", "category", "invoice_date", "amount_excl_vat", "reference_date")
"""The columns :func:`value_purchases` reads (``reference_date`` optional: the invoice date)."""
PROJECT_COLUMNS = ("region", "block", "first", "last", "hours", "agreed_amount", "reference_date")
"""The columns :func:`value_projects` reads (exactly one of ``hours`` and ``agreed_amount`` per
row; ``reference_date`` optional: ``first``)."""

_UNITS = 377_580
"""Units of a placement month: the least common multiple of 28, 29, 30 and 31."""
_EPOCH = dt.date(1970, 1, 1).toordinal()
_TERM_LIMIT = 1 << 59
"""Each of a row's products must stay below this so that their sum, doubled, fits ``int64``."""
_COEFFICIENT_LIMIT = 1 << 59
_MIN_AGE, _MAX_AGE = 15, 75
_SIZED = (Unit.PER_YEAR_FULL_TIME, Unit.PER_MONTH)
_SHOWN_ROWS = 10


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


_PERSONAL = frozenset({"birth_date"})
"""Columns whose values are personal data: an error names the rows, never the values."""
_SHOWN_CHARACTERS = 60


def _shown(column: str, value: object) -> str:
    """A cell's value for an error message: withheld when personal, and never very long."""
    if column in _PERSONAL:
        return "a value withheld from this message (personal data)"
    text = repr(value)
    if len(text) <= _SHOWN_CHARACTERS:
        return text
    half = (_SHOWN_CHARACTERS - 3) // 2
    return f"{text[:half]}...{text[-half:]}"


def column_name(day: dt.date | None) -> str:
    """The result column of a date: its ISO form, or ``"whole"`` for ``None`` (whole period).

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


# --- reading the table ------------------------------------------------------------------------


class _Cells(Protocol):
    """Values to show for rows in an error message."""

    def __getitem__(self, row: int) -> object: ...


class _Reader:
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
                converted[position] = value.toordinal() - _EPOCH
            else:
                wrong[position] = True
        missing = codes < 0
        safe = np.where(missing, 0, codes)
        if wrong.any():
            self.bad_mask(~missing & wrong[safe], column, expected)
        if required:
            self.bad_mask(missing, column, expected)
        days = converted[safe] if len(uniques) else np.zeros(self.size, dtype=np.int64)
        return np.where(missing, 0, days).astype(np.int64), missing

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
        for position, value in enumerate(uniques):
            exact = _exact(value)
            if exact is None or exact < low or (high is not None and exact > high):
                wrong[position] = True
                values.append(Fraction(0))
            else:
                values.append(exact)
        missing = codes < 0
        safe = np.where(missing, 0, codes).astype(np.int64)
        if wrong.any():
            self.bad_mask(~missing & wrong[safe], column, expected)
        if required:
            self.bad_mask(missing, column, expected)
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
        missing = codes < 0
        safe = np.where(missing, 0, codes).astype(np.int64)
        if wrong.any():
            self.bad_mask(~missing & wrong[safe], column, expected)
        if required:
            self.bad_mask(missing, column, expected)
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
    if isinstance(value, (bool, float, np.floating, np.bool_)):
        return None
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else None
    if isinstance(value, str):
        try:
            parsed = Decimal(value.strip())
        except ArithmeticError:
            return None
        return Fraction(parsed) if parsed.is_finite() else None
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


# --- rules per row ----------------------------------------------------------------------------


def _rules_per_row(
    reader: _Reader, reference: Int64Array, rules: RuleSet | None
) -> tuple[Int64Array, list[RuleSet]]:
    """Index of each row's rule set into the returned list (-1 where none was found)."""
    if rules is not None:
        if not isinstance(rules, RuleSet):
            raise BatchError([BatchProblem(None, "rules", rules, "a RuleSet or None")])
        return np.zeros(reader.size, dtype=np.int64), [rules]
    from sroi import registry  # noqa: PLC0415 - the plugin machinery loads on demand

    codes, regions, missing = reader.codes("region", required=True)
    found: list[RuleSet] = []
    result = np.full(reader.size, -1, dtype=np.int64)
    for position, region in enumerate(regions):
        rows = (codes == position) & ~missing
        if not region or not rows.any():
            continue
        try:
            versions = registry.default().versions(region)
        except SroiError as error:
            reader.bad_mask(rows, "region", f"a known region ({error})")
            continue
        ordered = sorted(versions, key=lambda r: r.valid_from)
        starts = np.array([r.valid_from.toordinal() - _EPOCH for r in ordered], dtype=np.int64)
        ends = np.array(
            [
                (r.valid_until.toordinal() - _EPOCH) if r.valid_until else np.iinfo(np.int64).max
                for r in ordered
            ],
            dtype=np.int64,
        )
        which = np.searchsorted(starts, reference, side="right") - 1
        safe = np.clip(which, 0, len(ordered) - 1)
        ok = rows & (which >= 0) & (reference <= ends[safe])
        ranges = ", ".join(f"{r.version} ({r.period_label})" for r in ordered)
        bad = rows & ~ok
        if bad.any():
            reader.bad_mask(
                bad,
                "reference_date",
                f"a date on which a rule version of {region!r} is in force: {ranges}",
                values=_Days(reference),
            )
        result[ok] = safe[ok] + len(found)
        found.extend(ordered)
    return result, found


class _Days:
    """Days since 1970-01-01 shown as dates, for error messages."""

    def __init__(self, days: Int64Array) -> None:
        self.days = days

    def __getitem__(self, row: int) -> dt.date:
        return dt.date.fromordinal(int(self.days[row]) + _EPOCH)

    def __len__(self) -> int:
        return len(self.days)


# --- placements: a template per (rules, block, bonus), a size per (rules, hours) -------------


@attrs.frozen
class _Template:
    """What a placement's value depends on besides its dates, hours and age.

    Every coefficient is an integer: the amount in cents times ``common`` (per placement month
    for sized blocks, per agreed period for per-period blocks, in full for one-off blocks).
    A row's value in cents is then ``size × (base × main + annual × annual span) / (size's
    denominator × common × M) + one-off``, with ``M`` = :data:`_UNITS`, the agreed days or 1.
    """

    rules: RuleSet
    unit: Unit
    max_months: int
    """0: no cap."""
    common: int
    base: int
    ages: tuple[tuple[int, int, str], ...]
    """(min_age, coefficient, rule key or "" when verified) of each age bonus."""
    annual: int
    """The granted annual bonus's coefficient (0 when none)."""
    one_off: int
    """The granted one-off bonus in cents times ``common`` (0 when none)."""
    keys: tuple[str, ...]
    """Rule keys whose value is not verified that every row of the template uses."""

    @property
    def sized(self) -> bool:
        """Whether the block counts in placement months with the size factor."""
        return self.unit in _SIZED


def _template(rules: RuleSet, block_code: str, bonus: str) -> _Template | tuple[str, str]:
    """The template of one (rules, block, bonus), or the column at fault and what it expected."""
    try:
        block = rules.block(block_code)
    except UnknownBlockError:
        return "block", _known_blocks(rules, Route.CANDIDATE)
    if block.route is not Route.CANDIDATE:
        return "block", f"a candidate block, not a {block.route.value} block"
    sized = block.unit in _SIZED
    grant = None
    if bonus:
        if bonus not in block.bonuses:
            allowed = ", ".join(block.bonuses) or "(none)"
            return "bonus_code", f"a bonus that block {block.code!r} allows: {allowed}"
        grant = rules.bonuses[bonus]
        if grant.kind is BonusKind.AGE or (grant.kind is BonusKind.ANNUAL and not sized):
            return "bonus_code", f"a one-off or annual bonus that block {block.code!r} allows"
    per = 12 if block.unit is Unit.PER_YEAR_FULL_TIME else 1
    base = Fraction(block.value) * 100 / per
    ages: list[tuple[int, Fraction, str]] = []
    if sized:
        for code in block.bonuses:
            age_bonus = rules.bonuses[code]
            if age_bonus.kind is BonusKind.AGE and age_bonus.min_age is not None:
                key = "" if age_bonus.provenance.verified else f"bonuses.{code}"
                ages.append((age_bonus.min_age, Fraction(age_bonus.value) * 100 / 12, key))
    annual = one_off = Fraction(0)
    if grant is not None and grant.kind is BonusKind.ANNUAL:
        annual = Fraction(grant.value) * 100 / 12
    elif grant is not None:
        one_off = Fraction(grant.value) * 100
    parts = [base, annual, one_off, *(rate for _, rate, _ in ages)]
    common = math.lcm(*(part.denominator for part in parts))
    keys = []
    if not block.provenance.verified:
        keys.append(f"blocks.{block.code}")
    if block.max_months and not block.max_months_provenance.verified:
        keys.append(f"blocks.{block.code}.max_months")
    if grant is not None and not grant.provenance.verified:
        keys.append(f"bonuses.{bonus}")
    if sized and not rules.full_time_hours.provenance.verified:
        keys.append("full_time_hours")
    return _Template(
        rules=rules,
        unit=block.unit,
        max_months=block.max_months or 0,
        common=common,
        base=int(base * common),
        ages=tuple((age, int(rate * common), key) for age, rate, key in ages),
        annual=int(annual * common),
        one_off=int(one_off * common),
        keys=tuple(keys),
    )


def _size(rules: RuleSet, hours: Fraction) -> tuple[int, int, bool]:
    """The size factor ``min(1, hours / full time)`` as (numerator, denominator), and more.

    The third value says whether the hours are below the region's minimum (then the factor is 0
    and one-off bonuses count nothing).
    """
    minimum = rules.minimum_hours.value if rules.minimum_hours is not None else None
    if minimum is not None and hours < Fraction(minimum):
        return 0, 1, True
    full_time = Fraction(rules.full_time_hours.value)
    size = min(Fraction(1), hours / full_time) if full_time else Fraction(1)
    return size.numerator, size.denominator, False


# --- calendar arithmetic in int64 (days since 1970-01-01) ------------------------------------


def _days_from_civil(year: Int64Array, month: Int64Array, day: Int64Array) -> Int64Array:
    """Days since 1970-01-01 of proleptic Gregorian dates, in integer arithmetic."""
    year = year - (month <= 2)
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    result: Int64Array = era * 146097 + day_of_era - 719468
    return result


def _months_and_day(days: Int64Array) -> tuple[Int64Array, Int64Array]:
    """Months since 1970-01 and the day of the month (1-31) of each day, in integer arithmetic."""
    shifted = days + 719468
    era = shifted // 146097
    day_of_era = shifted - era * 146097
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096
    ) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    march_based = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * march_based + 2) // 5 + 1
    month = np.where(march_based < 10, march_based + 3, march_based - 9)
    year = year_of_era + era * 400 + (month <= 2)
    months: Int64Array = (year - 1970) * 12 + month - 1
    return months, day


class _Calendar:
    """Calendar lookup tables, so that the kernel's month arithmetic becomes gathers.

    The month and day of the month of every day in a range, and the first day and length of
    every month in a range, from the integer formulas of :func:`_months_and_day` and
    :func:`_days_from_civil`.
    """

    def __init__(self, low_day: int, high_day: int, low_month: int, high_month: int) -> None:
        self.low_day = low_day
        self.month_of, self.day_of = _months_and_day(
            np.arange(low_day, high_day + 1, dtype=np.int64)
        )
        self.low_month = low_month
        index = np.arange(low_month, high_month + 2, dtype=np.int64)
        year, month = index // 12 + 1970, index % 12 + 1
        firsts = _days_from_civil(year, month, np.ones_like(index))
        self.first_of = firsts[:-1]
        self.length_of = np.diff(firsts)

    def month(self, days: Int64Array) -> Int64Array:
        """Months since 1970-01 of each day."""
        result: Int64Array = self.month_of[days - self.low_day]
        return result

    def boundary(self, start_month: Int64Array, start_day: Int64Array, k: Int64Array) -> Int64Array:
        """``start + k months`` (clamped to a shorter month's end), in days since 1970-01-01."""
        index = start_month + k - self.low_month
        result: Int64Array = self.first_of[index] + np.minimum(start_day, self.length_of[index]) - 1
        return result

    def elapsed(
        self, start_month: Int64Array, start_day: Int64Array, day: Int64Array
    ) -> Int64Array:
        """Placement months from the start up to (not including) ``day``, in units of 1/_UNITS.

        ``day`` must be on or after the start (other rows give a meaningless value).
        """
        k = self.month(day) - start_month
        low = self.boundary(start_month, start_day, k)
        back = low > day
        k = np.where(back, k - 1, k)
        high = np.where(back, low, self.boundary(start_month, start_day, k + 1))
        low = np.where(back, self.boundary(start_month, start_day, k), low)
        length = np.maximum(high - low, 28)
        result: Int64Array = k * _UNITS + (day - low) * (_UNITS // length)
        return result


def _fits(coefficient: Int64Array, count: Int64Array) -> BoolArray:
    """Whether ``coefficient * count`` stays below the per-term limit (both >= 0), exactly."""
    safe = np.maximum(count, 1)
    fits: BoolArray = coefficient <= _TERM_LIMIT // safe
    return fits


# --- value_placements ------------------------------------------------------------------------


def value_placements(
    table: Any,
    *,
    at: Sequence[dt.date | None],
    rules: RuleSet | None = None,
    warn: bool = True,
) -> pd.DataFrame:
    """Value every placement of a table at each date of ``at``, in whole cents (int64).

    Each row is one placement, with the columns of :data:`PLACEMENT_COLUMNS`: ``region``,
    ``block``, ``first`` and ``last`` (the agreed period), ``exit_date`` (an early exit, may be
    missing), ``hours_per_week`` (exact: ``Decimal``, int or decimal string, never a float),
    ``birth_date`` (for the age bonuses), and optionally ``reference_date`` (which rule version;
    default ``first``), ``bonus_code`` and ``bonus_granted_on`` (one granted bonus). Dates are
    ``datetime.date`` objects or a ``datetime64`` column without a time of day.

    The value at a date ``D`` is the placement's value through ``D`` (from its first day), as
    :meth:`sroi.engine.ItemSchedule.cents` ``(None, D)`` gives it; ``None`` in ``at`` means the
    whole period. Every value is the exact value rounded half up to whole cents.

    Args:
        table: a pandas DataFrame or a pyarrow Table, one row per placement.
        at: the dates; each gives one result column (see :func:`column_name`).
        rules: one rule set for every row; default each row's region's rule version in force on
            its reference date (the plugins' rules).
        warn: whether to warn (:class:`~sroi.ProvisionalRuleWarning`) about rule values used
            that are not verified.

    Returns:
        A DataFrame with the input's index and one int64 column of cents per date.

    Raises:
        BatchError: naming every row and column at fault (missing columns, bad or missing dates,
            a last day before the first, an exit or grant outside the placement, bad hours, an
            implausible age, an unknown region, block or bonus, no rule version in force).
    """
    return _placements(_Reader(table), _columns(at), rules=rules, warn=warn)


_Through = tuple[str, "Int64Array | int | None"]
"""A result column: its name and the last day counted (days since 1970-01-01, one for all rows or
one per row), or None for the whole period."""
_RuleRows = tuple["Int64Array", list[RuleSet]]
"""Each row's rule set, as an index into a list."""


def _columns(at: Sequence[dt.date | None]) -> list[_Through]:
    return [
        (column_name(day), None if day is None else day.toordinal() - _EPOCH)
        for day in _check_dates(at)
    ]


def _placements(
    reader: _Reader,
    columns: Sequence[_Through],
    *,
    rules: RuleSet | None = None,
    warn: bool = True,
    rule_rows: _RuleRows | None = None,
) -> pd.DataFrame:
    first, _ = reader.dates("first", required=True)
    last, _ = reader.dates("last", required=True)
    exit_day, no_exit = reader.dates("exit_date", required=False)
    birth, _ = reader.dates("birth_date", required=True)
    granted, no_grant_day = reader.dates("bonus_granted_on", required=False)
    reference, no_reference = reader.dates("reference_date", required=False)
    reference = np.where(no_reference, first, reference)
    hour_codes, hour_values, _ = reader.decimals(
        "hours_per_week", low=Decimal(0), high=Decimal(168), required=True
    )
    block_codes, blocks, _ = reader.codes("block", required=True)
    bonus_codes, bonuses, no_bonus = reader.codes("bonus_code", required=False)
    reader.raise_if_any()

    # placement dates
    reader.bad_mask(last < first, "last", "a day on or after first")
    end = np.where(no_exit, last, exit_day)
    reader.bad_mask(
        ~no_exit & ((exit_day < first) | (exit_day > last)),
        "exit_date",
        "a day within the placement (first..last)",
    )
    has_bonus = ~no_bonus
    reader.bad_mask(
        has_bonus & no_grant_day,
        "bonus_granted_on",
        "a grant date for the bonus_code",
    )
    reader.bad_mask(
        ~has_bonus & ~no_grant_day,
        "bonus_code",
        "a bonus code for the bonus_granted_on date",
    )
    reader.bad_mask(
        has_bonus & ~no_grant_day & ((granted < first) | (granted > end)),
        "bonus_granted_on",
        "a day within the placement (first..exit_date or last)",
    )
    start_month, start_day = _months_and_day(first)
    birth_month, birth_day = _months_and_day(birth)
    age = (start_month // 12 - birth_month // 12) - (
        (start_month % 12 < birth_month % 12)
        | ((start_month % 12 == birth_month % 12) & (start_day < birth_day))
    ).astype(np.int64)
    reader.bad_mask(
        (age < _MIN_AGE) | (age > _MAX_AGE),
        "birth_date",
        f"an age of {_MIN_AGE} to {_MAX_AGE} on the placement's first day",
    )
    rule_index, rule_sets = rule_rows or _rules_per_row(reader, reference, rules)

    # one template per distinct (rules, block, bonus)
    bonus_key = np.where(has_bonus, bonus_codes, -1)
    template_of, firsts = _groups(rule_index, block_codes, bonus_key)
    templates: list[_Template | None] = []
    for number, row in enumerate(firsts):
        if rule_index[row] < 0:
            templates.append(None)
            continue
        found = _template(
            rule_sets[rule_index[row]],
            blocks[block_codes[row]],
            bonuses[bonus_codes[row]] if has_bonus[row] else "",
        )
        if isinstance(found, tuple):
            reader.bad_mask(template_of == number, found[0], found[1])
            templates.append(None)
        else:
            templates.append(found)
    reader.raise_if_any()

    # one size factor per distinct (rules, hours)
    size_of, firsts = _groups(rule_index, hour_codes)
    sizes = [_size(rule_sets[rule_index[row]], hour_values[hour_codes[row]]) for row in firsts]
    return _placement_kernel(
        reader.index,
        columns,
        template_of,
        templates,
        size_of=size_of,
        sizes=sizes,
        first=first,
        last=last,
        end=end,
        age=age,
        granted=np.where(has_bonus, granted, first),
        warn=warn,
    )


def _groups(*keys: Int64Array) -> tuple[Int64Array, Int64Array]:
    """The group number of each row by the given integer keys (>= -1), and each group's first row.

    Groups are numbered in order of first appearance.
    """
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    for key in keys:
        combined = combined * (int(key.max()) + 2 if len(key) else 1) + key + 1
    numbers, _ = pd.factorize(combined)
    numbers = numbers.astype(np.int64)
    # numbers appear in order, so a group's first row is where the running maximum grows
    firsts = np.flatnonzero(np.diff(np.maximum.accumulate(numbers), prepend=-1) > 0)
    return numbers, firsts.astype(np.int64)


def _placement_kernel(
    index: pd.Index,
    columns: Sequence[_Through],
    template_of: Int64Array,
    templates: Sequence[_Template | None],
    *,
    size_of: Int64Array,
    sizes: Sequence[tuple[int, int, bool]],
    first: Int64Array,
    last: Int64Array,
    end: Int64Array,
    age: Int64Array,
    granted: Int64Array,
    warn: bool,
) -> pd.DataFrame:
    rows = len(template_of)
    known = [t for t in templates if t is not None]

    def column(values: Iterable[int]) -> Int64Array:
        result: Int64Array = np.array(list(values), dtype=np.int64)[template_of]
        return result

    # a template whose coefficients do not fit int64 is valued in Python integers
    big = np.array(
        [
            t is not None
            and max(t.common, t.base + sum(r for _, r, _ in t.ages), t.annual, t.one_off)
            >= _TERM_LIMIT
            for t in templates
        ],
        dtype=bool,
    )

    def small(values: Iterable[int]) -> Int64Array:
        return column(0 if big[i] else value for i, value in enumerate(values))

    units = list(Unit)
    unit = column(units.index(t.unit) if t else -1 for t in templates)
    sized = (unit == units.index(Unit.PER_YEAR_FULL_TIME)) | (unit == units.index(Unit.PER_MONTH))
    per_period = unit == units.index(Unit.PER_PERIOD)
    one_off_unit = unit == units.index(Unit.ONE_OFF)
    has_annual = column(int(bool(t and t.annual)) for t in templates) > 0
    months = column(t.max_months if t else 0 for t in templates)

    # size factor: exact for sized blocks; 1 (0 below the minimum hours) for the others
    size_big = np.array([max(n, d) >= _TERM_LIMIT for n, d, _ in sizes], dtype=bool)[size_of]
    below = np.array([b for _, _, b in sizes], dtype=bool)[size_of]
    numerators = np.array([0 if max(n, d) >= _TERM_LIMIT else n for n, d, _ in sizes], np.int64)
    denominators = np.array([1 if max(n, d) >= _TERM_LIMIT else d for n, d, _ in sizes], np.int64)
    size_num = np.where(sized, numerators[size_of], np.where(below, 0, 1)).astype(np.int64)
    size_den = np.where(sized, denominators[size_of], 1).astype(np.int64)
    has_one_off = (column(int(bool(t and t.one_off)) for t in templates) > 0) & ~below

    # the base coefficient with the age bonuses each row has reached; the rule keys used
    base = small(t.base if t else 0 for t in templates)
    used: dict[int, dict[str, None]] = {}
    for t in known:
        used.setdefault(id(t.rules), {}).update(dict.fromkeys(t.keys))
    for slot in range(max((len(t.ages) for t in known), default=0)):
        ages = [
            t.ages[slot] if t and slot < len(t.ages) else (_MAX_AGE + 1, 0, "") for t in templates
        ]
        reached = age >= column(a for a, _, _ in ages)
        base += np.where(reached, small(r for _, r, _ in ages), 0)
        for number in np.unique(template_of[reached]):
            _, _, key = ages[int(number)]
            chosen = templates[int(number)]
            if key and chosen is not None:
                used[id(chosen.rules)][key] = None
    if warn:
        for rules in {id(t.rules): t.rules for t in known}.values():
            warn_unverified(rules, used.get(id(rules), {}))

    # cap window, the days that count and the unit's multiplier M
    start_month, start_day = _months_and_day(first)
    low_month = int(start_month.min()) if rows else 0
    high_month = int(start_month.max()) + int(months.max()) + 1 if rows else 0
    low_day = int(first.min()) if rows else 0
    high_day = int(last.max()) + 1 if rows else 0
    calendar = _Calendar(
        low_day,
        high_day,
        low_month - 1,
        max(high_month, int(_months_and_day(np.array([high_day]))[0][0]) + 1),
    )
    capped = months > 0
    cap_last = np.where(
        capped, calendar.boundary(start_month, start_day, np.where(capped, months, 0)) - 1, last
    )
    stop = np.minimum(end, cap_last)
    agreed = np.minimum(last, cap_last) - first + 1
    multiplier = np.where(sized, _UNITS, np.where(per_period, agreed, 1))
    common = small(t.common if t else 1 for t in templates)
    annual = small(t.annual if t else 0 for t in templates)
    one_off = small(t.one_off if t else 0 for t in templates)
    fallback = big[template_of] | (sized & size_big)
    fallback |= ~_fits(common, size_den)
    denominator = np.where(fallback, 1, common * size_den)
    fallback |= ~_fits(denominator, multiplier)
    denominator = np.where(fallback, 1, denominator * multiplier)
    fallback |= ~_fits(one_off, size_den)
    grant_value = np.where(fallback, 0, one_off * size_den)
    fallback |= ~_fits(grant_value, multiplier)
    grant_value = np.where(fallback, 0, grant_value * multiplier)
    since = np.maximum(granted, first)
    since_units = np.where(
        has_annual, calendar.elapsed(start_month, start_day, np.where(has_annual, since, first)), 0
    )

    results: dict[str, Int64Array] = {}
    for name, through in columns:
        if through is None:
            limit = stop
            start_in = np.ones(rows, dtype=bool)
            grant_in = np.ones(rows, dtype=bool)
        else:
            limit = np.minimum(stop, through)
            start_in = first <= through
            grant_in = granted <= through
        counted = limit >= first
        span = np.where(
            counted & sized,
            calendar.elapsed(start_month, start_day, np.where(counted & sized, limit + 1, first)),
            0,
        )
        annual_span = np.where(has_annual & (limit >= since), span - since_units, 0)
        main = np.where(
            sized,
            span,
            np.where(per_period, np.where(counted, limit - first + 1, 0), one_off_unit & start_in),
        ).astype(np.int64)
        grant = has_one_off & grant_in
        ok = ~fallback & _fits(base, main) & _fits(annual, annual_span)
        inner = np.where(ok, base * main + annual * annual_span, 0)
        ok &= _fits(inner, size_num)
        numerator = size_num * np.where(ok, inner, 0) + np.where(grant, grant_value, 0)
        cents = (2 * numerator + denominator) // (2 * denominator)
        for row in np.flatnonzero(~ok):
            cents[row] = _python_row(
                templates[int(template_of[row])],
                size=sizes[int(size_of[row])][:2] if sized[row] else (int(size_num[row]), 1),
                age=int(age[row]),
                main=int(main[row]),
                annual_span=int(annual_span[row]),
                grant=bool(grant[row]),
                multiplier=int(multiplier[row]),
            )
        results[name] = cents
    return pd.DataFrame(results, index=index)


def _python_row(
    template: _Template | None,
    *,
    size: tuple[int, int],
    age: int,
    main: int,
    annual_span: int,
    grant: bool,
    multiplier: int,
) -> int:
    """One row's cents in Python integers (the overflow guard's way out); same formula."""
    assert template is not None
    base = template.base + sum(rate for minimum, rate, _ in template.ages if age >= minimum)
    numerator, denominator = size
    total = numerator * (base * main + template.annual * annual_span)
    if grant:
        total += template.one_off * denominator * multiplier
    return _half_up(total, denominator * template.common * multiplier)


def _half_up(numerator: int, denominator: int) -> int:
    """Whole cents of ``numerator / denominator`` cents (both >= 0), half up, in Python ints."""
    return (2 * numerator + denominator) // (2 * denominator)


# --- purchases and projects ------------------------------------------------------------------


def _known_blocks(rules: RuleSet, route: Route) -> str:
    """What a block column expects: the route's block codes of the rule set."""
    codes = sorted(code for code, block in rules.blocks.items() if block.route is route)
    return f"a {route.value} block of {rules.region} {rules.version}: {', '.join(codes)}"


def _flat_block(rules: RuleSet, code: str, route: Route) -> Fraction | tuple[str, str]:
    """The rule value of a purchase or project block, or what is wrong with the code."""
    try:
        block = rules.block(code)
    except UnknownBlockError:
        return "", _known_blocks(rules, route)
    if block.route is not route:
        return "", f"a {route.value} block, not a {block.route.value} block"
    return Fraction(block.value)


def _warn_blocks(warn: bool, used: Mapping[int, tuple[RuleSet, set[str]]]) -> None:
    if warn:
        for rules, codes in used.values():
            warn_unverified(
                rules,
                [
                    f"blocks.{code}"
                    for code in sorted(codes)
                    if not rules.blocks[code].provenance.verified
                ],
            )


def value_purchases(
    table: Any,
    *,
    at: Sequence[dt.date | None],
    rules: RuleSet | None = None,
    warn: bool = True,
) -> pd.DataFrame:
    """Value every social purchase of a table at each date of ``at``, in whole cents (int64).

    Each row has the columns of :data:`PURCHASE_COLUMNS`: ``region``, ``category`` (a purchase
    block), ``invoice_date``, ``amount_excl_vat`` (exact: ``Decimal``, int or decimal string) and
    optionally ``reference_date`` (default the invoice date). A purchase is worth
    ``amount × share`` on its invoice date, as :func:`sroi.value_purchase` says; at a date before
    the invoice it is worth nothing.

    Args:
        table: a pandas DataFrame or a pyarrow Table, one row per purchase.
        at: the dates; ``None`` means the whole period.
        rules: one rule set for every row; default each row's region's version on its
            reference date.
        warn: whether to warn about rule values used that are not verified.

    Returns:
        A DataFrame with the input's index and one int64 column of cents per date.

    Raises:
        BatchError: naming every row and column at fault.
    """
    return _purchases(_Reader(table), _columns(at), rules=rules, warn=warn)


def _purchases(
    reader: _Reader,
    columns: Sequence[_Through],
    *,
    rules: RuleSet | None = None,
    warn: bool = True,
    rule_rows: _RuleRows | None = None,
) -> pd.DataFrame:
    invoice, _ = reader.dates("invoice_date", required=True)
    reference, no_reference = reader.dates("reference_date", required=False)
    amount_codes, amounts, _ = reader.decimals(
        "amount_excl_vat", low=Decimal(0), high=None, required=True
    )
    category_codes, categories, _ = reader.codes("category", required=True)
    reader.raise_if_any()
    rule_index, rule_sets = rule_rows or _rules_per_row(
        reader, np.where(no_reference, invoice, reference), rules
    )
    keys = pd.DataFrame({"r": rule_index, "c": category_codes, "a": amount_codes})
    combo = keys.groupby(["r", "c", "a"], sort=False).ngroup().to_numpy(np.int64)
    _, first_rows = np.unique(combo, return_index=True)
    values = np.zeros(len(first_rows), dtype=np.int64)
    used: dict[int, tuple[RuleSet, set[str]]] = {}
    for number, row in enumerate(first_rows):
        if rule_index[row] < 0:
            continue
        chosen = rule_sets[rule_index[row]]
        code = categories[category_codes[row]]
        share = _flat_block(chosen, code, Route.PURCHASE)
        if isinstance(share, tuple):
            reader.bad_mask(combo == number, "category", share[1])
            continue
        exact = amounts[amount_codes[row]] * share * 100
        cents = _half_up(exact.numerator, exact.denominator)
        if cents >= _TERM_LIMIT:
            reader.bad_mask(
                combo == number,
                "amount_excl_vat",
                "an amount below 10^15 euros",
            )
            continue
        values[number] = cents
        used.setdefault(id(chosen), (chosen, set()))[1].add(code)
    reader.raise_if_any()
    _warn_blocks(warn, used)
    row_values = values[combo]
    results = {
        name: row_values if through is None else np.where(invoice <= through, row_values, 0)
        for name, through in columns
    }
    return pd.DataFrame(results, index=reader.index)


def value_projects(
    table: Any,
    *,
    at: Sequence[dt.date | None],
    rules: RuleSet | None = None,
    warn: bool = True,
) -> pd.DataFrame:
    """Value every SR project of a table at each date of ``at``, in whole cents (int64).

    Each row has the columns of :data:`PROJECT_COLUMNS`: ``region``, ``block`` (a project block),
    ``first`` and ``last`` (the activity's days; equal for one day), exactly one of ``hours``
    (valued at the block's rate) and ``agreed_amount`` (exact decimals), and optionally
    ``reference_date`` (default ``first``). The value is spread evenly over the days, as
    :func:`sroi.value_project` says.

    Args:
        table: a pandas DataFrame or a pyarrow Table, one row per project.
        at: the dates; ``None`` means the whole period.
        rules: one rule set for every row; default each row's region's version on its
            reference date.
        warn: whether to warn about rule values used that are not verified.

    Returns:
        A DataFrame with the input's index and one int64 column of cents per date.

    Raises:
        BatchError: naming every row and column at fault.
    """
    return _projects(_Reader(table), _columns(at), rules=rules, warn=warn)


def _projects(
    reader: _Reader,
    columns: Sequence[_Through],
    *,
    rules: RuleSet | None = None,
    warn: bool = True,
    rule_rows: _RuleRows | None = None,
) -> pd.DataFrame:
    first, _ = reader.dates("first", required=True)
    last, _ = reader.dates("last", required=True)
    reference, no_reference = reader.dates("reference_date", required=False)
    hour_codes, hours, no_hours = reader.decimals(
        "hours", low=Decimal(0), high=None, required=False
    )
    agreed_codes, agreed, no_agreed = reader.decimals(
        "agreed_amount", low=Decimal(0), high=None, required=False
    )
    block_codes, blocks, _ = reader.codes("block", required=True)
    reader.raise_if_any()
    reader.bad_mask(last < first, "last", "a day on or after first")
    reader.bad_mask(no_hours == no_agreed, "hours", "exactly one of hours and agreed_amount")
    reader.raise_if_any()
    rule_index, rule_sets = rule_rows or _rules_per_row(
        reader, np.where(no_reference, first, reference), rules
    )
    keys = pd.DataFrame(
        {
            "r": rule_index,
            "b": block_codes,
            "h": np.where(no_hours, -1, hour_codes),
            "a": np.where(no_agreed, -1, agreed_codes),
        }
    )
    combo = keys.groupby(["r", "b", "h", "a"], sort=False).ngroup().to_numpy(np.int64)
    _, first_rows = np.unique(combo, return_index=True)
    totals: list[Fraction] = []
    used: dict[int, tuple[RuleSet, set[str]]] = {}
    for number, row in enumerate(first_rows):
        totals.append(Fraction(0))
        if rule_index[row] < 0:
            continue
        chosen = rule_sets[rule_index[row]]
        code = blocks[block_codes[row]]
        rate = _flat_block(chosen, code, Route.PROJECT)
        if isinstance(rate, tuple):
            reader.bad_mask(combo == number, "block", rate[1])
            continue
        if no_hours[row]:
            totals[-1] = agreed[agreed_codes[row]] * 100
        else:
            totals[-1] = hours[hour_codes[row]] * rate * 100
            used.setdefault(id(chosen), (chosen, set()))[1].add(code)
    reader.raise_if_any()
    _warn_blocks(warn, used)
    big = np.array(
        [max(t.numerator, t.denominator) >= _COEFFICIENT_LIMIT for t in totals], dtype=bool
    )
    numerator = np.array([0 if b else t.numerator for t, b in zip(totals, big, strict=True)])
    denominator = np.array([1 if b else t.denominator for t, b in zip(totals, big, strict=True)])
    row_numerator = numerator.astype(np.int64)[combo]
    of = last - first + 1
    row_denominator = denominator.astype(np.int64)[combo]
    fallback = big[combo] | ~_fits(row_denominator, of)
    row_denominator = np.where(fallback, 1, row_denominator * of)
    results: dict[str, Int64Array] = {}
    for name, through in columns:
        high = last if through is None else np.minimum(last, through)
        counted = np.maximum(high - first + 1, 0)
        ok = ~fallback & _fits(row_numerator, counted)
        cents = (2 * row_numerator * counted + row_denominator) // (2 * row_denominator)
        for row in np.flatnonzero(~ok):
            total = totals[int(combo[row])]
            cents[row] = _half_up(
                total.numerator * int(counted[row]), total.denominator * int(of[row])
            )
        results[name] = cents
    return pd.DataFrame(results, index=reader.index)


# --- batch reports ---------------------------------------------------------------------------

REPORT_COLUMNS = (
    "region",
    "version",
    "obligation",
    "realised",
    "pending",
    "forecast",
    "moment_fraction",
    "moment_date",
    "moment_target",
    "moment_realised",
    "moment_state",
)
"""The columns of :func:`report_frame`; amounts are int64 cents."""


@attrs.define
class _Rows:
    """Items of one route gathered from many contracts, with each row's report dates."""

    cells: list[dict[str, object]] = attrs.field(factory=list)
    contract: list[int] = attrs.field(factory=list)
    approved: list[bool] = attrs.field(factory=list)
    rules: list[int] = attrs.field(factory=list)
    moments: list[list[int]] = attrs.field(factory=list)

    def add(
        self, cells: dict[str, object], where: tuple[int, bool, int], moments: list[int]
    ) -> None:
        contract, approved, rules = where
        self.cells.append(cells)
        self.contract.append(contract)
        self.approved.append(approved)
        self.rules.append(rules)
        self.moments.append(moments)


def report_frame(
    portfolio: Portfolio,
    at: dt.date,
    as_of: dt.date,
    *,
    registry: Registry | None = None,
    warn: bool = True,
) -> pd.DataFrame:
    """Every contract's fulfilment at ``at`` as known on ``as_of``, one row per contract.

    Equal to :func:`sroi.report` of each contract (the region's rules and obligation logic, the
    contract and its amendments in force on each day), but the items of all contracts are valued
    together by the batch kernels. A contract registered after ``as_of`` was not known then and
    has no row (:func:`sroi.report` refuses it). Columns (:data:`REPORT_COLUMNS`), indexed by
    contract number:

    * ``region``, ``version``: the rule set used;
    * ``obligation``: the obligation in force on ``at``, int64 cents;
    * ``realised``, ``pending``, ``forecast``: as :attr:`sroi.FulfilmentReport.totals`, cents;
    * ``moment_fraction``, ``moment_date``, ``moment_target``, ``moment_realised``,
      ``moment_state``: the latest measurement moment on or before ``at``
      (:attr:`sroi.FulfilmentReport.last_reached_moment`); missing (``None``, ``pd.NA``) when no
      moment is reached yet. The state is a :class:`sroi.MomentState` value, e.g. ``"behind"``.

    Args:
        portfolio: the contracts with their histories.
        at: the report date D.
        as_of: the knowledge date K.
        registry: where the rules come from; default the installed regions. Pass one with the
            portfolio's rule files added when it has them.
        warn: whether to warn about rule values used that are not verified.

    The cyclic garbage collector is paused during the call (and restored after): it would
    otherwise walk the whole portfolio many times while the reports are built.

    Raises:
        SroiError: as :func:`sroi.report` raises for a contract, with a note naming it.
    """
    # The cyclic garbage collector would walk every object of a large portfolio again and again
    # while the reports allocate (about a third of the time for 10^4 contracts); nothing here
    # creates reference cycles, so it is paused for the call and restored after.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _report_frame(portfolio, at, as_of, registry=registry, warn=warn)
    finally:
        if paused:
            gc.enable()


def _report_frame(
    portfolio: Portfolio,
    at: dt.date,
    as_of: dt.date,
    *,
    registry: Registry | None,
    warn: bool,
) -> pd.DataFrame:
    from sroi import registry as registries  # noqa: PLC0415 - loads the plugins on demand
    from sroi.engine import schedule  # noqa: PLC0415
    from sroi.fulfilment import Standing, _state, standing_of  # noqa: PLC0415
    from sroi.lifecycle import state  # noqa: PLC0415
    from sroi.model import Placement, SocialPurchase  # noqa: PLC0415

    chosen = registry if registry is not None else registries.default()
    at_day = at.toordinal() - _EPOCH
    rule_sets: list[RuleSet] = []
    rule_numbers: dict[int, int] = {}
    placements, purchases, projects = _Rows(), _Rows(), _Rows()
    slow: list[tuple[int, bool, Any, list[int]]] = []
    obligation_keys: dict[int, dict[str, None]] = {}
    contracts: list[dict[str, Any]] = []
    known_contracts = [
        history for history in portfolio.contracts if history.registration.recorded_on <= as_of
    ]
    for number, history in enumerate(known_contracts):
        try:
            known = state(history, as_of=as_of)
            rules = chosen.rules_for(known.contract)
            summary = _contract_summary(
                known, rules, chosen, at, obligation_keys.setdefault(id(rules), {})
            )
            dates = summary["moments"]
            contracts.append(summary)
        except SroiError as error:
            error.add_note(f"in contract {history.number}")
            raise
        rules_number = rule_numbers.setdefault(id(rules), len(rule_sets))
        if rules_number == len(rule_sets):
            rule_sets.append(rules)
        moment_days = [moment.date.toordinal() - _EPOCH for moment in dates]
        for record in known.items:
            proposed_on = getattr(record, "proposed_on", None)
            if isinstance(proposed_on, dt.date) and proposed_on > as_of:
                continue
            standing = standing_of(record.status)
            if standing is Standing.NOT_COUNTED:
                continue
            approved = standing is Standing.APPROVED
            item = record.item
            where = (number, approved, rules_number)
            if isinstance(item, Placement):
                if len(item.bonuses) > 1:
                    slow.append((number, approved, schedule(item, rules), moment_days))
                    continue
                grant = item.bonuses[0] if item.bonuses else None
                placements.add(
                    {
                        "block": item.block,
                        "first": item.period.first,
                        "last": item.period.last,
                        "exit_date": item.exit_date,
                        "hours_per_week": item.hours_per_week,
                        "birth_date": item.candidate.birth_date,
                        "bonus_code": grant.code if grant else None,
                        "bonus_granted_on": grant.granted_on if grant else None,
                    },
                    where,
                    moment_days,
                )
            elif isinstance(item, SocialPurchase):
                purchases.add(
                    {
                        "category": item.category,
                        "invoice_date": item.invoice_date,
                        "amount_excl_vat": item.amount_excl_vat,
                    },
                    where,
                    moment_days,
                )
            else:
                projects.add(
                    {
                        "block": item.block,
                        "first": item.period.first,
                        "last": item.period.last,
                        "hours": item.hours,
                        "agreed_amount": item.agreed_amount,
                    },
                    where,
                    moment_days,
                )

    if warn:
        for rules in rule_sets:
            warn_unverified(rules, obligation_keys.get(id(rules), {}))
    count = len(contracts)
    most = max((len(c["moments"]) for c in contracts), default=0)
    realised = np.zeros(count, dtype=np.int64)
    pending = np.zeros(count, dtype=np.int64)
    forecast = np.zeros(count, dtype=np.int64)
    moment_realised = np.zeros((count, most), dtype=np.int64)
    valuers = ((placements, _placements), (purchases, _purchases), (projects, _projects))
    for rows, valuer in valuers:
        if not rows.cells:
            continue
        padded = np.array([m + [at_day] * (most - len(m)) for m in rows.moments], np.int64)
        columns: list[_Through] = [("at", at_day), ("whole", None)]
        columns += [(f"m{i}", padded[:, i]) for i in range(most)]
        valued = valuer(
            _Reader(pd.DataFrame(rows.cells)),
            columns,
            warn=warn,
            rule_rows=(np.array(rows.rules, dtype=np.int64), rule_sets),
        )
        owner = np.array(rows.contract, dtype=np.int64)
        mask = np.array(rows.approved, dtype=bool)
        np.add.at(realised, owner[mask], valued["at"].to_numpy()[mask])
        np.add.at(pending, owner[~mask], valued["at"].to_numpy()[~mask])
        np.add.at(forecast, owner, valued["whole"].to_numpy())
        for i in range(most):
            np.add.at(moment_realised[:, i], owner[mask], valued[f"m{i}"].to_numpy()[mask])
    for number, counted, plan, moment_days in slow:
        through = at.toordinal()
        if counted:
            realised[number] += plan.cents(None, through)
        else:
            pending[number] += plan.cents(None, through)
        forecast[number] += plan.cents()
        if counted:
            for i, day in enumerate(moment_days):
                moment_realised[number, i] += plan.cents(None, day + _EPOCH)

    records = []
    for number, contract in enumerate(contracts):
        moments, targets = contract["moments"], contract["targets"]
        reached = [i for i, moment in enumerate(moments) if moment.date <= at]
        row: dict[str, object] = {
            "region": contract["rules"].region,
            "version": contract["rules"].version,
            "obligation": _cents(contract["obligation"]),
            "realised": int(realised[number]),
            "pending": int(pending[number]),
            "forecast": int(forecast[number]),
            "moment_fraction": None,
            "moment_date": None,
            "moment_target": None,
            "moment_realised": None,
            "moment_state": None,
        }
        if reached:
            last = reached[-1]
            next_target = (
                targets[last + 1] if last + 1 < len(moments) else contract["obligations"][last]
            )
            done = from_cents(int(moment_realised[number, last]))
            row.update(
                moment_fraction=moments[last].fraction,
                moment_date=moments[last].date,
                moment_target=_cents(targets[last]),
                moment_realised=int(moment_realised[number, last]),
                moment_state=_state(done, targets[last], next_target).value,
            )
        records.append(row)
    frame = pd.DataFrame.from_records(
        records,
        index=pd.Index([c["number"] for c in contracts], name="contract"),
        columns=list(REPORT_COLUMNS),
    )
    for name in ("obligation", "realised", "pending", "forecast"):
        frame[name] = frame[name].astype(np.int64)
    for name in ("moment_fraction", "moment_date", "moment_state"):
        # objects (Decimal, date, str) with None where no moment is reached, whatever the rows
        frame[name] = pd.Series([row[name] for row in records], index=frame.index, dtype=object)
    frame["moment_target"] = frame["moment_target"].astype("Int64")
    frame["moment_realised"] = frame["moment_realised"].astype("Int64")
    return frame


def _contract_summary(
    known: Any, rules: RuleSet, registry: Registry, at: dt.date, unverified: dict[str, None]
) -> dict[str, Any]:
    """A contract's rules, obligation on ``at``, moments and their targets (as the report does).

    Adds the rule keys its obligations use that are not verified to ``unverified``.
    """
    from sroi.engine import measurement_moments  # noqa: PLC0415

    owed: list[tuple[object, Decimal]] = []

    def obligation_on(day: dt.date) -> Decimal:
        in_force = known.contract_on(day)
        for contract, amount in owed:
            if contract is in_force or contract == in_force:
                return amount
        # warnings are given once per rule set by report_frame, not once per contract
        amount = registry.obligation(in_force, rules, warn=False).amount
        unverified.update(dict.fromkeys(_obligation_keys(in_force, rules)))
        owed.append((in_force, amount))
        return amount

    current = known.contract_on(at)
    fractions = current.measurement_fractions or rules.measurement_fractions
    dates = measurement_moments(current.term, fractions)
    obligations = [obligation_on(moment.date) for moment in dates]
    return {
        "number": current.number,
        "rules": rules,
        "obligation": obligation_on(at),
        "moments": dates,
        "obligations": obligations,
        # obligation × fraction rounded half up, as the report's targets, in integers
        "targets": [
            from_cents(cents_half_up(_cents(o) * n, d * 100))
            for o, (n, d) in zip(
                obligations, (m.fraction.as_integer_ratio() for m in dates), strict=True
            )
        ],
    }


def _cents(amount: Decimal) -> int:
    """A Decimal amount of whole cents as an int (refusing anything finer)."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise BatchError([BatchProblem(None, "amount", amount, "whole cents")])
    return int(cents)
