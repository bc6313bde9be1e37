"""The registry: the rules of a region on a date, resolved once, with conflicts and rule files."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest

import sroi
from sroi import registry
from sroi.registry import Registry

D = dt.date
FULL_TIME = sroi.Parameter(Decimal(36), sroi.Provenance("test table", sroi.Status.VERIFIED))


def _rules(
    region: str,
    version: str,
    valid_from: dt.date,
    *,
    value: str = "30000",
    status: sroi.Status = sroi.Status.VERIFIED,
    **kwargs: Any,
) -> sroi.RuleSet:
    block = sroi.BuildingBlock(
        "pw",
        "Participatiewet",
        "Participation Act",
        sroi.Route.CANDIDATE,
        sroi.Unit.PER_YEAR_FULL_TIME,
        Decimal(value),
        sroi.Provenance(f"{region} table {version}", status),
    )
    return sroi.RuleSet.build(
        region, version, valid_from, blocks=[block], full_time_hours=FULL_TIME, **kwargs
    )


class RegionPlugin:
    """A throwaway plugin that contributes the regions it is given."""

    def __init__(self, *regions: sroi.Region) -> None:
        self.regions = regions

    @sroi.hookimpl
    def sroi_regions(self) -> list[sroi.Region]:
        return list(self.regions)


def _registry(*plugins: object, rule_paths: tuple[str, ...] = ()) -> Registry:
    manager = sroi.get_plugin_manager(autoload=False)
    for index, plugin in enumerate(plugins):
        manager.register(plugin, name=f"plugin-{index + 1}")
    return Registry(manager, rule_paths=rule_paths)


NH = sroi.Region(
    "noord-holland",
    "Noord-Holland",
    [_rules("noord-holland", "provisional", D(2016, 1, 1), status=sroi.Status.PROVISIONAL)],
    aliases=("nh",),
)
MG = sroi.Region(
    "midden-gelderland",
    "Midden-Gelderland",
    [
        _rules("midden-gelderland", "V04", D(2019, 5, 1), value="25000"),
        _rules("midden-gelderland", "V05", D(2023, 4, 1)),
    ],
    aliases=("mg",),
)


@pytest.fixture
def two_regions() -> Registry:
    return _registry(RegionPlugin(NH), RegionPlugin(MG))


def _placement(start: dt.date) -> sroi.Placement:
    return sroi.Placement(
        sroi.Candidate("J.P.", "participatiewet", D(1990, 1, 1)),
        sroi.PlacementKind.JOB,
        "pw",
        sroi.Period(start, sroi.period.add_months(start, 12) - dt.timedelta(days=1)),
        Decimal(36),
    )


def _contract(award: dt.date, region: str = "noord-holland", **changes: Any) -> sroi.Contract:
    return sroi.Contract(
        "C-1",
        "Onderhoud",
        sroi.Period(award + dt.timedelta(days=30), award + dt.timedelta(days=760)),
        sroi.Organisation("Bouw BV"),
        value_excl_vat=Decimal(1_000_000),
        sr_percentage=Decimal(5),
        award_date=award,
        region=region,
        **changes,
    )


# -- regions and rules ------------------------------------------------------------------------


def test_regions_lists_code_name_aliases_providers_and_dated_versions(
    two_regions: Registry,
) -> None:
    mg, nh = two_regions.regions()
    assert (mg.code, mg.name, mg.aliases, mg.providers) == (
        "midden-gelderland",
        "Midden-Gelderland",
        ("mg",),
        ("plugin-2",),
    )
    assert [(v.version, v.valid_from, v.valid_until) for v in mg.versions] == [
        ("V04", D(2019, 5, 1), D(2023, 3, 31)),
        ("V05", D(2023, 4, 1), None),
    ]
    # the block is provisional, full-time hours verified, measurement moments the default
    assert nh.versions[0].statuses == {
        sroi.Status.PROVISIONAL,
        sroi.Status.VERIFIED,
        sroi.Status.ASSUMED,
    }
    assert nh.versions[0].provider == "plugin-1"


@pytest.mark.parametrize("name", ["midden-gelderland", "MG", "mg", "Midden-Gelderland", " mg "])
def test_a_region_is_found_by_code_alias_or_name_in_any_case(
    two_regions: Registry, name: str
) -> None:
    assert two_regions.rules(name, D(2024, 1, 1)).version == "V05"


def test_the_day_before_a_version_starts_uses_the_previous_version(two_regions: Registry) -> None:
    assert two_regions.rules("mg", D(2023, 3, 31)).version == "V04"
    assert two_regions.rules("mg", D(2023, 4, 1)).version == "V05"
    # the previous version's end is derived from the next one
    assert two_regions.rules("mg", D(2023, 3, 31)).valid_until == D(2023, 3, 31)


def test_every_day_of_a_version_gets_the_same_rule_set_which_warns_each_time_asked() -> None:
    reg = _registry(RegionPlugin(NH))
    first = reg.rules("nh", D(2024, 1, 1))
    assert reg.rules("nh", D(2025, 6, 1)) is first
    # No once-only state in the rule set: whether a warning shows is Python's filters' choice.
    for day in (D(2024, 1, 1), D(2025, 1, 1)):
        with pytest.warns(sroi.ProvisionalRuleWarning):
            sroi.value_placement(_placement(day), reg.rules("nh", day))


def test_an_unknown_region_lists_the_known_ones_and_suggests_a_near_match(
    two_regions: Registry,
) -> None:
    with pytest.raises(sroi.RegionNotFoundError) as error:
        two_regions.rules("noord-holand", D(2024, 1, 1))
    assert isinstance(error.value, LookupError)
    assert error.value.known == ("midden-gelderland", "noord-holland")
    assert str(error.value) == (
        "unknown region 'noord-holand'; expected one of: midden-gelderland, noord-holland; "
        "did you mean 'noord-holland'?"
    )


def test_a_date_without_a_version_lists_the_date_ranges_that_exist(two_regions: Registry) -> None:
    with pytest.raises(sroi.RuleVersionNotFoundError) as error:
        two_regions.rules("mg", D(2019, 4, 30))
    assert isinstance(error.value, LookupError)
    assert error.value.ranges == (
        ("V04", D(2019, 5, 1), D(2023, 3, 31)),
        ("V05", D(2023, 4, 1), None),
    )
    assert "V04 2019-05-01..2023-03-31; V05 2023-04-01.." in str(error.value)


def test_a_datetime_is_not_a_date(two_regions: Registry) -> None:
    with pytest.raises(sroi.InvalidValueError, match="on"):
        two_regions.rules("mg", dt.datetime(2024, 1, 1, 12, 0))  # type: ignore[arg-type]


def test_regions_are_collected_once() -> None:
    calls: list[int] = []

    class Counting(RegionPlugin):
        @sroi.hookimpl
        def sroi_regions(self) -> list[sroi.Region]:
            calls.append(1)
            return list(self.regions)

    reg = _registry(Counting(NH))
    reg.regions()
    reg.rules("nh", D(2024, 1, 1))
    assert calls == [1]


# -- conflicts --------------------------------------------------------------------------------


def test_two_plugins_claiming_the_same_region_and_dates_is_an_error_naming_both() -> None:
    other = sroi.Region(
        "noord-holland",
        "Noord-Holland",
        [_rules("noord-holland", "official", D(2024, 1, 1))],
    )
    reg = _registry(RegionPlugin(NH), RegionPlugin(other))
    with pytest.raises(sroi.PluginConflictError) as error:
        reg.regions()
    assert error.value.providers == ("plugin-1", "plugin-2")
    assert "by plugin-1 and by plugin-2" in str(error.value)
    assert "provisional 2016-01-01.. and official 2024-01-01.." in str(error.value)


def test_two_plugins_may_share_a_region_for_dates_that_do_not_overlap() -> None:
    early = sroi.Region(
        "noord-holland",
        "Noord-Holland",
        [_rules("noord-holland", "old", D(2010, 1, 1), valid_until=D(2015, 12, 31))],
    )
    reg = _registry(RegionPlugin(NH), RegionPlugin(early))
    (info,) = reg.regions()
    assert [v.version for v in info.versions] == ["old", "provisional"]
    assert info.providers == ("plugin-1", "plugin-2")
    assert reg.rules("nh", D(2015, 12, 31)).version == "old"


def test_an_alias_claimed_by_two_regions_is_a_conflict() -> None:
    other = sroi.Region("nijmegen", "Nijmegen", [_rules("nijmegen", "1", D(2020, 1, 1))], ["nh"])
    with pytest.raises(sroi.PluginConflictError, match="'nh' names both"):
        _registry(RegionPlugin(NH), RegionPlugin(other)).regions()


def test_a_plugin_that_returns_no_regions_list_is_named() -> None:
    class Broken:
        @sroi.hookimpl
        def sroi_regions(self) -> object:
            return NH  # not a list

    with pytest.raises(sroi.InvalidValueError, match="sroi_regions\\(\\) of plugin-1"):
        _registry(Broken()).regions()


def test_an_error_inside_a_plugin_names_the_plugin() -> None:
    class Failing:
        @sroi.hookimpl
        def sroi_regions(self) -> list[sroi.Region]:
            raise sroi.RuleFileError("rules/x.toml", [])

    with pytest.raises(sroi.RuleFileError) as error:
        _registry(Failing()).regions()
    assert "while plugin-1 contributed its regions" in "\n".join(error.value.__notes__)


@pytest.mark.parametrize(
    ("rule_sets", "field"),
    [
        ([], "rule_sets"),
        ([_rules("nh", "1", D(2020, 1, 1))], "rule_sets[0].region"),
        (
            [
                _rules("noord-holland", "1", D(2020, 1, 1), valid_until=D(2021, 6, 30)),
                _rules("noord-holland", "2", D(2021, 1, 1)),
            ],
            "rule_sets[0].valid_until",
        ),
        (
            [
                _rules("noord-holland", "1", D(2020, 1, 1)),
                _rules("noord-holland", "2", D(2020, 1, 1)),
            ],
            "rule_sets[1].valid_from",
        ),
    ],
)
def test_a_region_refuses_rule_sets_that_do_not_fit_it(
    rule_sets: list[sroi.RuleSet], field: str
) -> None:
    with pytest.raises(sroi.InvalidValueError) as error:
        sroi.Region("noord-holland", "Noord-Holland", rule_sets)
    assert error.value.field == field


# -- rule files from a path -------------------------------------------------------------------

OFFICIAL = """\
format = 1
region = "{region}"
version = "{version}"
valid_from = {valid_from}
source = "Provincie Noord-Holland, doelgroepwaardenmodel"

[full_time_hours]
value = "36"
status = "verified"
source = "doelgroepwaardenmodel"

[blocks.pw]
label_nl = "Participatiewet"
label_en = "Participation Act"
route = "candidate"
unit = "per_year_full_time"
value = "{value}"
status = "verified"
source = "doelgroepwaardenmodel, p. 3"
"""


def _official(
    folder: pathlib.Path,
    valid_from: str,
    *,
    value: str = "36000",
    region: str = "noord-holland",
    version: str = "official",
    name: str = "official.toml",
) -> pathlib.Path:
    path = folder / name
    path.write_text(
        OFFICIAL.format(region=region, version=version, valid_from=valid_from, value=value)
    )
    return path


def test_a_newer_official_table_holds_from_its_date_and_older_contracts_keep_their_values(
    tmp_path: pathlib.Path,
) -> None:
    reg = _registry(RegionPlugin(NH))
    old_contract = _contract(D(2024, 3, 1))
    before = reg.rules_for(old_contract)
    (added,) = reg.add_rule_files(_official(tmp_path, "2025-01-01"))
    assert added.valid_from == D(2025, 1, 1)
    # the contract awarded under the provisional table keeps it, and its values
    after = reg.rules_for(old_contract)
    assert (after.version, after.blocks) == (before.version, before.blocks)
    with pytest.warns(sroi.ProvisionalRuleWarning):
        assert sroi.value_placement(_placement(D(2024, 4, 1)), after).amount == Decimal("30000.00")
    # a contract awarded from the new table's first day uses it
    new = reg.rules_for(_contract(D(2025, 1, 1)))
    assert new.version == "official"
    assert sroi.value_placement(_placement(D(2025, 2, 1)), new).amount == Decimal("36000.00")
    # the provisional version now ends the day before
    provisional, official = reg.region("nh").versions
    assert provisional.valid_until == D(2024, 12, 31)
    assert official.path == str(tmp_path / "official.toml")
    assert official.statuses == {sroi.Status.VERIFIED, sroi.Status.ASSUMED}
    assert official.replaces is None


def test_a_table_with_the_dates_of_a_shipped_version_replaces_it_visibly(
    tmp_path: pathlib.Path,
) -> None:
    reg = _registry(RegionPlugin(NH))
    assert sroi.Status.PROVISIONAL in reg.region("nh").versions[0].statuses
    reg.add_rule_files(_official(tmp_path, "2016-01-01"))
    (version,) = reg.region("nh").versions
    assert sroi.Status.PROVISIONAL not in version.statuses
    assert version.replaces == "provisional (2016-01-01..) from plugin-1"
    assert version.provider == str(tmp_path / "official.toml")
    assert reg.rules("nh", D(2020, 1, 1)).block("pw").value == Decimal(36000)


def test_rule_files_from_the_environment_variable(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    _official(folder, "2025-01-01")
    monkeypatch.setenv("SROI_RULE_PATH", os.pathsep.join(["", str(folder)]))
    manager = sroi.get_plugin_manager(autoload=False)
    manager.register(RegionPlugin(NH))
    monkeypatch.setattr(registry, "get_plugin_manager", lambda: manager)
    previous = registry.reset()
    try:
        assert sroi.rules("noord-holland", D(2025, 1, 1)).version == "official"
        assert sroi.rules("noord-holland", D(2024, 12, 31)).version == "provisional"
        # each version names the file it came from, also when the path is a directory
        assert registry.region("nh").versions[1].provider == str(folder / "official.toml")
    finally:
        registry.reset(previous)


def test_a_rule_file_for_an_unknown_region_names_the_file_and_suggests(
    tmp_path: pathlib.Path,
) -> None:
    reg = _registry(RegionPlugin(NH))
    path = _official(tmp_path, "2025-01-01", region="noord-holand")
    with pytest.raises(sroi.RuleFileError) as error:
        reg.add_rule_files(path)
    (problem,) = error.value.problems
    assert (problem.path, problem.key, problem.value) == (str(path), "region", "noord-holand")
    assert "did you mean 'noord-holland'?" in str(error.value)


def test_a_rule_file_overlapping_a_version_with_its_own_end_is_refused(
    tmp_path: pathlib.Path,
) -> None:
    ended = sroi.Region(
        "noord-holland",
        "Noord-Holland",
        [_rules("noord-holland", "2016", D(2016, 1, 1), valid_until=D(2026, 12, 31))],
    )
    reg = _registry(RegionPlugin(ended))
    with pytest.raises(sroi.RuleFileError, match="give the same valid_from \\(2016-01-01\\)"):
        reg.add_rule_files(_official(tmp_path, "2025-01-01"))


def test_two_rule_files_claiming_the_same_dates_name_both_files(tmp_path: pathlib.Path) -> None:
    reg = _registry(RegionPlugin(NH))
    first = _official(tmp_path, "2025-01-01", name="a.toml")
    second = _official(tmp_path, "2025-01-01", name="b.toml", version="official, corrected")
    reg.add_rule_files(first)
    with pytest.raises(sroi.PluginConflictError) as error:
        reg.add_rule_files(second)
    assert error.value.providers == (str(first), str(second))
    # loading the same file again replaces it
    reg.add_rule_files(first)
    assert [v.version for v in reg.region("nh").versions] == ["provisional", "official"]


def test_adding_rule_files_is_all_or_nothing(tmp_path: pathlib.Path) -> None:
    reg = _registry(RegionPlugin(NH))
    good = _official(tmp_path, "2025-01-01", name="good.toml")
    bad = _official(tmp_path, "2026-01-01", name="bad.toml", value="oops")
    with pytest.raises(sroi.RuleFileError) as error:
        reg.add_rule_files(good, bad)
    assert [(p.path, p.key) for p in error.value.problems] == [(str(bad), "value")]
    assert [v.version for v in reg.region("nh").versions] == ["provisional"]


# -- regional logic through hooks -------------------------------------------------------------


class FirstDayOfTerm(RegionPlugin):
    """A region that picks its version by the first day of the term, and caps obligations."""

    @sroi.hookimpl
    def sroi_reference_date(self, contract: sroi.Contract) -> dt.date:
        return contract.term.first

    @sroi.hookimpl
    def sroi_obligation(
        self, obligation: sroi.ObligationValuation
    ) -> sroi.ObligationValuation | None:
        if obligation.amount <= 1000:
            return None
        return attrs.evolve(obligation, amount=Decimal("1000.00"))


def test_the_reference_date_defaults_to_the_award_date_then_the_term(two_regions: Registry) -> None:
    contract = _contract(D(2023, 3, 15), region="mg")  # term starts 2023-04-14
    assert two_regions.reference_date(contract) == D(2023, 3, 15)
    assert two_regions.rules_for(contract).version == "V04"
    unawarded = attrs.evolve(contract, award_date=None)
    assert two_regions.rules_for(unawarded).version == "V05"


def test_a_region_may_choose_another_reference_date() -> None:
    mg = FirstDayOfTerm(MG)
    reg = _registry(mg, RegionPlugin(NH))
    contract = _contract(D(2023, 3, 15), region="midden-gelderland")
    assert reg.rules_for(contract).version == "V05"


def test_regional_logic_is_only_asked_for_its_own_regions() -> None:
    reg = _registry(FirstDayOfTerm(MG), RegionPlugin(NH))
    nh_contract = _contract(D(2023, 3, 15))
    assert reg.reference_date(nh_contract) == D(2023, 3, 15)  # the conventions' default
    assert reg.obligation(nh_contract).amount == Decimal("50000.00")
    mg_contract = _contract(D(2023, 3, 15), region="mg")
    assert reg.obligation(mg_contract).amount == Decimal("1000.00")


class Watcher:
    """A plugin that only wraps hooks, recording each call and what the answering plugins said."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, object]] = []

    @sroi.hookimpl(wrapper=True)
    def sroi_regions(self) -> Iterator[None]:
        result = yield
        self.seen.append(("sroi_regions", [region.code for found in result for region in found]))
        return result

    @sroi.hookimpl(wrapper=True)
    def sroi_obligation(self, rules: sroi.RuleSet) -> Iterator[None]:
        result = yield
        self.seen.append(("sroi_obligation", (rules.region, result.amount)))
        return result


def test_a_hook_wrapper_sees_every_call_and_only_the_plugin_in_force_answers() -> None:
    watcher = Watcher()
    reg = _registry(FirstDayOfTerm(MG), RegionPlugin(NH), watcher)
    assert [info.code for info in reg.regions()] == ["midden-gelderland", "noord-holland"]
    assert watcher.seen == [
        ("sroi_regions", ["midden-gelderland"]),
        ("sroi_regions", ["noord-holland"]),
    ]
    watcher.seen.clear()
    assert reg.obligation(_contract(D(2023, 3, 15))).amount == Decimal("50000.00")
    assert reg.obligation(_contract(D(2023, 3, 15), region="mg")).amount == Decimal("1000.00")
    assert watcher.seen == [
        ("sroi_obligation", ("noord-holland", Decimal("50000.00"))),
        ("sroi_obligation", ("midden-gelderland", Decimal("1000.00"))),
    ]


def test_hook_call_monitoring_sees_every_hook_call() -> None:
    calls: list[tuple[str, list[str]]] = []
    reg = _registry(FirstDayOfTerm(MG), RegionPlugin(NH))
    manager = reg.plugin_manager
    undo = manager.add_hookcall_monitoring(
        lambda name, impls, kwargs: calls.append((name, [impl.plugin_name for impl in impls])),
        lambda outcome, name, impls, kwargs: None,
    )
    try:
        reg.reference_date(_contract(D(2023, 3, 15), region="mg"))
        reg.reference_date(_contract(D(2023, 3, 15)))
    finally:
        undo()
    assert calls == [
        ("sroi_regions", ["plugin-1"]),
        ("sroi_regions", ["plugin-2"]),
        ("sroi_reference_date", ["sroi.conventions", "plugin-1"]),
        ("sroi_reference_date", ["sroi.conventions"]),
    ]


def test_rules_for_needs_a_region() -> None:
    reg = _registry(RegionPlugin(NH))
    with pytest.raises(sroi.InvalidValueError, match="region"):
        reg.rules_for(attrs.evolve(_contract(D(2024, 1, 1)), region=None))
    assert reg.rules_for(attrs.evolve(_contract(D(2024, 1, 1)), region=None), "nh").version


def test_a_reference_date_that_is_not_a_date_is_refused() -> None:
    class Wrong(RegionPlugin):
        @sroi.hookimpl
        def sroi_reference_date(self) -> str:
            return "2024-01-01"

    reg = _registry(Wrong(NH))
    with pytest.raises(sroi.InvalidValueError, match="sroi_reference_date of plugin-1"):
        reg.rules_for(_contract(D(2024, 1, 1)))


# -- the default registry ---------------------------------------------------------------------


@pytest.fixture
def installed(two_regions: Registry) -> Iterator[Registry]:
    previous = registry.reset(two_regions)
    yield two_regions
    registry.reset(previous)


def test_the_module_functions_use_the_default_registry(installed: Registry) -> None:
    assert [info.code for info in sroi.regions()] == ["midden-gelderland", "noord-holland"]
    assert sroi.rules("MG", D(2024, 1, 1)) is installed.rules("mg", D(2024, 1, 1))
    contract = _contract(D(2023, 3, 15), region="mg")
    assert sroi.rules_for(contract).version == "V04"
    assert sroi.obligation_for(contract).amount == Decimal("50000.00")


def test_reset_drops_the_default_registry(installed: Registry) -> None:
    assert registry.default() is installed
    assert registry.reset() is installed
    registry.reset(installed)
    assert registry.default() is installed
