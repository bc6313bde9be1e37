"""The valuation engine, rule by rule of the calculation conventions.

Expected amounts are worked out by hand (or with exact fractions, independently of the engine's
decimal arithmetic) and rounded to cents half up, as a line item is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import warnings
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest

import sroi
from sroi import (
    AdjustmentKind,
    Bonus,
    BonusGrant,
    BonusKind,
    BuildingBlock,
    Candidate,
    Contract,
    InvalidValueError,
    ObligationAdjustment,
    Organisation,
    Parameter,
    Period,
    Placement,
    PlacementKind,
    Provenance,
    ProvisionalRuleWarning,
    Route,
    RuleSet,
    SocialPurchase,
    SrProject,
    Status,
    Unit,
    UnknownBlockError,
    measurement_moments,
    obligation,
    reference_date,
    value_item,
    value_placement,
    value_project,
    value_purchase,
)
from sroi.money import round_cents

D = dt.date
VERIFIED = Provenance("test table", Status.VERIFIED)
UNVERIFIED = Provenance("secondary copy", Status.UNVERIFIED)
ASSUMED = Provenance("our default", Status.ASSUMED)
PROVISIONAL = Provenance("stand-in table", Status.PROVISIONAL)
FULL_TIME = Parameter(Decimal(36), VERIFIED)
SUPPLIER = Organisation("SW-bedrijf Presikhaaf", kvk="09012345")


def _euros(amount: Fraction) -> Decimal:
    """An exact fraction of euros rounded to cents half up: the oracle for expected amounts."""
    exact = decimal.Context(prec=80).divide(Decimal(amount.numerator), Decimal(amount.denominator))
    return exact.quantize(Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)


def _block(code: str, unit: Unit, value: str, **changes: Any) -> BuildingBlock:
    route = {Unit.SHARE_OF_INVOICE: Route.PURCHASE, Unit.PER_HOUR: Route.PROJECT}.get(
        unit, Route.CANDIDATE
    )
    fields: dict[str, Any] = {"provenance": VERIFIED}
    fields.update(changes)
    return BuildingBlock(code, code, code, route, unit, Decimal(value), **fields)


def _bonus(code: str, kind: BonusKind, value: str, **changes: Any) -> Bonus:
    fields: dict[str, Any] = {"provenance": VERIFIED}
    fields.update(changes)
    return Bonus(code, code, code, kind, Decimal(value), **fields)


def _adjustment(
    code: str, kind: AdjustmentKind, value: str, **changes: Any
) -> ObligationAdjustment:
    fields: dict[str, Any] = {"provenance": VERIFIED}
    fields.update(changes)
    return ObligationAdjustment(code, code, code, kind, Decimal(value), **fields)


SIZED_BONUSES = ("age-50", "special", "permanent-contract")


def _rules(**changes: Any) -> RuleSet:
    """A verified test region shaped like the Oost table (values chosen for easy arithmetic)."""
    fields: dict[str, Any] = {
        "blocks": [
            _block(
                "pw-lt2", Unit.PER_YEAR_FULL_TIME, "30000", max_months=24, bonuses=SIZED_BONUSES
            ),
            _block("ww-lt1", Unit.PER_YEAR_FULL_TIME, "10000", max_months=12),
            _block("doelgroep", Unit.PER_YEAR_FULL_TIME, "40000"),
            _block("trial", Unit.PER_YEAR_FULL_TIME, "12000", max_months=1),
            _block("wep", Unit.PER_MONTH, "750", bonuses=SIZED_BONUSES),
            _block("bol", Unit.PER_PERIOD, "7500", bonuses=("permanent-contract",)),
            _block("bol-capped", Unit.PER_PERIOD, "6000", max_months=6),
            _block("vso-job", Unit.ONE_OFF, "25000", bonuses=("permanent-contract",)),
            _block("sw", Unit.SHARE_OF_INVOICE, "1"),
            _block("pso-3", Unit.SHARE_OF_INVOICE, "0.30"),
            _block("mvo", Unit.PER_HOUR, "100"),
        ],
        "bonuses": [
            _bonus("age-50", BonusKind.AGE, "5000", min_age=50),
            _bonus("special", BonusKind.ANNUAL, "5000"),
            _bonus("permanent-contract", BonusKind.ONE_OFF, "10000"),
        ],
        "adjustments": [
            _adjustment("pso-1", AdjustmentKind.DISCOUNT, "0.10"),
            _adjustment("pso-2", AdjustmentKind.DISCOUNT, "0.25"),
            _adjustment("pso-30", AdjustmentKind.EXEMPTION, "1"),
        ],
        "full_time_hours": FULL_TIME,
        "sr_percentage": Parameter(Decimal(5), VERIFIED),
    }
    fields.update(changes)
    return RuleSet.build("oost", "V05", D(2019, 5, 1), **fields)


RULES = _rules()
YOUNG = Candidate("J.P.", "participatiewet", D(1990, 5, 1))
BORN_1_MARCH_1974 = Candidate("A.", "participatiewet", D(1974, 3, 1))


def _placement(
    block: str,
    first: dt.date,
    last: dt.date,
    hours: str = "36",
    *,
    candidate: Candidate = YOUNG,
    **changes: Any,
) -> Placement:
    return Placement(
        candidate, PlacementKind.JOB, block, Period(first, last), Decimal(hours), **changes
    )


# Monthly proration of annual values ---------------------------------------------------------


def test_a_whole_calendar_year_counts_the_annual_value() -> None:
    valuation = value_placement(_placement("doelgroep", D(2024, 1, 1), D(2024, 12, 31)), RULES)
    assert valuation.amount == Decimal("40000.00")
    assert valuation.months_counted == 12
    assert len(valuation.months) == 12


def test_a_whole_month_counts_one_twelfth_whatever_its_length() -> None:
    february = value_placement(_placement("pw-lt2", D(2024, 2, 1), D(2024, 2, 29)), RULES)
    march = value_placement(_placement("pw-lt2", D(2024, 3, 1), D(2024, 3, 31)), RULES)
    assert february.amount == march.amount == Decimal("2500.00")


def test_one_day_counts_its_share_of_its_own_month() -> None:
    valuation = value_placement(_placement("pw-lt2", D(2024, 2, 10), D(2024, 2, 10)), RULES)
    assert valuation.amount == _euros(Fraction(2500, 29)) == Decimal("86.21")
    assert valuation.days_counted == 1


def test_the_conventions_example_counts_one_placement_month() -> None:
    valuation = value_placement(_placement("pw-lt2", D(2024, 1, 15), D(2024, 2, 14)), RULES)
    assert valuation.amount == Decimal("2500.00")
    assert valuation.months_counted == 1
    assert [str(month) for month in valuation.months] == ["m1 2024-01-15 1"]


def test_two_placement_months_and_six_days_of_the_third() -> None:
    valuation = value_placement(_placement("pw-lt2", D(2024, 1, 15), D(2024, 3, 20)), RULES)
    assert valuation.months_counted == 2 + Fraction(6, 31)
    assert valuation.amount == _euros(2500 * (2 + Fraction(6, 31))) == Decimal("5483.87")
    assert [str(month) for month in valuation.months] == [
        "m1 2024-01-15 1",
        "m2 2024-02-15 1",
        "m3 2024-03-15 6/31",
    ]


def test_twelve_months_from_the_middle_of_a_month_give_the_annual_value() -> None:
    valuation = value_placement(_placement("doelgroep", D(2024, 1, 15), D(2025, 1, 14)), RULES)
    assert valuation.amount == Decimal("40000.00")


def test_twelve_months_from_mid_february_across_a_leap_day_are_exactly_a_year() -> None:
    # Calendar months would count 11 + 14/28 + 14/29 months here (the two Februaries differ);
    # placement months count exactly 12.
    valuation = value_placement(_placement("doelgroep", D(2023, 2, 15), D(2024, 2, 14)), RULES)
    assert valuation.months_counted == 12
    assert valuation.amount == Decimal("40000.00")


def test_a_month_end_start_counts_placement_months_that_clamp() -> None:
    # Start 2024-01-31: month 1 is 2024-01-31 .. 2024-02-28 (29 days), month 2 is
    # 2024-02-29 .. 2024-03-30 (31 days), as the conventions' example says.
    valuation = value_placement(_placement("doelgroep", D(2024, 1, 31), D(2024, 3, 10)), RULES)
    first, second = valuation.months
    assert (first.first, first.last, first.days_in_month) == (D(2024, 1, 31), D(2024, 2, 28), 29)
    assert (second.first, second.last, second.days_in_month) == (D(2024, 2, 29), D(2024, 3, 30), 31)
    assert valuation.months_counted == 1 + Fraction(11, 31)


def test_a_half_cent_tie_goes_up() -> None:
    # € 750 per month, 2023-07-01 .. 2025-02-19 at 21 of 36 hours: exactly € 8.609,375.
    valuation = value_placement(
        _placement("wep", D(2023, 7, 1), D(2025, 2, 19), "21"),
        _rules(blocks=[_block("wep", Unit.PER_MONTH, "750")], bonuses=[]),
    )
    assert valuation.exact == Fraction(8609375, 1000)
    assert valuation.amount == Decimal("8609.38")


# Size factor -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "factor", "amount"),
    [
        ("36", "1", "30000.00"),
        ("27", "0.75", "22500.00"),
        ("18", "0.5", "15000.00"),
        ("40", "1", "30000.00"),
        ("168", "1", "30000.00"),
        ("0", "0", "0.00"),
    ],
)
def test_size_is_hours_over_full_time_hours_at_most_one(
    hours: str, factor: str, amount: str
) -> None:
    placement = _placement("pw-lt2", D(2024, 1, 1), D(2024, 12, 31), hours)
    valuation = value_placement(placement, RULES)
    assert valuation.size_factor == Decimal(factor)
    assert valuation.amount == Decimal(amount)
    assert valuation.hours_per_week == Decimal(hours)
    assert valuation.full_time_hours == 36


def test_a_region_with_38_full_time_hours_gives_a_smaller_factor() -> None:
    rules = _rules(full_time_hours=Parameter(Decimal(38), VERIFIED))
    placement = _placement("doelgroep", D(2024, 1, 1), D(2024, 12, 31), "19")
    assert value_placement(placement, rules).amount == Decimal("20000.00")


def test_below_the_minimum_hours_a_placement_counts_nothing_and_says_why() -> None:
    rules = _rules(minimum_hours=Parameter(Decimal(12), VERIFIED))
    placement = _placement("doelgroep", D(2024, 1, 1), D(2024, 12, 31), "8")
    valuation = value_placement(placement, rules)
    assert valuation.amount == Decimal("0.00")
    assert valuation.size_factor == 0
    assert valuation.note == "below the minimum of 12 hours per week"
    assert valuation.months_counted == 12


@pytest.mark.parametrize("block", ["bol", "vso-job"])
def test_below_the_minimum_hours_a_per_period_or_one_off_placement_counts_nothing(
    block: str,
) -> None:
    rules = _rules(minimum_hours=Parameter(Decimal(12), VERIFIED))
    grant = BonusGrant("permanent-contract", D(2024, 9, 2))
    placement = _placement(block, D(2024, 9, 1), D(2025, 6, 30), "8", bonuses=(grant,))
    valuation = value_placement(placement, rules)
    assert valuation.amount == Decimal("0.00")
    assert [bonus.amount for bonus in valuation.bonuses] == [0]
    assert valuation.note == "below the minimum of 12 hours per week"
    at_minimum = value_placement(attrs.evolve(placement, hours_per_week=Decimal(12)), rules)
    assert at_minimum.amount > 10000


def test_at_the_minimum_hours_a_placement_counts_pro_rata() -> None:
    rules = _rules(minimum_hours=Parameter(Decimal(12), VERIFIED))
    placement = _placement("doelgroep", D(2024, 1, 1), D(2024, 12, 31), "12")
    valuation = value_placement(placement, rules)
    assert valuation.amount == _euros(Fraction(40000) * Fraction(12, 36)) == Decimal("13333.33")
    assert valuation.note == ""


# Per-month, per-period and one-off blocks --------------------------------------------------------


def test_a_monthly_block_counts_its_value_per_calendar_month() -> None:
    valuation = value_placement(_placement("wep", D(2024, 3, 1), D(2024, 5, 31)), RULES)
    assert valuation.amount == Decimal("2250.00")
    assert valuation.unit is Unit.PER_MONTH


def test_a_monthly_block_follows_the_size_factor() -> None:
    valuation = value_placement(_placement("wep", D(2024, 3, 1), D(2024, 5, 31), "18"), RULES)
    assert valuation.amount == Decimal("1125.00")


def test_a_monthly_block_prorates_part_months_by_days() -> None:
    valuation = value_placement(_placement("wep", D(2024, 3, 16), D(2024, 5, 1)), RULES)
    # one placement month (2024-03-16 .. 2024-04-15) and 16 of the 30 days of the next
    assert valuation.amount == _euros(750 * (1 + Fraction(16, 30)))
    assert valuation.amount == Decimal("1150.00")


AGREED = (D(2024, 9, 1), D(2025, 6, 30))  # 303 days


def test_a_per_period_block_counts_its_value_once_for_the_agreed_period() -> None:
    valuation = value_placement(_placement("bol", *AGREED), RULES)
    assert valuation.amount == Decimal("7500.00")
    assert valuation.days_counted == 303


def test_a_per_period_block_has_no_size_factor() -> None:
    valuation = value_placement(_placement("bol", *AGREED, "8"), RULES)
    assert valuation.amount == Decimal("7500.00")
    assert valuation.size_factor == 1


def test_a_per_period_block_is_spread_evenly_over_the_agreed_days() -> None:
    autumn = Period(D(2024, 9, 1), D(2024, 12, 31))
    valuation = value_placement(_placement("bol", *AGREED), RULES, autumn)
    assert valuation.amount == _euros(Fraction(7500 * 122, 303)) == Decimal("3019.80")
    assert valuation.counted == autumn


def test_a_per_period_block_spreads_over_the_agreed_period_within_its_cap() -> None:
    placement = _placement("bol-capped", *AGREED)
    whole = value_placement(placement, RULES)
    cap = Period(D(2024, 9, 1), D(2025, 2, 28))  # six months, 181 days
    assert whole.cap_window == cap
    assert whole.counted == cap
    assert whole.amount == Decimal("6000.00")
    first_quarter = value_placement(placement, RULES, Period(D(2024, 9, 1), D(2024, 11, 30)))
    assert first_quarter.amount == _euros(Fraction(6000 * 91, 181)) == Decimal("3016.57")
    after_cap = value_placement(placement, RULES, Period(D(2025, 3, 1), D(2025, 6, 30)))
    assert after_cap.amount == Decimal("0.00")
    assert after_cap.counted is None


def test_an_early_exit_from_a_per_period_block_keeps_the_agreed_days_as_divisor() -> None:
    placement = _placement("bol", *AGREED, exit_date=D(2024, 12, 31))
    assert value_placement(placement, RULES).amount == Decimal("3019.80")


def test_a_one_off_block_counts_in_full_on_the_first_day() -> None:
    placement = _placement("vso-job", D(2024, 8, 15), D(2025, 8, 14), "4")
    valuation = value_placement(placement, RULES)
    assert valuation.amount == Decimal("25000.00")
    assert valuation.counted == Period.day(D(2024, 8, 15))
    assert valuation.days_counted == 1
    assert valuation.size_factor == 1


def test_a_one_off_block_counts_nothing_in_a_window_without_the_first_day() -> None:
    placement = _placement("vso-job", D(2024, 8, 15), D(2025, 8, 14))
    later = value_placement(placement, RULES, Period(D(2024, 8, 16), D(2025, 8, 14)))
    assert later.amount == Decimal("0.00")
    assert later.counted is None
    on_the_day = value_placement(placement, RULES, Period(D(2024, 8, 1), D(2024, 8, 15)))
    assert on_the_day.amount == Decimal("25000.00")


# Maximum duration (cap windows) ------------------------------------------------------------------


def test_a_ww_candidate_extended_past_the_one_year_cap_counts_one_year() -> None:
    placement = _placement("ww-lt1", D(2024, 3, 15), D(2025, 3, 14))
    extended = attrs.evolve(placement, period=Period(D(2024, 3, 15), D(2025, 12, 31)))
    before = value_placement(placement, RULES)
    after = value_placement(extended, RULES)
    assert before.amount == after.amount == Decimal("10000.00")
    assert after.cap_window == before.cap_window == Period(D(2024, 3, 15), D(2025, 3, 14))
    assert after.counted == Period(D(2024, 3, 15), D(2025, 3, 14))


def test_extending_a_placement_never_extends_its_cap_window() -> None:
    short = _placement("ww-lt1", D(2024, 3, 15), D(2024, 12, 31))
    extended = attrs.evolve(short, period=Period(D(2024, 3, 15), D(2026, 12, 31)))
    assert value_placement(short, RULES).cap_window == value_placement(extended, RULES).cap_window


def test_value_counts_only_inside_the_placement_when_it_ends_before_the_cap() -> None:
    placement = _placement("ww-lt1", D(2024, 3, 15), D(2024, 9, 14))
    valuation = value_placement(placement, RULES)
    assert valuation.counted == placement.period
    assert valuation.cap_window == Period(D(2024, 3, 15), D(2025, 3, 14))
    assert valuation.months_counted == 6
    assert valuation.amount == Decimal("5000.00")


def test_nothing_counts_after_the_cap_window() -> None:
    placement = _placement("ww-lt1", D(2024, 3, 15), D(2025, 12, 31))
    valuation = value_placement(placement, RULES, Period(D(2025, 3, 15), D(2025, 12, 31)))
    assert valuation.amount == Decimal("0.00")
    assert valuation.counted is None
    assert valuation.months == ()
    assert valuation.days_counted == 0


def test_the_last_day_of_the_cap_window_still_counts() -> None:
    placement = _placement("ww-lt1", D(2024, 3, 15), D(2025, 12, 31))
    valuation = value_placement(placement, RULES, Period(D(2025, 3, 14), D(2025, 3, 15)))
    assert valuation.counted == Period.day(D(2025, 3, 14))
    # the twelfth placement month is 2025-02-15 .. 2025-03-14: 28 days
    assert valuation.amount == _euros(Fraction(10000, 12 * 28))


def test_a_cap_from_a_month_end_start_clamps_to_the_end_of_february() -> None:
    placement = _placement("trial", D(2024, 1, 31), D(2024, 6, 30))
    valuation = value_placement(placement, RULES)
    assert valuation.cap_window == Period(D(2024, 1, 31), D(2024, 2, 28))
    assert valuation.months_counted == 1  # a cap of one month counts exactly one month
    assert valuation.amount == Decimal("1000.00")


def test_an_uncapped_block_has_no_cap_window() -> None:
    valuation = value_placement(_placement("doelgroep", D(2024, 1, 1), D(2030, 12, 31)), RULES)
    assert valuation.cap_window is None
    assert valuation.cap_provenance is None
    assert valuation.amount == Decimal(40000 * 7)


# Early exit -------------------------------------------------------------------------------------


def test_an_early_exit_at_the_end_of_june_counts_half_a_year() -> None:
    placement = _placement("doelgroep", D(2024, 1, 1), D(2024, 12, 31), exit_date=D(2024, 6, 30))
    assert value_placement(placement, RULES).amount == Decimal("20000.00")


def test_nothing_after_the_exit_day_counts() -> None:
    placement = _placement("doelgroep", D(2024, 1, 1), D(2024, 12, 31), exit_date=D(2024, 6, 30))
    after = value_placement(placement, RULES, Period(D(2024, 7, 1), D(2024, 12, 31)))
    assert after.amount == Decimal("0.00")
    assert after.counted is None


def test_an_exit_mid_month_counts_the_days_up_to_and_including_the_exit_day() -> None:
    placement = _placement("doelgroep", D(2024, 1, 1), D(2024, 12, 31), exit_date=D(2024, 4, 15))
    valuation = value_placement(placement, RULES)
    assert valuation.counted == Period(D(2024, 1, 1), D(2024, 4, 15))
    assert valuation.amount == _euros(Fraction(40000, 12) * Fraction(7, 2)) == Decimal("11666.67")


def test_a_correction_values_the_placement_as_if_it_had_been_entered_right() -> None:
    entered = _placement("pw-lt2", D(2024, 1, 1), D(2024, 12, 31), "18")
    corrected = attrs.evolve(
        entered, hours_per_week=Decimal(36), period=Period(D(2024, 2, 1), D(2024, 12, 31))
    )
    right = _placement("pw-lt2", D(2024, 2, 1), D(2024, 12, 31), "36")
    assert value_placement(corrected, RULES) == value_placement(right, RULES)
    assert value_placement(corrected, RULES).amount == Decimal("27500.00")


def test_a_window_wider_than_the_placement_counts_the_whole_placement() -> None:
    placement = _placement("wep", D(2024, 3, 16), D(2024, 4, 15))
    wide = value_placement(placement, RULES, Period(D(2020, 1, 1), D(2030, 12, 31)))
    assert wide.amount == value_placement(placement, RULES).amount
    assert wide.counted == placement.period
    assert wide.window == Period(D(2020, 1, 1), D(2030, 12, 31))


# Bonuses ----------------------------------------------------------------------------------------


def test_no_age_bonus_for_a_candidate_who_turns_50_the_day_after_the_first_day() -> None:
    placement = _placement("pw-lt2", D(2024, 2, 29), D(2025, 2, 28), candidate=BORN_1_MARCH_1974)
    assert value_placement(placement, RULES).bonuses == ()


def test_an_age_bonus_for_a_candidate_who_is_50_on_the_first_day() -> None:
    placement = _placement("pw-lt2", D(2024, 3, 1), D(2025, 2, 28), candidate=BORN_1_MARCH_1974)
    valuation = value_placement(placement, RULES)
    assert [bonus.code for bonus in valuation.bonuses] == ["age-50"]
    assert valuation.bonuses[0].amount == 5000
    assert valuation.amount == Decimal("35000.00")


def test_the_age_bonus_follows_the_blocks_duration_and_size() -> None:
    placement = _placement(
        "pw-lt2", D(2024, 3, 1), D(2027, 12, 31), "18", candidate=BORN_1_MARCH_1974
    )
    valuation = value_placement(placement, RULES)
    (bonus,) = valuation.bonuses
    assert bonus.counted == Period(D(2024, 3, 1), D(2026, 2, 28))
    assert bonus.months == 24
    assert bonus.amount == 5000  # 5,000 a year × 2 years × half time
    assert valuation.base == 30000
    assert valuation.amount == Decimal("35000.00")


def test_the_age_is_taken_on_the_first_day_not_later() -> None:
    # 49 on the first day: no bonus, even though the candidate turns 50 during the placement.
    placement = _placement("pw-lt2", D(2023, 6, 1), D(2025, 5, 31), candidate=BORN_1_MARCH_1974)
    assert value_placement(placement, RULES).bonuses == ()


def test_an_annual_bonus_counts_from_its_grant_date() -> None:
    grant = BonusGrant("special", D(2024, 7, 1))
    placement = _placement("pw-lt2", D(2024, 1, 1), D(2024, 12, 31), bonuses=(grant,))
    valuation = value_placement(placement, RULES)
    (bonus,) = valuation.bonuses
    assert bonus.kind is BonusKind.ANNUAL
    assert bonus.counted == Period(D(2024, 7, 1), D(2024, 12, 31))
    assert bonus.months == 6
    assert valuation.amount == Decimal("32500.00")


def test_an_annual_bonus_granted_mid_month_counts_the_rest_of_that_month() -> None:
    grant = BonusGrant("special", D(2024, 7, 16))
    placement = _placement("pw-lt2", D(2024, 1, 1), D(2024, 12, 31), "18", bonuses=(grant,))
    (bonus,) = value_placement(placement, RULES).bonuses
    expected = Fraction(5000, 12) * (5 + Fraction(16, 31)) / 2
    assert _euros(Fraction(bonus.amount)) == _euros(expected)


def test_an_annual_bonus_counts_nothing_before_its_grant_date() -> None:
    grant = BonusGrant("special", D(2024, 7, 1))
    placement = _placement("pw-lt2", D(2024, 1, 1), D(2024, 12, 31), bonuses=(grant,))
    valuation = value_placement(placement, RULES, Period(D(2024, 1, 1), D(2024, 6, 30)))
    assert valuation.bonuses[0].amount == 0
    assert valuation.bonuses[0].counted is None
    assert valuation.amount == Decimal("15000.00")


def test_an_annual_bonus_granted_after_the_cap_window_adds_nothing() -> None:
    grant = BonusGrant("special", D(2026, 3, 1))
    placement = _placement("pw-lt2", D(2024, 1, 1), D(2026, 12, 31), bonuses=(grant,))
    valuation = value_placement(placement, RULES)
    assert valuation.bonuses[0].amount == 0
    assert valuation.amount == Decimal("60000.00")


def test_a_one_off_bonus_counts_in_full_on_its_grant_day() -> None:
    grant = BonusGrant("permanent-contract", D(2024, 6, 1))
    placement = _placement("pw-lt2", D(2024, 1, 1), D(2024, 12, 31), "18", bonuses=(grant,))
    whole = value_placement(placement, RULES)
    assert whole.amount == Decimal("25000.00")  # 15,000 half time + 10,000 in full
    on_the_day = value_placement(placement, RULES, Period.day(D(2024, 6, 1)))
    assert on_the_day.bonuses[0].amount == 10000
    assert on_the_day.bonuses[0].counted == Period.day(D(2024, 6, 1))
    assert on_the_day.amount == _euros(Fraction(1250, 30) + 10000) == Decimal("10041.67")


def test_a_one_off_bonus_counts_only_in_a_window_with_its_grant_day() -> None:
    grant = BonusGrant("permanent-contract", D(2024, 6, 1))
    placement = _placement("pw-lt2", D(2024, 1, 1), D(2024, 12, 31), bonuses=(grant,))
    before = value_placement(placement, RULES, Period(D(2024, 1, 1), D(2024, 5, 31)))
    assert before.bonuses[0].amount == 0
    assert before.bonuses[0].counted is None
    assert before.amount == Decimal("12500.00")


def test_a_one_off_bonus_on_a_per_period_block() -> None:
    grant = BonusGrant("permanent-contract", D(2025, 6, 30))
    placement = _placement("bol", *AGREED, bonuses=(grant,))
    assert value_placement(placement, RULES).amount == Decimal("17500.00")


def test_an_annual_bonus_on_a_per_period_block_is_refused() -> None:
    placement = _placement("bol", *AGREED, bonuses=(BonusGrant("special", D(2024, 10, 1)),))
    with pytest.raises(InvalidValueError) as caught:
        value_placement(placement, RULES)
    assert caught.value.field == "bonuses"
    assert caught.value.value == "special"


def test_a_bonus_the_block_does_not_allow_is_refused() -> None:
    grant = BonusGrant("permanent-contract", D(2024, 6, 1))
    placement = _placement("ww-lt1", D(2024, 1, 1), D(2024, 12, 31), bonuses=(grant,))
    with pytest.raises(InvalidValueError) as caught:
        value_placement(placement, RULES)
    assert caught.value.field == "bonuses"
    assert caught.value.value == "permanent-contract"
    assert caught.value.expected == "a bonus that block 'ww-lt1' allows: (none)"


def test_an_age_bonus_cannot_be_granted_by_hand() -> None:
    grant = BonusGrant("age-50", D(2024, 3, 1))
    placement = _placement("pw-lt2", D(2024, 1, 1), D(2024, 12, 31), bonuses=(grant,))
    with pytest.raises(InvalidValueError) as caught:
        value_placement(placement, RULES)
    assert caught.value.value == "age-50"
    assert "by themselves" in caught.value.hint


def test_granting_an_unknown_bonus_names_the_known_bonuses() -> None:
    grant = BonusGrant("loyalty", D(2024, 3, 1))
    placement = _placement("pw-lt2", D(2024, 1, 1), D(2024, 12, 31), bonuses=(grant,))
    with pytest.raises(UnknownBlockError) as caught:
        value_placement(placement, RULES)
    assert caught.value.kind == "bonus"
    assert caught.value.known == ("age-50", "permanent-contract", "special")


# Blocks and routes ------------------------------------------------------------------------------


def test_an_unknown_block_is_an_unknown_block_error_with_a_suggestion() -> None:
    with pytest.raises(UnknownBlockError) as caught:
        value_placement(_placement("pw-lt3", D(2024, 1, 1), D(2024, 12, 31)), RULES)
    assert caught.value.code == "pw-lt3"
    assert "pw-lt2" in caught.value.known
    assert caught.value.region == "oost"
    assert "did you mean 'pw-lt2'?" in str(caught.value)


def test_a_placement_on_a_purchase_block_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        value_placement(_placement("sw", D(2024, 1, 1), D(2024, 12, 31)), RULES)
    assert caught.value.field == "block"
    assert caught.value.value == "sw"
    assert "purchase" in caught.value.expected


def test_a_purchase_in_a_candidate_category_is_refused() -> None:
    purchase = SocialPurchase(SUPPLIER, "pw-lt2", D(2024, 5, 10), Decimal(100))
    with pytest.raises(InvalidValueError) as caught:
        value_purchase(purchase, RULES)
    assert caught.value.field == "category"


def test_a_project_on_a_purchase_block_is_refused() -> None:
    project = SrProject.on(D(2024, 5, 1), "Gastles", "sw", hours=Decimal(4))
    with pytest.raises(InvalidValueError) as caught:
        value_project(project, RULES)
    assert caught.value.field == "block"


# Purchases and projects --------------------------------------------------------------------------


def test_a_purchase_counts_amount_times_share_on_the_invoice_date() -> None:
    purchase = SocialPurchase(SUPPLIER, "pso-3", D(2024, 5, 10), Decimal("12345.67"))
    valuation = value_purchase(purchase, RULES)
    assert valuation.amount == Decimal("3703.70")
    assert valuation.exact == Decimal("3703.7010")
    assert valuation.counted == Period.day(D(2024, 5, 10))
    assert valuation.days_counted == 1
    assert valuation.quantity == Decimal("12345.67")
    assert valuation.rule_value == Decimal("0.30")
    assert valuation.route is Route.PURCHASE


def test_a_purchase_from_a_sheltered_company_counts_in_full() -> None:
    purchase = SocialPurchase(SUPPLIER, "sw", D(2024, 5, 10), Decimal("12345.67"))
    assert value_purchase(purchase, RULES).amount == Decimal("12345.67")


def test_a_purchase_rounds_its_line_half_up() -> None:
    purchase = SocialPurchase(SUPPLIER, "pso-3", D(2024, 5, 10), Decimal("0.05"))
    assert value_purchase(purchase, RULES).amount == Decimal("0.02")  # 0.015


def test_a_purchase_outside_the_window_counts_nothing() -> None:
    purchase = SocialPurchase(SUPPLIER, "pso-3", D(2024, 5, 10), Decimal("12345.67"))
    valuation = value_purchase(purchase, RULES, Period(D(2024, 5, 11), D(2024, 12, 31)))
    assert valuation.amount == Decimal("0.00")
    assert valuation.counted is None
    assert valuation.days_counted == 0
    inside = value_purchase(purchase, RULES, Period(D(2024, 1, 1), D(2024, 5, 10)))
    assert inside.amount == Decimal("3703.70")


def test_a_project_counts_hours_times_the_hourly_rate_on_its_day() -> None:
    project = SrProject.on(D(2024, 5, 1), "Gastles op het ROC", "mvo", hours=Decimal("4.5"))
    valuation = value_project(project, RULES)
    assert valuation.amount == Decimal("450.00")
    assert valuation.quantity == Decimal("4.5")
    assert valuation.counted == Period.day(D(2024, 5, 1))
    assert valuation.note == ""


def test_a_project_with_an_agreed_amount_counts_that_amount() -> None:
    project = SrProject.on(D(2024, 5, 1), "Buddyproject", "mvo", agreed_amount=Decimal(1500))
    valuation = value_project(project, RULES)
    assert valuation.amount == Decimal("1500.00")
    assert valuation.quantity is None
    assert valuation.note == "agreed amount"


def test_a_multi_day_project_is_spread_evenly_over_its_days() -> None:
    project = SrProject(
        "Coaching", Period(D(2024, 5, 1), D(2024, 5, 10)), "mvo", agreed_amount=Decimal(1000)
    )
    assert value_project(project, RULES).amount == Decimal("1000.00")
    first_three = value_project(project, RULES, Period(D(2024, 4, 1), D(2024, 5, 3)))
    assert first_three.amount == Decimal("300.00")
    assert first_three.days_counted == 3
    assert first_three.counted == Period(D(2024, 5, 1), D(2024, 5, 3))
    outside = value_project(project, RULES, Period(D(2024, 6, 1), D(2024, 6, 30)))
    assert outside.amount == Decimal("0.00")


def test_a_project_split_in_thirds_still_adds_up_on_paper() -> None:
    project = SrProject("Coaching", Period(D(2024, 5, 1), D(2024, 5, 3)), "mvo", hours=Decimal(10))
    days = [value_project(project, RULES, Period.day(D(2024, 5, d))).amount for d in (1, 2, 3)]
    assert days == [Decimal("333.33")] * 3
    two_days = value_project(project, RULES, Period(D(2024, 5, 2), D(2024, 5, 3)))
    assert two_days.amount == Decimal("666.67")


def test_value_item_dispatches_on_the_kind_of_item() -> None:
    placement = _placement("wep", D(2024, 3, 1), D(2024, 5, 31))
    purchase = SocialPurchase(SUPPLIER, "sw", D(2024, 5, 10), Decimal(100))
    project = SrProject.on(D(2024, 5, 1), "Gastles", "mvo", hours=Decimal(1))
    assert value_item(placement, RULES) == value_placement(placement, RULES)
    assert value_item(purchase, RULES).route is Route.PURCHASE
    assert value_item(project, RULES).route is Route.PROJECT
    with pytest.raises(InvalidValueError) as caught:
        value_item("a placement", RULES)  # type: ignore[arg-type]
    assert caught.value.field == "item"


# Obligation -------------------------------------------------------------------------------------


def _contract(**changes: Any) -> Contract:
    fields: dict[str, Any] = {
        "value_excl_vat": Decimal(1_000_000),
        "sr_percentage": Decimal(5),
    }
    fields.update(changes)
    return Contract(
        "2024-017",
        "Onderhoud groen",
        Period(D(2024, 1, 1), D(2027, 12, 31)),
        Organisation("Groen & Co"),
        **fields,
    )


def test_the_obligation_is_contract_value_times_the_percentage() -> None:
    result = obligation(_contract(), RULES)
    assert result.amount == Decimal("50000.00")
    assert result.percentage == 5
    assert result.percentage_provenance is None
    assert result.before_adjustments == 50000
    assert result.adjustments == ()


def test_the_obligation_uses_the_regions_default_percentage_when_the_contract_sets_none() -> None:
    rules = _rules(sr_percentage=Parameter(Decimal(3), VERIFIED))
    result = obligation(_contract(sr_percentage=None), rules)
    assert result.amount == Decimal("30000.00")
    assert result.percentage_provenance is VERIFIED


def test_the_obligation_is_rounded_half_up() -> None:
    assert obligation(_contract(value_excl_vat=Decimal("123456.78")), RULES).amount == Decimal(
        "6172.84"
    )
    assert obligation(_contract(value_excl_vat=Decimal("0.10")), RULES).amount == Decimal("0.01")


def test_a_pso_discount_reduces_the_obligation() -> None:
    result = obligation(_contract(adjustments=("pso-2",)), RULES)
    assert result.amount == Decimal("37500.00")
    (part,) = result.adjustments
    assert part.code == "pso-2"
    assert part.kind is AdjustmentKind.DISCOUNT
    assert part.value == Decimal("0.25")
    assert part.after == 37500


def test_two_discounts_apply_one_after_the_other() -> None:
    result = obligation(_contract(adjustments=("pso-1", "pso-2")), RULES)
    assert [part.after for part in result.adjustments] == [45000, Decimal("33750")]
    assert result.amount == Decimal("33750.00")


@pytest.mark.parametrize("codes", [("pso-30",), ("pso-1", "pso-30"), ("pso-30", "pso-2")])
def test_an_exemption_makes_the_obligation_zero(codes: tuple[str, ...]) -> None:
    result = obligation(_contract(adjustments=codes), RULES)
    assert result.amount == Decimal("0.00")
    assert result.before_adjustments == 50000


def test_an_obligation_needs_a_contract_value() -> None:
    with pytest.raises(InvalidValueError) as caught:
        obligation(_contract(value_excl_vat=None), RULES)
    assert caught.value.field == "value_excl_vat"
    assert caught.value.value is None


def test_an_obligation_needs_a_percentage_from_the_contract_or_the_region() -> None:
    rules = _rules(sr_percentage=None)
    with pytest.raises(InvalidValueError) as caught:
        obligation(_contract(sr_percentage=None), rules)
    assert caught.value.field == "sr_percentage"
    assert "'oost'" in caught.value.expected


def test_an_unknown_adjustment_is_an_unknown_block_error() -> None:
    with pytest.raises(UnknownBlockError) as caught:
        obligation(_contract(adjustments=("pso-4",)), RULES)
    assert caught.value.kind == "adjustment"
    assert caught.value.code == "pso-4"
    assert caught.value.known == ("pso-1", "pso-2", "pso-30")


# Reference date and measurement moments ----------------------------------------------------


def test_the_reference_date_is_the_award_date_when_known() -> None:
    assert reference_date(_contract(award_date=D(2023, 11, 20))) == D(2023, 11, 20)


def test_the_reference_date_is_the_first_day_of_the_term_without_an_award_date() -> None:
    assert reference_date(_contract()) == D(2024, 1, 1)


def test_measurement_moments_of_the_1461_day_term() -> None:
    moments = measurement_moments(Period(D(2024, 1, 1), D(2027, 12, 31)))
    assert [(m.fraction, m.date) for m in moments] == [
        (Decimal("0.25"), D(2024, 12, 31)),  # ceil(365.25) = 366 days
        (Decimal("0.5"), D(2025, 12, 31)),  # ceil(730.5) = 731 days
        (Decimal("0.75"), D(2026, 12, 31)),  # ceil(1095.75) = 1096 days
        (Decimal(1), D(2027, 12, 31)),
    ]


def test_a_moment_is_the_first_day_on_which_at_least_the_fraction_has_passed() -> None:
    ten_days = Period(D(2024, 1, 1), D(2024, 1, 10))
    moments = measurement_moments(ten_days, [Decimal("0.25"), Decimal("0.3"), Decimal("0.31")])
    # 2.5 days -> day 3; exactly 3 days -> day 3; 3.1 days -> day 4.
    assert [m.date for m in moments] == [D(2024, 1, 3), D(2024, 1, 3), D(2024, 1, 4)]


def test_agreed_fractions_come_out_in_order() -> None:
    term = Period(D(2024, 1, 1), D(2024, 12, 31))
    moments = measurement_moments(term, [Decimal(1), Decimal("0.1")])
    assert [m.fraction for m in moments] == [Decimal("0.1"), Decimal(1)]
    assert moments[0].date == D(2024, 2, 6)  # ceil(36.6) = 37 days


def test_every_moment_of_a_one_day_term_is_that_day() -> None:
    moments = measurement_moments(Period.day(D(2024, 6, 1)))
    assert {m.date for m in moments} == {D(2024, 6, 1)}


@pytest.mark.parametrize("fraction", [Decimal(0), Decimal("-0.5"), Decimal("1.01"), 0.5])
def test_a_fraction_outside_0_exclusive_to_1_is_refused(fraction: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        measurement_moments(
            Period(D(2024, 1, 1), D(2024, 12, 31)),
            [Decimal("0.5"), fraction],  # type: ignore[list-item]
        )
    assert caught.value.field == "fractions[1]"
    assert caught.value.value == fraction


# Provisional rule values -----------------------------------------------------------------------


@contextlib.contextmanager
def _recorded(action: Any = "always") -> Iterator[list[warnings.WarningMessage]]:
    """Record warnings under ``action``; all must be provisional-rule ones.

    ``"always"`` records every warning; ``"default"`` is Python's own rule: once per call site
    and message.
    """
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter(action)
        yield record
    assert record, "expected a ProvisionalRuleWarning"
    assert all(issubclass(w.category, ProvisionalRuleWarning) for w in record)


@attrs.frozen
class _Reviewed:
    item: Placement
    item_id: str = "P1"
    status: sroi.lifecycle.ReviewStatus = sroi.lifecycle.ReviewStatus.APPROVED


def _unverified_rules() -> RuleSet:
    return _rules(
        blocks=[_block("ww-lt1", Unit.PER_YEAR_FULL_TIME, "10000", provenance=UNVERIFIED)],
        bonuses=[],
    )


def test_an_unverified_value_warns_once_per_call_site_pointing_at_the_callers_line() -> None:
    rules = _unverified_rules()
    placement = _placement("ww-lt1", D(2024, 1, 1), D(2024, 12, 31))
    with _recorded("default") as record:
        for window in (None, Period(D(2024, 1, 1), D(2024, 6, 30))):
            value_placement(placement, rules, window)
    assert len(record) == 1
    message = str(record[0].message)
    assert "blocks.ww-lt1 is unverified" in message
    assert "secondary copy" in message
    assert record[0].filename == __file__  # the user's own call, not the engine


def test_a_report_warns_from_the_users_call_not_from_inside_sroi() -> None:
    rules = _unverified_rules()
    contract = _contract()
    record_item = _Reviewed(_placement("ww-lt1", D(2024, 1, 1), D(2024, 12, 31)))
    with _recorded() as record:
        sroi.fulfilment_report(contract, [record_item], rules, at=D(2024, 6, 30))
    assert len(record) == 1  # one warning per key for the whole report
    assert record[0].filename == __file__


def test_a_new_rule_set_object_warns_again() -> None:
    placement = _placement("ww-lt1", D(2024, 1, 1), D(2024, 12, 31))
    with _recorded() as record:
        value_placement(placement, _unverified_rules())
        value_placement(placement, _unverified_rules())
    assert len(record) == 2


def test_warn_false_values_without_warning() -> None:
    placement = _placement("ww-lt1", D(2024, 1, 1), D(2024, 12, 31))
    valuation = value_placement(placement, _unverified_rules(), warn=False)
    assert valuation.amount == Decimal("10000.00")


def test_the_statuses_of_the_values_used_are_in_the_valuation() -> None:
    placement = _placement("ww-lt1", D(2024, 1, 1), D(2024, 12, 31))
    valuation = value_placement(placement, _unverified_rules(), warn=False)
    assert valuation.statuses == {Status.UNVERIFIED, Status.VERIFIED}
    assert not valuation.verified
    assert value_placement(placement, RULES).verified


def test_assumed_full_time_hours_warn_and_show_in_the_statuses() -> None:
    rules = _rules(full_time_hours=Parameter(Decimal(36), ASSUMED))
    placement = _placement("wep", D(2024, 1, 1), D(2024, 12, 31), "18")
    with pytest.warns(ProvisionalRuleWarning, match="full_time_hours is assumed"):
        valuation = value_placement(placement, rules)
    assert Status.ASSUMED in valuation.statuses
    assert not valuation.verified


def test_full_time_hours_do_not_matter_for_a_purchase_or_a_one_off_block() -> None:
    rules = _rules(full_time_hours=Parameter(Decimal(36), ASSUMED))
    purchase = SocialPurchase(SUPPLIER, "sw", D(2024, 5, 10), Decimal(100))
    assert value_purchase(purchase, rules).verified
    one_off = value_placement(_placement("vso-job", D(2024, 8, 15), D(2025, 8, 14)), rules)
    assert one_off.verified


def test_an_assumed_maximum_duration_warns_about_the_cap() -> None:
    block = _block(
        "ww-lt1", Unit.PER_YEAR_FULL_TIME, "10000", max_months=12, duration_provenance=ASSUMED
    )
    rules = _rules(blocks=[block], bonuses=[])
    placement = _placement("ww-lt1", D(2024, 1, 1), D(2024, 12, 31))
    with pytest.warns(ProvisionalRuleWarning, match=r"blocks\.ww-lt1\.max_months is assumed"):
        valuation = value_placement(placement, rules)
    assert valuation.statuses == {Status.VERIFIED, Status.ASSUMED}


def test_an_unverified_bonus_warns_only_when_it_applies() -> None:
    rules = _rules(
        bonuses=[
            _bonus("age-50", BonusKind.AGE, "5000", min_age=50, provenance=UNVERIFIED),
            _bonus("special", BonusKind.ANNUAL, "5000"),
            _bonus("permanent-contract", BonusKind.ONE_OFF, "10000"),
        ]
    )
    young = _placement("pw-lt2", D(2024, 3, 1), D(2024, 12, 31))
    assert value_placement(young, rules).verified
    older = _placement("pw-lt2", D(2024, 3, 1), D(2024, 12, 31), candidate=BORN_1_MARCH_1974)
    with pytest.warns(ProvisionalRuleWarning, match=r"bonuses\.age-50 is unverified"):
        valuation = value_placement(older, rules)
    assert valuation.statuses == {Status.VERIFIED, Status.UNVERIFIED}


def test_two_unverified_values_warn_once_each() -> None:
    block = _block("ww-lt1", Unit.PER_YEAR_FULL_TIME, "10000", provenance=PROVISIONAL)
    rules = _rules(blocks=[block], bonuses=[], full_time_hours=Parameter(Decimal(36), ASSUMED))
    placement = _placement("ww-lt1", D(2024, 1, 1), D(2024, 12, 31))
    with _recorded("default") as record:
        for _ in range(2):
            valuation = value_placement(placement, rules)
    assert sorted(str(w.message).split(": ")[1].split(" is ")[0] for w in record) == [
        "blocks.ww-lt1",
        "full_time_hours",
    ]
    assert valuation.statuses == {Status.PROVISIONAL, Status.ASSUMED}


def test_a_project_with_an_agreed_amount_does_not_use_the_hourly_rate() -> None:
    rules = _rules(blocks=[_block("mvo", Unit.PER_HOUR, "100", provenance=UNVERIFIED)], bonuses=[])
    agreed = SrProject.on(D(2024, 5, 1), "Gastles", "mvo", agreed_amount=Decimal(250))
    value_project(agreed, rules)  # no warning: the rate was not used
    by_hours = SrProject.on(D(2024, 5, 1), "Gastles", "mvo", hours=Decimal(2))
    with pytest.warns(ProvisionalRuleWarning, match=r"blocks\.mvo is unverified"):
        value_project(by_hours, rules)


def test_an_obligation_warns_about_a_provisional_default_percentage_and_adjustment() -> None:
    rules = _rules(
        sr_percentage=Parameter(Decimal(5), PROVISIONAL),
        adjustments=[_adjustment("pso-2", AdjustmentKind.DISCOUNT, "0.25", provenance=UNVERIFIED)],
    )
    obligation(_contract(), rules)  # the contract's own percentage: no warning
    with _recorded("default") as record:
        for _ in range(2):
            obligation(_contract(sr_percentage=None, adjustments=("pso-2",)), rules)
    assert len(record) == 2
    messages = " ".join(str(w.message) for w in record)
    assert "sr_percentage is provisional" in messages
    assert "adjustments.pso-2 is unverified" in messages


# The parts of a valuation ---------------------------------------------------------------------


def test_the_parts_of_a_valuation_explain_and_recompute_the_amount() -> None:
    grants = (
        BonusGrant("special", D(2025, 2, 10)),
        BonusGrant("permanent-contract", D(2025, 5, 1)),
    )
    candidate = Candidate("B.", "participatiewet", D(1971, 8, 20))  # 52 on the first day
    placement = _placement(
        "pw-lt2", D(2024, 1, 15), D(2026, 6, 30), "27", candidate=candidate, bonuses=grants
    )
    valuation = value_placement(placement, RULES)

    assert valuation.cap_window == Period(D(2024, 1, 15), D(2026, 1, 14))
    assert valuation.counted == valuation.cap_window
    assert valuation.days_counted == 731
    assert valuation.size_factor == Fraction(3, 4)
    assert len(valuation.months) == 24
    assert str(valuation.months[0]) == "m1 2024-01-15 1"
    assert str(valuation.months[-1]) == "m24 2025-12-15 1"
    assert valuation.months_counted == 24
    assert [b.code for b in valuation.bonuses] == ["age-50", "special", "permanent-contract"]
    assert valuation.cap_provenance is VERIFIED
    assert valuation.provenance is VERIFIED
    assert (valuation.region, valuation.version, valuation.block) == ("oost", "V05", "pw-lt2")

    months = sum(Fraction(m.days_counted, m.days_in_month) for m in valuation.months)
    size = Fraction(27, 36)
    base = Fraction(30000, 12) * months * size
    age = Fraction(5000, 12) * months * size
    special_since = Period(D(2025, 2, 10), D(2026, 1, 14))
    # placement month 13 is 2025-01-15 .. 2025-02-14 (31 days): 5 of its days, then 11 months
    special_months = 11 + Fraction(5, 31)
    special = Fraction(5000, 12) * special_months * size
    assert valuation.bonuses[1].counted == special_since
    assert valuation.bonuses[1].months == special_months
    assert _euros(base + age + special + 10000) == valuation.amount == Decimal("65987.90")

    recomputed = valuation.base + sum((bonus.amount for bonus in valuation.bonuses), Fraction(0))
    assert recomputed == valuation.exact
    assert round_cents(recomputed) == valuation.amount


def test_every_proration_has_a_clock() -> None:
    from sroi.engine.schedules import CLOCKS

    assert set(CLOCKS) == set(sroi.Proration)


def test_the_rule_sets_proration_picks_the_clock_the_engine_counts_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sroi.engine.schedules import CLOCKS

    class Doubled(sroi.period.PlacementClock):
        """Counts every placement month twice."""

        def span(self, first: int, last: int) -> tuple[int, int]:
            numerator, denominator = super().span(first, last)
            return 2 * numerator, denominator

    march = _placement("pw-lt2", D(2024, 3, 1), D(2024, 3, 31))
    assert value_placement(march, RULES).amount == Decimal("2500.00")
    monkeypatch.setitem(CLOCKS, sroi.Proration.MONTHLY, Doubled)
    assert value_placement(march, RULES).amount == Decimal("5000.00")
