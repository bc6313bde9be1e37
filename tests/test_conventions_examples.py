"""Each worked example of the calculation conventions, as a test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sroi
from sroi.period import add_months

D = dt.date
VERIFIED = sroi.Provenance("test table", sroi.Status.VERIFIED)
FULL_TIME = sroi.Parameter(Decimal(36), VERIFIED)


def _rules(*blocks: sroi.BuildingBlock) -> sroi.RuleSet:
    return sroi.RuleSet.build("test", "1", D(2020, 1, 1), blocks=blocks, full_time_hours=FULL_TIME)


def test_annual_30000_from_15_january_to_14_february_2024_is_2577_86() -> None:
    block = sroi.BuildingBlock(
        "pw",
        "Participatiewet",
        "Social assistance",
        sroi.Route.CANDIDATE,
        sroi.Unit.PER_YEAR_FULL_TIME,
        Decimal(30000),
        VERIFIED,
    )
    placement = sroi.Placement(
        sroi.Candidate("J.P.", "participatiewet", D(1990, 5, 1)),
        sroi.PlacementKind.JOB,
        "pw",
        sroi.Period(D(2024, 1, 15), D(2024, 2, 14)),
        Decimal(36),
    )
    valuation = sroi.value_placement(placement, _rules(block))
    assert valuation.amount == Decimal("2577.86")
    assert [(m.days_counted, m.days_in_month) for m in valuation.months] == [(17, 31), (14, 29)]


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
