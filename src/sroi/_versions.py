"""The days a rule version is in force: one small type for every ``valid_from``/``valid_until``.

Rule sets, the registry's version listing (:class:`sroi.region.RuleVersionInfo`), rule files and
error messages all speak of a version's dates the same way: from a first day through a last day,
or open-ended (``"2024-01-01.."``). This module is their one home; it imports nothing from sroi.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

__all__ = ["VersionRange", "effective_last"]


@attrs.frozen
class VersionRange:
    """From ``first`` through ``last`` (both days included); ``last`` None for open-ended."""

    first: dt.date
    """The first day in force (``valid_from``)."""
    last: dt.date | None = None
    """The last day in force (``valid_until``); None when open-ended."""

    @property
    def label(self) -> str:
        """The dates as ``first..last``, e.g. ``"2016-01-01..2023-12-31"`` or ``"2024-01-01.."``.

        >>> VersionRange(dt.date(2024, 1, 1)).label
        '2024-01-01..'
        """
        return f"{self.first.isoformat()}..{self.last.isoformat() if self.last else ''}"

    def holds_on(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside the range."""
        return self.first <= day and (self.last is None or day <= self.last)

    def overlaps(self, other: VersionRange) -> bool:
        """Whether the two ranges share at least one day."""
        return (other.last is None or self.first <= other.last) and (
            self.last is None or other.first <= self.last
        )


def effective_last(ranges: Sequence[VersionRange], index: int) -> dt.date | None:
    """The last day of ``ranges[index]`` among ranges sorted by their first day.

    Its own last day when it has one; else the day before the next range starts; None for an
    open-ended last range.
    """
    own = ranges[index]
    if own.last is not None:
        return own.last
    if index + 1 < len(ranges):
        return ranges[index + 1].first - dt.timedelta(days=1)
    return None
