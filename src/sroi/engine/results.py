"""What a valuation returns: the amount of a line item or an obligation with every part of it.

Each result is frozen and exact: the rounded amount travels with the parts that produced it
(rule value and provenance, size factor, placement months, bonuses, adjustments), so a report
can explain and recompute every number. The classes are documented as ``sroi.engine.<name>``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from sroi.money import round_cents
from sroi.period import MonthShare, Period, PlacementClock
from sroi.ruleset import (
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
    "ObligationValuation",
    "Valuation",
    "line_item",
]

_F0 = Fraction(0)
_F1 = Fraction(1)


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


def line_item(
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
