"""Regions: what a plugin contributes (:class:`Region`) and what sroi reports (:class:`RegionInfo`).

A region plugin returns :class:`Region` objects from its ``sroi_regions`` hook: a code, a name,
aliases and the region's dated rule sets. sroi merges them centrally (see :mod:`sroi.registry`)
and describes the result with :class:`RegionInfo`, one :class:`RuleVersionInfo` per version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from sroi import _validators as v
from sroi._versions import VersionRange, effective_last
from sroi.exceptions import InvalidValueError
from sroi.model import code_validator
from sroi.ruleset import RuleSet, Status

__all__ = ["Region", "RegionInfo", "RuleVersionInfo", "effective_until"]


def _sorted_rule_sets(value: object) -> object:
    """Sort rule sets by ``valid_from`` (anything else is left for the validator to refuse)."""
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        items = tuple(value)
        if all(isinstance(item, RuleSet) for item in items):
            return tuple(sorted(items, key=lambda rules: rules.valid_from))
        return items
    return value


def _as_tuple(value: object) -> object:
    if isinstance(value, list | tuple):
        return tuple(value)
    return value


def effective_until(rule_sets: tuple[RuleSet, ...], index: int) -> dt.date | None:
    """The last day of ``rule_sets[index]`` among versions sorted by ``valid_from``.

    A version's own ``valid_until`` when it has one; else the day before the next version starts;
    None for an open-ended last version.
    """
    ranges = [VersionRange(rules.valid_from, rules.valid_until) for rules in rule_sets]
    return effective_last(ranges, index)


@attrs.frozen
class Region:
    """A region as a plugin contributes it: code, name, aliases and dated rule sets.

    A version without ``valid_until`` holds until the day before the next version starts (or
    indefinitely when it is the last). Versions may not overlap.

    >>> import datetime as dt
    >>> from sroi.ruleset import RuleSet
    >>> rules = RuleSet.build("demo", "1", dt.date(2024, 1, 1), blocks=[])
    >>> region = Region("demo", "Demo", [rules])
    >>> region.rule_sets[0].version
    '1'
    """

    code: str = attrs.field(validator=code_validator)
    """The region's code, e.g. ``"midden-gelderland"`` (lower case)."""
    name: str = attrs.field(validator=v.text(200, free=False))
    """The region's name, e.g. ``"Midden-Gelderland"``."""
    rule_sets: tuple[RuleSet, ...] = attrs.field(
        converter=_sorted_rule_sets,
        validator=v.tuple_of(v.instance(RuleSet, "a RuleSet"), "RuleSet"),
    )
    """The region's rule sets, one per version (sorted by ``valid_from``)."""
    aliases: tuple[str, ...] = attrs.field(
        default=(), converter=_as_tuple, validator=v.tuple_of(code_validator, "alias codes")
    )
    """Other codes that name the region, e.g. ``("mg",)``; case-insensitive like the code."""
    description: str = attrs.field(default="", validator=v.text(2000, free=False, allow_empty=True))
    """A sentence or two on whose rules these are and where they are published."""

    def __attrs_post_init__(self) -> None:
        if not self.rule_sets:
            raise InvalidValueError("rule_sets", self.rule_sets, "at least one rule set")
        for index, rules in enumerate(self.rule_sets):
            if rules.region != self.code:
                raise InvalidValueError(
                    f"rule_sets[{index}].region", rules.region, f"the region's code {self.code!r}"
                )
            if index and rules.valid_from == self.rule_sets[index - 1].valid_from:
                raise InvalidValueError(
                    f"rule_sets[{index}].valid_from",
                    rules.valid_from,
                    f"a date other than that of version {self.rule_sets[index - 1].version!r}",
                )
            until = effective_until(self.rule_sets, index)
            if index + 1 < len(self.rule_sets) and until is not None:
                following = self.rule_sets[index + 1]
                if until >= following.valid_from:
                    raise InvalidValueError(
                        f"rule_sets[{index}].valid_until",
                        until,
                        f"a day before version {following.version!r} starts "
                        f"({following.valid_from.isoformat()})",
                    )
        for index, alias in enumerate(self.aliases):
            if alias == self.code or alias in self.aliases[:index]:
                raise InvalidValueError(
                    f"aliases[{index}]", alias, "an alias other than the code and other aliases"
                )


@attrs.frozen
class RuleVersionInfo:
    """One version of a region's rules as sroi resolved it."""

    version: str
    """The version's name, e.g. ``"V05 (april 2023)"``."""
    valid_from: dt.date
    """The first day it is in force."""
    valid_until: dt.date | None
    """The last day it is in force (derived from the next version when the table sets none);
    None for the current, open-ended one."""
    provider: str
    """Who contributed it: a distribution (``"sroi-noord-holland 0.1.0"``), a plugin's name, or
    the path of a rule file loaded with :func:`sroi.registry.add_rule_files`."""
    statuses: frozenset[Status]
    """Every status of a value in this version; ``{Status.VERIFIED}`` when all are verified."""
    source: str = ""
    """The table this version is read from."""
    path: str | None = None
    """The rule file it was loaded from at run time, when it did not come with a plugin."""
    replaces: str | None = None
    """When a rule file replaced a shipped version with the same dates: which one, e.g.
    ``"provisional (2016-01-01..) from sroi-noord-holland 0.1.0"``."""

    @property
    def period_label(self) -> str:
        """The dates it is in force, e.g. ``"2016-01-01..2023-12-31"``."""
        return VersionRange(self.valid_from, self.valid_until).label

    def in_force(self, day: dt.date) -> bool:
        """Whether this version is in force on ``day``."""
        return VersionRange(self.valid_from, self.valid_until).holds_on(day)


@attrs.frozen
class RegionInfo:
    """What sroi knows about an installed region (see :func:`sroi.regions`)."""

    code: str
    """The region's code."""
    name: str
    """The region's name."""
    aliases: tuple[str, ...]
    """Other codes that name it."""
    providers: tuple[str, ...]
    """The distributions (``"name version"``) or plugins that contribute it."""
    versions: tuple[RuleVersionInfo, ...]
    """Its rule versions, oldest first."""
    description: str = ""
    """The region's description."""

    def version_on(self, day: dt.date) -> RuleVersionInfo | None:
        """The version in force on ``day``, or None."""
        return next((info for info in self.versions if info.in_force(day)), None)

    def as_dict(self) -> dict[str, Any]:
        """A plain dictionary (dates as ISO strings), e.g. for a JSON listing."""
        return {
            "code": self.code,
            "name": self.name,
            "aliases": list(self.aliases),
            "providers": list(self.providers),
            "description": self.description,
            "versions": [
                {
                    "version": info.version,
                    "valid_from": info.valid_from.isoformat(),
                    "valid_until": info.valid_until.isoformat() if info.valid_until else None,
                    "provider": info.provider,
                    "statuses": sorted(status.value for status in info.statuses),
                    "source": info.source,
                    "path": info.path,
                    "replaces": info.replaces,
                }
                for info in self.versions
            ],
        }
