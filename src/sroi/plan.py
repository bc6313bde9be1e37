"""Planning ahead: what if we add or change items, and what does it take to reach a target?

Two questions an SR coordinator asks at a measurement moment, answered with the region's rules:

* :func:`what_if` returns the fulfilment report as it would be with hypothetical items added
  (``add``) and planned changes applied to existing items (``change``: an extension, an early
  exit, more hours). Planned items are marked as such and count as *pending* (proposed, not yet
  reviewed), so they show in the forecast but never in what is realised. Nothing is stored: the
  contract's history is read, never changed.
* :func:`what_it_takes` computes, for a target (by default the next measurement moment not yet
  reached, else the end of the term), the gap between the target and the forecast at that day,
  and for each route the smallest effort that closes it: the number of full-time placements
  starting on a day (default: the report date), the hours per week of one placement, the latest
  day one full-time placement can start, the invoice amount excl. VAT per purchase category and
  the project hours at the hourly rate. Every effort is found by valuing hypothetical items with
  the engine (:func:`sroi.engine.schedule`), so caps, the size factor, age bonuses, a minimum of
  hours per week and the target day are respected exactly, to the cent; an option that cannot
  close the gap in time says so, with what it would give.

**Granularity (a product decision).** Placements are counted whole, hours per week and project
hours in whole hours, invoice amounts in cents and start days in days. The proposed effort closes
the gap and one unit less (or one day later) does not.

**Planned agreements.** A planned placement in an annual or monthly block runs from the start day
to the term's last day (only the days through the target day count); one in a per-period block
(an internship) is agreed from the start day through the target day, so its whole amount counts.

**The hypothetical candidate.** Placements are valued for a candidate aged 25 on the start day
unless a ``birth_date`` is given, so no age bonus is assumed; pass the birth date of the candidate
you have in mind to include hers.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from sroi.engine import ObligationValuation, Valuation, schedule
from sroi.exceptions import InvalidValueError, SroiError
from sroi.explanation import Explanation, Step, explain, explain_report
from sroi.explanation.chain import both, money_step
from sroi.fulfilment import FulfilmentReport, ReviewedItem, Standing, fulfilment_report
from sroi.lifecycle import ContractHistory, ContractState, ItemChange, ReviewStatus, state
from sroi.model import (
    Candidate,
    Contract,
    Item,
    Organisation,
    Placement,
    PlacementKind,
    SocialPurchase,
    SrProject,
)
from sroi.money import format_euro, from_cents, round_cents
from sroi.period import Period
from sroi.registry import obligation_for, rules_for
from sroi.ruleset import Route, RuleSet, Unit

__all__ = [
    "Effort",
    "Option",
    "PlannedItem",
    "WhatIf",
    "WhatItTakes",
    "what_if",
    "what_it_takes",
]

Source = ContractHistory | ContractState
_ZERO = Decimal(0)
_SIZED = (Unit.PER_YEAR_FULL_TIME, Unit.PER_MONTH)
_PLAN_PREFIX = "plan-"
_DEFAULT_AGE = 25


# --- what if ---------------------------------------------------------------------------------


@attrs.frozen
class PlannedItem:
    """A hypothetical item in a what-if: it counts as pending (proposed) and is never stored."""

    item_id: str
    """Its id in the what-if report, ``plan-1``, ``plan-2`` ..."""
    item: Item
    """The planned placement, purchase or project."""
    status: ReviewStatus = ReviewStatus.PROPOSED
    """Always proposed: a plan is not yet approved, so it counts in pending and forecast."""


@attrs.frozen
class WhatIf:
    """A fulfilment report with planned items added and planned changes applied."""

    report: FulfilmentReport
    """The report as it would be."""
    baseline: FulfilmentReport
    """The report as it is, for comparison."""
    planned: tuple[str, ...]
    """The ids of the planned (added) items."""
    changed: tuple[str, ...]
    """The ids of the existing items a planned change was applied to."""

    def is_planned(self, item_id: str) -> bool:
        """Whether ``item_id`` is a planned item or an item with a planned change."""
        return item_id in self.planned or item_id in self.changed

    @property
    def forecast_difference(self) -> Decimal:
        """What the plan adds to (or, negative, takes from) the forecast."""
        return self.report.totals.forecast - self.baseline.totals.forecast

    @property
    def moment_differences(self) -> tuple[Decimal, ...]:
        """Per measurement moment, what the plan changes in the forecast through its date."""
        return tuple(
            planned.forecast - known.forecast
            for planned, known in zip(self.report.moments, self.baseline.moments, strict=True)
        )


def _known_state(source: Source, as_of: dt.date | None) -> ContractState:
    if isinstance(source, ContractHistory):
        return state(source, as_of=as_of if as_of is not None else dt.date.today())
    if isinstance(source, ContractState):
        if as_of is not None and source.as_of is not None and as_of != source.as_of:
            raise InvalidValueError(
                "as_of",
                as_of,
                f"the state's own as-of date ({source.as_of.isoformat()})",
                hint="pass the contract's history to plan as known on another day",
            )
        return source
    raise InvalidValueError("source", source, "a ContractHistory or a ContractState")


def _report_of(
    known: ContractState,
    items: Sequence[ReviewedItem],
    rules: RuleSet | None,
    at: dt.date,
    warn: bool,
    *,
    regional: bool,
) -> FulfilmentReport:
    """The report of ``known`` with ``items`` in place of its own (as :func:`sroi.report` does).

    With ``regional``, the obligation uses the region's own logic (:func:`sroi.obligation_for`),
    as :func:`sroi.report` does when it looks the rules up itself.
    """
    chosen = rules_for(known.contract) if rules is None else rules
    obligation_of: Callable[[Contract, RuleSet], ObligationValuation] | None = None
    if regional:

        def obligation_of(contract: Contract, in_force: RuleSet) -> ObligationValuation:
            return obligation_for(contract, in_force, warn=warn)

    return fulfilment_report(
        known.contract,
        items,
        chosen,
        at=at,
        as_of=known.as_of or known.last_recorded_on,
        contract_on=known.contract_on,
        obligation_of=obligation_of,
        warn=warn,
    )


def what_if(
    source: Source,
    *,
    add: Iterable[Item] = (),
    change: Iterable[ItemChange] = (),
    at: dt.date | None = None,
    as_of: dt.date | None = None,
    rules: RuleSet | None = None,
    warn: bool = True,
) -> WhatIf:
    """The fulfilment report as it would be with planned items and changes; nothing is stored.

    Args:
        source: the contract's history (read as known on ``as_of``) or a state derived from it.
        add: hypothetical placements, purchases or projects; they get the ids ``plan-1``,
            ``plan-2`` ... and count as pending (proposed).
        change: planned changes of existing items, as the lifecycle's change events
            (:class:`~sroi.lifecycle.ExtendPlacement`, :class:`~sroi.lifecycle.ReportEarlyExit`,
            :class:`~sroi.lifecycle.CorrectPlacement` for more or fewer hours ...), applied in
            order; each keeps its item's review status.
        at: the report date; default today.
        as_of: the knowledge date; default today (or the state's own as-of date).
        rules: the rule set; default the region's rules for the contract.
        warn: whether to warn about rule values that are not verified.

    Raises:
        InvalidValueError: when an added item is not an item, or a change is not an item change
            or does not fit its item (the lifecycle's own checks).
        UnknownItemError: when a change names an item the contract does not have.
    """
    known = _known_state(source, as_of)
    at = dt.date.today() if at is None else at
    records = {record.item_id: record for record in known.items}
    changed: list[str] = []
    for index, planned_change in enumerate(change):
        if not isinstance(planned_change, ItemChange):
            raise InvalidValueError(
                f"change[{index}]", planned_change, "an item change (e.g. ExtendPlacement)"
            )
        record = known.item(planned_change.item_id)
        current = records[record.item_id]
        if record.route not in planned_change.ROUTES:
            raise InvalidValueError(
                f"change[{index}]",
                type(planned_change).__name__,
                f"a change that applies to a {record.route.value} item ({record.item_id})",
            )
        try:
            revised = planned_change.revise(current.item)
        except SroiError as error:
            error.add_note(
                f"in change[{index}] ({type(planned_change).__name__} of {record.item_id})"
            )
            raise
        records[record.item_id] = attrs.evolve(current, item=revised)
        changed.append(record.item_id)
    planned: list[PlannedItem] = []
    for index, item in enumerate(add):
        if not isinstance(item, (Placement, SocialPurchase, SrProject)):
            raise InvalidValueError(
                f"add[{index}]", item, "a Placement, SocialPurchase or SrProject"
            )
        planned.append(PlannedItem(f"{_PLAN_PREFIX}{index + 1}", item))
    items: list[ReviewedItem] = [*records.values(), *planned]
    regional = rules is None
    baseline = _report_of(known, known.items, rules, at, warn, regional=regional)
    return WhatIf(
        report=_report_of(known, items, baseline.rules, at, warn=False, regional=regional),
        baseline=baseline,
        planned=tuple(item.item_id for item in planned),
        changed=tuple(dict.fromkeys(changed)),
    )


# --- what it takes ---------------------------------------------------------------------------


class Effort(enum.Enum):
    """What an option proposes."""

    FULL_TIME_PLACEMENTS = "full_time_placements"
    """A number of full-time placements in a candidate block, starting on the start day."""
    HOURS_PER_WEEK = "hours_per_week"
    """The hours per week of one placement in a candidate block, starting on the start day."""
    LATEST_START = "latest_start"
    """The latest day one full-time placement in a candidate block can start."""
    INVOICE_AMOUNT = "invoice_amount"
    """An invoice amount excl. VAT in a purchase category, dated the start day."""
    PROJECT_HOURS = "project_hours"
    """Hours of an SR project at the block's hourly rate, held on the start day."""


@attrs.frozen
class Option:
    """One way to close the gap: the smallest effort in one block, or why it cannot."""

    route: Route
    """Candidate, purchase or project."""
    block: str
    """The building block (or purchase category) code."""
    effort: Effort
    """What is proposed."""
    closes: bool
    """Whether this option can close the gap by the target day."""
    quantity: Decimal | None
    """The smallest effort: placements, hours per week, euros excl. VAT or project hours (None
    for a start day, or when the option cannot close the gap)."""
    start: dt.date | None
    """The start day (for the latest start: the latest day; None when none closes the gap)."""
    gives: Decimal
    """What the proposed effort gives by the target day (when it cannot close the gap: what the
    most it allows gives)."""
    items: tuple[Item, ...]
    """The hypothetical items that realise it (empty when it cannot close the gap); pass them to
    :func:`what_if` as ``add``."""
    valuation: Valuation | None
    """The valuation of one proposed item through the target day."""
    text_nl: str
    """The option in Dutch."""
    text_en: str
    """The option in English."""

    def text(self, lang: str = "en") -> str:
        """The option as text in ``"nl"`` or ``"en"``."""
        return self.text_nl if lang == "nl" else self.text_en


@attrs.frozen
class WhatItTakes:
    """The gap at a target day and, for each route, the smallest effort that closes it."""

    report: FulfilmentReport
    """The report the gap is measured from."""
    target_date: dt.date
    """The target day (a measurement moment, or the end of the term)."""
    fraction: Decimal
    """The share of the obligation due on the target day (1 at the end of the term)."""
    target: Decimal
    """The amount due on the target day."""
    forecast: Decimal
    """Approved and pending items counted through the target day."""
    gap: Decimal
    """``target − forecast``, never below zero."""
    start: dt.date
    """The day new effort starts (placements, invoices, projects)."""
    options: tuple[Option, ...]
    """One option per block and kind of effort, candidate blocks first; empty when the forecast
    already reaches the target."""
    birth_date: dt.date
    """The birth date of the hypothetical candidate placements are valued for."""

    @property
    def on_track(self) -> bool:
        """Whether the forecast already reaches the target (the gap is zero)."""
        return self.gap == 0

    def option(self, block: str, effort: Effort) -> Option:
        """The option for ``block`` and ``effort``.

        Raises:
            InvalidValueError: when there is none (the message lists those that exist).
        """
        for option in self.options:
            if option.block == block and option.effort is effort:
                return option
        known = ", ".join(f"{o.block}/{o.effort.value}" for o in self.options) or "(none)"
        raise InvalidValueError("block", block, f"a block with a {effort.value} option: {known}")

    def explain(self) -> Explanation:
        """How the gap is computed: the target (with its own chain) minus the forecast."""
        target_detail = self._target_explanation()
        steps: list[Step] = [
            both(
                "target_date",
                "Doeldatum",
                "Target day",
                self.target_date,
                self.target_date.isoformat(),
            ),
            money_step("obligation", "Doel", "Target", self.target, target_detail),
            money_step(
                "realised",
                f"Verwacht t/m {self.target_date.isoformat()}",
                f"Forecast through {self.target_date.isoformat()}",
                self.forecast,
            ),
            both(
                "remaining",
                "Tekort (niet onder nul)",
                "Gap (never below zero)",
                self.gap,
                f"{self.target} − {self.forecast} = {self.gap}",
            ),
        ]
        day = self.target_date.isoformat()
        return Explanation(
            f"Wat nodig is tot {day}",
            f"What it takes by {day}",
            self.gap,
            "remaining",
            tuple(steps),
        )

    def explain_option(self, option: Option) -> Explanation:
        """How one proposed item of ``option`` is valued through the target day (its chain).

        Raises:
            InvalidValueError: when the option has no valued item (it gives nothing).
        """
        if option.valuation is None:
            raise InvalidValueError("option", option.text_en, "an option with a valued item")
        return explain(
            option.valuation,
            rules=self.report.rules,
            item=option.items[0] if option.items else None,
            contract=self.report.contract,
            item_id=f"{_PLAN_PREFIX}{option.block}",
        )

    def _target_explanation(self) -> Explanation | None:
        for index, moment in enumerate(self.report.moments):
            if moment.date == self.target_date and moment.target == self.target:
                return explain_report(self.report, "target", moment=index)
        return None

    def to_text(self, lang: str = "en") -> str:
        """The gap and every option as readable text in ``"nl"`` or ``"en"``."""
        day = self.target_date.isoformat()
        if lang == "nl":
            head = (
                f"Doel t/m {day}: {format_euro(self.target, 'nl')}; verwacht: "
                f"{format_euro(self.forecast, 'nl')}; tekort: {format_euro(self.gap, 'nl')}"
            )
        else:
            head = (
                f"Target by {day}: {format_euro(self.target, 'en')}; forecast: "
                f"{format_euro(self.forecast, 'en')}; gap: {format_euro(self.gap, 'en')}"
            )
        if self.on_track:
            done = (
                "De prognose haalt het doel al; er is niets extra nodig."
                if lang == "nl"
                else "The forecast already reaches the target; nothing more is needed."
            )
            return f"{head}\n{done}"
        return "\n".join([head, *(f"- {option.text(lang)}" for option in self.options)])


def _forecast_through(report: FulfilmentReport, day: dt.date) -> Decimal:
    total = _ZERO
    for line in report.lines:
        if line.standing is not Standing.NOT_COUNTED:
            total += line.value_through(day)
    return total


def _choose_target(
    report: FulfilmentReport, target_date: dt.date | None
) -> tuple[dt.date, Decimal, Decimal]:
    """The target day, the share of the obligation due then, and the amount due."""
    term = report.contract.term
    moments = report.moments
    if target_date is None:
        upcoming = [moment for moment in moments if moment.date > report.at]
        if upcoming:
            return upcoming[0].date, upcoming[0].fraction, upcoming[0].target
        target_date = term.last
    for moment in moments:
        if moment.date == target_date:
            return moment.date, moment.fraction, moment.target
    if target_date == term.last:
        return term.last, Decimal(1), report.obligation.amount
    known = ", ".join(moment.date.isoformat() for moment in moments)
    raise InvalidValueError(
        "target",
        target_date,
        f"a measurement moment ({known}) or the term's last day ({term.last.isoformat()})",
    )


def _cents(item: Item, rules: RuleSet, through: dt.date) -> int:
    return schedule(item, rules).cents(None, through.toordinal())


def _placement(
    block: str, start: dt.date, last: dt.date, hours: Decimal, birth_date: dt.date
) -> Placement:
    candidate = Candidate("X.", block, birth_date)
    return Placement(candidate, PlacementKind.JOB, block, Period(start, last), hours)


def _hours_en(hours: Decimal | int) -> str:
    return "hour" if hours == 1 else "hours"


def _candidate_options(
    rules: RuleSet,
    code: str,
    gap: int,
    *,
    start: dt.date,
    target: dt.date,
    last: dt.date,
    birth_date: dt.date,
) -> list[Option]:
    block = rules.blocks[code]
    full = rules.full_time_hours.value
    options: list[Option] = []
    if block.unit is Unit.PER_PERIOD:
        # Its amount is spread over the agreed period: agreed through the target day, all counts.
        last = target
    one = _placement(code, start, last, full, birth_date)
    each = _cents(one, rules, target)
    each_nl, each_en = format_euro(from_cents(each), "nl"), format_euro(from_cents(each), "en")
    day, end = start.isoformat(), target.isoformat()
    sized = block.unit in _SIZED
    kind_nl = "voltijdplaatsing(en)" if sized else "plaatsing(en)"
    kind_en = "full-time placement(s)" if sized else "placement(s)"
    if each > 0:
        count = -(-gap // each)
        items = tuple(_placement(code, start, last, full, birth_date) for _ in range(count))
        options.append(
            Option(
                Route.CANDIDATE,
                code,
                Effort.FULL_TIME_PLACEMENTS,
                True,
                Decimal(count),
                start,
                from_cents(count * each),
                items,
                schedule(one, rules).valuation(Period(start, target)),
                f"{count} {kind_nl} {code} vanaf {day} (elk {each_nl} t/m {end})",
                f"{count} {kind_en} in {code} from {day} (each {each_en} by {end})",
            )
        )
    else:
        options.append(
            Option(
                Route.CANDIDATE,
                code,
                Effort.FULL_TIME_PLACEMENTS,
                False,
                None,
                start,
                _ZERO,
                (),
                None,
                f"een plaatsing {code} vanaf {day} levert t/m {end} niets op",
                f"a placement in {code} from {day} gives nothing by {end}",
            )
        )
    if not sized:
        return options
    # Hours per week for one placement: whole hours, from the minimum (if any) to full time.
    if each >= gap:
        minimum = rules.minimum_hours.value if rules.minimum_hours is not None else Decimal(1)
        low = max(1, int(-(-minimum // 1)))
        high = int(-(-full // 1))
        hours = None
        for candidate_hours in range(low, high + 1):
            trial = _placement(code, start, last, Decimal(candidate_hours), birth_date)
            if _cents(trial, rules, target) >= gap:
                hours = Decimal(candidate_hours)
                break
        assert hours is not None  # full time closes the gap, and high >= full time
        chosen = _placement(code, start, last, hours, birth_date)
        gives = from_cents(_cents(chosen, rules, target))
        gives_nl, gives_en = format_euro(gives, "nl"), format_euro(gives, "en")
        options.append(
            Option(
                Route.CANDIDATE,
                code,
                Effort.HOURS_PER_WEEK,
                True,
                hours,
                start,
                gives,
                (chosen,),
                schedule(chosen, rules).valuation(Period(start, target)),
                f"één plaatsing {code} vanaf {day} van {hours} uur per week ({gives_nl} t/m {end})",
                f"one placement in {code} from {day} at {hours} {_hours_en(hours)} per week "
                f"({gives_en} by {end})",
            )
        )
    else:
        options.append(
            Option(
                Route.CANDIDATE,
                code,
                Effort.HOURS_PER_WEEK,
                False,
                None,
                start,
                from_cents(each),
                (),
                schedule(one, rules).valuation(Period(start, target)),
                f"zelfs een voltijdplaatsing {code} vanaf {day} levert t/m {end} maar {each_nl} op",
                f"even a full-time placement in {code} from {day} gives {each_en} by {end}",
            )
        )
    # The latest day one full-time placement can start and still close the gap.
    latest = None
    if each >= gap:
        day_ordinal = target.toordinal()
        while day_ordinal >= start.toordinal():
            first = dt.date.fromordinal(day_ordinal)
            trial = _placement(code, first, last, full, birth_date)
            if _cents(trial, rules, target) >= gap:
                latest = trial
                break
            day_ordinal -= 1
    if latest is not None:
        first = latest.period.first
        gives = from_cents(_cents(latest, rules, target))
        gives_nl, gives_en = format_euro(gives, "nl"), format_euro(gives, "en")
        options.append(
            Option(
                Route.CANDIDATE,
                code,
                Effort.LATEST_START,
                True,
                None,
                first,
                gives,
                (latest,),
                schedule(latest, rules).valuation(Period(first, target)),
                f"één voltijdplaatsing {code} uiterlijk vanaf {first.isoformat()} "
                f"({gives_nl} t/m {end})",
                f"one full-time placement in {code} starting on {first.isoformat()} at the "
                f"latest ({gives_en} by {end})",
            )
        )
    else:
        options.append(
            Option(
                Route.CANDIDATE,
                code,
                Effort.LATEST_START,
                False,
                None,
                None,
                from_cents(each),
                (),
                None,
                f"geen enkele startdatum vanaf {day} sluit het tekort met één voltijdplaatsing "
                f"{code} (vanaf {day}: {each_nl} t/m {end})",
                f"no start day from {day} closes the gap with one full-time placement in {code} "
                f"(from {day}: {each_en} by {end})",
            )
        )
    return options


def _smallest(gap: int, guess: int, value: Callable[[int], int]) -> int:
    """The smallest whole ``n`` with ``value(n) >= gap`` (``value`` grows with ``n``)."""
    n = max(guess, 0)
    while value(n) < gap:
        n += 1
    while n > 0 and value(n - 1) >= gap:
        n -= 1
    return n


def _purchase_option(
    rules: RuleSet, code: str, gap: int, start: dt.date, target: dt.date
) -> Option:
    share = Fraction(rules.blocks[code].value)
    day = start.isoformat()
    if share == 0:
        return Option(
            Route.PURCHASE,
            code,
            Effort.INVOICE_AMOUNT,
            False,
            None,
            start,
            _ZERO,
            (),
            None,
            f"inkoop in categorie {code} telt niet mee (aandeel 0)",
            f"purchases in category {code} count nothing (share 0)",
        )

    def purchase(cents: int) -> SocialPurchase:
        return SocialPurchase(Organisation("(planned supplier)"), code, start, from_cents(cents))

    def value(cents: int) -> int:
        return _cents(purchase(cents), rules, target)

    # Half up: round(x) >= g exactly when x >= g - 1/2; the engine confirms the guess.
    guess = 0 if gap == 0 else int(-(-(Fraction(2 * gap - 1, 2) / share) // 1))
    amount = _smallest(gap, guess, value)
    chosen = purchase(amount)
    gives = from_cents(value(amount))
    amount_nl, amount_en = (
        format_euro(from_cents(amount), "nl"),
        format_euro(from_cents(amount), "en"),
    )
    gives_nl, gives_en = format_euro(gives, "nl"), format_euro(gives, "en")
    return Option(
        Route.PURCHASE,
        code,
        Effort.INVOICE_AMOUNT,
        True,
        from_cents(amount),
        start,
        gives,
        (chosen,),
        schedule(chosen, rules).valuation(),
        f"inkoop in categorie {code} van {amount_nl} excl. btw op {day} ({gives_nl})",
        f"purchases in category {code} of {amount_en} excl. VAT on {day} ({gives_en})",
    )


def _project_option(rules: RuleSet, code: str, gap: int, start: dt.date, target: dt.date) -> Option:
    rate = Fraction(rules.blocks[code].value)
    day = start.isoformat()
    if rate == 0:
        return Option(
            Route.PROJECT,
            code,
            Effort.PROJECT_HOURS,
            False,
            None,
            start,
            _ZERO,
            (),
            None,
            f"projecturen in {code} tellen niet mee (tarief 0)",
            f"project hours in {code} count nothing (rate 0)",
        )

    def project(hours: int) -> SrProject:
        return SrProject.on(start, "(planned SR project)", code, hours=Decimal(hours))

    def value(hours: int) -> int:
        return _cents(project(hours), rules, target)

    guess = int(-(-(Fraction(gap, 100) / rate) // 1))
    hours = _smallest(gap, guess, value)
    chosen = project(hours)
    gives = from_cents(value(hours))
    rate_nl, rate_en = (
        format_euro(rules.blocks[code].value, "nl"),
        format_euro(rules.blocks[code].value, "en"),
    )
    gives_nl, gives_en = format_euro(gives, "nl"), format_euro(gives, "en")
    return Option(
        Route.PROJECT,
        code,
        Effort.PROJECT_HOURS,
        True,
        Decimal(hours),
        start,
        gives,
        (chosen,),
        schedule(chosen, rules).valuation(),
        f"{hours} projecturen in {code} à {rate_nl} op {day} ({gives_nl})",
        f"{hours} project {_hours_en(hours)} in {code} at {rate_en} on {day} ({gives_en})",
    )


def what_it_takes(
    source: Source,
    *,
    add: Iterable[Item] = (),
    change: Iterable[ItemChange] = (),
    target: dt.date | None = None,
    start: dt.date | None = None,
    birth_date: dt.date | None = None,
    at: dt.date | None = None,
    as_of: dt.date | None = None,
    rules: RuleSet | None = None,
    warn: bool = True,
) -> WhatItTakes:
    """The gap at a target day and, per route, the smallest effort that closes it exactly.

    Args:
        source: the contract's history (read as known on ``as_of``) or a state derived from it.
        add: planned items to count first, as in :func:`what_if` ("with this candidate planned,
            what more does it take?").
        change: planned changes of existing items to apply first, as in :func:`what_if`.
        target: the target day: a measurement moment's date or the term's last day; default
            the first measurement moment after ``at``, else the term's last day.
        start: the day new effort starts; default ``at``.
        birth_date: the birth date of the hypothetical candidate; default a candidate aged 25 on
            ``start`` (no age bonus).
        at: the report date; default today.
        as_of: the knowledge date; default today (or the state's own as-of date).
        rules: the rule set; default the region's rules for the contract.
        warn: whether to warn about rule values that are not verified.

    Raises:
        InvalidValueError: when ``target`` is neither a measurement moment nor the term's last
            day, or ``start`` is after the target day.
    """
    at = dt.date.today() if at is None else at
    base = what_if(
        source, add=add, change=change, at=at, as_of=as_of, rules=rules, warn=warn
    ).report
    rules = base.rules
    target_date, fraction, due = _choose_target(base, target)
    start = at if start is None else start
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
        raise InvalidValueError("start", start, "a calendar date (datetime.date, no time)")
    if start > target_date:
        raise InvalidValueError(
            "start", start, f"a day on or before the target day {target_date.isoformat()}"
        )
    if birth_date is None:
        birth_date = dt.date(start.year - _DEFAULT_AGE, start.month, min(start.day, 28))
    forecast = _forecast_through(base, target_date)
    gap = max(_ZERO, due - forecast)
    gap_cents = int(gap * 100)
    last = max(target_date, base.contract.term.last)
    options: list[Option] = []
    blocks = (
        []
        if gap_cents == 0
        else sorted(rules.blocks.values(), key=lambda b: (list(Route).index(b.route), b.code))
    )
    for block in blocks:
        if block.route is Route.CANDIDATE:
            options.extend(
                _candidate_options(
                    rules,
                    block.code,
                    gap_cents,
                    start=start,
                    target=target_date,
                    last=last,
                    birth_date=birth_date,
                )
            )
        elif block.route is Route.PURCHASE:
            options.append(_purchase_option(rules, block.code, gap_cents, start, target_date))
        else:
            options.append(_project_option(rules, block.code, gap_cents, start, target_date))
    return WhatItTakes(
        report=base,
        target_date=target_date,
        fraction=fraction,
        target=due,
        forecast=forecast,
        gap=round_cents(gap),
        start=start,
        options=tuple(options),
        birth_date=birth_date,
    )
