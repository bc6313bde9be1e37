"""The installed Noord-Holland plugin, through sroi's public API only.

The expected rows below are copied from the region file: the provisional table of the
Werkgeversservicepunt Gooi en Vechtstreek (Hilversum), with the durations taken from the Oost
model (assumed) and Utrecht's permanent-contract bonus (assumed). A change of a value in the rule
data must change this table too, with its source.
"""

from __future__ import annotations

import datetime as dt
import warnings
from decimal import Decimal
from importlib.metadata import entry_points

import pytest

import sroi
import sroi.registry

REGION = "noord-holland"
IN_FORCE = dt.date(2024, 1, 1)
FIRST_DAY = dt.date(2016, 1, 1)
VERSION = "provisional (Gooi en Vechtstreek table)"

P, A = "provisional", "assumed"
YEAR = "per_year_full_time"
HILVERSUM = "Hilversum SROI page"

# code: (route, unit, value, max_months, value status, duration status or None)
BLOCKS = {
    "participatiewet-lt2": ("candidate", YEAR, "30000", 24, P, A),
    "participatiewet-gt2": ("candidate", YEAR, "40000", 24, P, A),
    "ww-lt1": ("candidate", YEAR, "10000", 12, P, A),
    "ww-gt1": ("candidate", YEAR, "15000", 12, P, A),
    "wia-wao": ("candidate", YEAR, "30000", None, P, A),
    "wajong": ("candidate", YEAR, "35000", None, P, A),
    "bbl": ("candidate", YEAR, "10000", None, P, None),
    "bol": ("candidate", YEAR, "5000", None, P, None),
    "sw-company": ("purchase", "share_of_invoice", "1", None, P, None),
    "mvo": ("project", "per_hour", "100", None, P, None),
}

# code: (kind, value, min_age, status, source contains)
BONUSES = {
    "age-55": ("age", "5000", 55, P, HILVERSUM),
    "permanent-contract": ("one_off", "10000", None, A, "utrecht.nl"),
}

JOB_BLOCKS = ("participatiewet-lt2", "participatiewet-gt2", "ww-lt1", "ww-gt1", "wia-wao", "wajong")


@pytest.fixture
def rules() -> sroi.RuleSet:
    return sroi.rules(REGION, on=IN_FORCE)


def _placement(block: str, birth: dt.date, first: dt.date, last: dt.date, **kw: object):
    return sroi.Placement(
        sroi.Candidate("C.D.", "doelgroep", birth),
        sroi.PlacementKind.JOB,
        block,
        sroi.Period(first, last),
        Decimal(36),
        **kw,
    )


def test_the_plugin_is_registered_under_the_sroi_entry_point_group():
    found = {ep.name: ep.value for ep in entry_points(group="sroi")}
    assert found.get(REGION) == "sroi_noord_holland"


def test_the_rule_set_in_force_on_2024_01_01_is_the_provisional_table(rules: sroi.RuleSet):
    assert rules.region == REGION
    assert rules.version == VERSION
    assert rules.valid_from == FIRST_DAY
    assert rules.valid_until is None
    assert "Gooi en Vechtstreek" in rules.source
    assert "chosen by the sroi project" in rules.source


def test_the_rule_set_has_exactly_the_rows_of_the_region_file(rules: sroi.RuleSet):
    assert set(rules.blocks) == set(BLOCKS)
    assert set(rules.bonuses) == set(BONUSES)
    assert dict(rules.adjustments) == {}


@pytest.mark.parametrize("code", sorted(BLOCKS))
def test_block_row_matches_the_region_file(rules: sroi.RuleSet, code: str):
    route, unit, value, max_months, status, duration_status = BLOCKS[code]
    block = rules.block(code)
    assert block.route is sroi.Route(route)
    assert block.unit is sroi.Unit(unit)
    assert block.value == Decimal(value)
    assert block.max_months == max_months
    assert block.provenance.status is sroi.Status(status)
    assert HILVERSUM in block.provenance.source
    if duration_status is None:
        assert block.duration_provenance is None
    else:
        assert block.duration_provenance is not None
        assert block.duration_provenance.status is sroi.Status(duration_status)
        assert "Oost-Nederland" in block.duration_provenance.source


def test_bbl_and_bol_count_for_their_agreed_period_and_say_per_year(rules: sroi.RuleSet):
    for code, agreed in (("bbl", "agreed trajectory"), ("bol", "agreed internship")):
        note = rules.block(code).provenance.note
        assert "'per jaar'" in note, code
        assert agreed in note, code


@pytest.mark.parametrize("code", sorted(BONUSES))
def test_bonus_row_matches_the_region_file(rules: sroi.RuleSet, code: str):
    kind, value, min_age, status, source = BONUSES[code]
    bonus = rules.bonus(code)
    assert bonus.kind is sroi.BonusKind(kind)
    assert bonus.value == Decimal(value)
    assert bonus.min_age == min_age
    assert bonus.provenance.status is sroi.Status(status)
    assert source in bonus.provenance.source


def test_bonuses_on_blocks(rules: sroi.RuleSet):
    for code, block in rules.blocks.items():
        if block.route is sroi.Route.CANDIDATE:
            assert "age-55" in block.bonuses, code
        offers_permanent = "permanent-contract" in block.bonuses
        assert offers_permanent == (code in JOB_BLOCKS), code


def test_general_parameters_carry_their_status(rules: sroi.RuleSet):
    assert rules.sr_percentage is not None
    assert rules.sr_percentage.value == Decimal(5)
    assert rules.sr_percentage.provenance.status is sroi.Status.PROVISIONAL
    assert rules.full_time_hours.value == Decimal(36)
    assert rules.full_time_hours.provenance.status is sroi.Status.ASSUMED
    assert rules.minimum_hours is None
    assert rules.measurement_fractions == tuple(Decimal(f) for f in ("0.25", "0.5", "0.75", "1"))
    assert rules.measurement_provenance.status is sroi.Status.VERIFIED
    assert "contractor manual" in rules.measurement_provenance.source


def test_no_value_of_the_table_is_verified(rules: sroi.RuleSet):
    verified = [key for key, p in rules.provenances() if p.status is sroi.Status.VERIFIED]
    assert verified == ["measurement_fractions"]


def test_the_first_day_of_the_provisional_table_has_the_rule_set():
    assert sroi.rules(REGION, on=FIRST_DAY).version == VERSION


def test_the_day_before_the_provisional_table_has_no_rule_set_and_the_error_lists_it():
    with pytest.raises(sroi.RuleVersionNotFoundError) as caught:
        sroi.rules(REGION, on=dt.date(2015, 12, 31))
    assert caught.value.region == REGION
    assert caught.value.on == dt.date(2015, 12, 31)
    assert caught.value.ranges == ((VERSION, FIRST_DAY, None),)
    assert f"{VERSION} 2016-01-01.." in str(caught.value)


@pytest.mark.parametrize("name", ["nh", "NH", "Provincie-Noord-Holland", "Noord-Holland"])
def test_aliases_and_any_case_resolve_to_the_region(name: str):
    assert sroi.rules(name, on=IN_FORCE).region == REGION


def test_the_region_is_listed_with_its_aliases_and_version():
    info = next(region for region in sroi.regions() if region.code == REGION)
    assert info.name == "Noord-Holland"
    assert set(info.aliases) == {"nh", "provincie-noord-holland"}
    assert [(v.version, v.valid_from, v.valid_until) for v in info.versions] == [
        (VERSION, FIRST_DAY, None)
    ]
    assert sroi.Status.PROVISIONAL in info.versions[0].statuses
    assert any("sroi-noord-holland" in provider for provider in info.providers)


def test_valuing_with_the_provisional_table_warns_for_each_value_used(rules: sroi.RuleSet):
    placement = _placement("ww-lt1", dt.date(1980, 1, 1), IN_FORCE, dt.date(2024, 12, 31))
    with pytest.warns(sroi.ProvisionalRuleWarning) as record:
        valuation = sroi.value_placement(placement, rules)
    assert sorted(str(w.message).split(": ")[1].split(",")[0] for w in record) == [
        "blocks.ww-lt1 is provisional",
        "blocks.ww-lt1.max_months is assumed",
        "full_time_hours is assumed",
    ]
    block_warning = next(str(w.message) for w in record if "blocks.ww-lt1 is" in str(w.message))
    assert HILVERSUM in block_warning
    assert valuation.amount == Decimal("10000.00")


def test_the_parts_of_a_valuation_show_each_status(rules: sroi.RuleSet):
    # aged 57 on the first day, two years agreed on a WW > 1 year block (capped at 12 months),
    # with a permanent contract after four months
    placement = _placement(
        "ww-gt1",
        dt.date(1966, 5, 1),
        IN_FORCE,
        dt.date(2025, 12, 31),
        bonuses=(sroi.BonusGrant("permanent-contract", dt.date(2024, 5, 1)),),
    )
    with pytest.warns(sroi.ProvisionalRuleWarning):
        valuation = sroi.value_placement(placement, rules)
    assert valuation.amount == Decimal("30000.00")  # 15,000 + 5,000 + 10,000
    assert valuation.provenance.status is sroi.Status.PROVISIONAL
    assert valuation.cap_provenance is not None
    assert valuation.cap_provenance.status is sroi.Status.ASSUMED
    parts = {part.code: part.provenance.status for part in valuation.bonuses}
    assert parts == {"age-55": sroi.Status.PROVISIONAL, "permanent-contract": sroi.Status.ASSUMED}
    assert valuation.statuses == {sroi.Status.PROVISIONAL, sroi.Status.ASSUMED}
    assert not valuation.verified


def test_the_default_obligation_is_provisional_and_warns(rules: sroi.RuleSet):
    contract = sroi.Contract(
        "NH-2024-017",
        "Onderhoud provinciale wegen",
        sroi.Period(IN_FORCE, dt.date(2027, 12, 31)),
        sroi.Organisation("Wegenbouw B.V.", "11223344"),
        value_excl_vat=Decimal("3000000"),
        region=REGION,
    )
    with pytest.warns(sroi.ProvisionalRuleWarning, match="sr_percentage is provisional"):
        result = sroi.obligation(contract, rules)
    assert result.amount == Decimal("150000.00")
    assert result.percentage_provenance is not None
    assert result.percentage_provenance.status is sroi.Status.PROVISIONAL


def test_an_obligation_with_the_contracts_own_percentage_does_not_warn(rules: sroi.RuleSet):
    contract = sroi.Contract(
        "NH-2024-018",
        "Groenonderhoud",
        sroi.Period(IN_FORCE, dt.date(2025, 12, 31)),
        sroi.Organisation("Groen B.V.", "44332211"),
        value_excl_vat=Decimal("400000"),
        sr_percentage=Decimal(6),
        region=REGION,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = sroi.obligation(contract, rules)
    assert result.amount == Decimal("24000.00")
    assert result.percentage_provenance is None


def test_measurement_moments_follow_the_manuals_25_50_75_percent(rules: sroi.RuleSet):
    moments = sroi.measurement_moments(
        sroi.Period(dt.date(2024, 1, 1), dt.date(2027, 12, 31)), rules.measurement_fractions
    )
    assert [m.date for m in moments] == [
        dt.date(2024, 12, 31),
        dt.date(2025, 12, 31),
        dt.date(2026, 12, 31),
        dt.date(2027, 12, 31),
    ]
