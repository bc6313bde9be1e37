"""Fulfilment monitoring: what is owed, delivered and coming, and are we on track.

For one contract, :func:`fulfilment_report` answers at a date ``at`` (D), as known on ``as_of`` (K):

* the obligation after the region's adjustments (with the contract value in force on D);
* **realised** (approved items counted through D), **pending** (proposed items not yet reviewed,
  counted through D) and **forecast** (approved and pending items over their whole agreed periods,
  within caps), in total, by route and by building block;
* the percentage of the obligation realised and forecast, and what remains;
* every measurement moment with its date, target, what was realised through that day and a status.

This is the pure core of monitoring: contract, items and rule set are passed in, nothing is looked
up, and nothing is imported from the registry, the explanations or the renderers (a report's
``explain`` and HTML view reach those through the seams in :mod:`sroi._seams`). Around it sit the
adapter :func:`sroi.reporting.report` (history and registry to a report) and
:mod:`sroi.consolidation` (many reports added up, and double counting).

**What counts (product decisions).** Approved items count in realised, proposed items not yet
reviewed in pending, and nothing else anywhere (:func:`standing_of`). Items are valued over their
own agreed periods (within the block's cap), not cut at the end of the contract's term. Each line
item is rounded to cents; totals are sums of rounded lines; percentages are rounded to 0.1, half
up. A measurement moment on or before D is *reached*; its target is the obligation in force on
its date × its fraction, rounded to cents half up, and its status is decided by
:func:`sroi._tally.moment_state`. A moment after D still shows its target and the forecast
counted through its date, as known on K.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal, Protocol

import attrs

from sroi._repr import count
from sroi._seams import explain_amount, html
from sroi._tally import (
    Amounts,
    check_reviewed_items,
    known_items,
    moment_state,
    one_of,
    percentage,
    sum_amounts,
)
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
from sroi.model import Contract, Item, SocialPurchase
from sroi.money import from_cents, round_cents
from sroi.period import Period, check_date
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

    @property
    def status(self) -> ReviewStatus:
        """The review status as known on the report's as-of date."""

    @property
    def item(self) -> Item:
        """The placement, purchase or project."""


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
class ReportLine:
    """One item in a report, its amounts, and the valuations that count it.

    The amounts come from the item's value schedule; the full valuations (:attr:`realised`,
    :attr:`pending`, :attr:`forecast`) are built only when asked for.
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
        if self._schedule is None or not self._schedule.unverified:
            return {}
        provenances = dict(self._schedule.rules.provenances())
        return {key: provenances[key] for key in sorted(self._schedule.unverified)}

    def value_through(self, day: dt.date) -> Decimal:
        """The line's value counted through ``day``, rounded to cents; zero if not counted."""
        if self._schedule is None:
            return _ZERO
        return from_cents(self._schedule.cents(None, day.toordinal()))

    def _through(self, standing: Standing) -> Valuation | None:
        """The value counted through the report date, when the line has ``standing``."""
        if self.standing is not standing:
            return None
        item = self.item
        first = item.invoice_date if isinstance(item, SocialPurchase) else item.period.first
        return self._valuation("through", Period(min(first, self.at), self.at))

    @property
    def realised(self) -> Valuation | None:
        """Value counted through the report date, when approved."""
        return self._through(Standing.APPROVED)

    @property
    def pending(self) -> Valuation | None:
        """Value counted through the report date, when pending."""
        return self._through(Standing.PENDING)

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
        return one_of(
            self.lines, _item_id, item_id, field="item_id", what="one of the report's items"
        )

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
        """Explain one amount of this report (:func:`sroi.explain_report`, through a seam)."""
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
        """The report as HTML, for notebooks (:func:`sroi.formatting.report_html`, via a seam)."""
        return html(self)


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
    check_reviewed_items(items)
    today = dt.date.today()
    at = check_date("at", today if at is None else at)
    as_of = check_date("as_of", today if as_of is None else as_of)

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
        if obligation_of is None:
            owed = obligation(in_force, rules, warn=warn)
        else:
            owed = obligation_of(in_force, rules)
        computed.append((in_force, owed))
        return owed

    current = contract_in_force(at)
    known = known_items(items, as_of)

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
            approved = standing is Standing.APPROVED
            amounts = Amounts(
                through if approved else _ZERO,
                _ZERO if approved else through,
                from_cents(plan.cents()),
            )
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
        fields = (record.item_id, record.status, standing, item, route, block, amounts, at, plan)
        lines.append(ReportLine(*fields))
    if warn:
        warn_unverified(rules, unverified)

    moments = _moment_statuses(dates, at, obligation_on, realised_at, forecast_at)
    return FulfilmentReport(current, rules, at, as_of, obligation_on(at), tuple(lines), moments)


def _moment_statuses(
    dates: Sequence[MeasurementMoment],
    at: dt.date,
    obligation_on: Callable[[dt.date], ObligationValuation],
    realised: Sequence[int],
    forecast: Sequence[int],
) -> tuple[MomentStatus, ...]:
    """Each moment's target, realised and forecast (in cents) through its date, and its state."""
    owed = [obligation_on(moment.date) for moment in dates]
    targets = [
        round_cents(Fraction(o.amount) * Fraction(m.fraction))
        for o, m in zip(owed, dates, strict=True)
    ]
    following = [*targets[1:], owed[-1].amount] if dates else []
    return tuple(
        MomentStatus(
            fraction=moment.fraction,
            date=moment.date,
            obligation=owed[index],
            target=targets[index],
            next_target=following[index],
            realised=from_cents(realised[index]) if moment.date <= at else None,
            forecast=from_cents(forecast[index]),
            state=moment_state(from_cents(realised[index]), targets[index], following[index])
            if moment.date <= at
            else MomentState.NOT_YET_REACHED,
        )
        for index, moment in enumerate(dates)
    )


def _item_id(line: ReportLine) -> str:
    return line.item_id
