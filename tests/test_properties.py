"""Invariants of money over time, for every rule set, item and period Hypothesis can think of."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from sroi import (
    Period,
    Placement,
    PlacementKind,
    RuleSet,
    Valuation,
    measurement_moments,
    obligation,
    value_placement,
    value_project,
    value_purchase,
)
from sroi.money import PRECISION, round_cents
from sroi.ruleset import BonusKind
from sroi.testing import strategies as sst

CENT = Decimal("0.01")
TINY = Decimal("1e-40")

rules_with_placements = sst.rule_sets(minimum_hours=None).flatmap(
    lambda rules: st.tuples(st.just(rules), sst.placements(rules, max_days=900))
)


def _around(period: Period) -> st.SearchStrategy[Period]:
    """Windows that start up to 60 days before and end up to 60 days after ``period``."""
    return sst.periods(
        period.first - dt.timedelta(days=60), period.last + dt.timedelta(days=60), max_days=1100
    )


def _sum_exact(valuations: list[Valuation]) -> Decimal:
    total = Decimal(0)
    for valuation in valuations:
        total = PRECISION.add(total, valuation.exact)
    return total


@given(rules_with_placements, st.data())
def test_a_placements_value_is_the_sum_of_its_values_over_any_split(
    case: tuple[RuleSet, Placement], data: st.DataObject
) -> None:
    rules, placement = case
    window = data.draw(_around(placement.period))
    parts = data.draw(sst.partitions(window))
    whole = value_placement(placement, rules, window)
    pieces = [value_placement(placement, rules, part) for part in parts]
    assert abs(_sum_exact(pieces) - whole.exact) < TINY
    assert abs(sum(p.amount for p in pieces) - whole.amount) <= CENT * len(parts)


@given(rules_with_placements, st.data())
def test_a_placement_is_never_worth_less_than_nothing(
    case: tuple[RuleSet, Placement], data: st.DataObject
) -> None:
    rules, placement = case
    window = data.draw(st.none() | _around(placement.period))
    valuation = value_placement(placement, rules, window)
    assert valuation.amount >= 0
    assert valuation.base >= 0
    assert all(bonus.amount >= 0 for bonus in valuation.bonuses)


@given(rules_with_placements, st.data())
def test_more_hours_up_to_full_time_never_count_less(
    case: tuple[RuleSet, Placement], data: st.DataObject
) -> None:
    rules, placement = case
    full_time = rules.full_time_hours.value
    fewer, more = sorted(
        data.draw(st.lists(sst.hours_per_week(max_value=full_time), min_size=2, max_size=2))
    )
    small = value_placement(attrs.evolve(placement, hours_per_week=fewer), rules)
    large = value_placement(attrs.evolve(placement, hours_per_week=more), rules)
    assert small.exact <= large.exact
    above = value_placement(attrs.evolve(placement, hours_per_week=full_time + 10), rules)
    at = value_placement(attrs.evolve(placement, hours_per_week=full_time), rules)
    assert above.exact == at.exact


@given(rules_with_placements, st.data())
def test_nothing_counts_outside_the_placement(
    case: tuple[RuleSet, Placement], data: st.DataObject
) -> None:
    rules, placement = case
    active = placement.active_period
    before = Period(active.first - dt.timedelta(days=400), active.first - dt.timedelta(days=1))
    after = Period(active.last + dt.timedelta(days=1), active.last + dt.timedelta(days=400))
    window = data.draw(st.sampled_from([before, after]))
    valuation = value_placement(placement, rules, window)
    assert valuation.amount == 0
    assert valuation.counted is None


@given(sst.rule_sets(), st.data())
def test_no_block_value_counts_after_the_cap_window(rules: RuleSet, data: st.DataObject) -> None:
    placement = data.draw(sst.placements(rules, blocks=[sst.ANNUAL_CAPPED], max_days=1200))
    valuation = value_placement(placement, rules)
    assert valuation.cap_window is not None
    assert valuation.counted is None or valuation.counted.last <= valuation.cap_window.last
    after_cap = Period(valuation.cap_window.last + dt.timedelta(days=1), dt.date(2099, 12, 31))
    late = value_placement(placement, rules, after_cap)
    assert late.base == 0
    # Only a one-off bonus, granted on a later day of the placement, may still count.
    for bonus in late.bonuses:
        if bonus.kind is not BonusKind.ONE_OFF:
            assert bonus.amount == 0


@given(sst.rule_sets(), sst.dates(), st.data())
def test_twelve_whole_months_of_an_annual_block_at_full_time_are_the_annual_value(
    rules: RuleSet, start: dt.date, data: st.DataObject
) -> None:
    # Exact whenever the start month has as many days as the same month a year later: always,
    # except for a part-February next to a leap day (see test_engine for that case).
    days = calendar.monthrange(start.year, start.month)[1]
    assume(start.day == 1 or days == calendar.monthrange(start.year + 1, start.month)[1])
    full_time = rules.full_time_hours.value
    placement = Placement(
        data.draw(sst.candidates(start, max_age=39)),  # younger than any age bonus
        PlacementKind.JOB,
        sst.ANNUAL,
        Period.from_months(start, 12),
        data.draw(sst.hours_per_week(full_time, full_time + 20)),
    )
    valuation = value_placement(placement, rules)
    assert valuation.bonuses == ()
    assert valuation.amount == rules.block(sst.ANNUAL).value
    assert abs(valuation.months_counted - 12) < TINY


@given(sst.rule_sets(), st.data())
def test_a_purchase_counts_once_whatever_the_split(rules: RuleSet, data: st.DataObject) -> None:
    purchase = data.draw(sst.purchases(rules))
    window = data.draw(_around(Period.day(purchase.invoice_date)))
    parts = data.draw(sst.partitions(window))
    whole = value_purchase(purchase, rules, window)
    pieces = [value_purchase(purchase, rules, part) for part in parts]
    assert sum(p.amount for p in pieces) == whole.amount
    assert sum(1 for p in pieces if p.counted is not None) == (1 if whole.counted else 0)


@given(sst.rule_sets(), st.data())
def test_a_projects_value_is_the_sum_of_its_values_over_any_split(
    rules: RuleSet, data: st.DataObject
) -> None:
    project = data.draw(sst.projects(rules))
    window = data.draw(_around(project.period))
    parts = data.draw(sst.partitions(window))
    whole = value_project(project, rules, window)
    pieces = [value_project(project, rules, part) for part in parts]
    assert abs(_sum_exact(pieces) - whole.exact) < TINY
    assert abs(sum(p.amount for p in pieces) - whole.amount) <= CENT * len(parts)
    assert value_project(project, rules).amount == round_cents(
        project.agreed_amount
        if project.agreed_amount is not None
        else PRECISION.multiply(project.hours or Decimal(0), rules.block(project.block).value)
    )


@given(sst.rule_sets(), st.data())
def test_the_obligation_grows_with_the_contract_value(rules: RuleSet, data: st.DataObject) -> None:
    contract = data.draw(sst.contracts(rules))
    low, high = sorted(data.draw(st.lists(sst.amounts(), min_size=2, max_size=2)))
    small = obligation(attrs.evolve(contract, value_excl_vat=low), rules)
    large = obligation(attrs.evolve(contract, value_excl_vat=high), rules)
    assert Decimal(0) <= small.amount <= large.amount
    assert small.amount <= round_cents(low)


@given(sst.periods(max_days=6 * 366), st.lists(sst.fractions(), min_size=1, max_size=6))
def test_measurement_moments_are_ordered_and_inside_the_term(
    term: Period, fractions: list[Decimal]
) -> None:
    moments = measurement_moments(term, fractions)
    assert sorted(m.fraction for m in moments) == [m.fraction for m in moments]
    assert [m.date for m in moments] == sorted(m.date for m in moments)
    for moment in moments:
        assert moment.date in term
        passed = (moment.date - term.first).days + 1
        assert passed >= moment.fraction * term.days > passed - 1
    if Decimal(1) in fractions:
        assert moments[-1].date == term.last


@given(rules_with_placements, st.data())
def test_the_parts_of_a_valuation_recompute_its_amount(
    case: tuple[RuleSet, Placement], data: st.DataObject
) -> None:
    rules, placement = case
    window = data.draw(st.none() | _around(placement.period))
    valuation = value_placement(placement, rules, window)
    total = valuation.base
    for bonus in valuation.bonuses:
        total = PRECISION.add(total, bonus.amount)
    assert total == valuation.exact
    assert round_cents(total) == valuation.amount
    if valuation.counted is not None:
        assert valuation.counted.first >= placement.period.first
        assert valuation.counted.last <= placement.active_period.last
        assert valuation.days_counted == valuation.counted.days
    if valuation.months:
        assert sum(m.days_counted for m in valuation.months) == valuation.days_counted
        months = Decimal(0)
        for month in valuation.months:
            months = PRECISION.add(months, month.fraction)
        assert months == valuation.months_counted
