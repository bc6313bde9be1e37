"""Calendar arithmetic: closed periods, month boundaries and placement months.

Contracts write "1 januari 2025 t/m 31 december 2026"; :class:`Period` says the same. A one-day
period has ``first == last``; a last day before the first day is an error, never an empty period.

This module is the one home of month arithmetic (the calculation conventions):

* :func:`add_months` moves a date by whole calendar months, clamping to a shorter month's end;
* :class:`PlacementClock` counts *placement months* from a placement's first day ``S``: placement
  month ``k`` is ``[S + (k-1) months, S + k months - 1 day]``, each boundary computed from ``S``
  itself. A period counts ``days covered / days in that placement month`` of each placement month
  it touches, as an exact :class:`~fractions.Fraction`, so N whole placement months are exactly
  N months whatever the start day, and the count over a period equals the sum over any split;
* :meth:`Period.months` splits a period by calendar month, for charts and per-month reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from fractions import Fraction

import attrs
import pendulum

from sroi._validators import check_date_range
from sroi.exceptions import InvalidValueError

__all__ = ["MonthShare", "Period", "PlacementClock", "add_months", "check_date", "days_in_month"]

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """The number of days of ``month`` (1-12) in ``year`` (Gregorian leap years).

    >>> days_in_month(2024, 2), days_in_month(2023, 2), days_in_month(2100, 2)
    (29, 28, 28)
    """
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def _shift_ordinal(year: int, month: int, day: int, months: int) -> int:
    """``add_months(date(year, month, day), months)`` as a proleptic ordinal, in plain integers.

    The valuation hot loop uses this instead of pendulum; a test proves it equal to
    :func:`add_months` (which uses pendulum) over the supported date range.
    """
    shifted = year * 12 + month - 1 + months
    new_year, new_month = divmod(shifted, 12)
    new_month += 1
    last = days_in_month(new_year, new_month)
    return dt.date(new_year, new_month, day if day <= last else last).toordinal()


def check_date(field: str, value: object) -> dt.date:
    """Return ``value`` if it is a calendar date (not a datetime), else raise.

    Raises:
        InvalidValueError: naming ``field`` when ``value`` is not a ``datetime.date``.
    """
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidValueError(field, value, "a calendar date (datetime.date, no time)")
    return value


def add_months(day: dt.date, months: int) -> dt.date:
    """Add whole calendar months to ``day``, clamping to the end of a shorter month.

    >>> add_months(dt.date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    >>> add_months(dt.date(2024, 3, 15), 12)
    datetime.date(2025, 3, 15)
    """
    moved = pendulum.Date(day.year, day.month, day.day).add(months=months)
    return dt.date(moved.year, moved.month, moved.day)


def _date_validator(instance: object, attribute: attrs.Attribute[dt.date], value: object) -> None:
    check_date_range(attribute.name, check_date(attribute.name, value))


@attrs.frozen(order=True)
class Period:
    """A closed interval of calendar dates, both ends included.

    >>> p = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    >>> p.days
    366
    >>> dt.date(2024, 12, 31) in p
    True
    """

    first: dt.date = attrs.field(validator=_date_validator)
    """The first day of the period (included)."""
    last: dt.date = attrs.field(validator=_date_validator)
    """The last day of the period (included)."""

    def __attrs_post_init__(self) -> None:
        if self.last < self.first:
            raise InvalidValueError(
                "last",
                self.last,
                f"on or after first ({self.first.isoformat()})",
                hint="a period includes both its first and last day",
            )

    @classmethod
    def day(cls, day: dt.date) -> Period:
        """Return the one-day period ``[day, day]``."""
        return cls(day, day)

    @classmethod
    def from_months(cls, first: dt.date, months: int) -> Period:
        """Return the period of ``months`` calendar months starting on ``first``.

        It ends the day before ``first + months`` (``2024-03-15`` and 12 months gives
        ``[2024-03-15, 2025-03-14]``).

        Raises:
            InvalidValueError: when ``months`` is less than 1.
        """
        if months < 1:
            raise InvalidValueError("months", months, ">= 1")
        return cls(first, add_months(first, months) - dt.timedelta(days=1))

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``"YYYY-MM-DD..YYYY-MM-DD"`` (or a single ISO date for a one-day period).

        Raises:
            InvalidValueError: when the text is not of that form.
        """
        parts = text.split("..")
        try:
            days = [dt.date.fromisoformat(part.strip()) for part in parts]
        except ValueError:
            days = []
        if len(days) == 1:
            return cls(days[0], days[0])
        if len(days) != 2:
            raise InvalidValueError("period", text, "'YYYY-MM-DD..YYYY-MM-DD'")
        return cls(days[0], days[1])

    @property
    def days(self) -> int:
        """The number of days in the period, both ends included."""
        return (self.last - self.first).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day."""
        return self.first <= other.last and other.first <= self.last

    def intersection(self, other: Period) -> Period | None:
        """The days both periods share, or ``None`` when they share none."""
        first = max(self.first, other.first)
        last = min(self.last, other.last)
        return Period(first, last) if first <= last else None

    def until(self, day: dt.date) -> Period | None:
        """The part of the period up to and including ``day``, or ``None`` if it starts later."""
        if day < self.first:
            return None
        return Period(self.first, min(self.last, day))

    def split(self, day: dt.date) -> tuple[Period, Period]:
        """Split into ``[first, day - 1]`` and ``[day, last]``.

        Raises:
            InvalidValueError: unless ``first < day <= last``.
        """
        if not self.first < day <= self.last:
            raise InvalidValueError(
                "day", day, f"after {self.first.isoformat()} and on or before {self.last}"
            )
        return Period(self.first, day - dt.timedelta(days=1)), Period(day, self.last)

    def months(self) -> Iterator[tuple[int, int, int, int]]:
        """Yield ``(year, month, days covered, days in month)`` for each calendar month touched.

        For charts and per-month reports only: values count in placement months
        (:class:`PlacementClock`); a chart splits them by calendar month with these days.
        """
        year, month = self.first.year, self.first.month
        end = (self.last.year, self.last.month)
        while (year, month) <= end:
            in_month = days_in_month(year, month)
            covered_first = (
                self.first.day if (year, month) == (self.first.year, self.first.month) else 1
            )
            covered_last = self.last.day if (year, month) == end else in_month
            yield year, month, covered_last - covered_first + 1, in_month
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    @classmethod
    def _trusted(cls, first: dt.date, last: dt.date) -> Period:
        """A period from two days already known to be dates in order (no validation).

        For the engine's inner loops, which build periods from checked inputs.
        """
        period: Period = object.__new__(cls)
        object.__setattr__(period, "first", first)
        object.__setattr__(period, "last", last)
        return period

    def __str__(self) -> str:
        return f"{self.first.isoformat()}..{self.last.isoformat()}"


@attrs.frozen
class MonthShare:
    """How much of one placement month a period covers.

    Placement month ``index`` (1, 2, ...) of a placement that starts on ``S`` runs from
    ``S + (index-1) months`` through ``S + index months - 1 day``.
    """

    index: int
    """The placement month's number, 1 for the month starting on the placement's first day."""
    first: dt.date
    """The placement month's first day."""
    last: dt.date
    """The placement month's last day."""
    days_counted: int
    """Days of the placement month inside the counted period."""
    days_in_month: int
    """Days the placement month has (28 to 31)."""

    @property
    def fraction(self) -> Fraction:
        """``days_counted / days_in_month``, exactly (1 for a whole month)."""
        return Fraction(self.days_counted, self.days_in_month)

    def __str__(self) -> str:
        if self.days_counted == self.days_in_month:
            return f"m{self.index} {self.first.isoformat()} 1"
        return f"m{self.index} {self.first.isoformat()} {self.days_counted}/{self.days_in_month}"


class PlacementClock:
    """Placement months counted from a placement's first day (the calculation conventions).

    A clock is cheap to build and holds no period: it answers for any day on or after ``start``.
    Days are passed as proleptic ordinals (:meth:`datetime.date.toordinal`) by the fast methods,
    and as dates by :meth:`months` and :meth:`shares`.

    >>> clock = PlacementClock(dt.date(2024, 1, 15))
    >>> clock.months(dt.date(2024, 1, 15), dt.date(2024, 2, 14))
    Fraction(1, 1)
    >>> clock.months(dt.date(2024, 1, 15), dt.date(2024, 3, 20))
    Fraction(68, 31)
    >>> clock.boundary(1), clock.boundary(12)
    (datetime.date(2024, 2, 15), datetime.date(2025, 1, 15))
    """

    __slots__ = ("_day", "_month", "_start", "_year", "start")

    def __init__(self, start: dt.date) -> None:
        self.start = start
        self._year, self._month, self._day = start.year, start.month, start.day
        self._start = start.toordinal()

    def boundary_ordinal(self, k: int) -> int:
        """The ordinal of ``start + k months`` (the first day of placement month ``k + 1``)."""
        return _shift_ordinal(self._year, self._month, self._day, k)

    def boundary(self, k: int) -> dt.date:
        """``start + k months``: the first day of placement month ``k + 1``."""
        return dt.date.fromordinal(self.boundary_ordinal(k))

    def locate(self, ordinal: int) -> tuple[int, int, int]:
        """``(k, b_k, b_k+1)``: the whole placement months before day ``ordinal`` and the bounds.

        ``b_k <= ordinal < b_k+1`` are the ordinals of ``start + k months`` and ``start + (k+1)
        months``. The day must be on or after ``start``.
        """
        day = dt.date.fromordinal(ordinal)
        k = (day.year - self._year) * 12 + day.month - self._month
        low = self.boundary_ordinal(k)
        if low > ordinal:
            k -= 1
            return k, self.boundary_ordinal(k), low
        return k, low, self.boundary_ordinal(k + 1)

    def elapsed(self, ordinal: int) -> tuple[int, int]:
        """Placement months from ``start`` up to (not including) day ``ordinal``, as a ratio.

        Returns ``(numerator, denominator)`` with the denominator the length of the placement
        month the day falls in; ``(0, 1)`` on ``start`` itself.
        """
        if ordinal <= self._start:
            return 0, 1
        k, low, high = self.locate(ordinal)
        length = high - low
        return k * length + ordinal - low, length

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Placement months covered by the days ``first..last`` (ordinals, both included).

        Returns ``(numerator, denominator)``, not reduced; ``(0, 1)`` when ``last < first``.
        """
        if last < first:
            return 0, 1
        end_n, end_d = self.elapsed(last + 1)
        if first <= self._start:
            return end_n, end_d
        start_n, start_d = self.elapsed(first)
        if start_d == end_d:
            return end_n - start_n, end_d
        return end_n * start_d - start_n * end_d, end_d * start_d

    def months(self, first: dt.date, last: dt.date) -> Fraction:
        """Placement months covered by ``first..last`` (both included), exactly.

        Raises:
            InvalidValueError: when ``first`` is before the clock's start.
        """
        if first < self.start:
            raise InvalidValueError("first", first, f"on or after the start ({self.start})")
        numerator, denominator = self.span(first.toordinal(), last.toordinal())
        return Fraction(numerator, denominator)

    def shares(self, first: dt.date, last: dt.date) -> tuple[MonthShare, ...]:
        """The placement months ``first..last`` touches, each with the days it covers.

        Their fractions add up to :meth:`months` of the same days.

        Raises:
            InvalidValueError: when ``first`` is before the clock's start.
        """
        if first < self.start:
            raise InvalidValueError("first", first, f"on or after the start ({self.start})")
        result = []
        start, end = first.toordinal(), last.toordinal()
        k, low, high = self.locate(start)
        while low <= end:
            covered = min(high - 1, end) - max(low, start) + 1
            result.append(
                MonthShare(
                    k + 1,
                    dt.date.fromordinal(low),
                    dt.date.fromordinal(high - 1),
                    covered,
                    high - low,
                )
            )
            k, low, high = k + 1, high, self.boundary_ordinal(k + 2)
        return tuple(result)

    def __repr__(self) -> str:
        return f"PlacementClock({self.start.isoformat()})"
