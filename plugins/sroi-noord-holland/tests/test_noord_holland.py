"""The installed Noord-Holland plugin, through sroi's public API only.

Every value below is written the way the region file states it: the provisional table of the
Werkgeversservicepunt Gooi en Vechtstreek (Hilversum), with the durations taken from the Oost
model (assumed) and Utrecht's permanent-contract bonus (assumed). Nothing is copied from the
plugin's rule data: a change of a value there must change the line here too, with its source. The
region's entry point, name, aliases and versions are declared once in ``test_contract.py``.
"""

from __future__ import annotations

import datetime as dt
import warnings
from decimal import Decimal

import pytest

import sroi
from sroi.testing import builders
from sroi.testing.assertions import (
    assert_block_value,
    assert_bonus_value,
    assert_cap_months,
    assert_codes,
    assert_parameter_value,
    assert_status,
)

REGION = "noord-holland"
IN_FORCE = dt.date(2024, 1, 1)

P, A, V = "provisional", "assumed", "verified"
YEAR = "per_year_full_time"
HILVERSUM = "Hilversum SROI page"
OOST = "Oost-Nederland"
UTRECHT = "utrecht.nl"
JOB_BLOCKS = {"participatiewet-lt2", "participatiewet-gt2", "ww-lt1", "ww-gt1", "wia-wao", "wajong"}


@pytest.fixture
def rules() -> sroi.RuleSet:
    return sroi.rules(REGION, on=IN_FORCE)


def test_the_rule_set_in_force_on_2024_01_01_is_the_provisional_table(rules: sroi.RuleSet):
    assert (rules.region, rules.version) == (REGION, "provisional (Gooi en Vechtstreek table)")
    assert "Gooi en Vechtstreek" in rules.source
    assert "chosen by the sroi project" in rules.source


def test_the_rule_set_has_exactly_the_rows_of_the_region_file(rules: sroi.RuleSet):
    assert_codes(
        rules,
        blocks={*JOB_BLOCKS, "bbl", "bol", "sw-company", "mvo"},
        bonuses={"age-55", "permanent-contract"},
        adjustments=set(),
    )


def test_blocks_take_their_values_from_the_hilversum_table(rules: sroi.RuleSet):
    def block(code: str, value: str, unit: str, route: str = "candidate") -> None:
        assert_block_value(rules, code, value, route=route, unit=unit, status=P, source=HILVERSUM)

    block("participatiewet-lt2", "30000", YEAR)
    block("participatiewet-gt2", "40000", YEAR)
    block("ww-lt1", "10000", YEAR)
    block("ww-gt1", "15000", YEAR)
    block("wia-wao", "30000", YEAR)
    block("wajong", "35000", YEAR)
    block("bbl", "10000", YEAR)
    block("bol", "5000", YEAR)
    block("sw-company", "1", "share_of_invoice", route="purchase")
    block("mvo", "100", "per_hour", route="project")


def test_job_block_durations_are_assumed_from_the_oost_model(rules: sroi.RuleSet):
    assert_cap_months(rules, "participatiewet-lt2", 24, status=A, source=OOST)
    assert_cap_months(rules, "participatiewet-gt2", 24, status=A, source=OOST)
    assert_cap_months(rules, "ww-lt1", 12, status=A, source=OOST)
    assert_cap_months(rules, "ww-gt1", 12, status=A, source=OOST)
    assert_cap_months(rules, "wia-wao", None, status=A, source=OOST)
    assert_cap_months(rules, "wajong", None, status=A, source=OOST)


def test_the_other_blocks_have_no_maximum_duration_of_their_own(rules: sroi.RuleSet):
    for code in ("bbl", "bol", "sw-company", "mvo"):
        assert_cap_months(rules, code, None, status=P)
    own = {code for code, block in rules.blocks.items() if block.duration_provenance}
    assert own == JOB_BLOCKS


def test_bbl_and_bol_count_for_their_agreed_period_and_say_per_year(rules: sroi.RuleSet):
    for code, agreed in (("bbl", "agreed trajectory"), ("bol", "agreed internship")):
        note = rules.block(code).provenance.note
        assert "'per jaar'" in note, code
        assert agreed in note, code


def test_bonuses(rules: sroi.RuleSet):
    bonus = assert_bonus_value
    bonus(rules, "age-55", "5000", kind="age", min_age=55, status=P, source=HILVERSUM)
    bonus(
        rules, "permanent-contract", "10000", kind="one_off", min_age=None, status=A, source=UTRECHT
    )


def test_bonuses_on_blocks(rules: sroi.RuleSet):
    for code, block in rules.blocks.items():
        if block.route is sroi.Route.CANDIDATE:
            assert "age-55" in block.bonuses, code
        offers_permanent = "permanent-contract" in block.bonuses
        assert offers_permanent == (code in JOB_BLOCKS), code


def test_general_parameters_carry_their_status(rules: sroi.RuleSet):
    assert_parameter_value(rules, "sr_percentage", "5", status=P)
    assert_parameter_value(rules, "full_time_hours", "36", status=A)
    assert_parameter_value(rules, "minimum_hours", None)
    assert_status(rules, "measurement_fractions", V)
    assert rules.measurement_fractions == tuple(Decimal(f) for f in ("0.25", "0.5", "0.75", "1"))
    assert "contractor manual" in rules.measurement_provenance.source


def test_no_value_of_the_table_is_verified(rules: sroi.RuleSet):
    verified = [key for key, p in rules.provenances() if p.status is sroi.Status.VERIFIED]
    assert verified == ["measurement_fractions"]


def test_the_listed_version_is_provisional_and_names_its_provider():
    info = next(region for region in sroi.regions() if region.code == REGION)
    assert sroi.Status.PROVISIONAL in info.versions[0].statuses
    assert any("sroi-noord-holland" in provider for provider in info.providers)


def test_valuing_with_the_provisional_table_warns_for_each_value_used(rules: sroi.RuleSet):
    placement = builders.placement("ww-lt1", born="1980-01-01", start=IN_FORCE, end="2024-12-31")
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
    placement = builders.placement(
        "ww-gt1",
        born="1966-05-01",
        start=IN_FORCE,
        end="2025-12-31",
        bonuses=[("permanent-contract", "2024-05-01")],
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
    contract = builders.contract(REGION, IN_FORCE, "2027-12-31", "3000000")
    with pytest.warns(sroi.ProvisionalRuleWarning, match="sr_percentage is provisional"):
        result = sroi.obligation(contract, rules)
    assert result.amount == Decimal("150000.00")
    assert result.percentage_provenance is not None
    assert result.percentage_provenance.status is sroi.Status.PROVISIONAL


def test_an_obligation_with_the_contracts_own_percentage_does_not_warn(rules: sroi.RuleSet):
    contract = builders.contract(REGION, IN_FORCE, "2025-12-31", "400000", sr_percentage="6")
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
