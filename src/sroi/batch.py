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
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from sroi.engine import warn_unverified
from sroi.exceptions import MissingExtraError, SroiError, UnknownBlockError
from sroi.money import from_cents
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

    Int64Array = NDArray[np.int64]
    BoolArray = NDArray[np.bool_]

__all__ = [
    "PLACEMENT_COLUMNS",
    "PROJECT_COLUMNS",
    "PURCHASE_COLUMNS",
    "BatchError",
    "BatchProblem",
    "column_name",
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

UNITS = 377_580
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
    labels) at fault.

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
                f"(row {rows[0].row!r} has {rows[0].value!r})"
            )
        super().__init__("\n".join(lines))


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

    def bad(self, rows: Any, column: str, values: Sequence[object], expected: str) -> None:
        labels = self.index[np.asarray(rows)]
        for label, value in zip(labels, values, strict=True):
            self.problems.append(BatchProblem(label, column, value, expected))

    def bad_mask(self, mask: BoolArray, column: str, values: Any, expected: str) -> None:
        rows = np.flatnonzero(mask)
        if len(rows):
            self.bad(rows, column, [_plain(values[i]) for i in rows], expected)

    def raw(self, column: str) -> Any:
        return self.frame[column]

    def raise_if_any(self) -> None:
        if self.problems:
            raise BatchError(self.problems)

    # dates ---------------------------------------------------------------------------------

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
                self.bad_mask(np.ones(self.size, dtype=bool), column, series.to_numpy(), expected)
                return empty
            values = series.to_numpy()
            missing = np.isnat(values)
            days = values.astype("datetime64[D]")
            timed = ~missing & (days != values)
            self.bad_mask(timed, column, series.to_numpy(dtype=object), expected)
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
            self.bad_mask(~missing & wrong[safe], column, series.to_numpy(dtype=object), expected)
        days = np.where(missing, 0, converted[safe] if len(uniques) else 0)
        if required:
            self.bad_mask(missing, column, series.to_numpy(dtype=object), expected)
        return days.astype(np.int64), missing

    # exact decimals ----------------------------------------------------------------------

    def decimals(
        self, column: str, *, low: Decimal, high: Decimal | None, required: bool
    ) -> tuple[Any, list[Fraction], BoolArray]:
        """Codes into a list of exact values (one per distinct value) and a missing mask."""
        bound = f"<= {high}" if high is not None else "no upper bound"
        expected = f"a Decimal, an int or a decimal string >= {low} ({bound}); never a float"
        if not self.has(column):
            if required:
                self.missing(column, expected)
            return np.zeros(self.size, dtype=np.int64), [Fraction(0)], np.ones(self.size, bool)
        series = self.raw(column)
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
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
        safe = np.where(missing, 0, codes)
        objects = series.to_numpy(dtype=object)
        if len(uniques) and wrong.any():
            self.bad_mask(~missing & wrong[safe], column, objects, expected)
        if required:
            self.bad_mask(missing, column, objects, expected)
        return safe.astype(np.int64), values or [Fraction(0)], missing

    def codes(self, column: str, *, required: bool) -> tuple[Any, list[str], BoolArray]:
        """Codes into the distinct texts of a text column, and a missing mask."""
        expected = "a text code"
        if not self.has(column):
            if required:
                self.missing(column, expected)
            return np.zeros(self.size, dtype=np.int64), [""], np.ones(self.size, dtype=bool)
        series = self.raw(column)
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        texts = [value if isinstance(value, str) else "" for value in uniques]
        wrong = np.array([not isinstance(value, str) for value in uniques], dtype=bool)
        missing = codes < 0
        safe = np.where(missing, 0, codes)
        objects = series.to_numpy(dtype=object)
        if len(uniques) and wrong.any():
            self.bad_mask(~missing & wrong[safe], column, objects, expected)
        if required:
            self.bad_mask(missing, column, objects, expected)
        return safe.astype(np.int64), texts or [""], missing


def _as_frame(table: object) -> pd.DataFrame:
    if isinstance(table, pd.DataFrame):
        return table
    try:
        import pyarrow as pa  # noqa: PLC0415 - optional
    except ImportError:
        pa = None
    if pa is not None and isinstance(table, pa.Table):
        frame: pd.DataFrame = table.to_pandas()
        return frame
    raise BatchError(
        [
            BatchProblem(
                None, "table", type(table).__name__, "a pandas DataFrame or a pyarrow Table"
            )
        ]
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
            reader.bad_mask(rows, "region", reader.raw("region").to_numpy(object), str(error))
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
        reader.bad_mask(
            rows & ~ok,
            "reference_date",
            [dt.date.fromordinal(int(d) + _EPOCH) for d in reference],
            f"a date on which a rule version of {region!r} is in force: {ranges}",
        )
        result[ok] = safe[ok] + len(found)
        found.extend(ordered)
    return result, found


# --- placements: one combination of rules, block, hours and bonus ----------------------------


@attrs.define
class _Combination:
    """Everything about a row that depends only on its rules, block, hours and bonus code."""

    rules: RuleSet
    unit: Unit
    max_months: int
    """0: no cap."""
    denominator: int
    """Q: the value of a row is numerator / Q cents."""
    base: int
    """Coefficient of the main span (sized), of a day (per period) or of the block (one-off)."""
    ages: tuple[tuple[int, int], ...]
    """(min_age, coefficient) of age bonuses, added to ``base`` when the age is reached."""
    annual: int
    """Coefficient of the granted annual bonus's span (0 when none)."""
    one_off: int
    """The granted one-off bonus's numerator (0 when none)."""
    keys: tuple[str, ...]
    """Rule keys this combination uses; age keys are added per row."""
    age_keys: tuple[str, ...]
    """The rule key of each age bonus ("" when its value is verified)."""


def _combination(
    rules: RuleSet, block_code: str, hours: Fraction, bonus: str
) -> _Combination | tuple[str, str]:
    """The coefficients of one combination, or the column at fault and what it expected."""
    try:
        block = rules.block(block_code)
    except UnknownBlockError as error:
        return "block", str(error)
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
    minimum = rules.minimum_hours.value if rules.minimum_hours is not None else None
    below = minimum is not None and hours < Fraction(minimum)
    full_time = Fraction(rules.full_time_hours.value)
    if below:
        size = Fraction(0)
    elif sized and full_time:
        size = min(Fraction(1), hours / full_time)
    else:
        size = Fraction(1)
    # every amount in cents; sized rates per placement month
    per = 12 if block.unit is Unit.PER_YEAR_FULL_TIME else 1
    base = Fraction(block.value) * size * 100 / (per if sized else 1)
    ages: list[tuple[int, Fraction]] = []
    age_keys: list[str] = []
    if sized:
        for code in block.bonuses:
            age_bonus = rules.bonuses[code]
            if age_bonus.kind is BonusKind.AGE and age_bonus.min_age is not None:
                ages.append((age_bonus.min_age, Fraction(age_bonus.value) * size * 100 / 12))
                age_keys.append(code)
    annual = Fraction(0)
    one_off = Fraction(0)
    if grant is not None and grant.kind is BonusKind.ANNUAL:
        annual = Fraction(grant.value) * size * 100 / 12
    elif grant is not None and not below:
        one_off = Fraction(grant.value) * 100
    parts = [base, annual, one_off, *(rate for _, rate in ages)]
    common = math.lcm(*(part.denominator for part in parts))
    span_units = UNITS if sized else 1
    denominator = common * span_units

    def whole(value: Fraction, scale: int) -> int:
        scaled = value * scale
        assert scaled.denominator == 1
        return scaled.numerator

    keys = []
    if not block.provenance.verified:
        keys.append(f"blocks.{block.code}")
    if block.max_months and not block.max_months_provenance.verified:
        keys.append(f"blocks.{block.code}.max_months")
    if grant is not None and not grant.provenance.verified:
        keys.append(f"bonuses.{bonus}")
    if sized and not rules.full_time_hours.provenance.verified:
        keys.append("full_time_hours")
    return _Combination(
        rules=rules,
        unit=block.unit,
        max_months=block.max_months or 0,
        denominator=denominator,
        base=whole(base, common),
        ages=tuple((age, whole(rate, common)) for age, rate in ages),
        annual=whole(annual, common),
        one_off=whole(one_off, denominator),
        keys=tuple(keys),
        age_keys=tuple(
            "" if rules.bonuses[code].provenance.verified else f"bonuses.{code}"
            for code in age_keys
        ),
    )


# --- calendar arithmetic in int64 (days since 1970-01-01) ------------------------------------


def _months_and_day(days: Int64Array) -> tuple[Int64Array, Int64Array]:
    """Months since 1970-01 and the day of the month (1-31) of each day."""
    dates = days.astype("datetime64[D]")
    months = dates.astype("datetime64[M]")
    first = months.astype("datetime64[D]").astype(np.int64)
    return months.astype(np.int64), days - first + 1


def _month_first(months: Int64Array) -> Int64Array:
    first: Int64Array = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return first


def _boundary(start_month: Int64Array, start_day: Int64Array, k: Int64Array) -> Int64Array:
    """``start + k months`` (clamped to a shorter month's end), in days since 1970-01-01."""
    month = start_month + k
    first = _month_first(month)
    length = _month_first(month + 1) - first
    result: Int64Array = first + np.minimum(start_day, length) - 1
    return result


def _elapsed(start_month: Int64Array, start_day: Int64Array, day: Int64Array) -> Int64Array:
    """Placement months from the start up to (not including) ``day``, in units of 1/UNITS.

    ``day`` must be on or after the start (other rows give a meaningless value).
    """
    month, _ = _months_and_day(day)
    k = month - start_month
    low = _boundary(start_month, start_day, k)
    back = low > day
    k = np.where(back, k - 1, k)
    high = np.where(back, low, _boundary(start_month, start_day, k + 1))
    low = np.where(back, _boundary(start_month, start_day, k), low)
    length = np.maximum(high - low, 28)
    result: Int64Array = k * UNITS + (day - low) * (UNITS // length)
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
    days = _check_dates(at)
    reader = _Reader(table)
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
    objects = {
        name: reader.raw(name).to_numpy(dtype=object) if reader.has(name) else None
        for name in ("last", "exit_date", "bonus_granted_on", "birth_date", "bonus_code")
    }
    reader.raise_if_any()

    # placement dates
    reader.bad_mask(last < first, "last", objects["last"], "a day on or after first")
    end = np.where(no_exit, last, exit_day)
    reader.bad_mask(
        ~no_exit & ((exit_day < first) | (exit_day > last)),
        "exit_date",
        objects["exit_date"],
        "a day within the placement (first..last)",
    )
    has_bonus = ~no_bonus
    reader.bad_mask(
        has_bonus & no_grant_day,
        "bonus_granted_on",
        objects["bonus_granted_on"],
        "a grant date for the bonus_code",
    )
    reader.bad_mask(
        ~has_bonus & ~no_grant_day,
        "bonus_code",
        objects["bonus_code"],
        "a bonus code for the bonus_granted_on date",
    )
    reader.bad_mask(
        has_bonus & ~no_grant_day & ((granted < first) | (granted > end)),
        "bonus_granted_on",
        objects["bonus_granted_on"],
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
        objects["birth_date"],
        f"an age of {_MIN_AGE} to {_MAX_AGE} on the placement's first day",
    )

    rule_index, rule_sets = _rules_per_row(reader, reference, rules)

    # one combination per distinct (rules, block, hours, bonus)
    keys = pd.DataFrame(
        {
            "r": rule_index,
            "b": block_codes,
            "h": hour_codes,
            "g": np.where(has_bonus, bonus_codes, -1),
        }
    )
    combo = keys.groupby(["r", "b", "h", "g"], sort=False).ngroup().to_numpy(np.int64)
    count = int(combo.max()) + 1 if len(combo) else 0
    _, first_rows = np.unique(combo, return_index=True)
    combinations: list[_Combination | None] = []
    block_objects = reader.raw("block").to_numpy(dtype=object)
    for number in range(count):
        row = int(first_rows[number])
        if rule_index[row] < 0:
            combinations.append(None)
            continue
        found = _combination(
            rule_sets[rule_index[row]],
            blocks[block_codes[row]],
            hour_values[hour_codes[row]],
            bonuses[bonus_codes[row]] if has_bonus[row] else "",
        )
        if isinstance(found, tuple):
            column, expected = found
            reader.bad_mask(
                combo == number,
                column,
                objects["bonus_code"] if column == "bonus_code" else block_objects,
                expected,
            )
            combinations.append(None)
        else:
            combinations.append(found)
    reader.raise_if_any()
    return _placement_kernel(
        reader.index,
        days,
        combo,
        combinations,
        first=first,
        last=last,
        end=end,
        age=age,
        granted=np.where(has_bonus, granted, 0),
        start_month=start_month,
        start_day=start_day,
        warn=warn,
    )


def _placement_kernel(
    index: pd.Index,
    days: Sequence[dt.date | None],
    combo: Int64Array,
    combinations: Sequence[_Combination | None],
    *,
    first: Int64Array,
    last: Int64Array,
    end: Int64Array,
    age: Int64Array,
    granted: Int64Array,
    start_month: Int64Array,
    start_day: Int64Array,
    warn: bool,
) -> pd.DataFrame:
    size = len(combo)
    # a combination whose coefficients do not fit int64 is valued in Python integers
    big = np.array(
        [
            c is not None
            and max(c.denominator, c.base + sum(r for _, r in c.ages), c.annual, c.one_off)
            >= _COEFFICIENT_LIMIT
            for c in combinations
        ],
        dtype=bool,
    )

    def per_row(values: Iterable[int], *, small: bool = True) -> Int64Array:
        chosen = [0 if small and big[i] else v for i, v in enumerate(values)]
        result: Int64Array = np.array(chosen, dtype=np.int64)[combo]
        return result

    known = [c for c in combinations if c is not None]
    unit = per_row(
        (list(Unit).index(c.unit) if c else -1 for c in combinations), small=False
    )
    sized = (unit == list(Unit).index(Unit.PER_YEAR_FULL_TIME)) | (
        unit == list(Unit).index(Unit.PER_MONTH)
    )
    per_period = unit == list(Unit).index(Unit.PER_PERIOD)
    one_off_unit = unit == list(Unit).index(Unit.ONE_OFF)
    has_annual = per_row((int(bool(c and c.annual)) for c in combinations), small=False) > 0
    has_one_off = per_row((int(bool(c and c.one_off)) for c in combinations), small=False) > 0
    months = per_row((c.max_months if c else 0 for c in combinations), small=False)

    # the base coefficient with the age bonuses each row has reached; the rule keys used
    base = per_row(c.base if c else 0 for c in combinations)
    used: dict[int, dict[str, None]] = {}
    for number, c in enumerate(combinations):
        if c is None:
            continue
        keys = used.setdefault(id(c.rules), {})
        keys.update(dict.fromkeys(c.keys))
        if not c.ages:
            continue
        rows = combo == number
        for (min_age, rate), key in zip(c.ages, c.age_keys, strict=True):
            reached = rows & (age >= min_age)
            if reached.any():
                if not big[number]:
                    base[reached] += rate
                if key:
                    keys[key] = None
    if warn:
        for rules in {id(c.rules): c.rules for c in known}.values():
            warn_unverified(rules, used.get(id(rules), {}))

    # cap window, the counted end and (per-period blocks) the agreed days
    capped = months > 0
    cap_last = np.where(
        capped, _boundary(start_month, start_day, np.where(capped, months, 0)) - 1, last
    )
    stop = np.minimum(end, cap_last)
    agreed = np.where(per_period, np.minimum(last, cap_last) - first + 1, 1)
    denominator = per_row(c.denominator if c else 1 for c in combinations)
    one_off = per_row(c.one_off if c else 0 for c in combinations)
    annual = per_row(c.annual if c else 0 for c in combinations)
    fallback = big[combo] | ~_fits(denominator, agreed) | ~_fits(one_off, agreed)
    denominator = np.where(fallback, 1, denominator * agreed)
    one_off = np.where(fallback, 0, one_off * agreed)
    since = np.maximum(granted, first)
    since_units = np.where(
        has_annual, _elapsed(start_month, start_day, np.where(has_annual, since, first)), 0
    )

    results: dict[str, Int64Array] = {}
    for day in days:
        if day is None:
            limit = stop
            start_in = np.ones(size, dtype=bool)
            grant_in = np.ones(size, dtype=bool)
        else:
            through = day.toordinal() - _EPOCH
            limit = np.minimum(stop, through)
            start_in = first <= through
            grant_in = granted <= through
        counted = limit >= first
        span = np.where(
            counted & sized,
            _elapsed(start_month, start_day, np.where(counted & sized, limit + 1, first)),
            0,
        )
        annual_span = np.where(has_annual & (limit >= since), span - since_units, 0)
        main = np.where(
            sized,
            span,
            np.where(
                per_period,
                np.where(counted, limit - first + 1, 0),
                (one_off_unit & start_in).astype(np.int64),
            ),
        )
        grant = has_one_off & grant_in
        ok = ~fallback & _fits(base, main) & _fits(annual, annual_span)
        numerator = base * main + annual * annual_span + np.where(grant, one_off, 0)
        cents = (2 * numerator + denominator) // (2 * denominator)
        for row in np.flatnonzero(~ok):
            c = combinations[int(combo[row])]
            assert c is not None
            scale = int(agreed[row])
            row_base = c.base + sum(rate for min_age, rate in c.ages if age[row] >= min_age)
            total = (
                row_base * int(main[row])
                + c.annual * int(annual_span[row])
                + (c.one_off * scale if grant[row] else 0)
            )
            cents[row] = _half_up(total, c.denominator * scale)
        results[column_name(day)] = cents
    return pd.DataFrame(results, index=index)


def _half_up(numerator: int, denominator: int) -> int:
    """Whole cents of ``numerator / denominator`` cents (both >= 0), half up, in Python ints."""
    return (2 * numerator + denominator) // (2 * denominator)
