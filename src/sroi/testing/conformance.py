"""Conformance checks for region plugins: a soundness contract and case files.

**Soundness.** :func:`check_region` runs every check of :data:`CHECKS` on an installed region and
returns the problems found (none for a sound region): the region is found through an entry point,
its versions are contiguous and do not overlap, the day before and the day a version starts pick
the right version, every value has a source, every amount is a ``Decimal``, and the code, aliases
and name resolve to it. In a plugin's tests, subclass :class:`RegionContract` to get one test per
check; from the command line, ``pytest --sroi-region=CODE`` runs the same checks.

**Case files.** A plugin's ``tests/cases/*.toml`` hold cases (inputs and the expected amount);
:func:`load_cases` reads them and :func:`check_case` values one and raises
:class:`CaseMismatchError` naming the file, the case and each differing field::

    tests/cases/mg.toml::WW < 1 year: amount 9999.99 != expected 10000.00

The pytest plugin collects case files from the directories named in the ini option
``sroi_case_dirs``. The format is described in ``docs/reference/rule-files.md``.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
import tomllib
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from importlib.metadata import entry_points
from typing import Any, ClassVar

import attrs
import pytest

from sroi import engine, registry
from sroi._validators import MAX_DATE, MIN_DATE
from sroi.exceptions import (
    MISSING,
    ProvisionalRuleWarning,
    RuleFileError,
    RuleFileProblem,
    RuleVersionNotFoundError,
    SroiError,
)
from sroi.model import (
    BonusGrant,
    Candidate,
    Contract,
    Organisation,
    Placement,
    PlacementKind,
    SocialPurchase,
    SrProject,
)
from sroi.period import Period
from sroi.plugins import ENTRY_POINT_GROUP
from sroi.region import RegionInfo
from sroi.registry import Registry
from sroi.ruleset import Parameter, RuleSet, Status
from sroi.schema import DECIMAL_PATTERN

__all__ = [
    "CHECKS",
    "Case",
    "CaseMismatchError",
    "RegionContract",
    "assert_region_sound",
    "case_files",
    "check_case",
    "check_region",
    "load_cases",
    "run_case",
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


# -- case files ---------------------------------------------------------------------------------

_COMMON = {
    "name": True,
    "region": True,
    "on": True,
    "kind": True,
    "expected_amount": True,
    "expected_statuses": False,
    "expect_warning": False,
}
_WINDOW = {"window_start": False, "window_end": False}
_KINDS: Mapping[str, Mapping[str, bool]] = {
    "placement": {
        **_WINDOW,
        "block": True,
        "target_group": False,
        "placement_kind": False,
        "birth_date": True,
        "start": True,
        "end": True,
        "hours_per_week": True,
        "exit_date": False,
        "bonuses": False,
    },
    "purchase": {**_WINDOW, "category": True, "invoice_date": True, "amount": True},
    "project": {
        **_WINDOW,
        "block": True,
        "date": False,
        "start": False,
        "end": False,
        "hours": False,
        "agreed_amount": False,
    },
    "obligation": {
        "contract_value": True,
        "sr_percentage": False,
        "adjustments": False,
        "start": True,
        "end": True,
        "award_date": False,
    },
}
_DATES = {
    "on",
    "birth_date",
    "start",
    "end",
    "exit_date",
    "invoice_date",
    "date",
    "window_start",
    "window_end",
    "award_date",
}
_DECIMALS = {
    "expected_amount",
    "hours_per_week",
    "amount",
    "hours",
    "agreed_amount",
    "contract_value",
    "sr_percentage",
}
_TEXTS = {"name", "region", "block", "target_group", "category"}
_MAX_INTEGER_DIGITS = 12
_MAX_PLACES = 10
_DECIMAL_TEXT = (
    'a quoted decimal string such as "10000.00", with at most '
    f"{_MAX_INTEGER_DIGITS} digits before the point and {_MAX_PLACES} after"
)
_PLACEMENT_KINDS = tuple(kind.value for kind in PlacementKind)
_STATUSES = tuple(status.value for status in Status)


@attrs.frozen
class Case:
    """One case of a case file: inputs and the expected amount."""

    path: str
    """The case file."""
    index: int
    """The case's position in the file (0 for the first)."""
    name: str
    """The case's name."""
    kind: str
    """``placement``, ``purchase``, ``project`` or ``obligation``."""
    data: Mapping[str, Any]
    """Every key of the case, as read (decimal strings already ``Decimal``)."""

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key``, or ``default``."""
        return self.data.get(key, default)


class CaseMismatchError(AssertionError):
    """A case's valuation differs from what it expects; the message names file, case and fields.

    Attributes:
        case: the case.
        differences: one line per differing field, e.g. ``"amount 9999.99 != expected 10000.00"``.
    """

    def __init__(self, case: Case, differences: Sequence[str], *, label: str = "") -> None:
        self.case = case
        self.differences = tuple(differences)
        where = f"{label or case.path}::{case.name}"
        super().__init__("\n".join(f"{where}: {difference}" for difference in self.differences))


def _check_value(key: str, value: object) -> str | None:
    """What ``value`` should have been, or None when it is fine."""
    if key in _DATES:
        ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        return None if ok else "a TOML date such as 2024-01-01"
    if key in _DECIMALS:
        return None if _sane_decimal(value) else _DECIMAL_TEXT
    if key in _TEXTS:
        return None if isinstance(value, str) and value.strip() else "a non-empty string"
    if key == "kind":
        ok = isinstance(value, str) and value in _KINDS
        return None if ok else f"one of {', '.join(repr(kind) for kind in _KINDS)}"
    if key == "placement_kind":
        ok = isinstance(value, str) and value in _PLACEMENT_KINDS
        return None if ok else f"one of {', '.join(repr(kind) for kind in _PLACEMENT_KINDS)}"
    if key == "expect_warning":
        return None if isinstance(value, bool) else "true or false"
    if key == "expected_statuses":
        ok = isinstance(value, list) and all(
            isinstance(item, str) and item in _STATUSES for item in value
        )
        return None if ok else f"a list of statuses ({', '.join(map(repr, _STATUSES))})"
    if key == "adjustments":
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return None if ok else "a list of adjustment codes"
    if key == "bonuses":
        ok = isinstance(value, list) and all(
            isinstance(item, dict)
            and set(item) == {"code", "granted_on"}
            and isinstance(item["code"], str)
            and _check_value("on", item["granted_on"]) is None
            for item in value
        )
        return None if ok else 'a list of { code = "...", granted_on = <date> }'
    return None  # pragma: no cover - every known key is handled above


def _sane_decimal(value: object) -> bool:
    """Whether ``value`` is a quoted decimal of sane size, written as the portfolio schema says.

    Digits with an optional minus and point only (:data:`sroi.schema.DECIMAL_PATTERN`): no
    exponent (``1E+999999999`` would overflow the valuation), no ``_``, no spaces.
    """
    if not isinstance(value, str) or not re.fullmatch(DECIMAL_PATTERN, value):
        return False
    whole, _, places = value.lstrip("-").partition(".")
    return len(whole.lstrip("0")) <= _MAX_INTEGER_DIGITS and len(places) <= _MAX_PLACES


def load_cases(path: str | os.PathLike[str]) -> tuple[Case, ...]:
    """Read a case file; every problem of the file is reported together.

    Raises:
        RuleFileError: listing every problem, each naming the file, the case and the key.
    """
    label = os.fspath(path)
    problems: list[RuleFileProblem] = []
    try:
        data = tomllib.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise RuleFileError(
            label, [RuleFileProblem(label, "", "", str(error), "a readable TOML case file")]
        ) from None
    for key in data:
        if key != "case":
            problems.append(RuleFileProblem(label, "", key, data[key], "only [[case]] tables"))
    raw = data.get("case", MISSING)
    if not isinstance(raw, list) or not raw:
        problems.append(RuleFileProblem(label, "", "case", raw, "one or more [[case]] tables"))
        raise RuleFileError(label, problems)
    cases: list[Case] = []
    for index, body in enumerate(raw):
        name = body.get("name") if isinstance(body, dict) else None
        table = f"case {index + 1}" + (f": {name}" if isinstance(name, str) else "")
        if not isinstance(body, dict):
            problems.append(RuleFileProblem(label, table, "", body, "a table"))
            continue
        kind = body.get("kind")
        allowed = {**_COMMON, **_KINDS.get(kind, {})} if isinstance(kind, str) else _COMMON
        found = len(problems)
        for key, required in allowed.items():
            if required and key not in body:
                problems.append(RuleFileProblem(label, table, key, MISSING, "a value"))
        for key, value in body.items():
            if key not in allowed:
                expected = f"one of the keys for kind {kind!r}: {', '.join(sorted(allowed))}"
                problems.append(RuleFileProblem(label, table, key, value, expected))
                continue
            expected_text = _check_value(key, value)
            if expected_text is not None:
                problems.append(RuleFileProblem(label, table, key, value, expected_text))
        if kind == "project":
            if ("date" in body) == ("start" in body or "end" in body):
                problems.append(
                    RuleFileProblem(
                        label,
                        table,
                        "date",
                        body.get("date", MISSING),
                        "either date, or start and end",
                    )
                )
            if ("hours" in body) == ("agreed_amount" in body):
                problems.append(
                    RuleFileProblem(
                        label,
                        table,
                        "hours",
                        body.get("hours", MISSING),
                        "exactly one of hours and agreed_amount",
                    )
                )
        if len(problems) == found:
            values = {k: Decimal(v) if k in _DECIMALS else v for k, v in body.items()}
            cases.append(Case(label, index, body["name"], str(kind), values))
    names = [case.name for case in cases]
    for case in cases:
        if names.count(case.name) > 1 and names.index(case.name) != cases.index(case):
            problems.append(
                RuleFileProblem(label, f"case {case.index + 1}", "name", case.name, "a unique name")
            )
    if problems:
        raise RuleFileError(label, problems)
    return tuple(cases)


def case_files(directory: str | os.PathLike[str]) -> list[pathlib.Path]:
    """The ``*.toml`` case files of a directory (and its subdirectories), sorted."""
    return sorted(pathlib.Path(directory).rglob("*.toml"))


def _window(case: Case) -> Period | None:
    start, end = case.get("window_start"), case.get("window_end")
    if start is None and end is None:
        return None
    return Period(start or MIN_DATE, end or MAX_DATE)


def _value(case: Case, rules: RuleSet, reg: Registry) -> tuple[Decimal, frozenset[Status]]:
    if case.kind == "placement":
        placement = Placement(
            Candidate("T.C.", case.get("target_group", case.get("block")), case.get("birth_date")),
            PlacementKind(case.get("placement_kind", "job")),
            case.get("block"),
            Period(case.get("start"), case.get("end")),
            case.get("hours_per_week"),
            exit_date=case.get("exit_date"),
            bonuses=tuple(
                BonusGrant(item["code"], item["granted_on"]) for item in case.get("bonuses", [])
            ),
        )
        valuation = engine.value_placement(placement, rules, _window(case))
        return valuation.amount, valuation.statuses
    if case.kind == "purchase":
        purchase = SocialPurchase(
            Organisation("Case supplier"),
            case.get("category"),
            case.get("invoice_date"),
            case.get("amount"),
        )
        valuation = engine.value_purchase(purchase, rules, _window(case))
        return valuation.amount, valuation.statuses
    if case.kind == "project":
        day = case.get("date")
        period = Period(day, day) if day else Period(case.get("start"), case.get("end"))
        project = SrProject(
            "case",
            period,
            case.get("block"),
            hours=case.get("hours"),
            agreed_amount=case.get("agreed_amount"),
        )
        valuation = engine.value_project(project, rules, _window(case))
        return valuation.amount, valuation.statuses
    contract = Contract(
        "case",
        "case",
        Period(case.get("start"), case.get("end")),
        Organisation("Case contractor"),
        value_excl_vat=case.get("contract_value"),
        sr_percentage=case.get("sr_percentage"),
        award_date=case.get("award_date"),
        region=rules.region,
        adjustments=tuple(case.get("adjustments", ())),
    )
    result = reg.obligation(contract, rules)
    statuses = {part.provenance.status for part in result.adjustments}
    if result.percentage_provenance is not None:
        statuses.add(result.percentage_provenance.status)
    return result.amount, frozenset(statuses)


def run_case(case: Case, reg: Registry | None = None) -> list[str]:
    """Value a case with its region's rules on its date; return the differing fields.

    The rule set is a fresh copy for each case, so that the warning about values that are not
    verified is emitted (or not) per case. A case that cannot be valued (for instance an
    unknown block) gives one difference naming the error.
    """
    chosen = reg if reg is not None else registry.default()
    differences: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ProvisionalRuleWarning)
        try:
            rules = attrs.evolve(chosen.rules(case.get("region"), case.get("on")))
            amount, statuses = _value(case, rules, chosen)
        except SroiError as error:
            return [f"could not be valued: {type(error).__name__}: {error}"]
    provisional = [w for w in caught if issubclass(w.category, ProvisionalRuleWarning)]
    for other in caught:
        if not issubclass(other.category, ProvisionalRuleWarning):
            warnings.warn_explicit(other.message, other.category, other.filename, other.lineno)
    expected = case.get("expected_amount")
    if amount != expected:
        differences.append(f"amount {amount} != expected {expected}")
    wanted = case.get("expected_statuses")
    if wanted is not None:
        got = sorted(status.value for status in statuses)
        if set(got) != set(wanted):
            differences.append(f"statuses {got} != expected {sorted(set(wanted))}")
    expect_warning = case.get("expect_warning")
    warned = bool(provisional)
    if expect_warning is None:
        # the default: a value that is not verified must warn (extra warnings, e.g. about an
        # assumed full-time parameter, are not a difference); an agreed amount uses no rule value
        uses_rule_value = case.get("agreed_amount") is None
        unverified = any(status is not Status.VERIFIED for status in statuses)
        if uses_rule_value and unverified and not warned:
            differences.append("ProvisionalRuleWarning not emitted, expected one")
    elif expect_warning != warned:
        said = "emitted" if warned else "not emitted"
        differences.append(
            f"ProvisionalRuleWarning {said}, expected {'one' if expect_warning else 'none'}"
        )
    return differences


def check_case(case: Case, reg: Registry | None = None, *, label: str = "") -> None:
    """Value a case and raise :class:`CaseMismatchError` when anything differs.

    Args:
        case: the case.
        reg: the registry (default: the installed plugins).
        label: how to name the file in the message (default: the case's path).
    """
    differences = run_case(case, reg)
    if differences:
        raise CaseMismatchError(case, differences, label=label)
