"""A region's rule set as data: building blocks, bonuses, adjustments and parameters.

Every value carries its :class:`Provenance`: where it comes from and its :class:`Status`
(verified, unverified, provisional, assumed). Valuing with a value that is not verified emits a
:class:`~sroi.exceptions.ProvisionalRuleWarning` that points at the caller's own line.

Rule sets are usually loaded from a region plugin; they can also be built in code::

    >>> from decimal import Decimal
    >>> src = Provenance("my spreadsheet", Status.ASSUMED)
    >>> ww = BuildingBlock(
    ...     "ww-lt1", "WW < 1 jaar", "WW benefit < 1 year", Route.CANDIDATE,
    ...     Unit.PER_YEAR_FULL_TIME, Decimal("10000"), src, max_months=12)
    >>> rules = RuleSet.build("demo", "2024", dt.date(2024, 1, 1), blocks=[ww])
    >>> rules.block("ww-lt1").max_months
    12
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from sroi import _validators as v
from sroi._repr import count
from sroi._versions import VersionRange
from sroi.exceptions import InvalidValueError, UnknownBlockError
from sroi.model import code_validator

__all__ = [
    "DEFAULT_FULL_TIME_HOURS",
    "DEFAULT_MEASUREMENT_FRACTIONS",
    "AdjustmentKind",
    "Bonus",
    "BonusKind",
    "BuildingBlock",
    "ObligationAdjustment",
    "Parameter",
    "Proration",
    "Provenance",
    "Route",
    "RuleSet",
    "SettlementKind",
    "SettlementRule",
    "Status",
    "Unit",
]

DEFAULT_FULL_TIME_HOURS = Decimal(36)
"""Full-time hours per week when a region sets none (conventions: default 36)."""
DEFAULT_MEASUREMENT_FRACTIONS = (Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal(1))
"""Measurement moments at 25%, 50%, 75% and 100% of the term."""


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
    """How a rule set prorates values over time."""

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


def _keyed(kind: type[Any], description: str) -> v.Validator:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Mapping):
            raise InvalidValueError(attribute.name, value, f"a mapping of code to {description}")
        for code, item in value.items():
            if not isinstance(item, kind):
                raise InvalidValueError(f"{attribute.name}[{code!r}]", item, description)
            if item.code != code:
                raise InvalidValueError(
                    f"{attribute.name}[{code!r}].code", item.code, f"the key {code!r}"
                )

    return check


_ASSUMED_FULL_TIME = Parameter(
    DEFAULT_FULL_TIME_HOURS, Provenance("sroi calculation conventions (default)", Status.ASSUMED)
)
_DEFAULT_MOMENTS = Provenance("sroi calculation conventions: 25%, 50%, 75%, 100%", Status.ASSUMED)


@attrs.frozen(eq=True, hash=False)
class RuleSet:
    """A region's rules in force from ``valid_from`` (through ``valid_until`` when given).

    Build one in code with :meth:`build`, or get one from a region plugin.
    """

    region: str = attrs.field(validator=code_validator)
    """The region's code, e.g. ``"midden-gelderland"``."""
    version: str = attrs.field(validator=v.text(100, free=False))
    """The version's name, e.g. ``"V05 (april 2023)"``."""
    valid_from: dt.date = attrs.field(validator=v.supported_date)
    """The first day this version is in force."""
    blocks: Mapping[str, BuildingBlock] = attrs.field(
        validator=_keyed(BuildingBlock, "BuildingBlock")
    )
    """Building blocks by code."""
    valid_until: dt.date | None = attrs.field(default=None, validator=v.optional(v.supported_date))
    """The last day this version is in force; None while it is the current one."""
    bonuses: Mapping[str, Bonus] = attrs.field(factory=dict, validator=_keyed(Bonus, "Bonus"))
    """Bonuses by code."""
    adjustments: Mapping[str, ObligationAdjustment] = attrs.field(
        factory=dict, validator=_keyed(ObligationAdjustment, "ObligationAdjustment")
    )
    """Obligation adjustments by code."""
    full_time_hours: Parameter = attrs.field(
        default=_ASSUMED_FULL_TIME, validator=v.instance(Parameter, "a Parameter")
    )
    """Hours per week that count as full time (size factor 1)."""
    minimum_hours: Parameter | None = attrs.field(
        default=None, validator=v.optional(v.instance(Parameter, "a Parameter"))
    )
    """Hours per week below which a placement counts nothing; None: no minimum."""
    sr_percentage: Parameter | None = attrs.field(
        default=None, validator=v.optional(v.instance(Parameter, "a Parameter"))
    )
    """The default social-return percentage, used when a contract sets none."""
    measurement_fractions: tuple[Decimal, ...] = attrs.field(
        default=DEFAULT_MEASUREMENT_FRACTIONS,
        validator=v.tuple_of(
            v.decimal_range(Decimal(0), Decimal(1), low_inclusive=False), "fractions in (0, 1]"
        ),
    )
    """Default measurement moments as fractions of the term."""
    measurement_provenance: Provenance = attrs.field(
        default=_DEFAULT_MOMENTS, validator=v.instance(Provenance, "a Provenance")
    )
    """Where the default measurement moments come from."""
    proration: Proration = attrs.field(default=Proration.MONTHLY, validator=v.member(Proration))
    """How values are prorated over time."""
    source: str = attrs.field(default="", validator=v.text(1000, free=False, allow_empty=True))
    """The table this version is read from, as a whole."""
    settlement: SettlementRule | None = attrs.field(
        default=None, validator=v.optional(v.instance(SettlementRule, "a SettlementRule"))
    )
    """What follows a shortfall at the end of the term; None: the rule set states none."""

    def __attrs_post_init__(self) -> None:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise InvalidValueError(
                "valid_until", self.valid_until, f"on or after valid_from ({self.valid_from})"
            )
        for block in self.blocks.values():
            for code in block.bonuses:
                if code not in self.bonuses:
                    raise UnknownBlockError(code, self.bonuses, region=self.region, kind="bonus")
                if not block.unit.is_sized and (self.bonuses[code].kind is not BonusKind.ONE_OFF):
                    raise InvalidValueError(
                        f"blocks[{block.code!r}].bonuses",
                        code,
                        "only one-off bonuses on blocks that are not annual or monthly",
                    )

    @classmethod
    def build(
        cls,
        region: str,
        version: str,
        valid_from: dt.date,
        *,
        blocks: Iterable[BuildingBlock],
        bonuses: Iterable[Bonus] = (),
        adjustments: Iterable[ObligationAdjustment] = (),
        **kwargs: Any,
    ) -> RuleSet:
        """Build a rule set from lists of blocks, bonuses and adjustments (keyed by their code).

        Raises:
            InvalidValueError: when two items share a code, or any value is invalid.
        """
        return cls(
            region,
            version,
            valid_from,
            _by_code(blocks, "blocks"),
            bonuses=_by_code(bonuses, "bonuses"),
            adjustments=_by_code(adjustments, "adjustments"),
            **kwargs,
        )

    def __repr__(self) -> str:
        """One line: region, version, dates in force, sizes and how many values are not verified.

        >>> block = BuildingBlock("ww", "WW", "WW", Route.CANDIDATE, Unit.PER_YEAR_FULL_TIME,
        ...                       Decimal("10000"), Provenance("table", Status.VERIFIED))
        >>> RuleSet.build("demo", "V1", dt.date(2024, 1, 1), blocks=[block])
        <RuleSet demo 'V1' 2024-01-01..: 1 block, 0 bonuses, 0 adjustments, 2 values not verified>
        """
        not_verified = sum(not provenance.verified for _, provenance in self.provenances())
        return (
            f"<RuleSet {self.region} {self.version!r} {self.period_label}: "
            f"{count(len(self.blocks), 'block')}, {count(len(self.bonuses), 'bonus', 'bonuses')}, "
            f"{count(len(self.adjustments), 'adjustment')}, "
            f"{count(not_verified, 'value')} not verified>"
        )

    @property
    def period_label(self) -> str:
        """The dates this version is in force, e.g. ``"2024-01-01.."``."""
        return VersionRange(self.valid_from, self.valid_until).label

    def in_force(self, day: dt.date) -> bool:
        """Whether this version is in force on ``day``."""
        return VersionRange(self.valid_from, self.valid_until).holds_on(day)

    def block(self, code: str) -> BuildingBlock:
        """The building block ``code``.

        Raises:
            UnknownBlockError: listing the codes that exist.
        """
        try:
            return self.blocks[code]
        except KeyError:
            raise UnknownBlockError(code, self.blocks, region=self.region) from None

    def bonus(self, code: str) -> Bonus:
        """The bonus ``code``.

        Raises:
            UnknownBlockError: listing the bonus codes that exist.
        """
        try:
            return self.bonuses[code]
        except KeyError:
            raise UnknownBlockError(code, self.bonuses, region=self.region, kind="bonus") from None

    def adjustment(self, code: str) -> ObligationAdjustment:
        """The obligation adjustment ``code``.

        Raises:
            UnknownBlockError: listing the adjustment codes that exist.
        """
        try:
            return self.adjustments[code]
        except KeyError:
            raise UnknownBlockError(
                code, self.adjustments, region=self.region, kind="adjustment"
            ) from None

    def provenances(self) -> Iterator[tuple[str, Provenance]]:
        """Yield ``(key, provenance)`` for every value, with keys like ``blocks.ww-lt1``."""
        yield "full_time_hours", self.full_time_hours.provenance
        if self.minimum_hours is not None:
            yield "minimum_hours", self.minimum_hours.provenance
        if self.sr_percentage is not None:
            yield "sr_percentage", self.sr_percentage.provenance
        yield "measurement_fractions", self.measurement_provenance
        for code, block in self.blocks.items():
            yield f"blocks.{code}", block.provenance
            if block.max_months is not None:
                yield f"blocks.{code}.max_months", block.max_months_provenance
        for code, bonus in self.bonuses.items():
            yield f"bonuses.{code}", bonus.provenance
        for code, adjustment in self.adjustments.items():
            yield f"adjustments.{code}", adjustment.provenance
        if self.settlement is not None:
            yield "settlement", self.settlement.provenance


_Coded = TypeVar("_Coded", BuildingBlock, Bonus, ObligationAdjustment)


def _by_code(items: Iterable[_Coded], field: str) -> dict[str, _Coded]:
    result: dict[str, _Coded] = {}
    for item in items:
        if item.code in result:
            raise InvalidValueError(f"{field}[{item.code!r}]", item.code, "a code used only once")
        result[item.code] = item
    return result
