"""Fulfilment monitoring: what is owed, delivered and coming, and are we on track.

For one contract, :func:`fulfilment_report` answers at a date ``at`` (D), as known on ``as_of`` (K):

* the obligation after the region's adjustments (with the contract value in force on D);
* **realised** (approved items counted through D), **pending** (proposed items not yet reviewed,
  counted through D) and **forecast** (approved and pending items over their whole agreed periods,
  within caps), in total, by route and by building block;
* the percentage of the obligation realised and forecast, and what remains;
* every measurement moment with its date, target, what was realised through that day and a status.

This module is the pure core of monitoring: the contract, its items and the rule set are passed
in, nothing is looked up or read, and it imports nothing from the registry, the plugins, the
explanations or the renderers. Around it sit :func:`sroi.reporting.report` (the one adapter from
a contract's history and the region registry to a report) and :mod:`sroi.consolidation` (many
reports added up, and double counting). A report's :meth:`~FulfilmentReport.explain` and HTML
view reach their implementations through the seams in :mod:`sroi._seams`.

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
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal, Protocol

import attrs

from sroi._repr import count
from sroi._seams import explain_amount, html
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
from sroi.exceptions import InvalidValueError
from sroi.lifecycle import ReviewStatus
from sroi.model import Contract, Item, Placement, SocialPurchase
from sroi.money import cents_half_up, from_cents, round_cents
from sroi.period import Period
from sroi.ruleset import Provenance, Route, RuleSet
from sroi.states import Measure, MomentState, Standing

if TYPE_CHECKING:
    from sroi.explanation import Explanation

__all__ = [
    "Amounts",
    "FulfilmentReport",
    "Measure",
    "MomentState",
    "MomentStatus",
    "ReportLine",
    "ReviewedItem",
    "Standing",
    "fulfilment_report",
    "percentage",
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


def percentage(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole`` in percent, rounded to 0.1 half up from its exact value; None for 0.

    >>> percentage(Decimal(1), Decimal(3))
    Decimal('33.3')
    """
    if whole == 0:
        return None
    share = Fraction(part) * 1000 / Fraction(whole)  # in tenths of a percent
    tenths = cents_half_up(share.numerator, share.denominator * 100)
    return Decimal(tenths).scaleb(-1)


def sum_amounts(amounts: Iterable[Amounts]) -> Amounts:
    """The amounts added up (zero for none)."""
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
        return sum_amounts(line.amounts for line in self.lines)

    @property
    def by_route(self) -> Mapping[Route, Amounts]:
        """Amounts per route; every route is present (zero when unused)."""
        return {
            route: sum_amounts(line.amounts for line in self.lines if line.route is route)
            for route in Route
        }

    @property
    def by_block(self) -> Mapping[str, Amounts]:
        """Amounts per building block code, for the blocks that occur, sorted by code."""
        blocks = sorted({line.block for line in self.lines})
        return {
            block: sum_amounts(line.amounts for line in self.lines if line.block == block)
            for block in blocks
        }

    @property
    def realised_percentage(self) -> Decimal | None:
        """Realised as a percentage of the obligation, rounded to 0.1; None if it is zero."""
        return percentage(self.totals.realised, self.obligation.amount)

    @property
    def forecast_percentage(self) -> Decimal | None:
        """Forecast as a percentage of the obligation, rounded to 0.1; None if it is zero."""
        return percentage(self.totals.forecast, self.obligation.amount)

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
        what: Measure
        | Literal["obligation", "realised", "pending", "forecast", "remaining", "target"],
        *,
        item_id: str | None = None,
        route: Route | None = None,
        block: str | None = None,
        moment: int | None = None,
    ) -> Explanation:
        """Explain one amount of this report (see :func:`sroi.explanation.explain_report`).

        Answered through the seam :func:`sroi._seams.explain_amount`, which
        :mod:`sroi.explanation` fills in, so this module does not import its explainer.
        """
        explained: Explanation = explain_amount(
            self, what, item_id=item_id, route=route, block=block, moment=moment
        )
        return explained

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
        """The report as HTML, for notebooks (see :func:`sroi.formatting.report_html`).

        Rendered through the seam :func:`sroi._seams.html`, which :mod:`sroi.formatting` fills in.
        """
        return html(self)


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
