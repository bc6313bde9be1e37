"""The valuation engine: pure functions from plain values to exact, explained amounts.

Nothing here does I/O or looks anything up twice; every function takes the rule set it needs, so a
portfolio can be valued in a loop or in parallel. Each valuation returns the rounded amount with
the parts that produced it (block, rule value and its provenance, size factor, placement months
and days counted, cap window, bonuses), so every number can be explained and recomputed.

The rules are those of the calculation conventions (see ``docs/explanation/conventions.md``):
every intermediate value is an exact rational number and a line item is rounded once, to whole
cents, half up. Time counts in placement months (:class:`sroi.period.PlacementClock`).

Two layers:

* :func:`schedule` computes the date-independent parts of an item once (block, cap window, size
  factor, bonuses, rate per placement month) and returns a *value schedule* that answers "what is
  the item worth over these days" for many windows in plain integer arithmetic
  (:meth:`ItemSchedule.cents`); the fulfilment report values each item once for all its dates.
* :func:`value_placement`, :func:`value_purchase`, :func:`value_project` and :func:`value_item`
  return a full :class:`Valuation` with every part, built from the same schedule.
"""

from __future__ import annotations

import datetime as dt
import sys
import warnings
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol

import attrs

from sroi.exceptions import InvalidValueError, ProvisionalRuleWarning
from sroi.model import Contract, Item, Placement, SocialPurchase, SrProject, age_on
from sroi.money import cents_half_up, exact_decimal, round_cents
from sroi.period import MonthShare, Period, PlacementClock
from sroi.ruleset import (
    DEFAULT_MEASUREMENT_FRACTIONS,
    AdjustmentKind,
    Bonus,
    BonusKind,
    BuildingBlock,
    Provenance,
    Route,
    RuleSet,
    Status,
    Unit,
)

__all__ = [
    "AdjustmentPart",
    "BonusPart",
    "ItemSchedule",
    "MeasurementMoment",
    "MonthShare",
    "ObligationValuation",
    "PlacementSchedule",
    "ProjectSchedule",
    "PurchaseSchedule",
    "Valuation",
    "measurement_moments",
    "obligation",
    "reference_date",
    "schedule",
    "value_item",
    "value_placement",
    "value_project",
    "value_purchase",
    "warn_unverified",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)
_F0 = Fraction(0)
_F1 = Fraction(1)
Ratio = tuple[int, int]


@attrs.frozen
class BonusPart:
    """One bonus inside a placement's valuation (exact; the line item is rounded as a whole)."""

    code: str
    """The bonus code."""
    kind: BonusKind
    """How it counts."""
    rule_value: Decimal
    """The bonus's value in the rule set."""
    provenance: Provenance
    """Where that value comes from."""
    amount: Fraction
    """What the bonus adds, exactly."""
    counted: Period | None
    """The days the bonus counted over (the grant day for a one-off bonus); None if none."""
    months: Fraction
    """Placement months counted; 0 for a one-off bonus."""


@attrs.frozen
class Valuation:
    """The value of one line item over one period, with every part that produced it.

    ``amount`` is the line item rounded to cents half up; ``exact`` is the exact sum of ``base``
    and the bonus amounts, a :class:`~fractions.Fraction`.
    """

    route: Route
    """Candidate, purchase or project."""
    amount: Decimal
    """The value in euros, rounded to whole cents half up."""
    exact: Fraction
    """The value before rounding, exactly."""
    region: str
    """The rule set's region."""
    version: str
    """The rule set's version."""
    block: str
    """The building block code."""
    unit: Unit
    """What the block's value is per."""
    rule_value: Decimal
    """The block's value in the rule set."""
    provenance: Provenance
    """Where the block's value comes from."""
    window: Period | None
    """The period asked for (None: the item's whole period)."""
    counted: Period | None
    """The days that counted: the item's days within the window and the cap; None if none."""
    base: Fraction
    """The block's part of the value, exactly."""
    size_factor: Fraction = _F1
    """Hours per week / full-time hours, at most 1 (0 below the minimum hours), exactly."""
    hours_per_week: Decimal | None = None
    """The placement's hours per week."""
    full_time_hours: Decimal | None = None
    """The rule set's full-time hours."""
    cap_window: Period | None = None
    """The block's maximum duration counted from the placement's first day; None: no cap."""
    cap_provenance: Provenance | None = None
    """Where the maximum duration comes from."""
    months_counted: Fraction = _F0
    """Placement months counted (annual and monthly blocks), exactly."""
    days_counted: int = 0
    """The number of days counted."""
    bonuses: tuple[BonusPart, ...] = ()
    """Bonuses on top of the block."""
    quantity: Decimal | None = None
    """Invoice amount (purchases) or hours (projects) the rule value multiplies."""
    note: str = ""
    """A remark, e.g. why the value is zero."""
    below_minimum: bool = False
    """Whether the hours are below the region's minimum, so that the placement counts nothing."""
    full_time_provenance: Provenance | None = None
    """Where the full-time hours come from, when the size factor used them."""
    start: dt.date | None = None
    """The placement's first day, from which placement months count (placements only)."""

    @property
    def months(self) -> tuple[MonthShare, ...]:
        """The placement months counted, with the days of each (annual and monthly blocks only).

        Derived from :attr:`counted` on demand, so that valuing a portfolio does not build them.
        Their fractions add up to :attr:`months_counted`.
        """
        if not self.unit.is_sized or self.counted is None or self.start is None:
            return ()
        return PlacementClock(self.start).shares(self.counted.first, self.counted.last)

    @property
    def statuses(self) -> frozenset[Status]:
        """Every status of a rule value this valuation used."""
        found = {self.provenance.status}
        if self.cap_provenance is not None:
            found.add(self.cap_provenance.status)
        if self.full_time_provenance is not None:
            found.add(self.full_time_provenance.status)
        found.update(bonus.provenance.status for bonus in self.bonuses)
        return frozenset(found)

    @property
    def verified(self) -> bool:
        """Whether every rule value used is verified."""
        return self.statuses == {Status.VERIFIED}


@attrs.frozen
class AdjustmentPart:
    """One obligation adjustment applied, with the obligation after it (exact)."""

    code: str
    """The adjustment code."""
    kind: AdjustmentKind
    """Discount or exemption."""
    value: Decimal
    """The fraction taken off."""
    provenance: Provenance
    """Where the value comes from."""
    after: Decimal
    """The obligation after this adjustment, exactly (a product of decimals is a decimal)."""


@attrs.frozen
class ObligationValuation:
    """A contract's social-return obligation with the parts that produced it."""

    amount: Decimal
    """The obligation in euros, rounded to whole cents half up."""
    contract_value: Decimal
    """The contract value excl. VAT it is based on."""
    percentage: Decimal
    """The SR percentage applied."""
    percentage_provenance: Provenance | None
    """Where the percentage comes from; None when the contract sets it."""
    before_adjustments: Decimal
    """Contract value × percentage / 100, exactly."""
    adjustments: tuple[AdjustmentPart, ...]
    """Adjustments applied in order."""


@attrs.frozen
class MeasurementMoment:
    """A measurement moment (meetmoment): a fraction of the term and its date."""

    fraction: Decimal
    """The fraction of the term, e.g. ``Decimal("0.25")``."""
    date: dt.date
    """The first day on which at least that fraction of the term has passed."""


# --- rule lookups and exact helpers -----------------------------------------------------------


def _block_of_route(rules: RuleSet, code: str, route: Route, field: str) -> BuildingBlock:
    """The block ``code`` of ``rules``, which must belong to ``route``."""
    block = rules.block(code)
    if block.route is not route:
        raise InvalidValueError(
            field, code, f"a {route.value} block, not a {block.route.value} block"
        )
    return block


def _ratio(value: Decimal) -> Ratio:
    numerator, denominator = value.as_integer_ratio()
    return numerator, denominator


def _add(left: Ratio, right: Ratio) -> Ratio:
    if left[1] == right[1]:
        return left[0] + right[0], left[1]
    return left[0] * right[1] + right[0] * left[1], left[1] * right[1]


def _in(day: int, first: int | None, last: int | None) -> bool:
    return (first is None or first <= day) and (last is None or day <= last)


def _window(window: Period | None) -> tuple[int | None, int | None]:
    if window is None:
        return None, None
    return window.first.toordinal(), window.last.toordinal()


def _bonus_part(
    code: str, bonus: Bonus, amount: Fraction, counted: Period | None, months: Fraction
) -> BonusPart:
    return BonusPart(code, bonus.kind, bonus.value, bonus.provenance, amount, counted, months)


def _days(first: int, last: int) -> Period | None:
    if last < first:
        return None
    return Period._trusted(dt.date.fromordinal(first), dt.date.fromordinal(last))


class ItemSchedule(Protocol):
    """The date-independent parts of one item's value, computed once.

    A schedule answers "what is the item worth over these days" for any window without
    recomputing its block, cap window, size factor or bonuses. Windows are given as proleptic
    ordinals (:meth:`datetime.date.toordinal`), both days included; ``None`` leaves that side open,
    so ``cents(None, day.toordinal())`` is the value through ``day`` and ``cents()`` the value
    over the item's whole period.
    """

    @property
    def item(self) -> Item:
        """The placement, purchase or project."""
        ...  # pragma: no cover - a protocol

    @property
    def rules(self) -> RuleSet:
        """The rule set it is valued with."""
        ...  # pragma: no cover - a protocol

    @property
    def block(self) -> BuildingBlock:
        """The item's building block (or purchase category)."""
        ...  # pragma: no cover - a protocol

    @property
    def unverified(self) -> tuple[str, ...]:
        """The rule keys this item's value uses whose value is not verified."""
        ...  # pragma: no cover - a protocol

    def ratio(self, first: int | None = None, last: int | None = None) -> Ratio:
        """The exact value over the window as ``(numerator, denominator)``, not reduced."""
        ...  # pragma: no cover - a protocol

    def cents(self, first: int | None = None, last: int | None = None) -> int:
        """The value over the window in whole cents, rounded half up."""
        ...  # pragma: no cover - a protocol

    def valuation(self, window: Period | None = None) -> Valuation:
        """The full :class:`Valuation` over ``window`` (None: the whole period)."""
        ...  # pragma: no cover - a protocol


class _Base:
    """What every schedule shares: the exact value in cents and as a Fraction."""

    __slots__ = ()

    def ratio(self, first: int | None = None, last: int | None = None) -> Ratio:
        raise NotImplementedError  # pragma: no cover - every schedule defines it

    def cents(self, first: int | None = None, last: int | None = None) -> int:
        """The value over the window in whole cents, rounded half up."""
        numerator, denominator = self.ratio(first, last)
        return cents_half_up(numerator, denominator)

    def exact(self, first: int | None = None, last: int | None = None) -> Fraction:
        """The exact value over the window."""
        numerator, denominator = self.ratio(first, last)
        return Fraction(numerator, denominator)


class PlacementSchedule(_Base):
    """A placement's value schedule: block, cap window, size factor, bonuses and rates.

    Build it with :func:`schedule`; see :class:`ItemSchedule` for what it answers.
    """

    __slots__ = (
        "_age_rates",
        "_annual",
        "_block_rate",
        "_end",
        "_memo",
        "_one_offs",
        "_rate",
        "_size",
        "_start",
        "age_bonuses",
        "below_minimum",
        "block",
        "cap_last",
        "clock",
        "grants",
        "item",
        "rules",
    )

    def __init__(self, placement: Placement, rules: RuleSet) -> None:
        block = _block_of_route(rules, placement.block, Route.CANDIDATE, "block")
        grants = tuple((grant, rules.bonus(grant.code)) for grant in placement.bonuses)
        sized = block.unit.is_sized
        for grant, bonus in grants:
            if grant.code not in block.bonuses:
                raise InvalidValueError(
                    "bonuses",
                    grant.code,
                    f"a bonus that block {block.code!r} allows: "
                    f"{', '.join(block.bonuses) or '(none)'}",
                )
            if bonus.kind is BonusKind.AGE or (bonus.kind is BonusKind.ANNUAL and not sized):
                raise InvalidValueError(
                    "bonuses",
                    grant.code,
                    f"a one-off or annual bonus that block {block.code!r} allows",
                    hint="age bonuses apply by themselves from the candidate's birth date",
                )
        self.item = placement
        self.rules = rules
        self.block = block
        self.grants = grants
        start = placement.period.first
        self._start = start.toordinal()
        self.clock = PlacementClock(start)
        self.cap_last = (
            self.clock.boundary_ordinal(block.max_months) - 1 if block.max_months else None
        )
        active_last = (placement.exit_date or placement.period.last).toordinal()
        self._end = active_last if self.cap_last is None else min(active_last, self.cap_last)

        hours = placement.hours_per_week
        minimum = rules.minimum_hours.value if rules.minimum_hours is not None else None
        self.below_minimum = minimum is not None and hours < minimum
        full_time = rules.full_time_hours.value
        if self.below_minimum:
            size: Ratio = (0, 1)
        elif sized and full_time:
            hours_n, hours_d = _ratio(hours)
            full_n, full_d = _ratio(full_time)
            size = (
                (1, 1)
                if hours_n * full_d >= full_n * hours_d
                else (hours_n * full_d, hours_d * full_n)
            )
        else:
            size = (1, 1)
        self._size = size

        value_n, value_d = _ratio(block.value)
        self.age_bonuses: tuple[str, ...] = ()
        self._age_rates: tuple[Ratio, ...] = ()
        self._block_rate: Ratio = (0, 1)
        self._annual: tuple[tuple[int, int, int], ...] = ()
        if sized:
            per = 12 if block.unit is Unit.PER_YEAR_FULL_TIME else 1
            rate = (value_n * size[0], value_d * size[1] * per)
            self._block_rate = rate
            age = age_on(placement.candidate.birth_date, start)
            ages = []
            age_rates = []
            for code in block.bonuses:
                bonus = rules.bonuses[code]
                if (
                    bonus.kind is BonusKind.AGE
                    and bonus.min_age is not None
                    and age >= bonus.min_age
                ):
                    ages.append(code)
                    bonus_n, bonus_d = _ratio(bonus.value)
                    age_rates.append((bonus_n * size[0], bonus_d * size[1] * 12))
                    rate = _add(rate, age_rates[-1])
            self.age_bonuses = tuple(ages)
            self._age_rates = tuple(age_rates)
            annual = []
            for grant, bonus in grants:
                if bonus.kind is BonusKind.ANNUAL:
                    bonus_n, bonus_d = _ratio(bonus.value)
                    since = max(grant.granted_on.toordinal(), self._start)
                    annual.append((since, bonus_n * size[0], bonus_d * size[1] * 12))
            self._annual = tuple(annual)
        elif block.unit is Unit.PER_PERIOD:
            agreed_last = placement.period.last.toordinal()
            if self.cap_last is not None:
                agreed_last = min(agreed_last, self.cap_last)
            rate = (value_n * size[0], value_d * size[1] * (agreed_last - self._start + 1))
        else:  # Unit.ONE_OFF: in full on the placement's first day
            rate = (value_n * size[0], value_d * size[1])
        self._rate = rate
        self._memo: dict[tuple[int, int], Ratio] = {}
        one_offs = []
        if not self.below_minimum:
            for grant, bonus in grants:
                if bonus.kind is BonusKind.ONE_OFF:
                    bonus_n, bonus_d = _ratio(bonus.value)
                    one_offs.append((grant.granted_on.toordinal(), bonus_n, bonus_d))
        self._one_offs = tuple(one_offs)

    @property
    def unverified(self) -> tuple[str, ...]:
        """The rule keys this placement's value uses whose value is not verified."""
        block, rules = self.block, self.rules
        keys = []
        if not block.provenance.verified:
            keys.append(f"blocks.{block.code}")
        if self.cap_last is not None and not block.max_months_provenance.verified:
            keys.append(f"blocks.{block.code}.max_months")
        used = [*self.age_bonuses, *(grant.code for grant, _ in self.grants)]
        keys.extend(
            f"bonuses.{code}" for code in used if not rules.bonuses[code].provenance.verified
        )
        if block.unit.is_sized and not rules.full_time_hours.provenance.verified:
            keys.append("full_time_hours")
        return tuple(dict.fromkeys(keys))

    def ratio(self, first: int | None = None, last: int | None = None) -> Ratio:
        """The exact value over the window as ``(numerator, denominator)``, not reduced."""
        unit = self.block.unit
        start, end = self._start, self._end
        low = start if first is None or first < start else first
        high = end if last is None or last > end else last
        result: Ratio = (0, 1)
        if unit.is_sized:
            if high >= low and (low, high) in self._memo:
                result = self._memo[low, high]
            elif high >= low:
                span_n, span_d = self.clock.span(low, high)
                result = (self._rate[0] * span_n, self._rate[1] * span_d)
                for granted, rate_n, rate_d in self._annual:
                    since = max(granted, low)
                    if high >= since:
                        span_n, span_d = self.clock.span(since, high)
                        result = _add(result, (rate_n * span_n, rate_d * span_d))
                self._memo[low, high] = result
        elif unit is Unit.PER_PERIOD:
            if high >= low:
                result = (self._rate[0] * (high - low + 1), self._rate[1])
        elif _in(start, first, last):
            result = self._rate
        for day, value_n, value_d in self._one_offs:
            if _in(day, first, last):
                result = _add(result, (value_n, value_d))
        return result

    def valuation(self, window: Period | None = None) -> Valuation:
        """The full :class:`Valuation` over ``window`` (None: the whole period)."""
        placement, rules, block = self.item, self.rules, self.block
        first, last = _window(window)
        start, end = self._start, self._end
        low = start if first is None or first < start else first
        high = end if last is None or last > end else last
        size = Fraction(*self._size)
        months = _F0
        bonus_parts: list[BonusPart] = []
        if block.unit.is_sized:
            counted = _days(low, high)
            span_n, span_d = self.clock.span(low, high) if counted is not None else (0, 1)
            months = Fraction(span_n, span_d)
            rate_n, rate_d = self._block_rate
            base = Fraction(rate_n * span_n, rate_d * span_d)
            for code, (age_n, age_d) in zip(self.age_bonuses, self._age_rates, strict=True):
                bonus = rules.bonuses[code]
                amount = Fraction(age_n * span_n, age_d * span_d)
                bonus_parts.append(_bonus_part(code, bonus, amount, counted, months))
            for grant, bonus in self.grants:
                if bonus.kind is BonusKind.ANNUAL:
                    since = max(grant.granted_on.toordinal(), low)
                    sub = _days(since, high)
                    sub_months = Fraction(*self.clock.span(since, high)) if sub else _F0
                    amount = Fraction(bonus.value) * sub_months * size / 12
                    bonus_parts.append(_bonus_part(grant.code, bonus, amount, sub, sub_months))
        elif block.unit is Unit.PER_PERIOD:
            counted = _days(low, high)
            base = Fraction(*self._rate) * (counted.days if counted is not None else 0)
        else:
            counted = _days(start, start) if _in(start, first, last) else None
            base = Fraction(*self._rate) if counted is not None else _F0
        for grant, bonus in self.grants:
            if bonus.kind is BonusKind.ONE_OFF:
                day = grant.granted_on.toordinal()
                hit = _in(day, first, last)
                amount = Fraction(bonus.value) if hit and not self.below_minimum else _F0
                counted_day = _days(day, day) if hit else None
                bonus_parts.append(_bonus_part(grant.code, bonus, amount, counted_day, _F0))
        exact = base
        for part in bonus_parts:
            exact += part.amount
        minimum = rules.minimum_hours.value if rules.minimum_hours is not None else None
        cap = _days(start, self.cap_last) if self.cap_last is not None else None
        sized = block.unit.is_sized
        return _valuation(
            rules,
            block,
            window,
            counted,
            exact,
            base=base,
            size_factor=size,
            hours_per_week=placement.hours_per_week,
            full_time_hours=rules.full_time_hours.value,
            cap_window=cap,
            cap_provenance=block.max_months_provenance if cap is not None else None,
            months_counted=months,
            days_counted=counted.days if counted is not None else 0,
            bonuses=tuple(bonus_parts),
            note=f"below the minimum of {minimum} hours per week" if self.below_minimum else "",
            below_minimum=self.below_minimum,
            full_time_provenance=rules.full_time_hours.provenance if sized else None,
            start=placement.period.first,
        )


class PurchaseSchedule(_Base):
    """A social purchase's value schedule: invoice × the category's share, on the invoice date."""

    __slots__ = ("_day", "_value", "block", "item", "rules", "unverified")

    def __init__(self, purchase: SocialPurchase, rules: RuleSet) -> None:
        self.block = _block_of_route(rules, purchase.category, Route.PURCHASE, "category")
        self.item = purchase
        self.rules = rules
        self._day = purchase.invoice_date.toordinal()
        amount_n, amount_d = _ratio(purchase.amount_excl_vat)
        share_n, share_d = _ratio(self.block.value)
        self._value = (amount_n * share_n, amount_d * share_d)
        verified = self.block.provenance.verified
        self.unverified = () if verified else (f"blocks.{self.block.code}",)

    def ratio(self, first: int | None = None, last: int | None = None) -> Ratio:
        """The exact value over the window as ``(numerator, denominator)``, not reduced."""
        return self._value if _in(self._day, first, last) else (0, 1)

    def valuation(self, window: Period | None = None) -> Valuation:
        """The full :class:`Valuation` over ``window`` (None: the whole period)."""
        first, last = _window(window)
        hit = _in(self._day, first, last)
        exact = Fraction(*self._value) if hit else _F0
        return _valuation(
            self.rules,
            self.block,
            window,
            _days(self._day, self._day) if hit else None,
            exact,
            days_counted=1 if hit else 0,
            quantity=self.item.amount_excl_vat,
        )


class ProjectSchedule(_Base):
    """An SR project's value schedule: hours × the rate (or the agreed amount), spread evenly."""

    __slots__ = ("_first", "_last", "_total", "block", "item", "rules", "unverified")

    def __init__(self, project: SrProject, rules: RuleSet) -> None:
        self.block = _block_of_route(rules, project.block, Route.PROJECT, "block")
        self.item = project
        self.rules = rules
        if project.hours is not None:
            hours_n, hours_d = _ratio(project.hours)
            rate_n, rate_d = _ratio(self.block.value)
            self._total = (hours_n * rate_n, hours_d * rate_d)
        else:
            assert project.agreed_amount is not None  # checked by SrProject
            self._total = _ratio(project.agreed_amount)
        self._first = project.period.first.toordinal()
        self._last = project.period.last.toordinal()
        used = project.hours is not None and not self.block.provenance.verified
        self.unverified = (f"blocks.{self.block.code}",) if used else ()

    def _counted(self, first: int | None, last: int | None) -> tuple[int, int]:
        low = self._first if first is None or first < self._first else first
        high = self._last if last is None or last > self._last else last
        return low, high

    def ratio(self, first: int | None = None, last: int | None = None) -> Ratio:
        """The exact value over the window as ``(numerator, denominator)``, not reduced."""
        low, high = self._counted(first, last)
        if high < low:
            return 0, 1
        days, of = high - low + 1, self._last - self._first + 1
        if days == of:
            return self._total
        return self._total[0] * days, self._total[1] * of

    def valuation(self, window: Period | None = None) -> Valuation:
        """The full :class:`Valuation` over ``window`` (None: the whole period)."""
        project = self.item
        low, high = self._counted(*_window(window))
        counted = _days(low, high)
        return _valuation(
            self.rules,
            self.block,
            window,
            counted,
            self.exact(*_window(window)),
            days_counted=counted.days if counted is not None else 0,
            quantity=project.hours,
            note="" if project.hours is not None else "agreed amount",
        )


def _valuation(
    rules: RuleSet,
    block: BuildingBlock,
    window: Period | None,
    counted: Period | None,
    exact: Fraction,
    **parts: Any,
) -> Valuation:
    """A line item's :class:`Valuation`: the rounded amount, the rule value and the given parts."""
    parts.setdefault("base", exact)
    return Valuation(
        route=block.route,
        amount=round_cents(exact),
        exact=exact,
        region=rules.region,
        version=rules.version,
        block=block.code,
        unit=block.unit,
        rule_value=block.value,
        provenance=block.provenance,
        window=window,
        counted=counted,
        **parts,
    )


def schedule(item: Item, rules: RuleSet) -> PlacementSchedule | PurchaseSchedule | ProjectSchedule:
    """The value schedule of a placement, purchase or project under ``rules``.

    Computes the item's date-independent parts once; ask it for many windows
    (:meth:`ItemSchedule.cents`, :meth:`ItemSchedule.valuation`).

    Raises:
        UnknownBlockError: when the block, category or a granted bonus is not in ``rules``.
        InvalidValueError: when the block belongs to another route, a bonus is not allowed, or
            ``item`` is not an item.
    """
    _check_rules(rules)
    if isinstance(item, Placement):
        return PlacementSchedule(item, rules)
    if isinstance(item, SocialPurchase):
        return PurchaseSchedule(item, rules)
    if isinstance(item, SrProject):
        return ProjectSchedule(item, rules)
    raise InvalidValueError("item", item, "a Placement, SocialPurchase or SrProject")


def _check_rules(rules: object) -> RuleSet:
    if not isinstance(rules, RuleSet):
        raise InvalidValueError("rules", rules, "a RuleSet (see sroi.rules)")
    return rules


def _check_window(period: object) -> Period | None:
    if period is not None and not isinstance(period, Period):
        raise InvalidValueError("period", period, "a Period or None")
    return period


def value_placement(
    placement: Placement, rules: RuleSet, period: Period | None = None, *, warn: bool = True
) -> Valuation:
    """Value a placement over ``period`` (default: its whole period) under ``rules``.

    Only days inside the placement (cut at an early exit), its block's cap window and ``period``
    count. Annual and monthly blocks are prorated by placement month and multiplied by the size
    factor; age and annual bonuses follow the same days and size; one-off bonuses count in full on
    their grant day.

    Raises:
        UnknownBlockError: when the block or a granted bonus is not in ``rules``.
        InvalidValueError: when the block is not a candidate block.
    """
    if not isinstance(placement, Placement):
        raise InvalidValueError("placement", placement, "a Placement")
    plan = PlacementSchedule(placement, _check_rules(rules))
    if warn:
        warn_unverified(rules, plan.unverified)
    return plan.valuation(_check_window(period))


def value_purchase(
    purchase: SocialPurchase, rules: RuleSet, period: Period | None = None, *, warn: bool = True
) -> Valuation:
    """Value a social purchase: invoice excl. VAT × its category's share, on the invoice date.

    Raises:
        UnknownBlockError: when the category is not in ``rules``.
        InvalidValueError: when the category is not a purchase block.
    """
    if not isinstance(purchase, SocialPurchase):
        raise InvalidValueError("purchase", purchase, "a SocialPurchase")
    plan = PurchaseSchedule(purchase, _check_rules(rules))
    if warn:
        warn_unverified(rules, plan.unverified)
    return plan.valuation(_check_window(period))


def value_project(
    project: SrProject, rules: RuleSet, period: Period | None = None, *, warn: bool = True
) -> Valuation:
    """Value an SR project: hours × the block's hourly rate, or the agreed amount.

    A one-day project counts on its day; a longer one is spread evenly over its days.

    Raises:
        UnknownBlockError: when the block is not in ``rules``.
        InvalidValueError: when the block is not a project block.
    """
    if not isinstance(project, SrProject):
        raise InvalidValueError("project", project, "an SrProject")
    plan = ProjectSchedule(project, _check_rules(rules))
    if warn:
        warn_unverified(rules, plan.unverified)
    return plan.valuation(_check_window(period))


def value_item(
    item: Item, rules: RuleSet, period: Period | None = None, *, warn: bool = True
) -> Valuation:
    """Value a placement, purchase or project (dispatches on its type)."""
    plan = schedule(item, rules)
    if warn:
        warn_unverified(rules, plan.unverified)
    return plan.valuation(_check_window(period))


def reference_date(contract: Contract) -> dt.date:
    """The date that picks a contract's rule version: the award date, else the term's first day."""
    if not isinstance(contract, Contract):
        raise InvalidValueError("contract", contract, "a Contract")
    return contract.award_date if contract.award_date is not None else contract.term.first


def obligation(contract: Contract, rules: RuleSet, *, warn: bool = True) -> ObligationValuation:
    """The contract's obligation: value excl. VAT × SR percentage, then the region's adjustments.

    Discounts multiply in the order the contract lists them; an exemption makes it zero. Every
    step is exact (a product of decimals); only the result is rounded to cents, half up.

    Raises:
        InvalidValueError: when the contract has no value, or no percentage is known.
        UnknownBlockError: when an adjustment code is not in ``rules``.
    """
    if not isinstance(contract, Contract):
        raise InvalidValueError("contract", contract, "a Contract")
    _check_rules(rules)
    if contract.value_excl_vat is None:
        raise InvalidValueError(
            "value_excl_vat", None, "a contract value excl. VAT to compute the obligation"
        )
    if contract.sr_percentage is not None:
        percentage, percentage_provenance = contract.sr_percentage, None
    elif rules.sr_percentage is not None:
        percentage = rules.sr_percentage.value
        percentage_provenance = rules.sr_percentage.provenance
    else:
        raise InvalidValueError(
            "sr_percentage", None, f"a percentage: region {rules.region!r} sets no default"
        )
    amount = Fraction(contract.value_excl_vat) * Fraction(percentage) / 100
    before = exact_decimal(amount)
    parts: list[AdjustmentPart] = []
    for code in contract.adjustments:
        adjustment = rules.adjustment(code)
        if adjustment.kind is AdjustmentKind.EXEMPTION:
            amount = _F0
        else:
            amount = amount * (1 - Fraction(adjustment.value))
        parts.append(
            AdjustmentPart(
                code,
                adjustment.kind,
                adjustment.value,
                adjustment.provenance,
                exact_decimal(amount),
            )
        )
    if warn:
        warn_unverified(rules, _obligation_keys(contract, rules))
    return ObligationValuation(
        amount=round_cents(amount),
        contract_value=contract.value_excl_vat,
        percentage=percentage,
        percentage_provenance=percentage_provenance,
        before_adjustments=before,
        adjustments=tuple(parts),
    )


def _obligation_keys(contract: Contract, rules: RuleSet) -> list[str]:
    """The rule keys :func:`obligation` uses whose value is not verified (it warns about them).

    Shared with the batch report, which values many contracts and warns once per rule set.
    """
    keys = [
        f"adjustments.{code}"
        for code in contract.adjustments
        if not rules.adjustment(code).provenance.verified
    ]
    chosen = rules.sr_percentage
    if contract.sr_percentage is None and chosen is not None and not chosen.provenance.verified:
        keys.append("sr_percentage")
    return keys


def measurement_moments(
    term: Period, fractions: Sequence[Decimal] | None = None
) -> tuple[MeasurementMoment, ...]:
    """The dates of the measurement moments of a term (default 25%, 50%, 75%, 100%).

    With ``N`` the days of the term, the moment for fraction ``f`` is ``first + ceil(f·N) − 1``:
    the first day on which at least ``f·N`` days have passed, that day included.

    Raises:
        InvalidValueError: when a fraction is not in ``(0, 1]``.
    """
    if not isinstance(term, Period):
        raise InvalidValueError("term", term, "a Period")
    chosen = DEFAULT_MEASUREMENT_FRACTIONS if fractions is None else fractions
    given: object = chosen
    if isinstance(given, (str, bytes)) or not isinstance(given, Sequence):
        raise InvalidValueError("fractions", chosen, "a sequence of Decimals in (0, 1]")
    moments = []
    for index, fraction in enumerate(chosen):
        if not isinstance(fraction, Decimal) or not _ZERO < fraction <= _ONE:
            raise InvalidValueError(f"fractions[{index}]", fraction, "a Decimal in (0, 1]")
        numerator, denominator = fraction.as_integer_ratio()
        days = -(-numerator * term.days // denominator)  # ceil(f·N), exactly
        moments.append(MeasurementMoment(fraction, term.first + dt.timedelta(days=days - 1)))
    return tuple(sorted(moments, key=lambda m: m.fraction))


def _caller_level() -> int:
    """The ``stacklevel`` that makes a warning point at the first frame outside sroi.

    Counted from the function that calls :func:`warnings.warn` (the caller of this function).
    """
    frame = sys._getframe(1)
    level = 1
    while frame.f_back is not None and frame.f_globals.get("__name__", "").split(".")[0] == "sroi":
        frame = frame.f_back
        level += 1
    return level


def warn_unverified(rules: RuleSet, keys: Iterable[str]) -> None:
    """Warn about each rule value ``keys`` names that is not verified.

    The warning (:class:`~sroi.ProvisionalRuleWarning`) points at the user's own call, the first
    frame outside sroi, and Python's warning filters decide how often it shows: by default once
    per call site and message. No state is kept in the rule set.
    """
    keys = tuple(keys)
    if not keys:
        return
    provenances = dict(rules.provenances())
    level = _caller_level()
    for key in keys:
        provenance = provenances[key]
        warnings.warn(
            f"{rules.region} {rules.version}: {key} is {provenance.status.value}, not verified "
            f"(source: {provenance.source})",
            ProvisionalRuleWarning,
            stacklevel=level,
        )
