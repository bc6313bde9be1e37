"""The valuation engine: pure functions from plain values to exact, explained amounts.

Nothing here does I/O or looks anything up twice; every function takes the rule set it needs, so a
portfolio can be valued in a loop or in parallel. Each valuation returns the rounded amount with
the parts that produced it (block, rule value and its provenance, size factor, months and days
counted, cap window, bonuses), so every number can be explained and recomputed.

The rules are those of the calculation conventions (see ``docs/conventions.md``).
"""

from __future__ import annotations

import datetime as dt
import warnings
from calendar import monthrange
from collections.abc import Iterable, Sequence
from decimal import ROUND_CEILING, Decimal
from typing import Any

import attrs

from sroi.exceptions import InvalidValueError, ProvisionalRuleWarning
from sroi.model import Contract, Placement, SocialPurchase, SrProject, age_on
from sroi.money import PRECISION, round_cents
from sroi.period import Period
from sroi.ruleset import (
    DEFAULT_MEASUREMENT_FRACTIONS,
    AdjustmentKind,
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
    "MeasurementMoment",
    "MonthShare",
    "ObligationValuation",
    "Valuation",
    "measurement_moments",
    "obligation",
    "reference_date",
    "value_item",
    "value_placement",
    "value_project",
    "value_purchase",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)
_TWELVE = Decimal(12)
_HUNDRED = Decimal(100)
_SIZED = (Unit.PER_YEAR_FULL_TIME, Unit.PER_MONTH)
Item = Placement | SocialPurchase | SrProject


@attrs.frozen
class MonthShare:
    """How much of one calendar month a valuation counted."""

    year: int
    """The year."""
    month: int
    """The month (1-12)."""
    days_counted: int
    """Days of the month inside the counted period."""
    days_in_month: int
    """Days the month has."""

    @property
    def fraction(self) -> Decimal:
        """``days_counted / days_in_month`` (exactly 1 for a whole month)."""
        return _fraction(self.days_counted, self.days_in_month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d} {self.days_counted}/{self.days_in_month}"


@attrs.frozen
class BonusPart:
    """One bonus inside a placement's valuation (unrounded; the line item is rounded as a whole)."""

    code: str
    """The bonus code."""
    kind: BonusKind
    """How it counts."""
    rule_value: Decimal
    """The bonus's value in the rule set."""
    provenance: Provenance
    """Where that value comes from."""
    amount: Decimal
    """What the bonus adds, unrounded."""
    counted: Period | None
    """The days the bonus counted over (the grant day for a one-off bonus); None if none."""
    months: Decimal
    """Calendar months counted (sum of month fractions); 0 for a one-off bonus."""


@attrs.frozen
class Valuation:
    """The value of one line item over one period, with every part that produced it.

    ``amount`` is the line item rounded to cents half up; ``exact`` is the unrounded sum of
    ``base`` and the bonus amounts.
    """

    route: Route
    """Candidate, purchase or project."""
    amount: Decimal
    """The value in euros, rounded to whole cents half up."""
    exact: Decimal
    """The value before rounding."""
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
    base: Decimal
    """The block's part of the value, unrounded."""
    size_factor: Decimal = _ONE
    """Hours per week / full-time hours, at most 1 (0 below the minimum hours)."""
    hours_per_week: Decimal | None = None
    """The placement's hours per week."""
    full_time_hours: Decimal | None = None
    """The rule set's full-time hours."""
    cap_window: Period | None = None
    """The block's maximum duration counted from the placement's first day; None: no cap."""
    cap_provenance: Provenance | None = None
    """Where the maximum duration comes from."""
    months_counted: Decimal = _ZERO
    """The sum of the month fractions."""
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

    @property
    def months(self) -> tuple[MonthShare, ...]:
        """The calendar months counted, with the days of each (annual and monthly blocks only).

        Derived from :attr:`counted` on demand, so that valuing a portfolio does not build them.
        """
        if self.unit not in _SIZED or self.counted is None:
            return ()
        return tuple(MonthShare(*month) for month in self.counted.months())

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
    """One obligation adjustment applied, with the obligation after it (unrounded)."""

    code: str
    """The adjustment code."""
    kind: AdjustmentKind
    """Discount or exemption."""
    value: Decimal
    """The fraction taken off."""
    provenance: Provenance
    """Where the value comes from."""
    after: Decimal
    """The obligation after this adjustment, unrounded."""


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
    """Contract value × percentage, unrounded."""
    adjustments: tuple[AdjustmentPart, ...]
    """Adjustments applied in order."""


@attrs.frozen
class MeasurementMoment:
    """A measurement moment (meetmoment): a fraction of the term and its date."""

    fraction: Decimal
    """The fraction of the term, e.g. ``Decimal("0.25")``."""
    date: dt.date
    """The first day on which at least that fraction of the term has passed."""


def _month_sum(counted: Period | None) -> Decimal:
    """The sum of ``days covered / days in month`` over the months ``counted`` touches.

    Computed without visiting the months in between: a whole month adds exactly 1, so only the
    first and the last month can add a fraction. Equal to summing :attr:`MonthShare.fraction`.
    """
    if counted is None:
        return _ZERO
    first, last = counted.first, counted.last
    first_days = monthrange(first.year, first.month)[1]
    if (first.year, first.month) == (last.year, last.month):
        return _fraction(last.day - first.day + 1, first_days)
    last_days = monthrange(last.year, last.month)[1]
    between = (last.year * 12 + last.month) - (first.year * 12 + first.month) - 1
    head = _fraction(first_days - first.day + 1, first_days)
    tail = _fraction(last.day, last_days)
    return PRECISION.add(PRECISION.add(head, Decimal(between)), tail)


def _fraction(days: int, in_month: int) -> Decimal:
    if days == in_month:
        return _ONE
    return PRECISION.divide(Decimal(days), Decimal(in_month))


def _block_of_route(rules: RuleSet, code: str, route: Route, field: str) -> BuildingBlock:
    """The block ``code`` of ``rules``, which must belong to ``route``."""
    block = rules.block(code)
    if block.route is not route:
        raise InvalidValueError(
            field, code, f"a {route.value} block, not a {block.route.value} block"
        )
    return block


def _flat(
    rules: RuleSet,
    block: BuildingBlock,
    window: Period | None,
    counted: Period | None,
    exact: Decimal,
    **parts: Any,
) -> Valuation:
    """A purchase's or project's valuation: no size factor, cap or bonuses."""
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
        base=exact,
        **parts,
    )


def _clip(days: Period | None, *limits: Period | None) -> Period | None:
    """The part of ``days`` inside every limit; ``days=None`` is empty, a ``None`` limit is none."""
    for limit in limits:
        if days is None:
            return None
        if limit is not None:
            days = days.intersection(limit)
    return days


def _per_year(value: Decimal, months: Decimal, size: Decimal) -> Decimal:
    return PRECISION.divide(PRECISION.multiply(PRECISION.multiply(value, months), size), _TWELVE)


def value_placement(
    placement: Placement, rules: RuleSet, period: Period | None = None, *, warn: bool = True
) -> Valuation:
    """Value a placement over ``period`` (default: its whole period) under ``rules``.

    Only days inside the placement (cut at an early exit), its block's cap window and ``period``
    count. Annual and monthly blocks are prorated by calendar month and multiplied by the size
    factor; age and annual bonuses follow the same days and size; one-off bonuses count in full on
    their grant day.

    Raises:
        UnknownBlockError: when the block or a granted bonus is not in ``rules``.
        InvalidValueError: when the block is not a candidate block.
    """
    block = _block_of_route(rules, placement.block, Route.CANDIDATE, "block")
    grants = [(grant, rules.bonus(grant.code)) for grant in placement.bonuses]
    start = placement.period.first
    cap = Period.from_months(start, block.max_months) if block.max_months else None
    active = placement.active_period
    counted = _clip(active, cap, period)

    full_time = rules.full_time_hours.value
    hours = placement.hours_per_week
    note = ""
    minimum = rules.minimum_hours.value if rules.minimum_hours is not None else None
    below_minimum = minimum is not None and hours < minimum
    if below_minimum:
        size = _ZERO
        note = f"below the minimum of {minimum} hours per week"
    else:
        size = min(_ONE, PRECISION.divide(hours, full_time)) if full_time else _ONE

    months_sum = _ZERO
    bonus_parts: list[BonusPart] = []
    if block.unit in _SIZED:
        months_sum = _month_sum(counted)
        if block.unit is Unit.PER_YEAR_FULL_TIME:
            base = _per_year(block.value, months_sum, size)
        else:
            base = PRECISION.multiply(PRECISION.multiply(block.value, months_sum), size)
        age = age_on(placement.candidate.birth_date, start)
        for code in block.bonuses:
            bonus = rules.bonuses[code]
            if bonus.kind is BonusKind.AGE and bonus.min_age is not None and age >= bonus.min_age:
                bonus_parts.append(
                    BonusPart(
                        code,
                        bonus.kind,
                        bonus.value,
                        bonus.provenance,
                        _per_year(bonus.value, months_sum, size),
                        counted,
                        months_sum,
                    )
                )
        for grant, bonus in grants:
            if bonus.kind is BonusKind.ANNUAL:
                since = _clip(counted, Period(grant.granted_on, dt.date.max))
                sub_sum = _month_sum(since)
                bonus_parts.append(
                    BonusPart(
                        grant.code,
                        bonus.kind,
                        bonus.value,
                        bonus.provenance,
                        _per_year(bonus.value, sub_sum, size),
                        since,
                        sub_sum,
                    )
                )
    elif block.unit is Unit.PER_PERIOD:
        size = _ZERO if below_minimum else _ONE
        agreed = _clip(placement.period, cap)
        assert agreed is not None  # the cap window always starts on the first day
        days = counted.days if counted is not None else 0
        base = PRECISION.divide(PRECISION.multiply(block.value, Decimal(days) * size), agreed.days)
    else:  # Unit.ONE_OFF: in full on the placement's first day
        size = _ZERO if below_minimum else _ONE
        counted = _clip(Period.day(start), period)
        base = block.value * size if counted is not None else _ZERO

    for grant, bonus in grants:
        if grant.code not in block.bonuses:
            raise InvalidValueError(
                "bonuses",
                grant.code,
                f"a bonus that block {block.code!r} allows: {', '.join(block.bonuses) or '(none)'}",
            )
        if bonus.kind is BonusKind.ONE_OFF:
            day = _clip(Period.day(grant.granted_on), active, period)
            bonus_parts.append(
                BonusPart(
                    grant.code,
                    bonus.kind,
                    bonus.value,
                    bonus.provenance,
                    bonus.value if day is not None and not below_minimum else _ZERO,
                    day,
                    _ZERO,
                )
            )
        elif bonus.kind is BonusKind.AGE or block.unit not in _SIZED:
            raise InvalidValueError(
                "bonuses",
                grant.code,
                f"a one-off or annual bonus that block {block.code!r} allows",
                hint="age bonuses apply by themselves from the candidate's birth date",
            )

    exact = base
    for part in bonus_parts:
        exact = PRECISION.add(exact, part.amount)
    result = Valuation(
        route=Route.CANDIDATE,
        amount=round_cents(exact),
        exact=exact,
        region=rules.region,
        version=rules.version,
        block=block.code,
        unit=block.unit,
        rule_value=block.value,
        provenance=block.provenance,
        window=period,
        counted=counted,
        base=base,
        size_factor=size,
        hours_per_week=hours,
        full_time_hours=full_time,
        cap_window=cap,
        cap_provenance=block.max_months_provenance if cap is not None else None,
        months_counted=months_sum,
        days_counted=counted.days if counted is not None else 0,
        bonuses=tuple(bonus_parts),
        note=note,
        below_minimum=below_minimum,
        full_time_provenance=rules.full_time_hours.provenance if block.unit in _SIZED else None,
    )
    if warn:
        _warn_unverified(rules, result)
    return result


def value_purchase(
    purchase: SocialPurchase, rules: RuleSet, period: Period | None = None, *, warn: bool = True
) -> Valuation:
    """Value a social purchase: invoice excl. VAT × its category's share, on the invoice date.

    Raises:
        UnknownBlockError: when the category is not in ``rules``.
        InvalidValueError: when the category is not a purchase block.
    """
    block = _block_of_route(rules, purchase.category, Route.PURCHASE, "category")
    counted = _clip(Period.day(purchase.invoice_date), period)
    exact = PRECISION.multiply(purchase.amount_excl_vat, block.value) if counted else _ZERO
    result = _flat(
        rules,
        block,
        period,
        counted,
        exact,
        days_counted=1 if counted else 0,
        quantity=purchase.amount_excl_vat,
    )
    if warn:
        _warn_unverified(rules, result)
    return result


def value_project(
    project: SrProject, rules: RuleSet, period: Period | None = None, *, warn: bool = True
) -> Valuation:
    """Value an SR project: hours × the block's hourly rate, or the agreed amount.

    A one-day project counts on its day; a longer one is spread evenly over its days.

    Raises:
        UnknownBlockError: when the block is not in ``rules``.
        InvalidValueError: when the block is not a project block.
    """
    block = _block_of_route(rules, project.block, Route.PROJECT, "block")
    if project.hours is not None:
        total = PRECISION.multiply(project.hours, block.value)
        quantity: Decimal | None = project.hours
        note = ""
    else:
        assert project.agreed_amount is not None  # checked by SrProject
        total = project.agreed_amount
        quantity = None
        note = "agreed amount"
    counted = _clip(project.period, period)
    days = counted.days if counted is not None else 0
    if days == project.period.days:
        exact = total
    else:
        exact = PRECISION.divide(PRECISION.multiply(total, Decimal(days)), project.period.days)
    result = _flat(
        rules, block, period, counted, exact, days_counted=days, quantity=quantity, note=note
    )
    if warn and project.hours is not None:
        _warn_unverified(rules, result)
    return result


def value_item(
    item: Item, rules: RuleSet, period: Period | None = None, *, warn: bool = True
) -> Valuation:
    """Value a placement, purchase or project (dispatches on its type)."""
    if isinstance(item, Placement):
        return value_placement(item, rules, period, warn=warn)
    if isinstance(item, SocialPurchase):
        return value_purchase(item, rules, period, warn=warn)
    if isinstance(item, SrProject):
        return value_project(item, rules, period, warn=warn)
    raise InvalidValueError("item", item, "a Placement, SocialPurchase or SrProject")


def reference_date(contract: Contract) -> dt.date:
    """The date that picks a contract's rule version: the award date, else the term's first day."""
    return contract.award_date if contract.award_date is not None else contract.term.first


def obligation(contract: Contract, rules: RuleSet, *, warn: bool = True) -> ObligationValuation:
    """The contract's obligation: value excl. VAT × SR percentage, then the region's adjustments.

    Discounts multiply in the order the contract lists them; an exemption makes it zero.

    Raises:
        InvalidValueError: when the contract has no value, or no percentage is known.
        UnknownBlockError: when an adjustment code is not in ``rules``.
    """
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
    amount = PRECISION.divide(PRECISION.multiply(contract.value_excl_vat, percentage), _HUNDRED)
    before = amount
    parts: list[AdjustmentPart] = []
    for code in contract.adjustments:
        adjustment = rules.adjustment(code)
        if adjustment.kind is AdjustmentKind.EXEMPTION:
            amount = _ZERO
        else:
            amount = PRECISION.multiply(amount, PRECISION.subtract(_ONE, adjustment.value))
        parts.append(
            AdjustmentPart(code, adjustment.kind, adjustment.value, adjustment.provenance, amount)
        )
    if warn:
        keys = [f"adjustments.{part.code}" for part in parts if not part.provenance.verified]
        if percentage_provenance is not None and not percentage_provenance.verified:
            keys.append("sr_percentage")
        _warn_keys(rules, keys)
    return ObligationValuation(
        amount=round_cents(amount),
        contract_value=contract.value_excl_vat,
        percentage=percentage,
        percentage_provenance=percentage_provenance,
        before_adjustments=before,
        adjustments=tuple(parts),
    )


def measurement_moments(
    term: Period, fractions: Sequence[Decimal] | None = None
) -> tuple[MeasurementMoment, ...]:
    """The dates of the measurement moments of a term (default 25%, 50%, 75%, 100%).

    With ``N`` the days of the term, the moment for fraction ``f`` is ``first + ceil(f·N) − 1``:
    the first day on which at least ``f·N`` days have passed, that day included.

    Raises:
        InvalidValueError: when a fraction is not in ``(0, 1]``.
    """
    chosen = DEFAULT_MEASUREMENT_FRACTIONS if fractions is None else fractions
    moments = []
    for index, fraction in enumerate(chosen):
        if not isinstance(fraction, Decimal) or not _ZERO < fraction <= _ONE:
            raise InvalidValueError(f"fractions[{index}]", fraction, "a Decimal in (0, 1]")
        days = PRECISION.multiply(fraction, Decimal(term.days)).to_integral_value(ROUND_CEILING)
        moments.append(MeasurementMoment(fraction, term.first + dt.timedelta(days=int(days) - 1)))
    return tuple(sorted(moments, key=lambda m: m.fraction))


def _warn_unverified(rules: RuleSet, valuation: Valuation) -> None:
    keys: list[str] = []
    if not valuation.provenance.verified:
        keys.append(f"blocks.{valuation.block}")
    if valuation.cap_provenance is not None and not valuation.cap_provenance.verified:
        keys.append(f"blocks.{valuation.block}.max_months")
    keys.extend(f"bonuses.{b.code}" for b in valuation.bonuses if not b.provenance.verified)
    if valuation.unit in _SIZED and not rules.full_time_hours.provenance.verified:
        keys.append("full_time_hours")
    _warn_keys(rules, keys)


def _warn_keys(rules: RuleSet, keys: Iterable[str]) -> None:
    """Warn once per rule set and key about a value that is not verified."""
    new = [key for key in keys if key not in rules._warned]
    if not new:
        return
    provenances = dict(rules.provenances())
    for key in new:
        rules._warned.add(key)
        provenance = provenances[key]
        warnings.warn(
            f"{rules.region} {rules.version}: {key} is {provenance.status.value}, not verified "
            f"(source: {provenance.source})",
            ProvisionalRuleWarning,
            stacklevel=4,
        )
