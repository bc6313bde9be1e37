"""Each worked example of the calculation conventions, as a test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import sroi
from sroi.period import add_months

D = dt.date
VERIFIED = sroi.Provenance("test table", sroi.Status.VERIFIED)
FULL_TIME = sroi.Parameter(Decimal(36), VERIFIED)


def _rules(*blocks: sroi.BuildingBlock) -> sroi.RuleSet:
    return sroi.RuleSet.build("test", "1", D(2020, 1, 1), blocks=blocks, full_time_hours=FULL_TIME)


def _pw() -> sroi.BuildingBlock:
    return sroi.BuildingBlock(
        "pw",
        "Participatiewet",
        "Social assistance",
        sroi.Route.CANDIDATE,
        sroi.Unit.PER_YEAR_FULL_TIME,
        Decimal(30000),
        VERIFIED,
    )


def _full_time(first: dt.date, last: dt.date) -> sroi.Placement:
    return sroi.Placement(
        sroi.Candidate("J.P.", "participatiewet", D(1990, 5, 1)),
        sroi.PlacementKind.JOB,
        "pw",
        sroi.Period(first, last),
        Decimal(36),
    )


def test_annual_30000_from_15_january_to_14_february_2024_is_one_placement_month() -> None:
    valuation = sroi.value_placement(_full_time(D(2024, 1, 15), D(2024, 2, 14)), _rules(_pw()))
    assert valuation.amount == Decimal("2500.00")
    assert [(m.days_counted, m.days_in_month) for m in valuation.months] == [(31, 31)]


def test_annual_30000_from_15_january_to_20_march_2024_is_two_months_and_6_of_31_days() -> None:
    valuation = sroi.value_placement(_full_time(D(2024, 1, 15), D(2024, 3, 20)), _rules(_pw()))
    assert valuation.amount == Decimal("5483.87")
    last = valuation.months[-1]
    assert (last.first, last.last, last.days_counted, last.days_in_month) == (
        D(2024, 3, 15),
        D(2024, 4, 14),
        6,
        31,
    )


def test_placement_months_from_31_january_2024() -> None:
    valuation = sroi.value_placement(_full_time(D(2024, 1, 31), D(2024, 3, 30)), _rules(_pw()))
    first, second = valuation.months
    assert (first.first, first.last, first.days_in_month) == (D(2024, 1, 31), D(2024, 2, 28), 29)
    assert (second.first, second.last, second.days_in_month) == (D(2024, 2, 29), D(2024, 3, 30), 31)
    assert valuation.months_counted == 2
    assert valuation.amount == Decimal("5000.00")


def test_calendar_months_would_count_11_98_months_from_15_february_2023() -> None:
    # The conventions' counter-example: placement months count exactly 12.
    valuation = sroi.value_placement(_full_time(D(2023, 2, 15), D(2024, 2, 14)), _rules(_pw()))
    assert valuation.months_counted == 12
    assert valuation.amount == Decimal("30000.00")


def test_an_exact_half_cent_goes_up() -> None:
    assert sroi.round_cents(Fraction(8609375, 1000)) == Decimal("8609.38")


def test_cap_of_12_months_from_15_march_2024_ends_14_march_2025() -> None:
    assert sroi.Period.from_months(D(2024, 3, 15), 12) == sroi.Period(
        D(2024, 3, 15), D(2025, 3, 14)
    )


def test_month_end_start_clamps_31_january_plus_one_month_is_29_february() -> None:
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)


def test_measurement_moments_of_a_four_year_term() -> None:
    term = sroi.Period(D(2024, 1, 1), D(2027, 12, 31))
    assert term.days == 1461
    moments = sroi.measurement_moments(term)
    assert moments[0].date == D(2024, 12, 31)
    assert moments[-1].date == D(2027, 12, 31)


def test_a_contract_term_1_january_2025_to_31_december_2026_includes_both_days() -> None:
    term = sroi.Period.parse("2025-01-01..2026-12-31")
    assert D(2025, 1, 1) in term
    assert D(2026, 12, 31) in term
    assert term.days == 730


def test_the_four_default_measurement_moments_of_the_four_year_term() -> None:
    moments = sroi.measurement_moments(sroi.Period(D(2024, 1, 1), D(2027, 12, 31)))
    assert [m.fraction for m in moments] == [
        Decimal("0.25"),
        Decimal("0.5"),
        Decimal("0.75"),
        Decimal(1),
    ]
    assert [m.date for m in moments] == [
        D(2024, 12, 31),
        D(2025, 12, 31),
        D(2026, 12, 31),
        D(2027, 12, 31),
    ]


def test_twelve_consecutive_whole_months_give_exactly_the_annual_value() -> None:
    block = sroi.BuildingBlock(
        "pw",
        "Participatiewet",
        "Social assistance",
        sroi.Route.CANDIDATE,
        sroi.Unit.PER_YEAR_FULL_TIME,
        Decimal(30000),
        VERIFIED,
    )
    rules = _rules(block)
    for start in (D(2024, 1, 1), D(2024, 1, 15), D(2024, 1, 31), D(2023, 3, 1), D(2024, 12, 31)):
        placement = sroi.Placement(
            sroi.Candidate("J.P.", "participatiewet", D(1990, 5, 1)),
            sroi.PlacementKind.JOB,
            "pw",
            sroi.Period.from_months(start, 12),
            Decimal(36),
        )
        assert sroi.value_placement(placement, rules).amount == Decimal("30000.00"), start


def test_a_contract_is_valued_with_the_rule_version_in_force_on_its_award_date() -> None:
    block = sroi.BuildingBlock(
        "ww",
        "WW",
        "Unemployment benefit",
        sroi.Route.CANDIDATE,
        sroi.Unit.PER_YEAR_FULL_TIME,
        Decimal(10000),
        VERIFIED,
    )
    old = sroi.RuleSet.build(
        "test", "V04", D(2019, 5, 1), blocks=[block], valid_until=D(2023, 3, 31)
    )
    new = sroi.RuleSet.build("test", "V05", D(2023, 4, 1), blocks=[block])
    contractor = sroi.Organisation("Groen & Co")
    term = sroi.Period(D(2023, 6, 1), D(2025, 5, 31))

    def version(award: dt.date | None) -> str:
        contract = sroi.Contract("1", "Groen", term, contractor, award_date=award)
        day = sroi.reference_date(contract)
        (rules,) = [r for r in (old, new) if r.in_force(day)]
        return rules.version

    assert version(D(2023, 3, 31)) == "V04"  # the day before the new version
    assert version(D(2023, 4, 1)) == "V05"  # the day the new version starts
    assert version(None) == "V05"  # no award date: the first day of the term


def test_a_line_item_is_rounded_to_cents_half_up() -> None:
    assert sroi.round_cents(Decimal("2577.864293")) == Decimal("2577.86")
    assert sroi.round_cents(Decimal("0.125")) == Decimal("0.13")
