"""Double counting: one candidate counted more than full time on several contracts at once.

The arithmetic of :func:`sroi.find_double_counting` and of a :class:`sroi.consolidation.\
Consolidation`, kept at the bottom of the house because it needs only dates, periods and hours:
each counted placement is reduced to a :class:`Stint`, stints are grouped per candidate, and
:func:`double_counting` finds the days on which a candidate's stints on two or more contracts add
up to more than full time.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from sroi.period import Period

__all__ = [
    "CandidateKey",
    "DoubleCounting",
    "OverlapPeriod",
    "Stint",
    "double_counting",
    "overlaps",
]

CandidateKey = tuple[str, dt.date, str]
"""The same candidate: initials (letters only, upper case), birth date and target group."""

_ZERO = Decimal(0)
_DAY = dt.timedelta(days=1)


@attrs.frozen
class OverlapPeriod:
    """Consecutive days on which one candidate counts more than full time on several contracts."""

    period: Period
    """The days, both ends included."""
    hours_per_week: Decimal
    """The hours per week of the overlapping placements added up."""
    items: tuple[tuple[str, str], ...]
    """The ``(contract number, item id)`` pairs that overlap on these days."""

    @property
    def days(self) -> int:
        """The number of days."""
        return self.period.days


@attrs.frozen
class DoubleCounting:
    """A candidate placed on several contracts at once for more than full time in total."""

    initials: str
    """The candidate's initials as first recorded."""
    birth_date: dt.date
    """The candidate's birth date."""
    target_group: str
    """The candidate's target group."""
    contracts: tuple[str, ...]
    """The contract numbers involved, sorted."""
    items: tuple[tuple[str, str], ...]
    """The ``(contract number, item id)`` pairs involved, sorted."""
    periods: tuple[OverlapPeriod, ...]
    """The overlapping days, as periods in date order."""

    @property
    def days(self) -> int:
        """The number of days counted more than full time."""
        return sum(period.days for period in self.periods)


@attrs.frozen
class Stint:
    """What double counting needs of one counted placement (not the placement itself)."""

    contract: str
    """The contract number."""
    item_id: str
    """The placement's item id."""
    initials: str
    """The candidate's initials as recorded."""
    active: Period
    """The days the placement is active (cut at an early exit)."""
    hours: Decimal
    """Its hours per week."""


def overlaps(stints: Sequence[Stint], full_time_hours: Decimal) -> list[OverlapPeriod]:
    """The days one candidate's stints on two or more contracts exceed full time, as periods."""
    bounds = sorted({s.active.first for s in stints} | {s.active.last + _DAY for s in stints})
    periods: list[OverlapPeriod] = []
    for first, following in itertools.pairwise(bounds):
        segment = Period(first, following - _DAY)
        active = [stint for stint in stints if segment.first in stint.active]
        hours = sum((stint.hours for stint in active), _ZERO)
        if len({stint.contract for stint in active}) < 2 or hours <= full_time_hours:
            continue
        ids = tuple(sorted((stint.contract, stint.item_id) for stint in active))
        previous = periods[-1] if periods else None
        if (
            previous is not None
            and previous.items == ids
            and previous.period.last + _DAY == segment.first
        ):
            periods[-1] = attrs.evolve(previous, period=Period(previous.period.first, segment.last))
        else:
            periods.append(OverlapPeriod(segment, hours, ids))
    return periods


def double_counting(
    groups: Mapping[CandidateKey, Sequence[Stint]], full_time_hours: Decimal
) -> tuple[DoubleCounting, ...]:
    """One :class:`DoubleCounting` per candidate with days over full time, by first day."""
    found = []
    for (_, birth_date, target_group), stints in groups.items():
        if len({stint.contract for stint in stints}) < 2:
            continue
        periods = overlaps(stints, full_time_hours)
        if periods:
            involved = sorted({pair for period in periods for pair in period.items})
            found.append(
                DoubleCounting(
                    initials=stints[0].initials,
                    birth_date=birth_date,
                    target_group=target_group,
                    contracts=tuple(sorted({c for c, _ in involved})),
                    items=tuple(involved),
                    periods=tuple(periods),
                )
            )
    return tuple(sorted(found, key=lambda d: (d.periods[0].period.first, d.initials)))
