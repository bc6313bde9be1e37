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
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from sroi import _validators as v
from sroi._repr import count
from sroi._versions import VersionRange
from sroi.exceptions import InvalidValueError, UnknownBlockError
from sroi.model import code_validator
from sroi.ruleset.parts import (
    AdjustmentKind,
    Bonus,
    BonusKind,
    BuildingBlock,
    ObligationAdjustment,
    Parameter,
    Proration,
    Provenance,
    Route,
    SettlementKind,
    SettlementRule,
    Status,
    Unit,
)

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


_Coded = TypeVar("_Coded", BuildingBlock, Bonus, ObligationAdjustment)


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
        return self._coded(self.blocks, code, "building block")

    def bonus(self, code: str) -> Bonus:
        """The bonus ``code``.

        Raises:
            UnknownBlockError: listing the bonus codes that exist.
        """
        return self._coded(self.bonuses, code, "bonus")

    def adjustment(self, code: str) -> ObligationAdjustment:
        """The obligation adjustment ``code``.

        Raises:
            UnknownBlockError: listing the adjustment codes that exist.
        """
        return self._coded(self.adjustments, code, "adjustment")

    def _coded(self, items: Mapping[str, _Coded], code: str, kind: str) -> _Coded:
        """The item ``code`` of ``items``, or an :class:`UnknownBlockError` listing the codes."""
        try:
            return items[code]
        except KeyError:
            raise UnknownBlockError(code, items, region=self.region, kind=kind) from None

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


def _by_code(items: Iterable[_Coded], field: str) -> dict[str, _Coded]:
    result: dict[str, _Coded] = {}
    for item in items:
        if item.code in result:
            raise InvalidValueError(f"{field}[{item.code!r}]", item.code, "a code used only once")
        result[item.code] = item
    return result
