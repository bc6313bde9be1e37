"""Case files: a plugin's ``tests/cases/*.toml``, read, valued and compared.

Each ``[[case]]`` holds the inputs of one valuation and the amount it should give.
:func:`load_cases` reads a file (reporting every problem of the file together),
:func:`check_case` values one case with its region's rules on its date and raises
:class:`CaseMismatchError` naming the file, the case and each differing field::

    tests/cases/mg.toml::WW < 1 year: amount 9999.99 != expected 10000.00

The pytest plugin collects case files from the directories named in the ini option
``sroi_case_dirs``. The format is described in ``docs/reference/rule-files.md``; the model
objects a case describes are made by :mod:`sroi.testing.builders`.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import tomllib
import warnings
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from sroi import engine, registry
from sroi._decimal import DecimalKind, parse_decimal
from sroi.exceptions import (
    MISSING,
    InvalidValueError,
    ProvisionalRuleWarning,
    RuleFileError,
    RuleFileProblem,
    SroiError,
)
from sroi.model import PlacementKind
from sroi.period import Period
from sroi.registry import Registry
from sroi.ruleset import RuleSet, Status
from sroi.testing import builders

__all__ = ["Case", "CaseMismatchError", "case_files", "check_case", "load_cases", "run_case"]

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
_CASE_DECIMAL = DecimalKind(
    _DECIMAL_TEXT, signed=True, max_integer_digits=_MAX_INTEGER_DIGITS, max_places=_MAX_PLACES
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
    """Whether ``value`` is a quoted decimal of sane size, by the one grammar of sroi._decimal.

    Digits with an optional minus and point only: no exponent (``1E+999999999`` would overflow
    the valuation), no ``_``, no spaces.
    """
    try:
        parse_decimal(value, _CASE_DECIMAL)
    except InvalidValueError:
        return False
    return True


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
    return builders.window(case.get("window_start"), case.get("window_end"))


def _value(case: Case, rules: RuleSet, reg: Registry) -> tuple[Decimal, frozenset[Status]]:
    """Build what the case describes with :mod:`sroi.testing.builders` and value it."""
    if case.kind == "placement":
        placement = builders.placement(
            case.get("block"),
            born=case.get("birth_date"),
            start=case.get("start"),
            end=case.get("end"),
            hours_per_week=case.get("hours_per_week"),
            target_group=case.get("target_group"),
            kind=case.get("placement_kind", PlacementKind.JOB),
            exit_date=case.get("exit_date"),
            bonuses=[(item["code"], item["granted_on"]) for item in case.get("bonuses", [])],
        )
        valuation = engine.value_placement(placement, rules, _window(case))
        return valuation.amount, valuation.statuses
    if case.kind == "purchase":
        purchase = builders.purchase(
            case.get("category"), case.get("invoice_date"), case.get("amount")
        )
        valuation = engine.value_purchase(purchase, rules, _window(case))
        return valuation.amount, valuation.statuses
    if case.kind == "project":
        project = builders.project(
            case.get("block"),
            case.get("date") or case.get("start"),
            case.get("date") or case.get("end"),
            hours=case.get("hours"),
            agreed_amount=case.get("agreed_amount"),
        )
        valuation = engine.value_project(project, rules, _window(case))
        return valuation.amount, valuation.statuses
    contract = builders.contract(
        rules.region,
        case.get("start"),
        case.get("end"),
        case.get("contract_value"),
        sr_percentage=case.get("sr_percentage"),
        adjustments=case.get("adjustments", ()),
        award_date=case.get("award_date"),
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
