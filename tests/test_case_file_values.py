"""The conformance kit names the file, the case and the key of a bad value in a case file.

A plugin author who mistypes a value (``placement_kind = "jobb"``, a list where a kind belongs, an
amount written ``"1E+999999999"``) gets the same kind of report as for any other problem of the
file, never a Python traceback from deep inside the kit. The reference page lists the valid
values of every enumerated key.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import pathlib
import re
import sys
import tomllib
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sroi
from sroi.registry import Registry
from sroi.testing import load_cases, run_case

pytest_plugins = ["pytester"]

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "tutorial" / "example-plugin"
CASES = tomllib.loads((EXAMPLE / "tests" / "cases" / "voorbeeldstad.toml").read_text())["case"]
REFERENCE = ROOT / "docs" / "reference" / "rule-files.md"


def _toml(value: Any) -> str:
    """A TOML value: enough of the format for case files (strings, numbers, dates, arrays)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def _case_file(path: pathlib.Path, case: dict[str, Any]) -> pathlib.Path:
    path.write_text(
        "[[case]]\n" + "".join(f"{key} = {_toml(value)}\n" for key, value in case.items()),
        encoding="utf-8",
    )
    return path


def _first(kind: str) -> dict[str, Any]:
    return dict(next(case for case in CASES if case["kind"] == kind))


@pytest.fixture(scope="module")
def example_registry() -> Iterator[Registry]:
    """A registry of the tutorial's example plugin, imported from its source tree."""
    sys.path.insert(0, str(EXAMPLE / "src"))
    import sroi_voorbeeldstad

    manager = sroi.get_plugin_manager(autoload=False)
    manager.register(sroi_voorbeeldstad)
    yield Registry(manager)
    sys.modules.pop("sroi_voorbeeldstad", None)
    sys.path.remove(str(EXAMPLE / "src"))


BAD_VALUES = [
    ("placement", "placement_kind", "jobb", "one of 'job', 'bbl', 'bol-internship'"),
    ("placement", "kind", [[1]], "one of 'placement', 'purchase', 'project', 'obligation'"),
    ("placement", "kind", {"a": 1}, "one of 'placement'"),
    ("placement", "expected_statuses", [["verified"]], "a list of statuses ('verified'"),
    ("placement", "expected_statuses", ["verfied"], "a list of statuses"),
    ("placement", "hours_per_week", " 36 ", "a quoted decimal string"),
    ("purchase", "amount", "1_000", "a quoted decimal string"),
    ("purchase", "amount", "1E+999999999", "at most 12 digits before the point"),
    ("obligation", "contract_value", "1E+999999999", "a quoted decimal string"),
    ("obligation", "contract_value", "１０００", "a quoted decimal string"),
]


@pytest.mark.parametrize(("kind", "key", "value", "expected"), BAD_VALUES)
def test_a_bad_value_is_reported_with_the_file_the_case_and_the_key(
    tmp_path: pathlib.Path, kind: str, key: str, value: Any, expected: str
) -> None:
    case = _first(kind)
    case[key] = value
    path = _case_file(tmp_path / "cases.toml", case)
    with pytest.raises(sroi.RuleFileError) as raised:
        load_cases(path)
    (problem,) = [p for p in raised.value.problems if p.key == key]
    assert problem.path == str(path)
    assert problem.table == f"case 1: {case['name']}"
    assert expected in problem.expected
    message = str(raised.value)
    assert str(path) in message
    assert f"[case 1: {case['name']}] {key}: " in message


def test_placement_kinds_and_statuses_that_exist_are_accepted(
    tmp_path: pathlib.Path, example_registry: Registry
) -> None:
    for index, kind in enumerate(sroi.PlacementKind):
        case = _first("placement")
        case["placement_kind"] = kind.value
        (loaded,) = load_cases(_case_file(tmp_path / f"{index}.toml", case))
        assert loaded.get("placement_kind") == kind.value
        assert run_case(loaded, example_registry) == []


_SCALARS = (
    st.text(max_size=12)
    | st.integers()
    | st.floats()
    | st.booleans()
    | st.dates()
    | st.sampled_from(["job", "placement", "verified", "36", "-1", "1E+999999999", "0.5"])
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    case=st.sampled_from(CASES),
    key=st.sampled_from(
        sorted({key for case in CASES for key in case} | {"placement_kind", "bonuses"})
    ),
    value=_VALUES,
)
def test_any_value_for_any_key_loads_or_is_reported_never_a_traceback(
    tmp_path_factory: pytest.TempPathFactory,
    example_registry: Registry,
    case: dict[str, Any],
    key: str,
    value: Any,
) -> None:
    changed = {**case, key: value}
    path = _case_file(tmp_path_factory.mktemp("fuzz") / "cases.toml", changed)
    problems: tuple[sroi.exceptions.RuleFileProblem, ...] = ()
    try:
        cases = load_cases(path)
    except sroi.RuleFileError as error:
        problems = error.problems
    if problems:
        assert all(problem.path == str(path) for problem in problems)
        return
    differences = run_case(cases[0], example_registry)
    assert all(isinstance(line, str) and line for line in differences)


def test_the_pytest_plugin_shows_a_bad_value_as_one_collection_error_without_a_traceback(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini("[pytest]\nsroi_case_dirs = cases\n")
    case = _first("placement")
    case["placement_kind"] = "jobb"
    _case_file(pytester.mkdir("cases") / "vbs.toml", case)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*vbs.toml: [[]case 1: {case['name']}[]] placement_kind: *"])
    assert "Traceback" not in result.stdout.str()
    assert "ValueError" not in result.stdout.str()


def test_the_reference_lists_the_values_of_every_enumerated_key() -> None:
    page = REFERENCE.read_text(encoding="utf-8")
    section = page.split("## Case files", 1)[1]
    rows = {
        match[1]: match[2]
        for match in re.finditer(r"^\| `([a-z_]+)` \| (.+) \|$", section, flags=re.MULTILINE)
    }
    listed = {
        "kind": ["placement", "purchase", "project", "obligation"],
        "placement_kind": [kind.value for kind in sroi.PlacementKind],
        "expected_statuses": [status.value for status in sroi.Status],
        "expect_warning": ["true", "false"],
    }
    for key, values in listed.items():
        assert key in rows, f"the case-file reference has no row for {key}"
        missing = [value for value in values if f"`{value}`" not in rows[key]]
        assert not missing, f"{key}: list {missing} on the case-file reference"
