"""The conformance kit for plugin authors (sroi.testing), tried on the tutorial's example plugin."""

from __future__ import annotations

import datetime as dt
import pathlib
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest

import sroi
from sroi.registry import Registry
from sroi.testing import (
    CaseMismatchError,
    check_case,
    check_region,
    load_cases,
    run_case,
)

pytest_plugins = ["pytester"]

ROOT = pathlib.Path(__file__).parents[1]
EXAMPLE = ROOT / "docs" / "tutorial" / "example-plugin"
CASES = EXAMPLE / "tests" / "cases" / "voorbeeldstad.toml"


@pytest.fixture
def example(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The tutorial's example plugin, imported from its source tree."""
    monkeypatch.syspath_prepend(str(EXAMPLE / "src"))
    import sroi_voorbeeldstad

    yield sroi_voorbeeldstad
    sys.modules.pop("sroi_voorbeeldstad", None)


@pytest.fixture
def example_registry(example: ModuleType) -> Registry:
    manager = sroi.get_plugin_manager(autoload=False)
    manager.register(example)
    return Registry(manager)


# -- soundness --------------------------------------------------------------------------------


def test_the_example_region_is_sound(example_registry: Registry) -> None:
    assert check_region("vbs", example_registry, require_entry_point=False) == []


def test_a_region_registered_in_code_is_not_found_through_an_entry_point(
    example_registry: Registry,
) -> None:
    (problem,) = check_region("voorbeeldstad", example_registry)
    assert problem.startswith("found through an entry point: region 'voorbeeldstad' is ")


def _rules(version: str, first: dt.date, last: dt.date | None = None) -> sroi.RuleSet:
    return sroi.RuleSet.build(
        "gappy", version, first, blocks=[], valid_until=last, source="gappy table"
    )


class OneRegion:
    def __init__(self, region: sroi.Region) -> None:
        self.region = region

    @sroi.hookimpl
    def sroi_regions(self) -> list[sroi.Region]:
        return [self.region]


def test_a_gap_between_versions_is_reported() -> None:
    gappy = sroi.Region(
        "gappy",
        "Gappy",
        [_rules("1", dt.date(2020, 1, 1), dt.date(2020, 12, 31)), _rules("2", dt.date(2021, 2, 1))],
    )
    manager = sroi.get_plugin_manager(autoload=False)
    manager.register(OneRegion(gappy))
    problems = check_region("gappy", Registry(manager), require_entry_point=False)
    assert problems == [
        "versions contiguous and not overlapping: gap between '1' (2020-01-01..2020-12-31) "
        "and '2' (2021-02-01..)"
    ]


# -- case files -------------------------------------------------------------------------------


def test_every_case_of_the_example_passes(example_registry: Registry) -> None:
    cases = load_cases(CASES)
    assert len(cases) == 6
    assert {case.kind for case in cases} == {"placement", "purchase", "obligation"}
    for case in cases:
        assert run_case(case, example_registry) == [], case.name


def test_a_differing_amount_names_the_file_the_case_and_the_field(
    example_registry: Registry, tmp_path: pathlib.Path
) -> None:
    text = CASES.read_text().replace('expected_amount = "12000.00"', 'expected_amount = "11999.99"')
    path = tmp_path / "vbs.toml"
    path.write_text(text)
    case = load_cases(path)[0]
    with pytest.raises(CaseMismatchError) as failure:
        check_case(case, example_registry, label="cases/vbs.toml")
    assert str(failure.value) == (
        "cases/vbs.toml::WW candidate, a full year at 36 hours under the 2024 table: "
        "amount 12000.00 != expected 11999.99"
    )


def test_statuses_and_warnings_are_checked(
    example_registry: Registry, tmp_path: pathlib.Path
) -> None:
    text = CASES.read_text().replace(
        'expected_statuses = ["provisional"]',
        'expected_statuses = ["verified"]\nexpect_warning = false',
    )
    path = tmp_path / "vbs.toml"
    path.write_text(text)
    case = load_cases(path)[1]
    assert run_case(case, example_registry) == [
        "statuses ['provisional'] != expected ['verified']",
        "ProvisionalRuleWarning emitted, expected none",
    ]


def test_a_case_that_cannot_be_valued_says_why(
    example_registry: Registry, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "vbs.toml"
    path.write_text(CASES.read_text().replace('block = "ww"', 'block = "w-w"', 1))
    (difference,) = run_case(load_cases(path)[0], example_registry)
    assert difference.startswith("could not be valued: UnknownBlockError: unknown building block")


def test_every_problem_of_a_case_file_is_reported_together(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(
        "[[case]]\n"
        'name = "broken"\n'
        'region = "voorbeeldstad"\n'
        "on = 2024-07-01\n"
        'kind = "purchase"\n'
        'category = "sw-company"\n'
        "amount = 1000.0\n"
        'colour = "red"\n'
        'expected_amount = "1000.00"\n'
    )
    with pytest.raises(sroi.RuleFileError) as error:
        load_cases(path)
    assert [(p.table, p.key) for p in error.value.problems] == [
        ("case 1: broken", "invoice_date"),
        ("case 1: broken", "amount"),
        ("case 1: broken", "colour"),
    ]


# -- the pytest plugin ------------------------------------------------------------------------

CONFTEST = f"""
import sys

import pytest

import sroi
from sroi import registry

sys.path.insert(0, {str(EXAMPLE / "src")!r})
import sroi_voorbeeldstad


def pytest_configure(config):
    manager = sroi.get_plugin_manager(autoload=False)
    manager.register(sroi_voorbeeldstad)
    config._sroi_previous = registry.reset(registry.Registry(manager))


def pytest_unconfigure(config):
    registry.reset(config._sroi_previous)
    sys.modules.pop("sroi_voorbeeldstad", None)
    sys.path.remove({str(EXAMPLE / "src")!r})
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A project whose default registry holds the example plugin, registered in code."""
    pytester.makeconftest(CONFTEST)
    cases = pytester.mkdir("cases")
    (cases / "vbs.toml").write_text(CASES.read_text())
    return pytester


def test_case_files_are_collected_only_from_configured_directories(
    project: pytest.Pytester,
) -> None:
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes()  # nothing: no sroi_case_dirs
    project.makeini("[pytest]\nsroi_case_dirs = cases\n")
    result = project.runpytest("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=6)
    result.stdout.fnmatch_lines(["*vbs.toml::A PSO-certified contractor's obligation*PASSED*"])


def test_a_failing_case_names_the_file_the_case_and_the_field(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\nsroi_case_dirs = cases\n")
    path = project.path / "cases" / "vbs.toml"
    path.write_text(path.read_text().replace('"1234.56"\n\n', '"1234.50"\n\n'))
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=5, failed=1)
    result.stdout.fnmatch_lines(
        [
            "cases/vbs.toml::Purchase from a sheltered company counts the whole invoice: "
            "amount 1234.56 != expected 1234.50"
        ]
    )


def test_a_broken_case_file_is_one_collection_error_listing_every_problem(
    project: pytest.Pytester,
) -> None:
    project.makeini("[pytest]\nsroi_case_dirs = cases\n")
    path = project.path / "cases" / "vbs.toml"
    path.write_text(path.read_text().replace('amount = "1234.56"', "amount = 1234.56"))
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*[[]case 4: Purchase*amount: 1234.56, expected a quoted*"])


def test_sroi_region_runs_every_soundness_check_of_a_region(project: pytest.Pytester) -> None:
    result = project.runpytest("-p", "no:cacheprovider", "--sroi-region=VBS", "-v")
    result.assert_outcomes(passed=5, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*sroi-region[[]VBS[]]::versions contiguous and not overlapping PASSED*",
            "*found through an entry point: region 'voorbeeldstad' is contributed by*",
        ]
    )


def test_sroi_region_with_an_unknown_code_fails_listing_the_known_ones(
    project: pytest.Pytester,
) -> None:
    result = project.runpytest("-p", "no:cacheprovider", "--sroi-region=nowhere")
    result.assert_outcomes(failed=6)
    result.stdout.fnmatch_lines(["*unknown region 'nowhere'; expected one of: voorbeeldstad*"])


def test_the_region_contract_is_a_test_class_to_subclass(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_contract="""
        from sroi.testing import RegionContract

        class TestVoorbeeldstad(RegionContract):
            region = "voorbeeldstad"
            require_entry_point = False
        """
    )
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=5, skipped=1)


def test_the_sroi_registry_fixture_keeps_added_rule_files_inside_one_test(
    project: pytest.Pytester,
) -> None:
    project.makepyfile(
        test_fixture="""
        import sroi
        from sroi import registry

        def test_fresh(sroi_registry):
            assert registry.default() is sroi_registry
        """
    )
    project.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


# -- the tutorial -----------------------------------------------------------------------------


def test_the_tutorial_shows_the_files_of_the_tested_example() -> None:
    page = (ROOT / "docs" / "tutorial" / "write-a-region-plugin.md").read_text()
    for included in [
        "example-plugin/pyproject.toml",
        "example-plugin/src/sroi_voorbeeldstad/__init__.py",
        "example-plugin/src/sroi_voorbeeldstad/rules/2024-07-01.toml",
        "example-plugin/tests/cases/voorbeeldstad.toml",
        "example-plugin/tests/test_voorbeeldstad.py",
    ]:
        assert f"```{{literalinclude}} {included}" in page
        assert (ROOT / "docs" / "tutorial" / included).is_file()
