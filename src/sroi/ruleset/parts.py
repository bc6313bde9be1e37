"""The parts of a rule set: statuses and provenance, kinds and units, blocks, bonuses, adjustments.

Each part is a frozen value checked when it is made; :class:`sroi.ruleset.RuleSet` holds them per
version of a region's rules. Every name here is importable from :mod:`sroi.ruleset`.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

import attrs

from sroi import _validators as v
from sroi.exceptions import InvalidValueError
from sroi.model import code_validator


class Status(enum.Enum):
    """How sure we are of a rule value."""

    VERIFIED = "verified"
    """Read in the region's published table."""
    UNVERIFIED = "unverified"
    """From a secondary copy, not checked against the official document."""
    PROVISIONAL = "provisional"
    """A stand-in table used until the region's official one is loaded."""
    ASSUMED = "assumed"
    """No source states it; a default chosen by the project."""


@attrs.frozen
class Provenance:
    """Where a rule value comes from and how sure we are of it."""

    source: str = attrs.field(validator=v.text(500, free=False))
    """The document, page or address the value was read from (or why it is assumed)."""
    status: Status = attrs.field(validator=v.member(Status))
    """The value's status."""
    note: str = attrs.field(default="", validator=v.text(1000, free=False, allow_empty=True))
    """Anything a reader should know, e.g. "duration as in the Oost model"."""

    @property
    def verified(self) -> bool:
        """Whether the status is :attr:`Status.VERIFIED`."""
        return self.status is Status.VERIFIED


class Route(enum.Enum):
    """The three ways to deliver social return."""

    CANDIDATE = "candidate"
    """Placing a person from a target group (kandidaten)."""
    PURCHASE = "purchase"
    """Buying from a social enterprise (sociaal inkopen)."""
    PROJECT = "project"
    """A social-return project (MVO-activiteit)."""


class Unit(enum.Enum):
    """What a building block's value is per."""

    PER_YEAR_FULL_TIME = "per_year_full_time"
    """An annual amount at full time: annual/12 per placement month, times the size factor."""
    PER_MONTH = "per_month"
    """A monthly amount per placement month, times the size factor."""
    PER_PERIOD = "per_period"
    """One amount for the whole agreed period, spread evenly over its days (no size factor)."""
    ONE_OFF = "one_off"
    """One amount, counted in full on the placement's first day."""
    PER_HOUR = "per_hour"
    """An hourly rate (SR projects)."""
    SHARE_OF_INVOICE = "share_of_invoice"
    """A factor times the invoice amount excl. VAT (social purchases)."""

    @property
    def is_sized(self) -> bool:
        """Whether a value per this unit is scaled by the placement's size (hours / full time)."""
        return self in (Unit.PER_YEAR_FULL_TIME, Unit.PER_MONTH)


_UNITS_BY_ROUTE = {
    Route.CANDIDATE: {Unit.PER_YEAR_FULL_TIME, Unit.PER_MONTH, Unit.PER_PERIOD, Unit.ONE_OFF},
    Route.PURCHASE: {Unit.SHARE_OF_INVOICE},
    Route.PROJECT: {Unit.PER_HOUR},
}


class BonusKind(enum.Enum):
    """How a bonus value counts."""

    AGE = "age"
    """An annual amount on top of the block when the candidate is old enough on the first day."""
    ANNUAL = "annual"
    """An annual amount on top of the block from the day it is granted."""
    ONE_OFF = "one_off"
    """One amount, counted in full on the day it is granted (e.g. a permanent contract)."""


class AdjustmentKind(enum.Enum):
    """How an obligation adjustment changes the obligation."""

    DISCOUNT = "discount"
    """The obligation is reduced by a fraction (``value``), e.g. 0.25 for -25%."""
    EXEMPTION = "exemption"
    """The obligation becomes zero."""


class Proration(enum.Enum):
    """How a rule set prorates values over time.

    The engine values a placement with the clock of its rule set's proration (one per member,
    in ``sroi.engine.schedules.CLOCKS``). There is one so far; a region that counts time another
    way would add a member here and its clock there.
    """

    MONTHLY = "monthly"
    """Placement months from the placement's first day, with ``days covered / days in that
    placement month`` for partial months (the default; see :class:`sroi.period.PlacementClock`)."""


def _fraction(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    v.decimal_range(Decimal(0), Decimal(1))(instance, attribute, value)


@attrs.frozen
class Parameter:
    """A number in a rule set (e.g. full-time hours) with its provenance."""

    value: Decimal = attrs.field(validator=v.decimal_range(Decimal(0)))
    """The value."""
    provenance: Provenance = attrs.field(validator=v.instance(Provenance, "a Provenance"))
    """Where the value comes from."""


@attrs.frozen
class BuildingBlock:
    """A building block (bouwblok): the value of one kind of effort.

    For the candidate route ``value`` is in euros per ``unit``; for purchases it is the share of
    the invoice that counts (``Decimal("0.30")`` for 30%); for projects the hourly rate.
    """

    code: str = attrs.field(validator=code_validator)
    """A stable code, e.g. ``"participatiewet-lt2"``."""
    label_nl: str = attrs.field(validator=v.text(300, free=False))
    """The Dutch label as the region writes it."""
    label_en: str = attrs.field(validator=v.text(300, free=False))
    """An English label."""
    route: Route = attrs.field(validator=v.member(Route))
    """Which route the block belongs to."""
    unit: Unit = attrs.field(validator=v.member(Unit))
    """What ``value`` is per."""
    value: Decimal = attrs.field(validator=v.decimal_range(Decimal(0)))
    """The rule value."""
    provenance: Provenance = attrs.field(validator=v.instance(Provenance, "a Provenance"))
    """Where the value comes from."""
    max_months: int | None = attrs.field(default=None, validator=v.optional(v.int_range(1)))
    """The maximum duration in months counted from the placement's first day; None: no limit."""
    duration_provenance: Provenance | None = attrs.field(
        default=None, validator=v.optional(v.instance(Provenance, "a Provenance"))
    )
    """Where the maximum duration comes from, when it differs from the value's provenance."""
    bonuses: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(code_validator, "bonus codes")
    )
    """Codes of the rule set's bonuses that may apply on top of this block."""

    def __attrs_post_init__(self) -> None:
        allowed = _UNITS_BY_ROUTE[self.route]
        if self.unit not in allowed:
            raise InvalidValueError(
                "unit",
                self.unit,
                f"one of {', '.join(sorted(u.value for u in allowed))} for route "
                f"{self.route.value}",
            )
        if self.unit is Unit.SHARE_OF_INVOICE and self.value > 1:
            raise InvalidValueError("value", self.value, "a share between 0 and 1")

    @property
    def max_months_provenance(self) -> Provenance:
        """The provenance of the maximum duration (the value's own when not given separately)."""
        return self.duration_provenance or self.provenance


@attrs.frozen
class Bonus:
    """A bonus value (bonuswaarde) on top of a candidate block."""

    code: str = attrs.field(validator=code_validator)
    """A stable code, e.g. ``"age-50"`` or ``"permanent-contract"``."""
    label_nl: str = attrs.field(validator=v.text(300, free=False))
    """The Dutch label."""
    label_en: str = attrs.field(validator=v.text(300, free=False))
    """An English label."""
    kind: BonusKind = attrs.field(validator=v.member(BonusKind))
    """How the bonus counts."""
    value: Decimal = attrs.field(validator=v.decimal_range(Decimal(0)))
    """Euros per year (age, annual) or in full (one-off)."""
    provenance: Provenance = attrs.field(validator=v.instance(Provenance, "a Provenance"))
    """Where the value comes from."""
    min_age: int | None = attrs.field(default=None, validator=v.optional(v.int_range(0, 120)))
    """For an age bonus: the age in whole years the candidate must have on the first day."""

    def __attrs_post_init__(self) -> None:
        if (self.kind is BonusKind.AGE) != (self.min_age is not None):
            raise InvalidValueError(
                "min_age", self.min_age, "an age for an age bonus, and None for any other bonus"
            )


@attrs.frozen
class ObligationAdjustment:
    """A region's adjustment of the obligation, e.g. a discount for a PSO-certified contractor."""

    code: str = attrs.field(validator=code_validator)
    """A stable code, e.g. ``"pso-2"``."""
    label_nl: str = attrs.field(validator=v.text(300, free=False))
    """The Dutch label."""
    label_en: str = attrs.field(validator=v.text(300, free=False))
    """An English label."""
    kind: AdjustmentKind = attrs.field(validator=v.member(AdjustmentKind))
    """Discount or exemption."""
    value: Decimal = attrs.field(validator=_fraction)
    """For a discount, the fraction taken off (``Decimal("0.25")`` for -25%); 1 for exemptions."""
    provenance: Provenance = attrs.field(validator=v.instance(Provenance, "a Provenance"))
    """Where the value comes from."""


class SettlementKind(enum.Enum):
    """What follows a shortfall at the end of the term (a region's settlement rule)."""

    NONE = "none"
    """Nothing follows: the shortfall is only reported."""
    WITHHOLD = "withhold"
    """A share of the shortfall is withheld from the last payment, after a recovery period."""
    CARRY_OVER = "carry-over"
    """The remainder moves to a separate agreement (it stays an obligation, not money)."""
    CASH = "cash"
    """The shortfall (or a share of it) is settled in money."""


@attrs.frozen
class SettlementRule:
    """A region's settlement rule: what follows when the obligation is not met by the end.

    The amount is ``shortfall × share``, rounded to cents half up, for ``withhold`` and ``cash``;
    ``none`` and ``carry-over`` settle no money.
    """

    kind: SettlementKind = attrs.field(validator=v.member(SettlementKind))
    """What follows a shortfall."""
    provenance: Provenance = attrs.field(validator=v.instance(Provenance, "a Provenance"))
    """Where the rule comes from, and its status."""
    share: Decimal = attrs.field(
        default=Decimal(1), validator=v.decimal_range(Decimal(0), Decimal(1))
    )
    """The share of the shortfall withheld or paid (1 = all of it)."""
    recovery_months: int = attrs.field(default=0, validator=v.int_range(0))
    """Months after the term's last day in which the contractor may still make up the shortfall
    before anything is settled."""
    waived_when_not_at_fault: bool = attrs.field(
        default=False, validator=attrs.validators.instance_of(bool)
    )
    """Whether nothing is settled when the contractor shows the shortfall was not its fault."""
