"""Value schedules: the date-independent parts of one item's value, computed once.

:func:`sroi.engine.schedule` builds one per placement, purchase or project; it answers "what is
the item worth over these days" for many windows in plain integer arithmetic. The classes are
documented as ``sroi.engine.<name>``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

from sroi.engine.results import BonusPart, Valuation, line_item
from sroi.exceptions import InvalidValueError
from sroi.model import Item, Placement, SocialPurchase, SrProject, age_on
from sroi.money import cents_half_up
from sroi.period import Period, PlacementClock
from sroi.ruleset import (
    Bonus,
    BonusKind,
    BuildingBlock,
    Proration,
    Route,
    RuleSet,
    Unit,
)

__all__ = [
    "CLOCKS",
    "ItemSchedule",
    "PlacementSchedule",
    "ProjectSchedule",
    "PurchaseSchedule",
    "Ratio",
]

_F0 = Fraction(0)
Ratio = tuple[int, int]
"""An exact value as ``(numerator, denominator)``, not reduced."""

CLOCKS: dict[Proration, type[PlacementClock]] = {Proration.MONTHLY: PlacementClock}
"""How each proration counts a placement's time: the clock the engine values placements with."""


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
        self.clock = CLOCKS[rules.proration](start)
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
        return line_item(
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
        return line_item(
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
        return line_item(
            self.rules,
            self.block,
            window,
            counted,
            self.exact(*_window(window)),
            days_counted=counted.days if counted is not None else 0,
            quantity=project.hours,
            note="" if project.hours is not None else "agreed amount",
        )
