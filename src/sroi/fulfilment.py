"""Fulfilment monitoring: what is owed, delivered and coming, and are we on track.

For one contract, :func:`fulfilment_report` answers at a date ``at`` (D), as known on ``as_of`` (K):

* the obligation after the region's adjustments (with the contract value in force on D);
* **realised** (approved items counted through D), **pending** (proposed items not yet reviewed,
  counted through D) and **forecast** (approved and pending items over their whole agreed periods,
  within caps), in total, by route and by building block;
* the percentage of the obligation realised and forecast, and what remains;
* every measurement moment with its date, target, what was realised through that day and a status.

For many contracts, :func:`consolidate` adds reports up by buyer, contractor, region or any key
the caller gives, and flags candidates counted more than full time on several contracts at once
(:func:`find_double_counting`).

The core (:func:`fulfilment_report`, :func:`consolidate`, :func:`find_double_counting`) is pure:
the rule set is passed in, nothing is looked up or read. :func:`report` is the thin adapter from a
contract's lifecycle (:mod:`sroi.lifecycle`), and may look the region's rules up when none are
given.

**What counts (product decisions).** Realised counts approved items, pending counts proposed items
not yet reviewed; an item sent back for changes has been reviewed and counts nowhere until it is
resubmitted; rejected and withdrawn items never count. Items are valued over their own agreed
periods (within the block's cap), not cut at the end of the contract's term. Each line item is
rounded to cents; totals are sums of rounded lines; percentages are rounded to 0.1, half up.

**Measurement-moment status (a product decision).** A moment whose date is on or before D is
*reached*. Its target is the obligation in force on the moment's date × the moment's fraction,
rounded to cents half up; *realised* is the value of the approved items counted through the
moment's date. The status of a reached moment is

* ``behind`` when realised < target;
* ``ahead`` when realised already reaches the *next* moment's target (for the last moment: the
  obligation) and that next target is higher than this one;
* ``on track`` otherwise (so meeting the full obligation at the 100% moment is on track).

A moment after D is ``not yet reached``; it still shows its target and the forecast counted
through its date, as known on K.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal, Protocol

import attrs

from sroi._repr import count
from sroi.engine import (
    ItemSchedule,
    MeasurementMoment,
    ObligationValuation,
    Valuation,
    measurement_moments,
    obligation,
    schedule,
    warn_unverified,
)
from sroi.exceptions import InvalidValueError, ValidationError
from sroi.explanation import Explanation, explain_report
from sroi.formatting import consolidated_html, report_html
from sroi.lifecycle import ContractHistory, ContractState, ReviewStatus, state
from sroi.model import Contract, Item, Placement, SocialPurchase
from sroi.money import cents_half_up, from_cents, round_cents
from sroi.period import Period
from sroi.registry import obligation_for, rules_for
from sroi.ruleset import Provenance, Route, RuleSet
from sroi.states import Measure, MomentState, Standing

__all__ = [
    "Amounts",
    "ConsolidatedReport",
    "DoubleCounting",
    "FulfilmentReport",
    "GroupTotals",
    "Measure",
    "MomentState",
    "MomentStatus",
    "MomentSummary",
    "OverlapPeriod",
    "ReportLine",
    "ReviewedItem",
    "Standing",
    "consolidate",
    "find_double_counting",
    "fulfilment_report",
    "report",
    "standing_of",
]

_ZERO = Decimal(0)


class ReviewedItem(Protocol):
    """What the core needs of an item: its id, review status and data.

    :class:`sroi.lifecycle.ItemRecord` (an item of a contract's state) is one. An object that also
    has a ``proposed_on`` date is left out of a report as known before that day.
    """

    @property
    def item_id(self) -> str:
        """The item's id, unique within its contract (``"P1"``, ``"S1"``, ``"R1"`` ...)."""
        ...  # pragma: no cover - a protocol

    @property
    def status(self) -> ReviewStatus:
        """The review status as known on the report's as-of date."""
        ...  # pragma: no cover - a protocol

    @property
    def item(self) -> Item:
        """The placement, purchase or project."""
        ...  # pragma: no cover - a protocol


_STANDING = {
    ReviewStatus.APPROVED: Standing.APPROVED,
    ReviewStatus.PROPOSED: Standing.PENDING,
    ReviewStatus.REJECTED: Standing.NOT_COUNTED,
    ReviewStatus.CHANGES_REQUESTED: Standing.NOT_COUNTED,
    ReviewStatus.WITHDRAWN: Standing.NOT_COUNTED,
}


def standing_of(status: ReviewStatus) -> Standing:
    """How an item with review ``status`` counts: approved, pending or not at all.

    Pending means *proposed and not yet reviewed* (the conventions). An item sent back for changes
    has been reviewed and does not count until the contractor resubmits it.

    Raises:
        InvalidValueError: when ``status`` is not a :class:`~sroi.lifecycle.ReviewStatus`.
    """
    standing = _STANDING.get(status) if isinstance(status, ReviewStatus) else None
    if standing is None:
        raise InvalidValueError("status", status, "a ReviewStatus")
    return standing


@attrs.frozen
class Amounts:
    """Realised, pending and forecast amounts, each a sum of rounded line items."""

    realised: Decimal = _ZERO
    """Approved items counted through the report date."""
    pending: Decimal = _ZERO
    """Proposed items not yet reviewed, counted through the report date."""
    forecast: Decimal = _ZERO
    """Approved and pending items over their whole agreed periods."""

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(
            self.realised + other.realised,
            self.pending + other.pending,
            self.forecast + other.forecast,
        )


@attrs.frozen
class ReportLine:
    """One item in a report, its amounts, and the valuations that count it.

    The amounts come from the item's value schedule; the full :class:`~sroi.engine.Valuation` s
    (:attr:`realised`, :attr:`pending`, :attr:`forecast`) are built only when asked for, for an
    explanation or a detailed view.
    """

    item_id: str
    """The item's id."""
    status: ReviewStatus
    """Its review status as known on the as-of date."""
    standing: Standing
    """How it counts."""
    item: Item
    """The placement, purchase or project."""
    route: Route
    """Candidate, purchase or project."""
    block: str
    """The building block (or purchase category) code."""
    amounts: Amounts
    """The line's realised, pending and forecast amounts (zero where it does not count)."""
    at: dt.date
    """The report date: realised and pending count through this day."""
    _schedule: ItemSchedule | None = attrs.field(
        default=None, alias="schedule", eq=False, repr=False
    )
    _built: dict[str, Valuation] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    def _valuation(self, which: str, window: Period | None) -> Valuation | None:
        if self._schedule is None:
            return None
        if which not in self._built:
            self._built[which] = self._schedule.valuation(window)
        return self._built[which]

    @property
    def unverified(self) -> Mapping[str, Provenance]:
        """The rule values this line counts with that are not verified, by key, in key order.

        Taken from the item's value schedule, so no valuation is built; empty when the line
        counts nowhere.
        """
        keys = () if self._schedule is None else self._schedule.unverified
        if not keys:
            return {}
        assert self._schedule is not None
        provenances = dict(self._schedule.rules.provenances())
        return {key: provenances[key] for key in sorted(keys)}

    def value_through(self, day: dt.date) -> Decimal:
        """The line's value counted through ``day`` (rounded to cents); zero if it counts nowhere.

        Answered from the item's value schedule, so a chart can ask for many days cheaply.
        """
        if self._schedule is None:
            return _ZERO
        return from_cents(self._schedule.cents(None, day.toordinal()))

    @property
    def realised(self) -> Valuation | None:
        """Value counted through the report date, when approved."""
        if self.standing is not Standing.APPROVED:
            return None
        return self._valuation("through", _through(self.item, self.at))

    @property
    def pending(self) -> Valuation | None:
        """Value counted through the report date, when pending."""
        if self.standing is not Standing.PENDING:
            return None
        return self._valuation("through", _through(self.item, self.at))

    @property
    def forecast(self) -> Valuation | None:
        """Value over the whole agreed period, when approved or pending."""
        return self._valuation("whole", None)


@attrs.frozen
class MomentStatus:
    """A measurement moment in a report: date, target, realised value and status."""

    fraction: Decimal
    """The fraction of the term."""
    date: dt.date
    """The moment's date."""
    obligation: ObligationValuation
    """The obligation in force on the moment's date, with its parts."""
    target: Decimal
    """Obligation × fraction, rounded to cents half up."""
    next_target: Decimal
    """The next moment's target (the obligation for the last moment)."""
    realised: Decimal | None
    """Approved items counted through the moment's date; None when not yet reached."""
    forecast: Decimal
    """Approved and pending items counted through the moment's date, as known now."""
    state: MomentState
    """Ahead, on track, behind or not yet reached."""

    @property
    def reached(self) -> bool:
        """Whether the moment's date is on or before the report date."""
        return self.state is not MomentState.NOT_YET_REACHED


def _percentage(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole`` in percent, rounded to 0.1 half up from its exact value."""
    if whole == 0:
        return None
    share = Fraction(part) * 1000 / Fraction(whole)  # in tenths of a percent
    tenths = cents_half_up(share.numerator, share.denominator * 100)
    return Decimal(tenths).scaleb(-1)


def _sum(amounts: Iterable[Amounts]) -> Amounts:
    total = Amounts()
    for amount in amounts:
        total = total + amount
    return total


@attrs.frozen
class FulfilmentReport:
    """The fulfilment of one contract at a date, as known on another date."""

    contract: Contract
    """The contract, as known on the as-of date."""
    rules: RuleSet
    """The rule set the contract is valued with."""
    at: dt.date
    """The report date D: realised and pending count through this day."""
    as_of: dt.date
    """The date K whose knowledge the report uses."""
    obligation: ObligationValuation
    """The obligation with the contract value in force on D."""
    lines: tuple[ReportLine, ...]
    """Every item known on K, in the order given, with how it counts."""
    moments: tuple[MomentStatus, ...]
    """Every measurement moment, in date order."""

    @property
    def totals(self) -> Amounts:
        """Realised, pending and forecast over all lines."""
        return _sum(line.amounts for line in self.lines)

    @property
    def by_route(self) -> Mapping[Route, Amounts]:
        """Amounts per route; every route is present (zero when unused)."""
        return {
            route: _sum(line.amounts for line in self.lines if line.route is route)
            for route in Route
        }

    @property
    def by_block(self) -> Mapping[str, Amounts]:
        """Amounts per building block code, for the blocks that occur, sorted by code."""
        blocks = sorted({line.block for line in self.lines})
        return {
            block: _sum(line.amounts for line in self.lines if line.block == block)
            for block in blocks
        }

    @property
    def realised_percentage(self) -> Decimal | None:
        """Realised as a percentage of the obligation, rounded to 0.1; None if it is zero."""
        return _percentage(self.totals.realised, self.obligation.amount)

    @property
    def forecast_percentage(self) -> Decimal | None:
        """Forecast as a percentage of the obligation, rounded to 0.1; None if it is zero."""
        return _percentage(self.totals.forecast, self.obligation.amount)

    @property
    def remaining(self) -> Decimal:
        """What is still to be delivered: obligation − realised, never below zero."""
        return max(_ZERO, self.obligation.amount - self.totals.realised)

    @property
    def remaining_after_forecast(self) -> Decimal:
        """What no approved or pending item covers yet: obligation − forecast, at least zero."""
        return max(_ZERO, self.obligation.amount - self.totals.forecast)

    @property
    def last_reached_moment(self) -> MomentStatus | None:
        """The latest measurement moment on or before D, if any."""
        reached = [moment for moment in self.moments if moment.reached]
        return reached[-1] if reached else None

    def line(self, item_id: str) -> ReportLine:
        """The line of item ``item_id``.

        Raises:
            InvalidValueError: when no line has that id (the message lists the ids).
        """
        for line in self.lines:
            if line.item_id == item_id:
                return line
        known = ", ".join(line.item_id for line in self.lines) or "(none)"
        raise InvalidValueError("item_id", item_id, f"one of the report's items: {known}")

    def explain(
        self,
        what: Literal["obligation", "realised", "pending", "forecast", "remaining", "target"],
        *,
        item_id: str | None = None,
        route: Route | None = None,
        block: str | None = None,
        moment: int | None = None,
    ) -> Explanation:
        """Explain one amount of this report (see :func:`sroi.explanation.explain_report`)."""
        return explain_report(self, what, item_id=item_id, route=route, block=block, moment=moment)

    def __repr__(self) -> str:
        """One line: the contract, the dates, realised against the obligation, the items."""
        share = "-" if self.realised_percentage is None else f"{self.realised_percentage}%"
        return (
            f"<FulfilmentReport {self.contract.number!r} at {self.at.isoformat()} "
            f"as of {self.as_of.isoformat()}: realised {self.totals.realised} of "
            f"{self.obligation.amount} ({share}), {count(len(self.lines), 'item')}, "
            f"rules {self.rules.region} {self.rules.version!r}>"
        )

    def _repr_html_(self) -> str:
        """The report as HTML, for notebooks (see :func:`sroi.formatting.report_html`)."""
        return report_html(self)


def _collection(value: object, kind: type) -> bool:
    """Whether ``value`` is a ``kind`` (Sequence, Iterable) of items rather than text."""
    return isinstance(value, kind) and not isinstance(value, (str, bytes))


def _known(record: ReviewedItem, as_of: dt.date) -> bool:
    proposed_on = getattr(record, "proposed_on", None)
    return not isinstance(proposed_on, dt.date) or proposed_on <= as_of


def _first_day(item: Item) -> dt.date:
    if isinstance(item, Placement):
        return item.period.first
    if isinstance(item, SocialPurchase):
        return item.invoice_date
    return item.period.first


def _through(item: Item, day: dt.date) -> Period:
    """The window "everything up to and including ``day``" for an item."""
    return Period(min(_first_day(item), day), day)


def _state(realised: Decimal, target: Decimal, next_target: Decimal) -> MomentState:
    if realised < target:
        return MomentState.BEHIND
    if next_target > target and realised >= next_target:
        return MomentState.AHEAD
    return MomentState.ON_TRACK


def fulfilment_report(
    contract: Contract,
    items: Sequence[ReviewedItem],
    rules: RuleSet,
    *,
    at: dt.date | None = None,
    as_of: dt.date | None = None,
    contract_value_on: Callable[[dt.date], Decimal] | None = None,
    contract_on: Callable[[dt.date], Contract] | None = None,
    obligation_of: Callable[[Contract, RuleSet], ObligationValuation] | None = None,
    warn: bool = True,
) -> FulfilmentReport:
    """The fulfilment of ``contract`` at ``at`` (D), as known on ``as_of`` (K).

    Args:
        contract: the contract as known on K.
        items: the contract's items with their review status as known on K (for instance the
            ``items`` of :func:`sroi.lifecycle.state`). An item with a ``proposed_on`` after K is
            left out, as if it did not exist yet.
        rules: the rule set the contract is valued with (chosen by the caller).
        at: the report date D; default today.
        as_of: the knowledge date K; default today.
        contract_value_on: the contract value excl. VAT in force on a date, when it changes
            during the term; default the contract's own value.
        contract_on: the whole contract in force on a date (value, percentage, adjustments,
            term, measurement moments), when amendments change it; default ``contract``. The
            report uses the contract in force on D, and each moment's target the obligation of
            the contract in force on the moment's date.
        obligation_of: how to compute an obligation from a contract and the rules; default
            :func:`sroi.obligation` (pass :func:`sroi.obligation_for` to apply a region's own
            obligation logic).
        warn: whether to warn about rule values that are not verified.

    Raises:
        InvalidValueError: when two items share an id, a block is of the wrong route, or the
            obligation cannot be computed (no contract value or percentage).
        UnknownBlockError: when an item's block is not in ``rules``.
    """
    if not isinstance(contract, Contract):
        raise InvalidValueError("contract", contract, "a Contract")
    if not isinstance(rules, RuleSet):
        raise InvalidValueError("rules", rules, "a RuleSet (see sroi.rules)")
    if not _collection(items, Sequence):
        raise InvalidValueError("items", items, "a sequence of reviewed items")
    for index, record in enumerate(items):
        if not all(hasattr(record, name) for name in ("item_id", "status", "item")):
            raise InvalidValueError(
                f"items[{index}]", record, "a reviewed item with item_id, status and item"
            )
    today = dt.date.today()
    at = today if at is None else at
    as_of = today if as_of is None else as_of
    for name, day in (("at", at), ("as_of", as_of)):
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise InvalidValueError(name, day, "a calendar date (datetime.date, no time)")

    def contract_in_force(day: dt.date) -> Contract:
        found = contract_on(day) if contract_on is not None else contract
        if contract_value_on is not None:
            found = attrs.evolve(found, value_excl_vat=contract_value_on(day))
        return found

    computed: list[tuple[Contract, ObligationValuation]] = []

    def obligation_on(day: dt.date) -> ObligationValuation:
        in_force = contract_in_force(day)
        for known_contract, known_obligation in computed:
            if known_contract is in_force or known_contract == in_force:
                return known_obligation
        if obligation_of is not None:
            owed = obligation_of(in_force, rules)
        else:
            owed = obligation(in_force, rules, warn=warn)
        computed.append((in_force, owed))
        return owed

    current = contract_in_force(at)
    known = [record for record in items if _known(record, as_of)]
    seen: set[str] = set()
    for index, record in enumerate(known):
        if record.item_id in seen:
            raise InvalidValueError(f"items[{index}].item_id", record.item_id, "a unique id")
        seen.add(record.item_id)

    fractions = current.measurement_fractions or rules.measurement_fractions
    dates = measurement_moments(current.term, fractions)
    at_day = at.toordinal()
    moment_days = [moment.date.toordinal() for moment in dates]
    realised_at = [0] * len(dates)
    forecast_at = [0] * len(dates)
    unverified: dict[str, None] = {}
    lines = []
    for record in known:
        standing = standing_of(record.status)
        item = record.item
        plan: ItemSchedule | None = None
        amounts = Amounts()
        if standing is not Standing.NOT_COUNTED:
            plan = schedule(item, rules)
            unverified.update(dict.fromkeys(plan.unverified))
            through = from_cents(plan.cents(None, at_day))
            whole = from_cents(plan.cents())
            if standing is Standing.APPROVED:
                amounts = Amounts(realised=through, forecast=whole)
            else:
                amounts = Amounts(pending=through, forecast=whole)
            for index, moment_day in enumerate(moment_days):
                cents = plan.cents(None, moment_day)
                forecast_at[index] += cents
                if standing is Standing.APPROVED:
                    realised_at[index] += cents
            block = plan.block.code
            route = plan.block.route
        else:
            block = item.category if isinstance(item, SocialPurchase) else item.block
            route = rules.block(block).route
        lines.append(
            ReportLine(
                item_id=record.item_id,
                status=record.status,
                standing=standing,
                item=item,
                route=route,
                block=block,
                amounts=amounts,
                at=at,
                schedule=plan,
            )
        )
    if warn:
        warn_unverified(rules, unverified)

    moments = _moment_statuses(
        dates=dates,
        at=at,
        obligation_on=obligation_on,
        realised=[from_cents(cents) for cents in realised_at],
        forecast=[from_cents(cents) for cents in forecast_at],
    )
    return FulfilmentReport(
        contract=current,
        rules=rules,
        at=at,
        as_of=as_of,
        obligation=obligation_on(at),
        lines=tuple(lines),
        moments=moments,
    )


def _moment_statuses(
    *,
    dates: Sequence[MeasurementMoment],
    at: dt.date,
    obligation_on: Callable[[dt.date], ObligationValuation],
    realised: Sequence[Decimal],
    forecast: Sequence[Decimal],
) -> tuple[MomentStatus, ...]:
    obligations = [obligation_on(moment.date) for moment in dates]
    targets = [
        round_cents(Fraction(owed.amount) * Fraction(moment.fraction))
        for owed, moment in zip(obligations, dates, strict=True)
    ]
    result = []
    for index, moment in enumerate(dates):
        target = targets[index]
        next_target = targets[index + 1] if index + 1 < len(dates) else obligations[index].amount
        reached = moment.date <= at
        result.append(
            MomentStatus(
                fraction=moment.fraction,
                date=moment.date,
                obligation=obligations[index],
                target=target,
                next_target=next_target,
                realised=realised[index] if reached else None,
                forecast=forecast[index],
                state=_state(realised[index], target, next_target)
                if reached
                else MomentState.NOT_YET_REACHED,
            )
        )
    return tuple(result)


def report(
    source: ContractHistory | ContractState,
    rules: RuleSet | None = None,
    *,
    at: dt.date | None = None,
    as_of: dt.date | None = None,
    warn: bool = True,
) -> FulfilmentReport:
    """The fulfilment of a contract from its lifecycle, at ``at`` as known on ``as_of``.

    A thin adapter over :func:`fulfilment_report`: it derives the contract's state as known on
    ``as_of`` (:func:`sroi.lifecycle.state`), uses the contract and its amendments in force on each
    day, and the items with their review status.

    Args:
        source: a contract's history (replayed as known on ``as_of``) or a state derived from it.
        rules: the rule set to value with. When None, the region's rules are looked up for the
            contract (:func:`sroi.rules_for`) and the obligation uses the region's own logic
            (:func:`sroi.obligation_for`).
        at: the report date D; default today.
        as_of: the knowledge date K; default today (or the state's own as-of date).
        warn: whether to warn about rule values that are not verified.

    Raises:
        InvalidValueError: when a state is given with another ``as_of`` than its own.
        LifecycleError: when ``as_of`` is before the contract was registered.
    """
    today = dt.date.today()
    if isinstance(source, ContractHistory):
        as_of = today if as_of is None else as_of
        known = state(source, as_of=as_of)
    elif isinstance(source, ContractState):
        if as_of is not None and source.as_of is not None and as_of != source.as_of:
            raise InvalidValueError(
                "as_of",
                as_of,
                f"the state's own as-of date ({source.as_of.isoformat()})",
                hint="pass the contract's history to report as known on another day",
            )
        as_of = as_of or source.as_of or today
        known = source
    else:
        raise InvalidValueError("source", source, "a ContractHistory or a ContractState")
    obligation_of: Callable[[Contract, RuleSet], ObligationValuation] | None = None
    if rules is None:
        rules = rules_for(known.contract)

        def obligation_of(contract: Contract, chosen: RuleSet) -> ObligationValuation:
            return obligation_for(contract, chosen, warn=warn)

    return fulfilment_report(
        known.contract,
        known.items,
        rules,
        at=today if at is None else at,
        as_of=as_of,
        contract_on=known.contract_on,
        obligation_of=obligation_of,
        warn=warn,
    )


# --- consolidation ---------------------------------------------------------------------------

GroupKey = Literal["buyer", "contractor", "region", "contract"]
_NONE = "(none)"


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
        return _percentage(self.amounts.realised, self.obligation)

    @property
    def forecast_percentage(self) -> Decimal | None:
        """Forecast as a percentage of the group's obligation, rounded to 0.1."""
        return _percentage(self.amounts.forecast, self.obligation)


@attrs.frozen
class _Summary:
    """What consolidation needs of one report, computed once (its lines are read once)."""

    by_route: Mapping[Route, Amounts]
    totals: Amounts
    remaining: Decimal
    state: MomentState

    @classmethod
    def of(cls, report: FulfilmentReport) -> _Summary:
        by_route = {route: Amounts() for route in Route}
        for line in report.lines:
            by_route[line.route] = by_route[line.route] + line.amounts
        totals = _sum(by_route[route] for route in Route)
        last = report.last_reached_moment
        return cls(
            by_route=by_route,
            totals=totals,
            remaining=max(_ZERO, report.obligation.amount - totals.realised),
            state=last.state if last is not None else MomentState.NOT_YET_REACHED,
        )


def _group(
    key: str, reports: Sequence[FulfilmentReport], summaries: Sequence[_Summary]
) -> GroupTotals:
    counts = dict.fromkeys(MomentState, 0)
    behind = []
    for report, summary in zip(reports, summaries, strict=True):
        counts[summary.state] += 1
        if summary.state is MomentState.BEHIND:
            behind.append(report.contract.number)
    return GroupTotals(
        key=key,
        contracts=tuple(report.contract.number for report in reports),
        obligation=sum((report.obligation.amount for report in reports), _ZERO),
        amounts=_sum(summary.totals for summary in summaries),
        by_route={route: _sum(summary.by_route[route] for summary in summaries) for route in Route},
        remaining=sum((summary.remaining for summary in summaries), _ZERO),
        moments=MomentSummary(
            counts[MomentState.AHEAD],
            counts[MomentState.ON_TRACK],
            counts[MomentState.BEHIND],
            counts[MomentState.NOT_YET_REACHED],
        ),
        behind=tuple(behind),
    )


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


def _candidate_key(placement: Placement) -> tuple[str, dt.date, str]:
    letters = "".join(ch for ch in placement.candidate.initials.upper() if ch.isalpha())
    return letters, placement.candidate.birth_date, placement.candidate.target_group


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
    if not _collection(placements, Iterable):
        raise InvalidValueError("placements", placements, "(contract, item id, Placement) tuples")
    entries_in = list(placements)
    for index, entry in enumerate(entries_in):
        if not (isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[2], Placement)):
            raise InvalidValueError(
                f"placements[{index}]", entry, "a (contract number, item id, Placement) tuple"
            )
    groups: dict[tuple[str, dt.date, str], list[tuple[str, str, Placement]]] = {}
    for contract, item_id, placement in entries_in:
        groups.setdefault(_candidate_key(placement), []).append((contract, item_id, placement))
    found = []
    for entries in groups.values():
        if len({contract for contract, _, _ in entries}) < 2:
            continue
        bounds = sorted(
            {p.active_period.first for _, _, p in entries}
            | {p.active_period.last + dt.timedelta(days=1) for _, _, p in entries}
        )
        periods: list[OverlapPeriod] = []
        for first, following in itertools.pairwise(bounds):
            segment = Period(first, following - dt.timedelta(days=1))
            active = [e for e in entries if segment.first in e[2].active_period]
            hours = sum((p.hours_per_week for _, _, p in active), _ZERO)
            if len({c for c, _, _ in active}) < 2 or hours <= full_time_hours:
                continue
            ids = tuple(sorted((c, i) for c, i, _ in active))
            previous = periods[-1] if periods else None
            if (
                previous is not None
                and previous.items == ids
                and previous.period.last + dt.timedelta(days=1) == segment.first
            ):
                periods[-1] = attrs.evolve(
                    previous, period=Period(previous.period.first, segment.last)
                )
            else:
                periods.append(OverlapPeriod(segment, hours, ids))
        if periods:
            involved = sorted({pair for period in periods for pair in period.items})
            candidate = entries[0][2].candidate
            found.append(
                DoubleCounting(
                    initials=candidate.initials,
                    birth_date=candidate.birth_date,
                    target_group=candidate.target_group,
                    contracts=tuple(sorted({c for c, _ in involved})),
                    items=tuple(involved),
                    periods=tuple(periods),
                )
            )
    return tuple(sorted(found, key=lambda d: (d.periods[0].period.first, d.initials)))


@attrs.frozen
class ConsolidatedReport:
    """Consolidated fulfilment of many contracts at one date, grouped by a key."""

    at: dt.date
    """The report date shared by every report."""
    as_of: dt.date
    """The knowledge date shared by every report."""
    reports: tuple[FulfilmentReport, ...]
    """The contracts' reports, in the order given."""
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
        for group in self.groups:
            if group.key == key:
                return group
        known = ", ".join(repr(group.key) for group in self.groups) or "(none)"
        raise InvalidValueError("key", key, f"one of the groups: {known}")

    def __repr__(self) -> str:
        """One line: the dates, how many contracts and groups, realised against the obligation."""
        share = (
            "-" if self.total.realised_percentage is None else f"{self.total.realised_percentage}%"
        )
        return (
            f"<ConsolidatedReport at {self.at.isoformat()} as of {self.as_of.isoformat()}: "
            f"{count(len(self.reports), 'contract')} in {count(len(self.groups), 'group')}, "
            f"realised {self.total.amounts.realised} of {self.total.obligation} ({share})>"
        )

    def _repr_html_(self) -> str:
        """The totals as HTML, for notebooks (see :func:`sroi.formatting.consolidated_html`)."""
        return consolidated_html(self)


def consolidate(
    reports: Iterable[FulfilmentReport],
    *,
    by: GroupKey | Callable[[Contract], str] = "contractor",
    full_time_hours: Decimal | None = None,
) -> ConsolidatedReport:
    """Add up many contracts' reports, grouped by ``by``, and flag double counting.

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
    if not _collection(reports, Iterable):
        raise InvalidValueError("reports", reports, "an iterable of FulfilmentReports")
    chosen = tuple(reports)
    for index, report in enumerate(chosen):
        if not isinstance(report, FulfilmentReport):
            raise InvalidValueError(f"reports[{index}]", report, "a FulfilmentReport")
    key_of = _key_function(by)
    if not chosen:
        raise InvalidValueError("reports", (), "at least one report")
    errors = []
    numbers: set[str] = set()
    first = chosen[0]
    for index, report in enumerate(chosen):
        if report.at != first.at:
            errors.append(InvalidValueError(f"reports[{index}].at", report.at, f"{first.at}"))
        if report.as_of != first.as_of:
            errors.append(
                InvalidValueError(f"reports[{index}].as_of", report.as_of, f"{first.as_of}")
            )
        if report.contract.number in numbers:
            errors.append(
                InvalidValueError(
                    f"reports[{index}].contract.number", report.contract.number, "a unique number"
                )
            )
        numbers.add(report.contract.number)
    if errors:
        raise ValidationError(errors)

    # each report's totals are computed once, then added up per group and for the total
    summaries = [_Summary.of(report) for report in chosen]
    grouped: dict[str, tuple[list[FulfilmentReport], list[_Summary]]] = {}
    for report, summary in zip(chosen, summaries, strict=True):
        reports_of, summaries_of = grouped.setdefault(key_of(report), ([], []))
        reports_of.append(report)
        summaries_of.append(summary)
    if full_time_hours is None:
        full_time_hours = min(report.rules.full_time_hours.value for report in chosen)
    placements = [
        (report.contract.number, line.item_id, line.item)
        for report in chosen
        for line in report.lines
        if isinstance(line.item, Placement) and line.standing is not Standing.NOT_COUNTED
    ]
    return ConsolidatedReport(
        at=chosen[0].at,
        as_of=chosen[0].as_of,
        reports=chosen,
        groups=tuple(_group(key, *grouped[key]) for key in sorted(grouped)),
        total=_group("total", chosen, summaries),
        double_counting=find_double_counting(placements, full_time_hours),
    )
