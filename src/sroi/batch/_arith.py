"""Exact integer arithmetic in NumPy ``int64``: overflow limits, rounding, groups and the calendar.

Dates are days since 1970-01-01 and months are months since 1970-01, so that the kernels turn
calendar questions into integer formulas and table gathers.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Int64Array = NDArray[np.int64]
    BoolArray = NDArray[np.bool_]

UNITS = 377_580
"""Units of a placement month: the least common multiple of 28, 29, 30 and 31."""
EPOCH = dt.date(1970, 1, 1).toordinal()
"""The ordinal of day 0."""
TERM_LIMIT = 1 << 59
"""Each of a row's products must stay below this so that their sum, doubled, fits ``int64``."""


def fits(coefficient: Int64Array, count: Int64Array) -> BoolArray:
    """Whether ``coefficient * count`` stays below the per-term limit (both >= 0), exactly."""
    safe = np.maximum(count, 1)
    result: BoolArray = coefficient <= TERM_LIMIT // safe
    return result


def half_up(numerator: int, denominator: int) -> int:
    """Whole cents of ``numerator / denominator`` cents (both >= 0), half up, in Python ints."""
    return (2 * numerator + denominator) // (2 * denominator)


def groups(*keys: Int64Array) -> tuple[Int64Array, Int64Array]:
    """The group number of each row by the given integer keys (>= -1), and each group's first row.

    Groups are numbered in order of first appearance. The keys are combined into one ``int64``
    per row; when the next key could overflow it, the combination so far is renumbered first.
    """
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    for key in keys:
        if not len(key):
            continue
        width = int(key.max()) + 2
        if int(combined.max()) >= TERM_LIMIT // width:
            combined = pd.factorize(combined)[0].astype(np.int64)
        combined = combined * width + key + 1
    numbers, _ = pd.factorize(combined)
    numbers = numbers.astype(np.int64)
    # numbers appear in order, so a group's first row is where the running maximum grows
    firsts = np.flatnonzero(np.diff(np.maximum.accumulate(numbers), prepend=-1) > 0)
    return numbers, firsts.astype(np.int64)


def days_from_civil(year: Int64Array, month: Int64Array, day: Int64Array) -> Int64Array:
    """Days since 1970-01-01 of proleptic Gregorian dates, in integer arithmetic."""
    year = year - (month <= 2)
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    result: Int64Array = era * 146097 + day_of_era - 719468
    return result


def months_and_day(days: Int64Array) -> tuple[Int64Array, Int64Array]:
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


class Calendar:
    """Calendar lookup tables, so that the kernel's month arithmetic becomes gathers.

    The month and day of the month of every day in a range, and the first day and length of
    every month in a range, from the integer formulas of :func:`months_and_day` and
    :func:`days_from_civil`.
    """

    def __init__(self, low_day: int, high_day: int, low_month: int, high_month: int) -> None:
        self.low_day = low_day
        self.month_of, self.day_of = months_and_day(
            np.arange(low_day, high_day + 1, dtype=np.int64)
        )
        self.low_month = low_month
        index = np.arange(low_month, high_month + 2, dtype=np.int64)
        year, month = index // 12 + 1970, index % 12 + 1
        firsts = days_from_civil(year, month, np.ones_like(index))
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
        """Placement months from the start up to (not including) ``day``, in units of 1/UNITS.

        ``day`` must be on or after the start (other rows give a meaningless value).
        """
        k = self.month(day) - start_month
        low = self.boundary(start_month, start_day, k)
        back = low > day
        k = np.where(back, k - 1, k)
        high = np.where(back, low, self.boundary(start_month, start_day, k + 1))
        low = np.where(back, self.boundary(start_month, start_day, k), low)
        length = np.maximum(high - low, 28)
        result: Int64Array = k * UNITS + (day - low) * (UNITS // length)
        return result
