"""The soundness contract every region plugin must pass.

:func:`check_region` runs every check of :data:`CHECKS` on an installed region and returns the
problems found (none for a sound region): the region is found through an entry point, its
versions are contiguous and do not overlap, the day before and the day a version starts pick the
right version, every value has a source, every amount is a ``Decimal``, and the code, aliases and
name resolve to it. In a plugin's tests, subclass :class:`RegionContract` to get one test per
check; from the command line, ``pytest --sroi-region=CODE`` runs the same checks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from decimal import Decimal
from importlib.metadata import entry_points
from typing import ClassVar

import pytest

from sroi import registry
from sroi.exceptions import RuleVersionNotFoundError, SroiError
from sroi.plugins import ENTRY_POINT_GROUP
from sroi.region import RegionInfo
from sroi.registry import Registry
from sroi.ruleset import Parameter, RuleSet

__all__ = [
    "CHECKS",
    "Check",
    "RegionContract",
    "RegionFacts",
    "assert_region_sound",
    "check_region",
]

Check = Callable[[Registry, RegionInfo], list[str]]


def _distribution(provider: str) -> str:
    return re.sub(r"[-_.]+", "-", provider.rsplit(" ", 1)[0]).lower()


def _entry_point(reg: Registry, info: RegionInfo) -> list[str]:
    """The region comes from a distribution announced in the entry-point group ``sroi``."""
    announced = {
        _distribution(ep.dist.name) for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.dist
    }
    found = [p for p in info.providers if " " in p and _distribution(p) in announced]
    if found:
        return []
    return [
        f"region {info.code!r} is contributed by {', '.join(info.providers)}, not by a "
        f"distribution with an entry point in group {ENTRY_POINT_GROUP!r} "
        f"(installed: {', '.join(sorted(announced)) or 'none'})"
    ]


def _contiguous(reg: Registry, info: RegionInfo) -> list[str]:
    """Versions follow each other without a gap or an overlap; only the last is open-ended."""
    problems = []
    for current, following in zip(info.versions, info.versions[1:], strict=False):
        if current.valid_until is None:
            problems.append(f"version {current.version!r} has no end but is not the last")
            continue
        gap = (following.valid_from - current.valid_until).days
        if gap > 1:
            problems.append(
                f"gap between {current.version!r} ({current.period_label}) and "
                f"{following.version!r} ({following.period_label})"
            )
        elif gap < 1:
            problems.append(
                f"{current.version!r} ({current.period_label}) overlaps "
                f"{following.version!r} ({following.period_label})"
            )
    return problems


def _boundaries(reg: Registry, info: RegionInfo) -> list[str]:
    """The first and last day of each version pick it; the day before picks the previous one."""
    problems = []
    previous: RuleSet | None = None
    for rules in reg.versions(info.code):
        days = [rules.valid_from] + ([rules.valid_until] if rules.valid_until else [])
        for day in days:
            if reg.rules(info.code, day) is not rules:
                problems.append(f"{day.isoformat()} does not pick version {rules.version!r}")
        before = rules.valid_from - dt.timedelta(days=1)
        try:
            found: RuleSet | None = reg.rules(info.code, before)
        except RuleVersionNotFoundError:
            found = None
        expected_rules = previous if previous is not None and previous.in_force(before) else None
        if found is not expected_rules:
            expected = repr(expected_rules.version) if expected_rules else "no version"
            got = repr(found.version) if found else "no version"
            problems.append(f"{before.isoformat()} picks {got}, expected {expected}")
        previous = rules
    return problems


def _values(rules: RuleSet) -> Iterator[tuple[str, object]]:
    for key in ("full_time_hours", "minimum_hours", "sr_percentage"):
        parameter = getattr(rules, key)
        if isinstance(parameter, Parameter):
            yield key, parameter.value
    for index, fraction in enumerate(rules.measurement_fractions):
        yield f"measurement_fractions[{index}]", fraction
    for group in ("blocks", "bonuses", "adjustments"):
        for code, item in getattr(rules, group).items():
            yield f"{group}.{code}", item.value


def _sources(reg: Registry, info: RegionInfo) -> list[str]:
    """Every value (and every version as a whole) names its source."""
    problems = []
    for rules in reg.versions(info.code):
        if not rules.source.strip():
            problems.append(f"{rules.version}: the version names no source")
        for key, provenance in rules.provenances():
            if not provenance.source.strip():
                problems.append(f"{rules.version}: {key} has no source")
    return problems


def _decimals(reg: Registry, info: RegionInfo) -> list[str]:
    """Every amount, rate and fraction is a finite ``Decimal`` (never a float)."""
    return [
        f"{rules.version}: {key} is {value!r}, expected a finite Decimal"
        for rules in reg.versions(info.code)
        for key, value in _values(rules)
        if not isinstance(value, Decimal) or not value.is_finite()
    ]


def _aliases(reg: Registry, info: RegionInfo) -> list[str]:
    """The code, every alias and the name resolve to the region, in any case."""
    problems = []
    for name in (info.code, *info.aliases, info.name):
        for spelling in {name, name.upper(), name.lower()}:
            try:
                found = reg.region(spelling).code
            except SroiError as error:
                found = f"an error ({error})"
            if found != info.code:
                problems.append(f"{spelling!r} resolves to {found}, expected {info.code!r}")
    return problems


CHECKS: Mapping[str, Check] = {
    "found through an entry point": _entry_point,
    "versions contiguous and not overlapping": _contiguous,
    "version boundaries pick the right version": _boundaries,
    "every value has a source": _sources,
    "amounts are Decimal": _decimals,
    "code, aliases and name resolve": _aliases,
}
"""The soundness checks by name; each returns the problems it finds."""


def check_region(
    region: str,
    reg: Registry | None = None,
    *,
    require_entry_point: bool = True,
    checks: Sequence[str] | None = None,
) -> list[str]:
    """Check an installed region for soundness.

    Args:
        region: the region's code, alias or name.
        reg: the registry to ask (default: the default registry of installed plugins).
        require_entry_point: whether the region must come from an installed distribution's
            entry point (turn off for a plugin registered in code).
        checks: names of the checks to run (default: all of :data:`CHECKS`).

    Returns:
        Every problem found, each starting with the check's name; empty for a sound region.

    Raises:
        RegionNotFoundError: when the region is not installed.
    """
    chosen = reg if reg is not None else registry.default()
    info = chosen.region(region)
    names = list(CHECKS) if checks is None else list(checks)
    if not require_entry_point and "found through an entry point" in names:
        names.remove("found through an entry point")
    return [f"{name}: {problem}" for name in names for problem in CHECKS[name](chosen, info)]


def assert_region_sound(
    region: str, reg: Registry | None = None, *, require_entry_point: bool = True
) -> None:
    """Raise ``AssertionError`` listing every problem :func:`check_region` finds."""
    problems = check_region(region, reg, require_entry_point=require_entry_point)
    if problems:
        raise AssertionError(f"region {region!r} is not sound:\n  - " + "\n  - ".join(problems))


class RegionContract:
    """The soundness contract as a test class: subclass it in a plugin's tests.

    ::

        from sroi.testing import RegionContract

        class TestNoordHolland(RegionContract):
            region = "noord-holland"

    Override :meth:`registry` to check a registry other than the default one.
    """

    region: ClassVar[str] = ""
    """The code of the region to check."""
    require_entry_point: ClassVar[bool] = True
    """Whether the region must come from an installed distribution's entry point."""

    def registry(self) -> Registry:
        """The registry to check (default: the installed plugins)."""
        return registry.default()

    def _check(self, name: str) -> None:
        if not self.region:
            pytest.fail(f"{type(self).__name__}: set the class attribute `region`")
        if name == "found through an entry point" and not self.require_entry_point:
            pytest.skip("the region is registered in code, not through an entry point")
        reg = self.registry()
        problems = CHECKS[name](reg, reg.region(self.region))
        assert not problems, f"{self.region}: {name}:\n  - " + "\n  - ".join(problems)

    def test_found_through_an_entry_point(self) -> None:
        """The region comes from a distribution announced in the entry-point group ``sroi``."""
        self._check("found through an entry point")

    def test_versions_contiguous_and_not_overlapping(self) -> None:
        """Versions follow each other without gaps or overlaps."""
        self._check("versions contiguous and not overlapping")

    def test_version_boundaries_pick_the_right_version(self) -> None:
        """The day before and the day a version starts pick the right version."""
        self._check("version boundaries pick the right version")

    def test_every_value_has_a_source(self) -> None:
        """Every value names its source and status."""
        self._check("every value has a source")

    def test_amounts_are_decimal(self) -> None:
        """Every amount is a finite ``Decimal``."""
        self._check("amounts are Decimal")

    def test_code_aliases_and_name_resolve(self) -> None:
        """The code, every alias and the name resolve to the region."""
        self._check("code, aliases and name resolve")


class RegionFacts(RegionContract):
    """The soundness contract plus the facts of the region's own document, declared once.

    Every region plugin tests the same things about itself: which module its entry point names,
    its name and aliases, its versions with their dates, and that the day before the first
    version has no rule set. Declare them as class attributes and each becomes a test; a fact
    left undeclared is skipped::

        import datetime as dt

        from sroi.testing import RegionFacts

        class TestNoordHolland(RegionFacts):
            region = "noord-holland"
            module = "sroi_noord_holland"
            name = "Noord-Holland"
            aliases = ("nh", "provincie-noord-holland")
            versions = (("provisional (Gooi en Vechtstreek table)", dt.date(2016, 1, 1), None),)
    """

    module: ClassVar[str | None] = None
    """The module the region's entry point (group ``sroi``, named after the region) loads."""
    name: ClassVar[str | None] = None
    """The region's name."""
    aliases: ClassVar[Collection[str] | None] = None
    """Every alias of the region (lower case), in any order."""
    versions: ClassVar[Sequence[tuple[str, dt.date, dt.date | None]] | None] = None
    """Every version as ``(version, valid_from, valid_until)``, oldest first."""

    def _info(self) -> RegionInfo:
        if not self.region:
            pytest.fail(f"{type(self).__name__}: set the class attribute `region`")
        return self.registry().region(self.region)

    def test_entry_point_loads_the_declared_module(self) -> None:
        """The entry point named after the region in group ``sroi`` loads :attr:`module`."""
        if self.module is None:
            pytest.skip("no `module` declared")
        found = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
        assert found.get(self.region) == self.module, (
            f"{self.region}: entry point {found.get(self.region)!r}, expected {self.module!r}"
        )

    def test_name_and_aliases_are_the_declared_ones(self) -> None:
        """The region has the declared name and aliases; each resolves in mixed case too."""
        if self.name is None and self.aliases is None:
            pytest.skip("neither `name` nor `aliases` declared")
        info = self._info()
        if self.name is not None:
            assert info.name == self.name, (
                f"{self.region}: name {info.name!r}, expected {self.name!r}"
            )
        if self.aliases is not None:
            assert set(info.aliases) == set(self.aliases), (
                f"{self.region}: aliases {sorted(info.aliases)}, expected {sorted(self.aliases)}"
            )
        for spelling in (info.code.title(), *(alias.title() for alias in info.aliases)):
            found = self.registry().region(spelling).code
            assert found == info.code, f"{spelling!r} resolves to {found!r}, not {info.code!r}"

    def test_versions_are_the_declared_ones(self) -> None:
        """The region has exactly the declared versions, with their first and last days."""
        if self.versions is None:
            pytest.skip("no `versions` declared")
        found = [(v.version, v.valid_from, v.valid_until) for v in self._info().versions]
        assert found == list(self.versions), (
            f"{self.region}: versions {found}, expected {list(self.versions)}"
        )

    def test_the_day_before_the_first_version_has_no_rules_and_says_what_exists(self) -> None:
        """Asking for the day before the first version raises an error listing every version."""
        info = self._info()
        day = info.versions[0].valid_from - dt.timedelta(days=1)
        with pytest.raises(RuleVersionNotFoundError) as caught:
            self.registry().rules(self.region, day)
        error = caught.value
        ranges = tuple((v.version, v.valid_from, v.valid_until) for v in info.versions)
        assert (error.region, error.on, error.ranges) == (info.code, day, ranges)
        assert isinstance(error, SroiError)
        assert isinstance(error, LookupError)
        message = str(error)
        assert day.isoformat() in message, message
        for version, first, _ in ranges:
            assert f"{version} {first.isoformat()}.." in message, message
