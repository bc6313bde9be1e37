"""Placements: a table of placements valued at many dates in one vectorised pass.

:func:`value_placements` reads and checks the table, finds each row's rules, computes a template
per distinct (rules, block, bonus) and a size factor per distinct (rules, hours), and hands the
rest to the kernel, which counts placement months in units of ``1 / UNITS`` month in ``int64``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from sroi.batch._arith import TERM_LIMIT, UNITS, Calendar, fits, groups, half_up, months_and_day
from sroi.batch._reader import Reader, Through, result_columns
from sroi.batch._rules import Lookup, Template, size_factor, template
from sroi.engine import warn_unverified
from sroi.ruleset import RuleSet, Unit

if TYPE_CHECKING:
    from sroi.batch._arith import Int64Array

__all__ = ["PLACEMENT_COLUMNS", "placements_frame", "value_placements"]

_MIN_AGE, _MAX_AGE = 15, 75
"""The plausible ages of a candidate on a placement's first day."""

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


def value_placements(
    table: Any, *, at: Sequence[dt.date | None], rules: RuleSet | None = None, warn: bool = True
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
    return placements_frame(Reader(table), result_columns(at), Lookup(rules, warn))


@attrs.frozen(eq=False)
class _Rows:
    """What the kernel needs of each row: its days (since 1970-01-01), age and groups."""

    first: Int64Array
    last: Int64Array
    end: Int64Array
    """The last day worked: the exit date, else ``last``."""
    granted: Int64Array
    """The day the bonus was granted; ``first`` when there is none."""
    age: Int64Array
    """Whole years on the first day."""
    template_of: Int64Array
    """The row's template, an index into the kernel's templates."""
    size_of: Int64Array
    """The row's size factor, an index into the kernel's sizes."""


def placements_frame(reader: Reader, columns: Sequence[Through], lookup: Lookup) -> pd.DataFrame:
    """The cents of the placements ``reader`` reads, one column per entry of ``columns``."""
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
    start_month, start_day = months_and_day(first)
    birth_month, birth_day = months_and_day(birth)
    age = (start_month // 12 - birth_month // 12) - (
        (start_month % 12 < birth_month % 12)
        | ((start_month % 12 == birth_month % 12) & (start_day < birth_day))
    ).astype(np.int64)
    reader.bad_mask(
        (age < _MIN_AGE) | (age > _MAX_AGE),
        "birth_date",
        f"an age of {_MIN_AGE} to {_MAX_AGE} on the placement's first day",
    )
    rule_index, rule_sets = lookup.rows(reader, reference)

    # one template per distinct (rules, block, bonus)
    bonus_key = np.where(has_bonus, bonus_codes, -1)
    template_of, firsts = groups(rule_index, block_codes, bonus_key)
    templates: list[Template | None] = []
    for number, row in enumerate(firsts):
        if rule_index[row] < 0:
            templates.append(None)
            continue
        found = template(
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
    size_of, firsts = groups(rule_index, hour_codes)
    sizes = [
        size_factor(rule_sets[rule_index[row]], hour_values[hour_codes[row]]) for row in firsts
    ]
    rows = _Rows(first, last, end, np.where(has_bonus, granted, first), age, template_of, size_of)
    return _kernel(reader.index, columns, rows, (templates, sizes), warn=lookup.warn)


def _kernel(
    index: pd.Index,
    columns: Sequence[Through],
    table: _Rows,
    found: tuple[Sequence[Template | None], Sequence[tuple[int, int, bool]]],
    *,
    warn: bool,
) -> pd.DataFrame:
    """Every row's cents at each column's date, from its template and size factor."""
    templates, sizes = found
    first, last, end, age, granted = table.first, table.last, table.end, table.age, table.granted
    template_of, size_of = table.template_of, table.size_of
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
            >= TERM_LIMIT
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
    size_big = np.array([max(n, d) >= TERM_LIMIT for n, d, _ in sizes], dtype=bool)[size_of]
    below = np.array([b for _, _, b in sizes], dtype=bool)[size_of]
    numerators = np.array([0 if max(n, d) >= TERM_LIMIT else n for n, d, _ in sizes], np.int64)
    denominators = np.array([1 if max(n, d) >= TERM_LIMIT else d for n, d, _ in sizes], np.int64)
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
    start_month, start_day = months_and_day(first)
    low_month = int(start_month.min()) if rows else 0
    high_month = int(start_month.max()) + int(months.max()) + 1 if rows else 0
    low_day = int(first.min()) if rows else 0
    high_day = int(last.max()) + 1 if rows else 0
    calendar = Calendar(
        low_day,
        high_day,
        low_month - 1,
        max(high_month, int(months_and_day(np.array([high_day]))[0][0]) + 1),
    )
    capped = months > 0
    cap_last = np.where(
        capped, calendar.boundary(start_month, start_day, np.where(capped, months, 0)) - 1, last
    )
    stop = np.minimum(end, cap_last)
    agreed = np.minimum(last, cap_last) - first + 1
    multiplier = np.where(sized, UNITS, np.where(per_period, agreed, 1))
    common = small(t.common if t else 1 for t in templates)
    annual = small(t.annual if t else 0 for t in templates)
    one_off = small(t.one_off if t else 0 for t in templates)
    fallback = big[template_of] | (sized & size_big)
    fallback |= ~fits(common, size_den)
    denominator = np.where(fallback, 1, common * size_den)
    fallback |= ~fits(denominator, multiplier)
    denominator = np.where(fallback, 1, denominator * multiplier)
    fallback |= ~fits(one_off, size_den)
    grant_value = np.where(fallback, 0, one_off * size_den)
    fallback |= ~fits(grant_value, multiplier)
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
        ok = ~fallback & fits(base, main) & fits(annual, annual_span)
        inner = np.where(ok, base * main + annual * annual_span, 0)
        ok &= fits(inner, size_num)
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
    template: Template | None,
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
    return half_up(total, denominator * template.common * multiplier)
