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
import warnings
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from sroi._caller import caller_level
from sroi.engine.results import (
    AdjustmentPart,
    BonusPart,
    MeasurementMoment,
    ObligationValuation,
    Valuation,
)
from sroi.engine.schedules import (
    ItemSchedule,
    PlacementSchedule,
    ProjectSchedule,
    PurchaseSchedule,
)
from sroi.exceptions import InvalidValueError, ProvisionalRuleWarning
from sroi.model import Contract, Item, Placement, SocialPurchase, SrProject
from sroi.money import exact_decimal, round_cents
from sroi.period import MonthShare, Period
from sroi.ruleset import DEFAULT_MEASUREMENT_FRACTIONS, AdjustmentKind, RuleSet

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


_I = TypeVar("_I", Placement, SocialPurchase, SrProject)


def _checked(value: object, kind: type[_I], field: str, expected: str) -> _I:
    """``value`` when it is a ``kind``; else an :class:`InvalidValueError` naming ``field``."""
    if not isinstance(value, kind):
        raise InvalidValueError(field, value, expected)
    return value


def _valued(plan: ItemSchedule, period: object, *, warn: bool) -> Valuation:
    """The valuation of ``plan`` over ``period``, warning first about unverified rule values."""
    if warn:
        warn_unverified(plan.rules, plan.unverified)
    return plan.valuation(_check_window(period))


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
    checked = _checked(placement, Placement, "placement", "a Placement")
    return _valued(PlacementSchedule(checked, _check_rules(rules)), period, warn=warn)


def value_purchase(
    purchase: SocialPurchase, rules: RuleSet, period: Period | None = None, *, warn: bool = True
) -> Valuation:
    """Value a social purchase: invoice excl. VAT × its category's share, on the invoice date.

    Raises:
        UnknownBlockError: when the category is not in ``rules``.
        InvalidValueError: when the category is not a purchase block.
    """
    checked = _checked(purchase, SocialPurchase, "purchase", "a SocialPurchase")
    return _valued(PurchaseSchedule(checked, _check_rules(rules)), period, warn=warn)


def value_project(
    project: SrProject, rules: RuleSet, period: Period | None = None, *, warn: bool = True
) -> Valuation:
    """Value an SR project: hours × the block's hourly rate, or the agreed amount.

    A one-day project counts on its day; a longer one is spread evenly over its days.

    Raises:
        UnknownBlockError: when the block is not in ``rules``.
        InvalidValueError: when the block is not a project block.
    """
    checked = _checked(project, SrProject, "project", "an SrProject")
    return _valued(ProjectSchedule(checked, _check_rules(rules)), period, warn=warn)


def value_item(
    item: Item, rules: RuleSet, period: Period | None = None, *, warn: bool = True
) -> Valuation:
    """Value a placement, purchase or project (dispatches on its type)."""
    return _valued(schedule(item, rules), period, warn=warn)


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
            amount = Fraction(0)
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
        if not isinstance(fraction, Decimal) or not 0 < fraction <= 1:
            raise InvalidValueError(f"fractions[{index}]", fraction, "a Decimal in (0, 1]")
        numerator, denominator = fraction.as_integer_ratio()
        days = -(-numerator * term.days // denominator)  # ceil(f·N), exactly
        moments.append(MeasurementMoment(fraction, term.first + dt.timedelta(days=days - 1)))
    return tuple(sorted(moments, key=lambda m: m.fraction))


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
    level = caller_level()
    for key in keys:
        provenance = provenances[key]
        warnings.warn(
            f"{rules.region} {rules.version}: {key} is {provenance.status.value}, not verified "
            f"(source: {provenance.source})",
            ProvisionalRuleWarning,
            stacklevel=level,
        )
