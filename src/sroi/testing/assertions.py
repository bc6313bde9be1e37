"""Value assertions for a region's rule set: one line per value of the region's table.

In the style of python-holidays' test helpers, a plugin's tests state each value the way the
region's own document states it, and the assertion compares it with the rule set the plugin
loads::

    from sroi.testing.assertions import assert_block_value, assert_bonus_value

    def test_candidate_blocks(rules):
        assert_block_value(rules, "ww-lt1", "10000", max_months=12, status="verified")
        assert_block_value(rules, "bbl-3-4", "15000", max_months=None, status="unverified")
        assert_bonus_value(rules, "age-50", "5000", min_age=50, status="unverified")

Amounts are compared as numbers (``"10000"`` equals ``Decimal("10000.00")``) and may be given as
``Decimal``, decimal text or ``int``, never as a float. Statuses, units, routes and kinds may be
given as their enum or as its value (``"verified"``). A keyword left out is not checked.

A failure raises :class:`RuleValueMismatch` (an ``AssertionError``) naming the region, the
version, the key and every field that differs, with what was expected and what was found::

    midden-gelderland V05 (april 2023): blocks.ww-lt1: value expected 10000, got 15000
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping, Sequence
from typing import Final, TypeVar

from sroi.exceptions import InvalidValueError
from sroi.ruleset import (
    AdjustmentKind,
    Bonus,
    BonusKind,
    BuildingBlock,
    ObligationAdjustment,
    Provenance,
    Route,
    RuleSet,
    Status,
    Unit,
)
from sroi.testing.builders import DecimalLike, as_decimal

__all__ = [
    "UNCHECKED",
    "RuleValueMismatch",
    "Unchecked",
    "assert_adjustment_value",
    "assert_block_value",
    "assert_bonus_value",
    "assert_cap_months",
    "assert_codes",
    "assert_parameter_value",
    "assert_status",
]

_E = TypeVar("_E", bound=enum.Enum)
_Item = TypeVar("_Item", BuildingBlock, Bonus, ObligationAdjustment)


class Unchecked(enum.Enum):
    """The type of :data:`UNCHECKED`."""

    UNCHECKED = "unchecked"

    def __repr__(self) -> str:
        return "UNCHECKED"


UNCHECKED: Final = Unchecked.UNCHECKED
"""The default of a keyword whose ``None`` means something (no limit, no minimum age)."""


class RuleValueMismatch(AssertionError):  # noqa: N818 - an assertion, named like one
    """A value of a rule set differs from what a test expects.

    Attributes:
        region: the rule set's region.
        version: the rule set's version.
        key: what was checked, e.g. ``"blocks.ww-lt1"``.
        differences: one ``(field, expected, actual)`` triple per differing field.
    """

    def __init__(
        self, rules: RuleSet, key: str, differences: Sequence[tuple[str, object, object]]
    ) -> None:
        self.region = rules.region
        self.version = rules.version
        self.key = key
        self.differences = tuple(differences)
        where = f"{rules.region} {rules.version}: {key}"
        super().__init__(
            "\n".join(
                f"{where}: {field} expected {_shown(expected)}, got {_shown(actual)}"
                for field, expected, actual in self.differences
            )
        )


def _shown(value: object) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(map(str, value))) + "}"
    return "none" if value is None else str(value)


class _Differences:
    """The differing fields of one key, raised together."""

    def __init__(self, rules: RuleSet, key: str) -> None:
        self.rules = rules
        self.key = key
        self.found: list[tuple[str, object, object]] = []

    def compare(self, field: str, expected: object, actual: object) -> None:
        if expected is not UNCHECKED and expected != actual:
            self.found.append((field, expected, actual))

    def provenance(
        self, prefix: str, provenance: Provenance, status: Status | str | None, source: str | None
    ) -> None:
        if status is not None:
            self.compare(f"{prefix}status", _member(Status, status, "status"), provenance.status)
        if source is not None and source not in provenance.source:
            self.found.append((f"{prefix}source", f"a source naming {source!r}", provenance.source))

    def check(self) -> None:
        if self.found:
            raise RuleValueMismatch(self.rules, self.key, self.found)


def _member(kind: type[_E], value: _E | str, field: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in kind)
        raise InvalidValueError(field, value, f"one of {allowed}") from None


def _optional(kind: type[_E], value: _E | str | None, field: str) -> _E | Unchecked:
    return UNCHECKED if value is None else _member(kind, value, field)


def _item(rules: RuleSet, group: str, items: Mapping[str, _Item], code: str) -> _Item:
    """The item ``code`` of ``group``; a missing code fails, listing the codes there are."""
    if code not in items:
        raise RuleValueMismatch(
            rules, f"{group}.{code}", [("code", code, f"no such code; it has {sorted(items)}")]
        )
    return items[code]


def _valued(
    rules: RuleSet,
    group: str,
    items: Mapping[str, _Item],
    code: str,
    value: DecimalLike,
    *,
    status: Status | str | None,
    source: str | None,
) -> tuple[_Item, _Differences]:
    """The item ``code`` of ``group``, with its value, status and source already compared."""
    item = _item(rules, group, items, code)
    found = _Differences(rules, f"{group}.{code}")
    found.compare("value", as_decimal(value), item.value)
    found.provenance("", item.provenance, status, source)
    return item, found


def assert_block_value(
    rules: RuleSet,
    code: str,
    value: DecimalLike,
    *,
    unit: Unit | str | None = None,
    route: Route | str | None = None,
    max_months: int | Unchecked | None = UNCHECKED,
    status: Status | str | None = None,
    cap_status: Status | str | None = None,
    source: str | None = None,
) -> None:
    """Assert the building block ``code`` has ``value`` (and each other field given).

    Args:
        rules: the rule set.
        code: the block's code.
        value: the expected value (euros per unit, a share of the invoice, or an hourly rate).
        unit: the expected unit.
        route: the expected route.
        max_months: the expected maximum duration in months (None: no limit).
        status: the expected status of the value.
        cap_status: the expected status of the maximum duration.
        source: text the value's source must contain.

    Raises:
        RuleValueMismatch: naming every field that differs.
    """
    block, found = _valued(rules, "blocks", rules.blocks, code, value, status=status, source=source)
    found.compare("unit", _optional(Unit, unit, "unit"), block.unit)
    found.compare("route", _optional(Route, route, "route"), block.route)
    found.compare("max_months", max_months, block.max_months)
    found.provenance("max_months ", block.max_months_provenance, cap_status, None)
    found.check()


def assert_cap_months(
    rules: RuleSet,
    code: str,
    months: int | None,
    *,
    status: Status | str | None = None,
    source: str | None = None,
) -> None:
    """Assert the block ``code`` counts for at most ``months`` months (None: no limit).

    Args:
        rules: the rule set.
        code: the block's code.
        months: the expected maximum duration.
        status: the expected status of the maximum duration (its own, or the value's).
        source: text the maximum duration's source must contain.

    Raises:
        RuleValueMismatch: naming every field that differs.
    """
    block = _item(rules, "blocks", rules.blocks, code)
    found = _Differences(rules, f"blocks.{code}.max_months")
    found.compare("months", months, block.max_months)
    found.provenance("", block.max_months_provenance, status, source)
    found.check()


def assert_bonus_value(
    rules: RuleSet,
    code: str,
    value: DecimalLike,
    *,
    kind: BonusKind | str | None = None,
    min_age: int | Unchecked | None = UNCHECKED,
    status: Status | str | None = None,
    source: str | None = None,
) -> None:
    """Assert the bonus ``code`` has ``value`` (and each other field given).

    Args:
        rules: the rule set.
        code: the bonus's code.
        value: the expected value in euros.
        kind: the expected kind (age, annual, one-off).
        min_age: the expected minimum age (None: no minimum).
        status: the expected status of the value.
        source: text the value's source must contain.

    Raises:
        RuleValueMismatch: naming every field that differs.
    """
    bonus, found = _valued(
        rules, "bonuses", rules.bonuses, code, value, status=status, source=source
    )
    found.compare("kind", _optional(BonusKind, kind, "kind"), bonus.kind)
    found.compare("min_age", min_age, bonus.min_age)
    found.check()


def assert_adjustment_value(
    rules: RuleSet,
    code: str,
    value: DecimalLike,
    *,
    kind: AdjustmentKind | str | None = None,
    status: Status | str | None = None,
    source: str | None = None,
) -> None:
    """Assert the obligation adjustment ``code`` has ``value`` (a fraction of the obligation).

    Args:
        rules: the rule set.
        code: the adjustment's code.
        value: the expected fraction (``"0.25"`` for a 25% discount, ``"1"`` for an exemption).
        kind: the expected kind (discount, exemption).
        status: the expected status of the value.
        source: text the value's source must contain.

    Raises:
        RuleValueMismatch: naming every field that differs.
    """
    adjustment, found = _valued(
        rules, "adjustments", rules.adjustments, code, value, status=status, source=source
    )
    found.compare("kind", _optional(AdjustmentKind, kind, "kind"), adjustment.kind)
    found.check()


_PARAMETERS = ("full_time_hours", "minimum_hours", "sr_percentage")


def assert_parameter_value(
    rules: RuleSet,
    name: str,
    value: DecimalLike | None,
    *,
    status: Status | str | None = None,
    source: str | None = None,
) -> None:
    """Assert the general parameter ``name`` has ``value`` (None: the rule set has none).

    Args:
        rules: the rule set.
        name: ``"full_time_hours"``, ``"minimum_hours"`` or ``"sr_percentage"``.
        value: the expected value, or None when the parameter must be absent.
        status: the expected status of the value.
        source: text the value's source must contain.

    Raises:
        RuleValueMismatch: naming every field that differs.
    """
    if name not in _PARAMETERS:
        raise InvalidValueError("name", name, f"one of {', '.join(_PARAMETERS)}")
    parameter = getattr(rules, name)
    found = _Differences(rules, name)
    actual = None if parameter is None else parameter.value
    found.compare("value", None if value is None else as_decimal(value), actual)
    if parameter is not None:
        found.provenance("", parameter.provenance, status, source)
    found.check()


def assert_status(rules: RuleSet, key: str, status: Status | str) -> None:
    """Assert the value ``key`` carries ``status``.

    Args:
        rules: the rule set.
        key: a key of :meth:`sroi.RuleSet.provenances`, e.g. ``"blocks.ww-lt1"``,
            ``"blocks.ww-lt1.max_months"``, ``"full_time_hours"`` or ``"measurement_fractions"``.
        status: the expected status.

    Raises:
        RuleValueMismatch: when the status differs or the rule set has no value ``key``.
    """
    expected = _member(Status, status, "status")
    provenances = dict(rules.provenances())
    if key not in provenances:
        raise RuleValueMismatch(
            rules, key, [("key", key, f"no such value; it has {sorted(provenances)}")]
        )
    found = _Differences(rules, key)
    found.compare("status", expected, provenances[key].status)
    found.check()


def assert_codes(
    rules: RuleSet,
    *,
    blocks: Collection[str] | None = None,
    bonuses: Collection[str] | None = None,
    adjustments: Collection[str] | None = None,
) -> None:
    """Assert the rule set has exactly the codes given (a group left out is not checked).

    Raises:
        RuleValueMismatch: naming each group whose codes differ, with the missing and extra codes.
    """
    found = _Differences(rules, "codes")
    for group, wanted in (("blocks", blocks), ("bonuses", bonuses), ("adjustments", adjustments)):
        if wanted is None:
            continue
        actual = set(getattr(rules, group))
        if set(wanted) != actual:
            missing, extra = set(wanted) - actual, actual - set(wanted)
            found.found.append(
                (
                    group,
                    set(wanted),
                    f"{_shown(actual)} (missing {_shown(missing)}, extra {_shown(extra)})",
                )
            )
    found.check()
