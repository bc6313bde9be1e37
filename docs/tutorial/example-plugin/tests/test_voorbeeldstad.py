"""The installed Voorbeeldstad plugin, through sroi's public API only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import sroi
from sroi.testing import RegionContract


class TestVoorbeeldstadIsSound(RegionContract):
    region = "voorbeeldstad"


def _contract(**changes: object) -> sroi.Contract:
    fields: dict[str, object] = {
        "number": "VBS-2024-001",
        "title": "Onderhoud openbare ruimte",
        "term": sroi.Period(dt.date(2024, 7, 1), dt.date(2026, 6, 30)),
        "contractor": sroi.Organisation("Groen en Grijs BV"),
        "value_excl_vat": Decimal(10_000_000),
        "award_date": dt.date(2024, 6, 15),
        "region": "voorbeeldstad",
    }
    return sroi.Contract(**{**fields, **changes})  # type: ignore[arg-type]


def test_the_region_is_installed_with_both_versions() -> None:
    info = next(info for info in sroi.regions() if info.code == "voorbeeldstad")
    assert [version.version for version in info.versions] == ["2023 (provisional)", "2024"]
    assert info.versions[0].valid_until == dt.date(2024, 6, 30)


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
    obligation = sroi.obligation_for(_contract(value_excl_vat=Decimal(1_000_000)))
    assert obligation.amount == Decimal("50000.00")
    assert obligation.adjustments == ()


def test_valuing_with_the_provisional_table_warns() -> None:
    rules = sroi.rules("voorbeeldstad", dt.date(2023, 6, 1))
    placement = sroi.Placement(
        sroi.Candidate("A.B.", "ww", dt.date(1980, 5, 1)),
        sroi.PlacementKind.JOB,
        "ww",
        sroi.Period(dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        Decimal(36),
    )
    with pytest.warns(sroi.ProvisionalRuleWarning):
        valuation = sroi.value_placement(placement, rules)
    assert valuation.amount == Decimal("10000.00")
    assert valuation.statuses == {sroi.Status.PROVISIONAL}
