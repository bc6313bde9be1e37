"""The installed Midden-Gelderland plugin, through sroi's public API only.

The expected rows below are copied from the region file (Uniform Bouwblokkenmodel Oost-Nederland
V05, april 2023): value, unit, maximum duration and status of every row. A change of a value in
the rule data must change this table too, with its source.
"""

from __future__ import annotations

import datetime as dt
import warnings
from decimal import Decimal
from importlib.metadata import entry_points

import pytest

import sroi
import sroi.registry

REGION = "midden-gelderland"
IN_FORCE = dt.date(2024, 1, 1)
FIRST_DAY = dt.date(2023, 4, 1)
VERSION = "V05 (april 2023)"

V, U, A = "verified", "unverified", "assumed"
YEAR, MONTH, PERIOD, ONCE = "per_year_full_time", "per_month", "per_period", "one_off"

# code: (route, unit, value, max_months, status)
BLOCKS = {
    "participatiewet-lt2": ("candidate", YEAR, "30000", 24, V),
    "participatiewet-gt2": ("candidate", YEAR, "40000", 24, V),
    "doelgroepregister": ("candidate", YEAR, "40000", None, V),
    "ww-lt1": ("candidate", YEAR, "10000", 12, V),
    "ww-gt1": ("candidate", YEAR, "15000", 12, V),
    "no-benefit": ("candidate", YEAR, "10000", 12, V),
    "work-experience": ("candidate", MONTH, "750", None, V),
    "bbl-1-2": ("candidate", YEAR, "20000", None, V),
    "bbl-3-4": ("candidate", YEAR, "15000", None, U),
    "bol-1-2": ("candidate", PERIOD, "7500", None, U),
    "bol-3-4": ("candidate", PERIOD, "5000", None, U),
    "internship-hbo-wo": ("candidate", PERIOD, "5000", None, U),
    "internship-pro-vso": ("candidate", PERIOD, "5000", None, U),
    "job-after-vso-pro": ("candidate", ONCE, "25000", None, U),
    "sw-company": ("purchase", "share_of_invoice", "1", None, U),
    "pso-1": ("purchase", "share_of_invoice", "0.10", None, U),
    "pso-2": ("purchase", "share_of_invoice", "0.20", None, U),
    "pso-3": ("purchase", "share_of_invoice", "0.30", None, U),
    "mvo": ("project", "per_hour", "100", None, U),
}

# code: (kind, value, min_age, status)
BONUSES = {
    "age-50": ("age", "5000", 50, U),
    "special-target-group": ("annual", "5000", None, U),
    "permanent-contract": ("one_off", "10000", None, U),
}

# code: (kind, value, status)
ADJUSTMENTS = {
    "pso-1": ("discount", "0.10", U),
    "pso-2": ("discount", "0.25", U),
    "pso-3": ("discount", "0.50", U),
    "pso-30-plus": ("exemption", "1", U),
}

JOB_BLOCKS = (
    "participatiewet-lt2",
    "participatiewet-gt2",
    "doelgroepregister",
    "ww-lt1",
    "ww-gt1",
    "no-benefit",
    "job-after-vso-pro",
)


@pytest.fixture
def rules() -> sroi.RuleSet:
    return sroi.rules(REGION, on=IN_FORCE)


def _placement(block: str, birth: dt.date, first: dt.date, last: dt.date, **kw: object):
    return sroi.Placement(
        sroi.Candidate("A.B.", "doelgroep", birth),
        sroi.PlacementKind.JOB,
        block,
        sroi.Period(first, last),
        Decimal(36),
        **kw,
    )


def test_the_plugin_is_registered_under_the_sroi_entry_point_group():
    found = {ep.name: ep.value for ep in entry_points(group="sroi")}
    assert found.get(REGION) == "sroi_midden_gelderland"


def test_the_rule_set_in_force_on_2024_01_01_is_v05(rules: sroi.RuleSet):
    assert rules.region == REGION
    assert rules.version == VERSION
    assert rules.valid_from == FIRST_DAY
    assert rules.valid_until is None
    assert "impactoost.nl/bouwblokken" in rules.source
    assert "assumed" in rules.source


def test_the_rule_set_has_exactly_the_rows_of_the_region_file(rules: sroi.RuleSet):
    assert set(rules.blocks) == set(BLOCKS)
    assert set(rules.bonuses) == set(BONUSES)
    assert set(rules.adjustments) == set(ADJUSTMENTS)


@pytest.mark.parametrize("code", sorted(BLOCKS))
def test_block_row_matches_the_region_file(rules: sroi.RuleSet, code: str):
    route, unit, value, max_months, status = BLOCKS[code]
    block = rules.block(code)
    assert block.route is sroi.Route(route)
    assert block.unit is sroi.Unit(unit)
    assert block.value == Decimal(value)
    assert block.max_months == max_months
    assert block.provenance.status is sroi.Status(status)
    assert block.provenance.source


def test_the_maximum_durations_share_the_status_of_their_values(rules: sroi.RuleSet):
    for code, (*_, max_months, status) in BLOCKS.items():
        if max_months is not None:
            assert rules.block(code).max_months_provenance.status is sroi.Status(status), code


def test_rows_without_a_read_duration_say_so_in_their_note(rules: sroi.RuleSet):
    assert "not read" in rules.block("bbl-1-2").provenance.note
    assert "leerwerkjaar" in rules.block("bbl-1-2").provenance.note
    assert "leerwerkjaar" in rules.block("bbl-3-4").provenance.note
    assert "agreed period" in rules.block("work-experience").provenance.note
    for code in ("bol-1-2", "bol-3-4", "internship-hbo-wo", "internship-pro-vso"):
        assert "No maximum duration" in rules.block(code).provenance.note, code


def test_only_the_unread_bbl_1_2_duration_is_marked_assumed(rules: sroi.RuleSet):
    # the table has a maximum duration for BBL level 1-2 that was not read: no cap is applied,
    # and that choice carries the status assumed
    duration = rules.block("bbl-1-2").duration_provenance
    assert duration is not None
    assert duration.status is sroi.Status.ASSUMED
    assert rules.block("bbl-1-2").max_months is None
    others = [code for code, block in rules.blocks.items() if block.duration_provenance]
    assert others == ["bbl-1-2"]


@pytest.mark.parametrize("code", sorted(BONUSES))
def test_bonus_row_matches_the_region_file(rules: sroi.RuleSet, code: str):
    kind, value, min_age, status = BONUSES[code]
    bonus = rules.bonus(code)
    assert bonus.kind is sroi.BonusKind(kind)
    assert bonus.value == Decimal(value)
    assert bonus.min_age == min_age
    assert bonus.provenance.status is sroi.Status(status)


@pytest.mark.parametrize("code", sorted(ADJUSTMENTS))
def test_pso_adjustment_row_matches_the_region_file(rules: sroi.RuleSet, code: str):
    kind, value, status = ADJUSTMENTS[code]
    adjustment = rules.adjustment(code)
    assert adjustment.kind is sroi.AdjustmentKind(kind)
    assert adjustment.value == Decimal(value)
    assert adjustment.provenance.status is sroi.Status(status)


def test_the_permanent_contract_bonus_is_offered_on_job_blocks_only(rules: sroi.RuleSet):
    offering = {
        code for code, block in rules.blocks.items() if "permanent-contract" in block.bonuses
    }
    assert offering == set(JOB_BLOCKS)


def test_annual_bonuses_are_offered_on_every_annual_or_monthly_candidate_block(
    rules: sroi.RuleSet,
):
    for code, (route, unit, *_) in BLOCKS.items():
        offered = set(rules.block(code).bonuses)
        if route == "candidate" and unit in (YEAR, MONTH):
            assert {"age-50", "special-target-group"} <= offered, code
        else:
            assert not offered & {"age-50", "special-target-group"}, code


def test_general_parameters_carry_their_status(rules: sroi.RuleSet):
    assert rules.sr_percentage is not None
    assert rules.sr_percentage.value == Decimal(5)
    assert rules.sr_percentage.provenance.status is sroi.Status.VERIFIED
    assert "set per contract" in rules.sr_percentage.provenance.note
    assert rules.full_time_hours.value == Decimal(36)
    assert rules.full_time_hours.provenance.status is sroi.Status.ASSUMED
    assert rules.minimum_hours is None
    assert rules.measurement_fractions == tuple(Decimal(f) for f in ("0.25", "0.5", "0.75", "1"))
    assert rules.measurement_provenance.status is sroi.Status.ASSUMED


def test_no_value_is_provisional(rules: sroi.RuleSet):
    statuses = {provenance.status for _, provenance in rules.provenances()}
    assert statuses == {sroi.Status.VERIFIED, sroi.Status.UNVERIFIED, sroi.Status.ASSUMED}


def test_the_first_day_of_v05_has_the_rule_set():
    assert sroi.rules(REGION, on=FIRST_DAY).version == VERSION


def test_the_day_before_v05_has_no_rule_set_and_the_error_lists_what_exists():
    with pytest.raises(sroi.RuleVersionNotFoundError) as caught:
        sroi.rules(REGION, on=FIRST_DAY - dt.timedelta(days=1))
    message = str(caught.value)
    assert "2023-03-31" in message
    assert VERSION in message
    assert "2023-04-01" in message
    assert isinstance(caught.value, sroi.SroiError)
    assert isinstance(caught.value, LookupError)


@pytest.mark.parametrize(
    "name", ["mg", "MG", "Steunpunt-SROI-Midden-Gelderland", "Midden-Gelderland"]
)
def test_aliases_and_any_case_resolve_to_the_region(name: str):
    assert sroi.rules(name, on=IN_FORCE).region == REGION


def test_the_region_is_listed_with_its_aliases_and_version():
    info = next(region for region in sroi.regions() if region.code == REGION)
    assert info.name == "Midden-Gelderland"
    assert set(info.aliases) == {"mg", "steunpunt-sroi-midden-gelderland"}
    assert [(v.version, v.valid_from, v.valid_until) for v in info.versions] == [
        (VERSION, FIRST_DAY, None)
    ]
    assert info.versions[0].statuses == {
        sroi.Status.VERIFIED,
        sroi.Status.UNVERIFIED,
        sroi.Status.ASSUMED,
    }
    assert any("sroi-midden-gelderland" in provider for provider in info.providers)


def test_valuing_an_unverified_block_warns_and_names_it(rules: sroi.RuleSet):
    placement = _placement(
        "bbl-3-4", dt.date(2004, 1, 1), dt.date(2024, 9, 1), dt.date(2025, 8, 31)
    )
    with pytest.warns(sroi.ProvisionalRuleWarning) as record:
        valuation = sroi.value_placement(placement, rules)
    assert sorted(str(w.message).split(": ")[1] for w in record) == [
        "blocks.bbl-3-4 is unverified, not verified (source",
        "full_time_hours is assumed, not verified (source",
    ]
    assert valuation.amount == Decimal("15000.00")
    assert valuation.provenance.status is sroi.Status.UNVERIFIED
    assert valuation.statuses == {sroi.Status.UNVERIFIED, sroi.Status.ASSUMED}


def test_even_verified_blocks_warn_about_the_assumed_full_time_hours(rules: sroi.RuleSet):
    placement = _placement("ww-lt1", dt.date(1980, 1, 1), IN_FORCE, dt.date(2024, 12, 31))
    with pytest.warns(sroi.ProvisionalRuleWarning, match="full_time_hours is assumed") as record:
        valuation = sroi.value_placement(placement, rules)
    assert len(record) == 1
    assert valuation.provenance.status is sroi.Status.VERIFIED
    assert valuation.full_time_provenance is not None
    assert valuation.full_time_provenance.status is sroi.Status.ASSUMED
    assert valuation.statuses == {sroi.Status.VERIFIED, sroi.Status.ASSUMED}
    assert valuation.cap_provenance is not None
    assert valuation.cap_provenance.status is sroi.Status.VERIFIED


def test_the_parts_of_a_valuation_show_each_status(rules: sroi.RuleSet):
    # aged 60 on the first day: the verified Participatiewet value plus the unverified age bonus,
    # and a permanent contract granted after six months
    placement = _placement(
        "participatiewet-lt2",
        dt.date(1963, 6, 1),
        IN_FORCE,
        dt.date(2024, 12, 31),
        bonuses=(sroi.BonusGrant("permanent-contract", dt.date(2024, 7, 1)),),
    )
    with pytest.warns(sroi.ProvisionalRuleWarning) as record:
        valuation = sroi.value_placement(placement, rules)
    warned = " ".join(str(w.message) for w in record)
    assert "bonuses.age-50" in warned
    assert "bonuses.permanent-contract" in warned
    assert valuation.amount == Decimal("45000.00")
    assert valuation.provenance.status is sroi.Status.VERIFIED
    parts = {part.code: part for part in valuation.bonuses}
    assert parts["age-50"].amount == Decimal(5000)
    assert parts["age-50"].provenance.status is sroi.Status.UNVERIFIED
    assert parts["permanent-contract"].amount == Decimal(10000)
    assert parts["permanent-contract"].provenance.status is sroi.Status.UNVERIFIED
    assert valuation.statuses == {
        sroi.Status.VERIFIED,
        sroi.Status.UNVERIFIED,
        sroi.Status.ASSUMED,
    }


def test_a_pso_discount_shows_its_unverified_status_in_the_obligation(rules: sroi.RuleSet):
    contract = sroi.Contract(
        "MG-2024-001",
        "Onderhoud openbare ruimte",
        sroi.Period(IN_FORCE, dt.date(2025, 12, 31)),
        sroi.Organisation("Aannemer B.V.", "12345678"),
        value_excl_vat=Decimal("800000"),
        region=REGION,
        adjustments=("pso-2",),
    )
    with pytest.warns(sroi.ProvisionalRuleWarning, match=r"adjustments\.pso-2 is unverified"):
        result = sroi.obligation(contract, rules)
    assert result.amount == Decimal("30000.00")
    assert result.percentage == Decimal(5)
    assert result.percentage_provenance is not None
    assert result.percentage_provenance.status is sroi.Status.VERIFIED
    assert [(p.code, p.provenance.status) for p in result.adjustments] == [
        ("pso-2", sroi.Status.UNVERIFIED)
    ]


def test_an_obligation_with_only_verified_values_does_not_warn(rules: sroi.RuleSet):
    contract = sroi.Contract(
        "MG-2024-002",
        "Schoonmaak gemeentehuis",
        sroi.Period(IN_FORCE, dt.date(2024, 12, 31)),
        sroi.Organisation("Schoon B.V.", "87654321"),
        value_excl_vat=Decimal("250000"),
        region=REGION,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sroi.obligation(contract, rules).amount == Decimal("12500.00")
