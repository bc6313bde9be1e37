"""Closed date periods: ``[first, last]`` with both days included.

Contracts write "1 januari 2025 t/m 31 december 2026"; :class:`Period` says the same. A one-day
period has ``first == last``; a last day before the first day is an error, never an empty period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs
import pendulum

from sroi.exceptions import InvalidValueError

__all__ = ["Period", "add_months", "check_date"]


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
    check_date(attribute.name, value)


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
        """Yield ``(year, month, days covered, days in month)`` for each calendar month touched."""
        year, month = self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            month_first = dt.date(year, month, 1)
            next_first = dt.date(year + month // 12, month % 12 + 1, 1)
            in_month = (next_first - month_first).days
            covered_first = max(self.first, month_first)
            covered_last = min(self.last, next_first - dt.timedelta(days=1))
            yield year, month, (covered_last - covered_first).days + 1, in_month
            year, month = next_first.year, next_first.month

    def __str__(self) -> str:
        return f"{self.first.isoformat()}..{self.last.isoformat()}"
