"""Invariants of money over time, for every rule set, item and period Hypothesis can think of."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import given
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
from sroi.engine import schedule
from sroi.money import round_cents
from sroi.ruleset import BonusKind
from sroi.testing import strategies as sst

CENT = Decimal("0.01")

rules_with_placements = sst.rule_sets(minimum_hours=None).flatmap(
    lambda rules: st.tuples(st.just(rules), sst.placements(rules, max_days=900))
)


def _around(period: Period) -> st.SearchStrategy[Period]:
    """Windows that start up to 60 days before and end up to 60 days after ``period``."""
    return sst.periods(
        period.first - dt.timedelta(days=60), period.last + dt.timedelta(days=60), max_days=1100
    )


def _sum_exact(valuations: list[Valuation]) -> Fraction:
    return sum((valuation.exact for valuation in valuations), Fraction(0))


@given(rules_with_placements, st.data())
def test_a_placements_value_is_the_sum_of_its_values_over_any_split(
    case: tuple[RuleSet, Placement], data: st.DataObject
) -> None:
    rules, placement = case
    window = data.draw(_around(placement.period))
    parts = data.draw(sst.partitions(window))
    whole = value_placement(placement, rules, window)
    pieces = [value_placement(placement, rules, part) for part in parts]
    assert _sum_exact(pieces) == whole.exact  # exactly: placement months are additive
    assert abs(sum(p.amount for p in pieces) - whole.amount) <= CENT * len(parts)


@given(rules_with_placements, st.data())
def test_the_schedule_gives_the_valuations_exact_value_for_every_window(
    case: tuple[RuleSet, Placement], data: st.DataObject
) -> None:
    rules, placement = case
    plan = schedule(placement, rules)
    window = data.draw(st.none() | _around(placement.period))
    valuation = plan.valuation(window)
    first, last = (None, None) if window is None else (window.first, window.last)
    ordinals = (
        None if first is None else first.toordinal(),
        None if last is None else last.toordinal(),
    )
    assert plan.exact(*ordinals) == valuation.exact
    assert Decimal(plan.cents(*ordinals)) / 100 == valuation.amount


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
def test_twelve_placement_months_of_an_annual_block_at_full_time_are_the_annual_value(
    rules: RuleSet, start: dt.date, data: st.DataObject
) -> None:
    # For every start day: the conventions count placement months from the first day.
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
    assert valuation.months_counted == 12
    assert valuation.exact == rules.block(sst.ANNUAL).value
    assert valuation.amount == rules.block(sst.ANNUAL).value


@given(sst.rule_sets(), sst.dates(), st.integers(1, 60), st.data())
def test_an_n_month_cap_counts_exactly_n_placement_months(
    rules: RuleSet, start: dt.date, months: int, data: st.DataObject
) -> None:
    block = attrs.evolve(rules.block(sst.ANNUAL_CAPPED), max_months=months)
    capped = attrs.evolve(rules, blocks={**rules.blocks, block.code: block})
    full_time = capped.full_time_hours.value
    placement = Placement(
        data.draw(sst.candidates(start, max_age=39)),
        PlacementKind.JOB,
        block.code,
        Period(start, start + dt.timedelta(days=31 * months + data.draw(st.integers(0, 400)))),
        full_time,
    )
    valuation = value_placement(placement, capped)
    assert valuation.months_counted == months
    assert valuation.base == Fraction(block.value) * months / 12


@given(st.integers(0, 10**9), st.integers(1, 10**6))
def test_a_half_cent_tie_goes_up_and_anything_else_to_the_nearest_cent(
    numerator: int, denominator: int
) -> None:
    exact = Fraction(numerator, denominator)
    rounded = round_cents(exact)
    assert abs(Fraction(rounded) - exact) <= Fraction(1, 200)
    if abs(Fraction(rounded) - exact) == Fraction(1, 200):
        assert Fraction(rounded) > exact  # a tie goes up
    assert round_cents(exact + Fraction(1, 200)) - rounded in (Decimal("0.00"), CENT)


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
    assert _sum_exact(pieces) == whole.exact
    assert abs(sum(p.amount for p in pieces) - whole.amount) <= CENT * len(parts)
    assert value_project(project, rules).amount == round_cents(
        Fraction(project.agreed_amount)
        if project.agreed_amount is not None
        else Fraction(project.hours or 0) * Fraction(rules.block(project.block).value)
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
    total = valuation.base + sum((bonus.amount for bonus in valuation.bonuses), Fraction(0))
    assert total == valuation.exact
    assert round_cents(total) == valuation.amount
    if valuation.counted is not None:
        assert valuation.counted.first >= placement.period.first
        assert valuation.counted.last <= placement.active_period.last
        assert valuation.days_counted == valuation.counted.days
    if valuation.months:
        assert sum(m.days_counted for m in valuation.months) == valuation.days_counted
        assert sum(month.fraction for month in valuation.months) == valuation.months_counted
