"""The conformance kit for plugin authors (sroi.testing), tried on the tutorial's example plugin."""

from __future__ import annotations

import datetime as dt
import pathlib
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sroi
from sroi.registry import Registry
from sroi.testing import (
    CaseMismatchError,
    RuleValueMismatch,
    assert_adjustment_value,
    assert_block_value,
    assert_bonus_value,
    assert_cap_months,
    assert_codes,
    assert_parameter_value,
    assert_status,
    builders,
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


# -- value assertions ---------------------------------------------------------------------------

_TABLE = sroi.Provenance("the demo table", sroi.Status.VERIFIED)
_COPY = sroi.Provenance("a copy of the demo table", sroi.Status.UNVERIFIED)


def _demo_rules(ww_value: Decimal = Decimal("10000")) -> sroi.RuleSet:
    blocks = [
        sroi.BuildingBlock(
            "ww",
            "WW",
            "WW",
            sroi.Route.CANDIDATE,
            sroi.Unit.PER_YEAR_FULL_TIME,
            ww_value,
            _TABLE,
            max_months=12,
            duration_provenance=sroi.Provenance("the Oost model", sroi.Status.ASSUMED),
            bonuses=("age-50",),
        ),
        sroi.BuildingBlock(
            "sw", "SW", "SW", sroi.Route.PURCHASE, sroi.Unit.SHARE_OF_INVOICE, Decimal(1), _COPY
        ),
    ]
    bonuses = [sroi.Bonus("age-50", "50+", "50+", sroi.BonusKind.AGE, Decimal(5000), _COPY, 50)]
    adjustments = [
        sroi.ObligationAdjustment(
            "pso-1", "PSO 1", "PSO 1", sroi.AdjustmentKind.DISCOUNT, Decimal("0.10"), _COPY
        )
    ]
    return sroi.RuleSet.build(
        "demo",
        "V1",
        dt.date(2024, 1, 1),
        blocks=blocks,
        bonuses=bonuses,
        adjustments=adjustments,
        sr_percentage=sroi.Parameter(Decimal(5), _TABLE),
    )


def test_value_assertions_pass_on_the_values_as_a_region_file_writes_them() -> None:
    rules = _demo_rules()
    assert_block_value(rules, "ww", "10000", unit="per_year_full_time", route="candidate")
    assert_block_value(rules, "ww", 10000, max_months=12, status="verified", cap_status="assumed")
    assert_block_value(rules, "ww", Decimal("10000.00"), status=sroi.Status.VERIFIED)
    assert_block_value(rules, "sw", "1", route=sroi.Route.PURCHASE, max_months=None, source="copy")
    assert_cap_months(rules, "ww", 12, status="assumed", source="Oost")
    assert_cap_months(rules, "sw", None, status="unverified")
    assert_bonus_value(rules, "age-50", "5000", kind="age", min_age=50, status="unverified")
    assert_adjustment_value(rules, "pso-1", "0.1", kind="discount", status="unverified")
    assert_parameter_value(rules, "sr_percentage", "5.0", status="verified", source="demo")
    assert_parameter_value(rules, "minimum_hours", None)
    assert_status(rules, "blocks.ww.max_months", "assumed")
    assert_codes(rules, blocks=["sw", "ww"], bonuses={"age-50"}, adjustments=("pso-1",))


def test_a_differing_value_names_region_version_key_expected_and_actual() -> None:
    with pytest.raises(RuleValueMismatch) as caught:
        assert_block_value(_demo_rules(), "ww", "15000")
    error = caught.value
    assert (error.region, error.version, error.key) == ("demo", "V1", "blocks.ww")
    assert error.differences == (("value", Decimal(15000), Decimal(10000)),)
    assert str(error) == "demo V1: blocks.ww: value expected 15000, got 10000"
    assert isinstance(error, AssertionError)


def test_every_differing_field_is_reported_together() -> None:
    with pytest.raises(RuleValueMismatch) as caught:
        assert_block_value(
            _demo_rules(),
            "ww",
            "10000",
            unit="per_month",
            max_months=24,
            status="unverified",
            cap_status="verified",
            source="Hilversum",
        )
    assert str(caught.value).splitlines() == [
        "demo V1: blocks.ww: status expected unverified, got verified",
        "demo V1: blocks.ww: source expected a source naming 'Hilversum', got the demo table",
        "demo V1: blocks.ww: unit expected per_month, got per_year_full_time",
        "demo V1: blocks.ww: max_months expected 24, got 12",
        "demo V1: blocks.ww: max_months status expected verified, got assumed",
    ]


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            lambda r: assert_cap_months(r, "ww", None),
            "demo V1: blocks.ww.max_months: months expected none, got 12",
        ),
        (
            lambda r: assert_cap_months(r, "ww", 12, status="verified"),
            "demo V1: blocks.ww.max_months: status expected verified, got assumed",
        ),
        (
            lambda r: assert_bonus_value(r, "age-50", "5000", min_age=55),
            "demo V1: bonuses.age-50: min_age expected 55, got 50",
        ),
        (
            lambda r: assert_bonus_value(r, "age-50", "5000", kind="one_off"),
            "demo V1: bonuses.age-50: kind expected one_off, got age",
        ),
        (
            lambda r: assert_adjustment_value(r, "pso-1", "0.25"),
            "demo V1: adjustments.pso-1: value expected 0.25, got 0.10",
        ),
        (
            lambda r: assert_parameter_value(r, "sr_percentage", "6"),
            "demo V1: sr_percentage: value expected 6, got 5",
        ),
        (
            lambda r: assert_parameter_value(r, "minimum_hours", "20"),
            "demo V1: minimum_hours: value expected 20, got none",
        ),
        (
            lambda r: assert_status(r, "bonuses.age-50", "verified"),
            "demo V1: bonuses.age-50: status expected verified, got unverified",
        ),
        (
            lambda r: assert_block_value(r, "ww-lt1", "10000"),
            "demo V1: blocks.ww-lt1: code expected ww-lt1, got no such code; it has ['sw', 'ww']",
        ),
        (
            lambda r: assert_cap_months(r, "ww-lt1", 12),
            "demo V1: blocks.ww-lt1: code expected ww-lt1, got no such code; it has ['sw', 'ww']",
        ),
        (
            lambda r: assert_adjustment_value(r, "pso-9", "1"),
            "demo V1: adjustments.pso-9: code expected pso-9, got no such code; it has ['pso-1']",
        ),
        (
            lambda r: assert_codes(r, blocks={"ww", "mvo"}, bonuses={"age-50"}),
            "demo V1: codes: blocks expected {mvo, ww}, got {sw, ww} (missing {mvo}, extra {sw})",
        ),
    ],
)
def test_each_assertion_fails_when_it_should(
    check: Callable[[sroi.RuleSet], None], message: str
) -> None:
    with pytest.raises(RuleValueMismatch) as caught:
        check(_demo_rules())
    assert str(caught.value) == message


def test_an_unknown_status_key_lists_the_keys_there_are() -> None:
    with pytest.raises(RuleValueMismatch, match=r"blocks\.ww-lt1: key expected .*'blocks\.ww'"):
        assert_status(_demo_rules(), "blocks.ww-lt1", "verified")


@pytest.mark.parametrize(
    ("check", "field"),
    [
        (lambda r: assert_block_value(r, "ww", 10000.0), "value"),
        (lambda r: assert_block_value(r, "ww", "ten thousand"), "value"),
        (lambda r: assert_block_value(r, "ww", "10000", status="sure"), "status"),
        (lambda r: assert_bonus_value(r, "age-50", "5000", kind="yearly"), "kind"),
        (lambda r: assert_parameter_value(r, "hours", "36"), "name"),
    ],
)
def test_a_malformed_expectation_is_an_error_naming_the_argument(
    check: Callable[[sroi.RuleSet], None], field: str
) -> None:
    with pytest.raises(sroi.InvalidValueError) as caught:
        check(_demo_rules())
    assert caught.value.field == field


_AMOUNTS = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(actual=_AMOUNTS, expected=_AMOUNTS)
def test_a_block_value_passes_exactly_when_the_numbers_are_equal(
    actual: Decimal, expected: Decimal
) -> None:
    rules = _demo_rules(actual)
    if actual == expected:
        assert_block_value(rules, "ww", str(expected.normalize()))
        assert_block_value(rules, "ww", f"{expected:.4f}")
    else:
        with pytest.raises(RuleValueMismatch) as caught:
            assert_block_value(rules, "ww", str(expected))
        assert caught.value.differences == (("value", expected, actual),)


# -- builders ----------------------------------------------------------------------------------


def test_builders_make_the_model_objects_a_test_describes() -> None:
    placement = builders.placement(
        "ww",
        born="1980-05-01",
        start=dt.date(2024, 1, 1),
        end="2024-12-31",
        hours_per_week="32",
        bonuses=[("age-50", "2024-06-01")],
    )
    assert placement.candidate == sroi.Candidate("T.C.", "ww", dt.date(1980, 5, 1))
    assert placement.period == sroi.Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert placement.hours_per_week == Decimal(32)
    assert placement.kind is sroi.PlacementKind.JOB
    assert placement.bonuses == (sroi.BonusGrant("age-50", dt.date(2024, 6, 1)),)
    contract = builders.contract("demo", "2024-01-01", "2025-12-31", "800000", adjustments=["x"])
    assert contract.value_excl_vat == Decimal(800000)
    assert contract.adjustments == ("x",)
    assert contract.sr_percentage is None
    project = builders.project("mvo", "2024-03-01", hours="7.5")
    assert project.period == sroi.Period(dt.date(2024, 3, 1), dt.date(2024, 3, 1))
    assert builders.purchase("sw", "2024-02-01", 1200).amount_excl_vat == Decimal(1200)
    assert builders.window() is None


@pytest.mark.parametrize(
    ("value", "field"),
    [(0.1, "hours_per_week"), (True, "hours_per_week"), ("NaN", "hours_per_week")],
)
def test_a_builder_refuses_an_inexact_amount(value: object, field: str) -> None:
    with pytest.raises(sroi.InvalidValueError) as caught:
        builders.placement(
            "ww",
            born="1980-01-01",
            start="2024-01-01",
            end="2024-12-31",
            hours_per_week=value,  # type: ignore[arg-type]
        )
    assert caught.value.field == field


@pytest.mark.parametrize("value", ["2024-13-01", dt.datetime(2024, 1, 1)])
def test_a_builder_refuses_what_is_not_a_calendar_date(value: object) -> None:
    with pytest.raises(sroi.InvalidValueError) as caught:
        builders.purchase("sw", value, "100")  # type: ignore[arg-type]
    assert caught.value.field == "invoice_date"


# -- the region facts --------------------------------------------------------------------------


def test_region_facts_test_the_declared_facts(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_facts="""
        import datetime as dt

        from sroi.testing import RegionFacts

        class TestRight(RegionFacts):
            region = "voorbeeldstad"
            require_entry_point = False
            name = "Voorbeeldstad"
            aliases = ("vbs",)
            versions = (
                ("2023 (provisional)", dt.date(2023, 1, 1), dt.date(2024, 6, 30)),
                ("2024", dt.date(2024, 7, 1), None),
            )

        class TestWrong(RegionFacts):
            region = "voorbeeldstad"
            require_entry_point = False
            module = "sroi_elsewhere"
            aliases = ("vbs", "vs")
            versions = (("2024", dt.date(2024, 7, 1), None),)
        """
    )
    result = project.runpytest("-p", "no:cacheprovider", "-rA")
    # the five checks of the contract pass in both classes; the entry point check is skipped,
    # and so is the declared module of TestRight
    result.assert_outcomes(passed=5 + 3 + 5 + 1, skipped=2 + 1, failed=3)
    result.stdout.fnmatch_lines_random(
        [
            "E*AssertionError: voorbeeldstad: entry point *, expected 'sroi_elsewhere'",
            "E*AssertionError: voorbeeldstad: aliases [[]'vbs'[]], expected [[]'vbs', 'vs'[]]",
            "E*AssertionError: voorbeeldstad: versions [[]('2023 (provisional)'*, expected "
            "[[]('2024', datetime.date(2024, 7, 1), None)[]]",
        ]
    )


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


# -- where the names live ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
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
    ],
)
def test_every_former_name_is_the_same_object_in_both_places(name: str) -> None:
    import sroi.testing
    import sroi.testing.conformance

    assert getattr(sroi.testing.conformance, name) is getattr(sroi.testing, name)
