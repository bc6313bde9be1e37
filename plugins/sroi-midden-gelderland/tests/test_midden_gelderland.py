"""The installed Midden-Gelderland plugin, through sroi's public API only.

Every value below is written the way the region file states it (Uniform Bouwblokkenmodel
Oost-Nederland V05, april 2023: value, unit, maximum duration and status of every row), never
copied from the plugin's rule data: the two are independent, and a change of a value in the rule
data must change the line here too, with its source. The region's entry point, name, aliases and
versions are declared once in ``test_contract.py``.
"""

from __future__ import annotations

import datetime as dt
import warnings
from decimal import Decimal

import pytest

import sroi
from sroi.testing import builders
from sroi.testing.assertions import (
    assert_adjustment_value,
    assert_block_value,
    assert_bonus_value,
    assert_codes,
    assert_parameter_value,
    assert_status,
)

REGION = "midden-gelderland"
IN_FORCE = dt.date(2024, 1, 1)

V, U, A = "verified", "unverified", "assumed"
YEAR, MONTH, PERIOD, ONCE = "per_year_full_time", "per_month", "per_period", "one_off"
SHARE, HOUR = "share_of_invoice", "per_hour"
JOB_BLOCKS = {
    "participatiewet-lt2",
    "participatiewet-gt2",
    "doelgroepregister",
    "ww-lt1",
    "ww-gt1",
    "no-benefit",
    "job-after-vso-pro",
}


@pytest.fixture
def rules() -> sroi.RuleSet:
    return sroi.rules(REGION, on=IN_FORCE)


def test_the_rule_set_in_force_on_2024_01_01_is_v05(rules: sroi.RuleSet):
    assert (rules.region, rules.version) == (REGION, "V05 (april 2023)")
    assert "impactoost.nl/bouwblokken" in rules.source
    assert "assumed" in rules.source


def test_the_rule_set_has_exactly_the_rows_of_the_region_file(rules: sroi.RuleSet):
    assert_codes(
        rules,
        blocks={
            *JOB_BLOCKS,
            "work-experience",
            "bbl-1-2",
            "bbl-3-4",
            "bol-1-2",
            "bol-3-4",
            "internship-hbo-wo",
            "internship-pro-vso",
            "sw-company",
            "pso-1",
            "pso-2",
            "pso-3",
            "mvo",
        },
        bonuses={"age-50", "special-target-group", "permanent-contract"},
        adjustments={"pso-1", "pso-2", "pso-3", "pso-30-plus"},
    )


def test_candidate_blocks_with_a_maximum_duration(rules: sroi.RuleSet):
    # the maximum duration shares the status of the value it was read with
    block = assert_block_value
    block(rules, "participatiewet-lt2", "30000", unit=YEAR, max_months=24, status=V, cap_status=V)
    block(rules, "participatiewet-gt2", "40000", unit=YEAR, max_months=24, status=V, cap_status=V)
    block(rules, "ww-lt1", "10000", unit=YEAR, max_months=12, status=V, cap_status=V)
    block(rules, "ww-gt1", "15000", unit=YEAR, max_months=12, status=V, cap_status=V)
    block(rules, "no-benefit", "10000", unit=YEAR, max_months=12, status=V, cap_status=V)


def test_candidate_blocks_without_a_maximum_duration(rules: sroi.RuleSet):
    block = assert_block_value
    block(rules, "doelgroepregister", "40000", unit=YEAR, max_months=None, status=V)
    block(rules, "work-experience", "750", unit=MONTH, max_months=None, status=V)
    block(rules, "bbl-1-2", "20000", unit=YEAR, max_months=None, status=V)
    block(rules, "bbl-3-4", "15000", unit=YEAR, max_months=None, status=U)
    block(rules, "bol-1-2", "7500", unit=PERIOD, max_months=None, status=U)
    block(rules, "bol-3-4", "5000", unit=PERIOD, max_months=None, status=U)
    block(rules, "internship-hbo-wo", "5000", unit=PERIOD, max_months=None, status=U)
    block(rules, "internship-pro-vso", "5000", unit=PERIOD, max_months=None, status=U)
    block(rules, "job-after-vso-pro", "25000", unit=ONCE, max_months=None, status=U)


def test_purchase_and_project_blocks(rules: sroi.RuleSet):
    block = assert_block_value
    block(rules, "sw-company", "1", route="purchase", unit=SHARE, max_months=None, status=U)
    block(rules, "pso-1", "0.10", route="purchase", unit=SHARE, max_months=None, status=U)
    block(rules, "pso-2", "0.20", route="purchase", unit=SHARE, max_months=None, status=U)
    block(rules, "pso-3", "0.30", route="purchase", unit=SHARE, max_months=None, status=U)
    block(rules, "mvo", "100", route="project", unit=HOUR, max_months=None, status=U)


def test_every_candidate_block_is_on_the_candidate_route(rules: sroi.RuleSet):
    routes = {code: block.route for code, block in rules.blocks.items()}
    assert {code for code, route in routes.items() if route is sroi.Route.CANDIDATE} == (
        set(rules.blocks) - {"sw-company", "pso-1", "pso-2", "pso-3", "mvo"}
    )


def test_every_value_names_a_source(rules: sroi.RuleSet):
    for code, block in rules.blocks.items():
        assert block.provenance.source.strip(), code


def test_bonuses(rules: sroi.RuleSet):
    assert_bonus_value(rules, "age-50", "5000", kind="age", min_age=50, status=U)
    assert_bonus_value(rules, "special-target-group", "5000", kind="annual", min_age=None, status=U)
    assert_bonus_value(rules, "permanent-contract", "10000", kind="one_off", min_age=None, status=U)


def test_pso_adjustments_of_the_obligation(rules: sroi.RuleSet):
    assert_adjustment_value(rules, "pso-1", "0.10", kind="discount", status=U)
    assert_adjustment_value(rules, "pso-2", "0.25", kind="discount", status=U)
    assert_adjustment_value(rules, "pso-3", "0.50", kind="discount", status=U)
    assert_adjustment_value(rules, "pso-30-plus", "1", kind="exemption", status=U)


def test_general_parameters_carry_their_status(rules: sroi.RuleSet):
    assert_parameter_value(rules, "sr_percentage", "5", status=V)
    assert_parameter_value(rules, "full_time_hours", "36", status=A)
    assert_parameter_value(rules, "minimum_hours", None)
    assert_status(rules, "measurement_fractions", A)
    assert rules.sr_percentage is not None
    assert "set per contract" in rules.sr_percentage.provenance.note
    assert rules.measurement_fractions == tuple(Decimal(f) for f in ("0.25", "0.5", "0.75", "1"))


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
    assert_block_value(rules, "bbl-1-2", "20000", max_months=None, cap_status=A)
    others = [code for code, block in rules.blocks.items() if block.duration_provenance]
    assert others == ["bbl-1-2"]


def test_the_permanent_contract_bonus_is_offered_on_job_blocks_only(rules: sroi.RuleSet):
    offering = {
        code for code, block in rules.blocks.items() if "permanent-contract" in block.bonuses
    }
    assert offering == JOB_BLOCKS


def test_annual_bonuses_are_offered_on_every_annual_or_monthly_candidate_block(
    rules: sroi.RuleSet,
):
    annual = {"age-50", "special-target-group"}
    for code, block in rules.blocks.items():
        offered = set(block.bonuses)
        if block.route is sroi.Route.CANDIDATE and block.unit.value in (YEAR, MONTH):
            assert annual <= offered, code
        else:
            assert not offered & annual, code


def test_no_value_is_provisional(rules: sroi.RuleSet):
    statuses = {provenance.status for _, provenance in rules.provenances()}
    assert statuses == {sroi.Status.VERIFIED, sroi.Status.UNVERIFIED, sroi.Status.ASSUMED}


def test_the_listed_version_carries_every_status_and_its_provider():
    info = next(region for region in sroi.regions() if region.code == REGION)
    assert info.versions[0].statuses == {
        sroi.Status.VERIFIED,
        sroi.Status.UNVERIFIED,
        sroi.Status.ASSUMED,
    }
    assert any("sroi-midden-gelderland" in provider for provider in info.providers)


def test_valuing_an_unverified_block_warns_and_names_it(rules: sroi.RuleSet):
    placement = builders.placement(
        "bbl-3-4", born="2004-01-01", start="2024-09-01", end="2025-08-31"
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
    placement = builders.placement("ww-lt1", born="1980-01-01", start=IN_FORCE, end="2024-12-31")
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
    placement = builders.placement(
        "participatiewet-lt2",
        born="1963-06-01",
        start=IN_FORCE,
        end="2024-12-31",
        bonuses=[("permanent-contract", "2024-07-01")],
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
    contract = builders.contract(REGION, IN_FORCE, "2025-12-31", "800000", adjustments=["pso-2"])
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
    contract = builders.contract(REGION, IN_FORCE, "2024-12-31", "250000")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sroi.obligation(contract, rules).amount == Decimal("12500.00")
