"""The installed Voorbeeldstad plugin, through sroi's public API only.

The values are written as Voorbeeldstad's own table states them (page 2 of the 2024 table), not
copied from the rule file: the test and the rule file are two independent readings of the table.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import sroi
from sroi.testing import RegionFacts, builders
from sroi.testing.assertions import (
    assert_adjustment_value,
    assert_block_value,
    assert_bonus_value,
    assert_parameter_value,
)


class TestVoorbeeldstadIsSound(RegionFacts):
    region = "voorbeeldstad"
    module = "sroi_voorbeeldstad"
    name = "Voorbeeldstad"
    aliases = ("vbs",)
    versions = (
        ("2023 (provisional)", dt.date(2023, 1, 1), dt.date(2024, 6, 30)),
        ("2024", dt.date(2024, 7, 1), None),
    )


def test_the_2024_table() -> None:
    rules = sroi.rules("voorbeeldstad", dt.date(2024, 7, 1))
    assert_block_value(rules, "participatiewet", "32000", max_months=24, status="verified")
    assert_block_value(rules, "ww", "12000", max_months=12, status="verified")
    assert_block_value(rules, "sw-company", "1", unit="share_of_invoice", status="verified")
    assert_bonus_value(rules, "permanent-contract", "5000", kind="one_off", status="verified")
    assert_adjustment_value(rules, "pso", "0.25", kind="discount", status="verified")
    assert_parameter_value(rules, "sr_percentage", "5", status="verified")


def _contract(value_excl_vat: str = "10000000") -> sroi.Contract:
    return builders.contract(
        "voorbeeldstad", "2024-07-01", "2026-06-30", value_excl_vat, award_date="2024-06-15"
    )


def test_the_day_before_the_2024_table_still_uses_the_provisional_one() -> None:
    assert sroi.rules("vbs", dt.date(2024, 6, 30)).version == "2023 (provisional)"
    assert sroi.rules("vbs", dt.date(2024, 7, 1)).version == "2024"


def test_the_version_is_picked_by_the_first_day_of_the_term_not_the_award_date() -> None:
    # awarded under the provisional table, but the term starts under the 2024 table
    assert sroi.rules_for(_contract()).version == "2024"


def test_an_obligation_above_the_cap_is_capped_and_says_why() -> None:
    obligation = sroi.obligation_for(_contract())
    assert obligation.before_adjustments == Decimal(500_000)
    assert obligation.amount == Decimal("250000.00")
    assert obligation.adjustments[-1].code == "cap"


def test_a_small_obligation_is_not_capped() -> None:
    obligation = sroi.obligation_for(_contract("1000000"))
    assert obligation.amount == Decimal("50000.00")
    assert obligation.adjustments == ()


def test_valuing_with_the_provisional_table_warns() -> None:
    rules = sroi.rules("voorbeeldstad", dt.date(2023, 6, 1))
    placement = builders.placement("ww", born="1980-05-01", start="2023-01-01", end="2023-12-31")
    with pytest.warns(sroi.ProvisionalRuleWarning):
        valuation = sroi.value_placement(placement, rules)
    assert valuation.amount == Decimal("10000.00")
    assert valuation.statuses == {sroi.Status.PROVISIONAL}
