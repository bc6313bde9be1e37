"""Closed periods: both days included, validated, with calendar-month arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sroi import InvalidValueError, Period, SroiError
from sroi.period import PlacementClock, _shift_ordinal, add_months, check_date, days_in_month

D = dt.date


def test_a_period_includes_its_first_and_its_last_day() -> None:
    term = Period(D(2025, 1, 1), D(2026, 12, 31))
    assert D(2025, 1, 1) in term
    assert D(2026, 12, 31) in term
    assert D(2024, 12, 31) not in term
    assert D(2027, 1, 1) not in term
    assert term.days == 730


def test_a_one_day_period_has_the_same_first_and_last_day() -> None:
    day = Period.day(D(2024, 2, 29))
    assert day == Period(D(2024, 2, 29), D(2024, 2, 29))
    assert day.days == 1
    assert D(2024, 2, 29) in day


def test_a_last_day_before_the_first_day_is_an_error_not_an_empty_period() -> None:
    with pytest.raises(InvalidValueError) as caught:
        Period(D(2024, 3, 2), D(2024, 3, 1))
    error = caught.value
    assert error.field == "last"
    assert error.value == D(2024, 3, 1)
    assert "2024-03-02" in error.expected
    assert isinstance(error, SroiError)
    assert isinstance(error, ValueError)


@pytest.mark.parametrize("field", ["first", "last"])
def test_a_datetime_is_refused_because_periods_hold_calendar_dates_only(field: str) -> None:
    moment = dt.datetime(2024, 1, 1, 12, 0)
    days = {"first": D(2024, 1, 1), "last": D(2024, 1, 31), field: moment}
    with pytest.raises(InvalidValueError) as caught:
        Period(days["first"], days["last"])
    assert caught.value.field == field
    assert caught.value.value == moment


@pytest.mark.parametrize("value", ["2024-01-01", 20240101, None])
def test_check_date_refuses_anything_but_a_date(value: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        check_date("signed_on", value)
    assert caught.value.field == "signed_on"
    assert caught.value.value == value


def test_check_date_returns_a_plain_date() -> None:
    assert check_date("signed_on", D(2024, 5, 1)) == D(2024, 5, 1)


def test_a_period_contains_only_dates() -> None:
    term = Period(D(2024, 1, 1), D(2024, 12, 31))
    assert "2024-06-01" not in term
    assert None not in term


def test_intersection_of_overlapping_periods_is_the_shared_days() -> None:
    a = Period(D(2024, 1, 1), D(2024, 6, 30))
    b = Period(D(2024, 6, 1), D(2024, 12, 31))
    assert a.intersection(b) == Period(D(2024, 6, 1), D(2024, 6, 30))
    assert b.intersection(a) == a.intersection(b)
    assert a.overlaps(b)


def test_periods_touching_on_one_day_share_that_day() -> None:
    a = Period(D(2024, 1, 1), D(2024, 6, 30))
    b = Period(D(2024, 6, 30), D(2024, 12, 31))
    assert a.intersection(b) == Period.day(D(2024, 6, 30))


def test_adjacent_periods_share_nothing() -> None:
    a = Period(D(2024, 1, 1), D(2024, 6, 30))
    b = Period(D(2024, 7, 1), D(2024, 12, 31))
    assert a.intersection(b) is None
    assert not a.overlaps(b)
    assert not b.overlaps(a)


def test_a_period_inside_another_intersects_to_itself() -> None:
    outer = Period(D(2024, 1, 1), D(2024, 12, 31))
    inner = Period(D(2024, 3, 3), D(2024, 3, 9))
    assert outer.intersection(inner) == inner


def test_until_cuts_a_period_at_a_day_included() -> None:
    term = Period(D(2024, 1, 1), D(2024, 12, 31))
    assert term.until(D(2024, 3, 31)) == Period(D(2024, 1, 1), D(2024, 3, 31))
    assert term.until(D(2024, 1, 1)) == Period.day(D(2024, 1, 1))
    assert term.until(D(2025, 6, 1)) == term
    assert term.until(D(2023, 12, 31)) is None


def test_split_puts_the_split_day_in_the_second_part() -> None:
    term = Period(D(2024, 1, 1), D(2024, 12, 31))
    before, after = term.split(D(2024, 7, 1))
    assert before == Period(D(2024, 1, 1), D(2024, 6, 30))
    assert after == Period(D(2024, 7, 1), D(2024, 12, 31))
    assert before.days + after.days == term.days


def test_split_on_the_last_day_leaves_a_one_day_second_part() -> None:
    before, after = Period(D(2024, 1, 1), D(2024, 1, 31)).split(D(2024, 1, 31))
    assert before == Period(D(2024, 1, 1), D(2024, 1, 30))
    assert after == Period.day(D(2024, 1, 31))


@pytest.mark.parametrize("day", [D(2024, 1, 1), D(2023, 12, 31), D(2024, 2, 1)])
def test_split_outside_first_exclusive_to_last_inclusive_is_refused(day: dt.date) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Period(D(2024, 1, 1), D(2024, 1, 31)).split(day)
    assert caught.value.field == "day"
    assert caught.value.value == day


def test_months_lists_each_calendar_month_with_days_covered_and_days_in_month() -> None:
    period = Period(D(2024, 1, 15), D(2024, 3, 3))
    assert list(period.months()) == [(2024, 1, 17, 31), (2024, 2, 29, 29), (2024, 3, 3, 31)]


def test_months_crosses_a_year_end() -> None:
    period = Period(D(2023, 12, 31), D(2024, 1, 1))
    assert list(period.months()) == [(2023, 12, 1, 31), (2024, 1, 1, 31)]


def test_months_of_a_one_day_period_is_one_day_of_its_month() -> None:
    assert list(Period.day(D(2023, 2, 28)).months()) == [(2023, 2, 1, 28)]


def test_months_covered_days_add_up_to_the_period_length() -> None:
    period = Period(D(2023, 11, 17), D(2026, 2, 3))
    assert sum(covered for _, _, covered, _ in period.months()) == period.days


def test_from_months_ends_the_day_before_the_same_date_n_months_later() -> None:
    assert Period.from_months(D(2024, 3, 15), 12) == Period(D(2024, 3, 15), D(2025, 3, 14))
    assert Period.from_months(D(2024, 1, 1), 1) == Period(D(2024, 1, 1), D(2024, 1, 31))
    assert Period.from_months(D(2024, 1, 1), 24) == Period(D(2024, 1, 1), D(2025, 12, 31))


def test_from_months_clamps_a_month_end_start() -> None:
    # 2024-01-31 + 1 month is 2024-02-29, so the one-month window ends the day before.
    assert Period.from_months(D(2024, 1, 31), 1) == Period(D(2024, 1, 31), D(2024, 2, 28))
    # A non-leap February clamps to the 28th.
    assert Period.from_months(D(2023, 1, 31), 1) == Period(D(2023, 1, 31), D(2023, 2, 27))


def test_from_months_starting_on_a_leap_day() -> None:
    assert Period.from_months(D(2024, 2, 29), 12) == Period(D(2024, 2, 29), D(2025, 2, 27))
    assert Period.from_months(D(2024, 2, 29), 48) == Period(D(2024, 2, 29), D(2028, 2, 28))


@pytest.mark.parametrize("months", [0, -1])
def test_from_months_needs_at_least_one_month(months: int) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Period.from_months(D(2024, 1, 1), months)
    assert caught.value.field == "months"
    assert caught.value.value == months
    assert caught.value.expected == ">= 1"


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 3, 31), 1, D(2024, 4, 30)),
        (D(2024, 3, 15), 12, D(2025, 3, 15)),
        (D(2024, 12, 31), 2, D(2025, 2, 28)),
        (D(2024, 5, 31), -3, D(2024, 2, 29)),
    ],
)
def test_add_months_is_calendar_arithmetic_with_month_end_clamps(
    start: dt.date, months: int, expected: dt.date
) -> None:
    moved = add_months(start, months)
    assert moved == expected
    assert type(moved) is dt.date


def test_parse_reads_a_range_and_a_single_day() -> None:
    assert Period.parse("2025-01-01..2026-12-31") == Period(D(2025, 1, 1), D(2026, 12, 31))
    assert Period.parse(" 2025-01-01 .. 2025-01-31 ") == Period(D(2025, 1, 1), D(2025, 1, 31))
    assert Period.parse("2025-05-05") == Period.day(D(2025, 5, 5))


@pytest.mark.parametrize("text", ["", "2025-01-01..", "1 januari 2025", "2025-01-01..b..c"])
def test_parse_refuses_other_text(text: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Period.parse(text)
    assert caught.value.field == "period"
    assert caught.value.value == text


def test_parse_refuses_a_reversed_range() -> None:
    with pytest.raises(InvalidValueError) as caught:
        Period.parse("2025-02-01..2025-01-01")
    assert caught.value.field == "last"


def test_str_round_trips_through_parse() -> None:
    period = Period(D(2024, 1, 15), D(2024, 2, 14))
    assert str(period) == "2024-01-15..2024-02-14"
    assert Period.parse(str(period)) == period


def test_periods_are_frozen_and_ordered() -> None:
    import attrs

    early = Period(D(2024, 1, 1), D(2024, 1, 31))
    later = Period(D(2024, 2, 1), D(2024, 2, 29))
    assert early < later
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        early.first = D(2023, 1, 1)  # type: ignore[misc]
    assert hash(early) == hash(Period(D(2024, 1, 1), D(2024, 1, 31)))


# Placement months (the calendar module behind the engine) ------------------------------------

SUPPORTED = st.dates(D(1900, 1, 1), D(2199, 12, 31))


@given(SUPPORTED, st.integers(-600, 600))
def test_the_hot_loops_integer_month_arithmetic_equals_pendulums(day: D, months: int) -> None:
    moved = day.year * 12 + day.month - 1 + months
    assume(1900 * 12 <= moved < 2200 * 12)
    ordinal = _shift_ordinal(day.year, day.month, day.day, months)
    assert D.fromordinal(ordinal) == add_months(day, months)


@given(st.integers(1900, 2199), st.integers(1, 12))
def test_days_in_month_agrees_with_the_calendar_module(year: int, month: int) -> None:
    assert days_in_month(year, month) == calendar.monthrange(year, month)[1]


def test_placement_month_boundaries_come_from_the_start_day_itself() -> None:
    clock = PlacementClock(D(2024, 1, 31))
    # never chained: 31 Jan + 1 month = 29 Feb, + 2 months = 31 Mar (not 29 Mar)
    assert [clock.boundary(k) for k in range(4)] == [
        D(2024, 1, 31),
        D(2024, 2, 29),
        D(2024, 3, 31),
        D(2024, 4, 30),
    ]


@given(SUPPORTED.filter(lambda d: d.year < 2190), st.integers(0, 2000), st.data())
def test_placement_months_add_up_over_any_split(start: D, length: int, data: st.DataObject) -> None:
    clock = PlacementClock(start)
    first = start + dt.timedelta(days=data.draw(st.integers(0, 400)))
    last = first + dt.timedelta(days=length)
    cut = first + dt.timedelta(days=data.draw(st.integers(1, length + 1)))
    whole = clock.months(first, last)
    left = clock.months(first, cut - dt.timedelta(days=1))
    right = clock.months(cut, last) if cut <= last else Fraction(0)
    assert left + right == whole
    shares = clock.shares(first, last)
    assert sum(share.fraction for share in shares) == whole
    assert sum(share.days_counted for share in shares) == (last - first).days + 1
    assert all(28 <= share.days_in_month <= 31 for share in shares)


@given(SUPPORTED.filter(lambda d: d.year < 2190), st.integers(1, 120))
def test_n_placement_months_from_any_start_are_exactly_n(start: D, months: int) -> None:
    clock = PlacementClock(start)
    assert clock.months(start, add_months(start, months) - dt.timedelta(days=1)) == months


def test_a_clock_refuses_days_before_its_start() -> None:
    with pytest.raises(InvalidValueError, match="first"):
        PlacementClock(D(2024, 3, 1)).months(D(2024, 2, 29), D(2024, 3, 31))


@pytest.mark.parametrize(
    ("first", "last"), [(D(9999, 12, 1), D(9999, 12, 31)), (D(1899, 12, 31), D(1900, 1, 31))]
)
def test_a_period_outside_the_supported_dates_is_refused(first: D, last: D) -> None:
    # 1900-01-01 .. 2199-12-31: a cap window counted from a day near the year 9999 would
    # otherwise leave the calendar
    with pytest.raises(InvalidValueError, match="1900-01-01 to 2199-12-31"):
        Period(first, last)
