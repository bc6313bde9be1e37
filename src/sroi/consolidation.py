"""Consolidation: many contracts' fulfilment reports added up, and double counting found.

:func:`consolidate` adds reports up by buyer, contractor, region, contract or any key the caller
gives, and flags candidates counted more than full time on several contracts at once
(:func:`find_double_counting`). Both are pure: they read only the reports and placements given.

For a portfolio too large to hold in memory, :class:`Consolidation` does the same work one report
at a time: :meth:`Consolidation.add` folds a report into per-group running sums and keeps only
what double counting needs of its placements, so the report itself can be dropped;
:meth:`Consolidation.result` gives the :class:`ConsolidatedReport`. :func:`consolidate` is that
accumulator over all reports (it also keeps the reports themselves, for the detailed views)::

    consolidation = Consolidation(by="region")
    for report in reports_read_one_by_one:
        consolidation.add(report)
    totals = consolidation.result()   # totals.reports == () unless keep_reports=True
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Literal

import attrs

from sroi._double_counting import (
    CandidateKey,
    DoubleCounting,
    OverlapPeriod,
    Stint,
    double_counting,
)
from sroi._repr import count
from sroi._seams import html
from sroi._tally import Amounts, is_collection, one_of, percentage, sum_amounts
from sroi.exceptions import InvalidValueError, ValidationError
from sroi.fulfilment import FulfilmentReport
from sroi.model import Contract, Placement
from sroi.ruleset import Route
from sroi.states import MomentState, Standing

__all__ = [
    "ConsolidatedReport",
    "Consolidation",
    "DoubleCounting",
    "GroupKey",
    "GroupTotals",
    "MomentSummary",
    "OverlapPeriod",
    "consolidate",
    "find_double_counting",
]

_ZERO = Decimal(0)
_NONE = "(none)"

GroupKey = Literal["buyer", "contractor", "region", "contract"]
"""The built-in ways to group contracts."""


def _key_function(
    by: GroupKey | Callable[[Contract], str],
) -> Callable[[FulfilmentReport], str]:
    if callable(by):
        return lambda report: by(report.contract)
    if by == "buyer":
        return lambda r: r.contract.buyer.name if r.contract.buyer is not None else _NONE
    if by == "contractor":
        return lambda r: r.contract.contractor.name
    if by == "region":
        return lambda r: r.contract.region or r.rules.region
    if by == "contract":
        return lambda r: r.contract.number
    raise InvalidValueError(
        "by", by, "'buyer', 'contractor', 'region', 'contract' or a function of the contract"
    )


@attrs.frozen
class MomentSummary:
    """How many contracts of a group stand where at their latest reached measurement moment."""

    ahead: int = 0
    """Contracts ahead."""
    on_track: int = 0
    """Contracts on track."""
    behind: int = 0
    """Contracts behind."""
    not_yet_measured: int = 0
    """Contracts whose first moment is after the report date."""


@attrs.frozen
class GroupTotals:
    """The totals of a group of contracts: each is the sum of its contracts' amounts."""

    key: str
    """The group's key (a buyer's name, a contractor's name, a region code ...)."""
    contracts: tuple[str, ...]
    """The contract numbers in the group, in report order."""
    obligation: Decimal
    """Sum of the contracts' obligations."""
    amounts: Amounts
    """Sum of the contracts' realised, pending and forecast amounts."""
    by_route: Mapping[Route, Amounts]
    """Sum per route."""
    remaining: Decimal
    """Sum of the contracts' remaining obligations (each at least zero)."""
    moments: MomentSummary
    """Where the contracts stand at their latest reached moment."""
    behind: tuple[str, ...]
    """Numbers of the contracts behind at their latest reached moment."""

    @property
    def realised_percentage(self) -> Decimal | None:
        """Realised as a percentage of the group's obligation, rounded to 0.1."""
        return percentage(self.amounts.realised, self.obligation)

    @property
    def forecast_percentage(self) -> Decimal | None:
        """Forecast as a percentage of the group's obligation, rounded to 0.1."""
        return percentage(self.amounts.forecast, self.obligation)


@attrs.frozen
class _Summary:
    """What consolidation needs of one report, computed once (its lines are read once)."""

    number: str
    obligation: Decimal
    by_route: dict[Route, Amounts]
    totals: Amounts
    remaining: Decimal
    state: MomentState

    @classmethod
    def of(cls, report: FulfilmentReport) -> _Summary:
        by_route = {route: Amounts() for route in Route}
        for line in report.lines:
            by_route[line.route] = by_route[line.route] + line.amounts
        totals = sum_amounts(by_route[route] for route in Route)
        last = report.last_reached_moment
        return cls(
            number=report.contract.number,
            obligation=report.obligation.amount,
            by_route=by_route,
            totals=totals,
            remaining=max(_ZERO, report.obligation.amount - totals.realised),
            state=last.state if last is not None else MomentState.NOT_YET_REACHED,
        )


@attrs.define
class _Group:
    """A group's running sums: one contract is added at a time, nothing else is kept."""

    contracts: list[str] = attrs.field(factory=list)
    obligation: Decimal = _ZERO
    by_route: dict[Route, Amounts] = attrs.field(factory=lambda: dict.fromkeys(Route, Amounts()))
    remaining: Decimal = _ZERO
    counts: dict[MomentState, int] = attrs.field(factory=lambda: dict.fromkeys(MomentState, 0))
    behind: list[str] = attrs.field(factory=list)

    def add(self, summary: _Summary) -> None:
        self.contracts.append(summary.number)
        self.obligation += summary.obligation
        for route in Route:
            self.by_route[route] = self.by_route[route] + summary.by_route[route]
        self.remaining += summary.remaining
        self.counts[summary.state] += 1
        if summary.state is MomentState.BEHIND:
            self.behind.append(summary.number)

    def totals(self, key: str) -> GroupTotals:
        return GroupTotals(
            key=key,
            contracts=tuple(self.contracts),
            obligation=self.obligation,
            amounts=sum_amounts(self.by_route[route] for route in Route),
            by_route=dict(self.by_route),
            remaining=self.remaining,
            moments=MomentSummary(
                self.counts[MomentState.AHEAD],
                self.counts[MomentState.ON_TRACK],
                self.counts[MomentState.BEHIND],
                self.counts[MomentState.NOT_YET_REACHED],
            ),
            behind=tuple(self.behind),
        )


def _candidate_key(placement: Placement) -> CandidateKey:
    letters = "".join(ch for ch in placement.candidate.initials.upper() if ch.isalpha())
    return letters, placement.candidate.birth_date, placement.candidate.target_group


def _stint(contract: str, item_id: str, placement: Placement) -> Stint:
    return Stint(
        contract, item_id, placement.candidate.initials, placement.active_period,
        placement.hours_per_week,
    )  # fmt: skip


def find_double_counting(
    placements: Iterable[tuple[str, str, Placement]], full_time_hours: Decimal
) -> tuple[DoubleCounting, ...]:
    """Find candidates counted more than full time on several contracts on the same days.

    The same candidate is the same initials (letters only, case ignored), birth date and target
    group. A day is flagged when the candidate's active placements on that day (cut at an early
    exit) are on two or more contracts and their hours per week add up to more than
    ``full_time_hours``. Flagged days are reported as periods of consecutive days with the same
    placements.

    Args:
        placements: ``(contract number, item id, placement)`` for every placement that counts.
        full_time_hours: the hours per week that make full time.

    Returns:
        One :class:`DoubleCounting` per candidate with flagged days, sorted by the first day.
    """
    hours: object = full_time_hours
    if not isinstance(hours, (Decimal, int)) or isinstance(hours, bool):
        raise InvalidValueError("full_time_hours", full_time_hours, "a Decimal number of hours")
    if not is_collection(placements, Iterable):
        raise InvalidValueError("placements", placements, "(contract, item id, Placement) tuples")
    groups: dict[CandidateKey, list[Stint]] = {}
    for index, entry in enumerate(list(placements)):
        if not (isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[2], Placement)):
            raise InvalidValueError(
                f"placements[{index}]", entry, "a (contract number, item id, Placement) tuple"
            )
        contract, item_id, placement = entry
        groups.setdefault(_candidate_key(placement), []).append(
            _stint(contract, item_id, placement)
        )
    return double_counting(groups, full_time_hours)


@attrs.frozen
class ConsolidatedReport:
    """Consolidated fulfilment of many contracts at one date, grouped by a key."""

    at: dt.date
    """The report date shared by every report."""
    as_of: dt.date
    """The knowledge date shared by every report."""
    reports: tuple[FulfilmentReport, ...]
    """The contracts' reports, in the order given (empty when a :class:`Consolidation` was asked
    not to keep them)."""
    groups: tuple[GroupTotals, ...]
    """The groups, sorted by key."""
    total: GroupTotals
    """All contracts together (key ``"total"``)."""
    double_counting: tuple[DoubleCounting, ...]
    """Candidates counted more than full time on several contracts at once."""

    def group(self, key: str) -> GroupTotals:
        """The group with ``key``.

        Raises:
            InvalidValueError: when there is no such group (the message lists the keys).
        """
        return one_of(
            self.groups, _group_key, key, field="key", what="one of the groups", shown=repr
        )

    def __repr__(self) -> str:
        """One line: the dates, how many contracts and groups, realised against the obligation."""
        share = (
            "-" if self.total.realised_percentage is None else f"{self.total.realised_percentage}%"
        )
        return (
            f"<ConsolidatedReport at {self.at.isoformat()} as of {self.as_of.isoformat()}: "
            f"{count(len(self.total.contracts), 'contract')} in "
            f"{count(len(self.groups), 'group')}, "
            f"realised {self.total.amounts.realised} of {self.total.obligation} ({share})>"
        )

    def _repr_html_(self) -> str:
        """The totals as HTML, for notebooks (see :func:`sroi.formatting.consolidated_html`).

        Rendered through the seam :func:`sroi._seams.html`, which :mod:`sroi.formatting` fills in.
        """
        return html(self)


class Consolidation:
    """Reports added up one at a time, in constant memory per contract: a streaming consolidate.

    Each :meth:`add` folds one report into its group's running sums and the total, and keeps of
    its placements only what double counting needs; the report itself is not kept unless
    ``keep_reports`` is set. :meth:`result` gives the same :class:`ConsolidatedReport` as
    :func:`consolidate` over the reports in the order they were added.

    Args:
        by: ``"buyer"``, ``"contractor"``, ``"region"``, ``"contract"`` or a function that gives a
            contract's group key. Contracts without a buyer group under ``"(none)"``.
        full_time_hours: full time for double counting; default the smallest full-time hours of
            the added reports' rule sets (so a mix of regions flags rather than misses).
        keep_reports: whether the result lists the reports themselves (its ``reports``).

    Raises:
        InvalidValueError: when ``by`` is none of the keys nor a function.
    """

    def __init__(
        self,
        *,
        by: GroupKey | Callable[[Contract], str] = "contractor",
        full_time_hours: decimal.Decimal | None = None,  # spelled out for the API page
        keep_reports: bool = False,
    ) -> None:
        self._key_of = _key_function(by)
        self._full_time_hours = full_time_hours
        self._smallest_full_time: Decimal | None = None
        self._keep = keep_reports
        self._reports: list[FulfilmentReport] = []
        self._dates: tuple[dt.date, dt.date] | None = None
        self._numbers: set[str] = set()
        self._errors: list[InvalidValueError] = []
        self._groups: dict[str, _Group] = {}
        self._total = _Group()
        self._stints: dict[CandidateKey, list[Stint]] = {}
        self._added = 0

    def add(self, report: FulfilmentReport) -> Consolidation:
        """Fold ``report`` in; returns the accumulator, so calls can be chained.

        A report whose date or as-of date differs from the first report's, or whose contract
        number repeats, is remembered as an error for :meth:`result` (so every misfit is listed)
        and not counted.

        Raises:
            InvalidValueError: when ``report`` is not a :class:`~sroi.FulfilmentReport`.
        """
        index = self._added
        if not isinstance(report, FulfilmentReport):
            raise InvalidValueError(f"reports[{index}]", report, "a FulfilmentReport")
        self._added += 1
        if self._dates is None:
            self._dates = (report.at, report.as_of)
        at, as_of = self._dates
        errors = []
        if report.at != at:
            errors.append(InvalidValueError(f"reports[{index}].at", report.at, f"{at}"))
        if report.as_of != as_of:
            errors.append(InvalidValueError(f"reports[{index}].as_of", report.as_of, f"{as_of}"))
        number = report.contract.number
        if number in self._numbers:
            field = f"reports[{index}].contract.number"
            errors.append(InvalidValueError(field, number, "a unique number"))
        self._numbers.add(number)
        if errors:
            self._errors += errors
            return self
        summary = _Summary.of(report)
        self._groups.setdefault(self._key_of(report), _Group()).add(summary)
        self._total.add(summary)
        full_time = report.rules.full_time_hours.value
        if self._smallest_full_time is None or full_time < self._smallest_full_time:
            self._smallest_full_time = full_time
        for line in report.lines:
            if isinstance(line.item, Placement) and line.standing is not Standing.NOT_COUNTED:
                self._stints.setdefault(_candidate_key(line.item), []).append(
                    _stint(number, line.item_id, line.item)
                )
        if self._keep:
            self._reports.append(report)
        return self

    def result(self) -> ConsolidatedReport:
        """The consolidated report of every report added so far.

        Raises:
            InvalidValueError: when no report was added.
            ValidationError: listing every added report whose date, as-of date or contract
                number did not fit.
        """
        if self._dates is None:
            raise InvalidValueError("reports", (), "at least one report")
        if self._errors:
            raise ValidationError(self._errors)
        full_time = self._full_time_hours
        if full_time is None:
            assert self._smallest_full_time is not None  # one report was counted
            full_time = self._smallest_full_time
        at, as_of = self._dates
        return ConsolidatedReport(
            at=at,
            as_of=as_of,
            reports=tuple(self._reports),
            groups=tuple(self._groups[key].totals(key) for key in sorted(self._groups)),
            total=self._total.totals("total"),
            double_counting=double_counting(self._stints, full_time),
        )


def _group_key(group: GroupTotals) -> str:
    return group.key


def consolidate(
    reports: Iterable[FulfilmentReport],
    *,
    by: GroupKey | Callable[[Contract], str] = "contractor",
    full_time_hours: Decimal | None = None,
) -> ConsolidatedReport:
    """Add up many contracts' reports, grouped by ``by``, and flag double counting.

    A :class:`Consolidation` over all ``reports`` that keeps the reports in the result.

    Args:
        reports: one report per contract, all at the same date and as known on the same date.
        by: ``"buyer"``, ``"contractor"``, ``"region"``, ``"contract"`` or a function that gives a
            contract's group key. Contracts without a buyer group under ``"(none)"``.
        full_time_hours: full time for double counting; default the smallest full-time hours of
            the reports' rule sets (so a mix of regions flags rather than misses).

    Raises:
        ValidationError: listing every report whose date, as-of date or contract number does not
            fit (dates differ from the first report's, or a contract number repeats).
    """
    if not is_collection(reports, Iterable):
        raise InvalidValueError("reports", reports, "an iterable of FulfilmentReports")
    chosen = tuple(reports)
    for index, report in enumerate(chosen):
        if not isinstance(report, FulfilmentReport):
            raise InvalidValueError(f"reports[{index}]", report, "a FulfilmentReport")
    consolidation = Consolidation(by=by, full_time_hours=full_time_hours, keep_reports=True)
    for report in chosen:
        consolidation.add(report)
    return consolidation.result()
