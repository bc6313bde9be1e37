"""Planning ahead: what-if never touches the history; "what it takes" is exact to the unit."""

from __future__ import annotations

import datetime as dt
import pathlib
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sroi
from sroi.fulfilment import FulfilmentReport, Standing
from sroi.lifecycle import (
    ContractHistory,
    ContractState,
    CorrectPlacement,
    ExtendPlacement,
    ItemRecord,
    RegisterContract,
    ReportEarlyExit,
    ReviewStatus,
    Role,
    state,
)
from sroi.plan import MAX_PLACEMENTS, Effort, Option, WhatItTakes, what_if, what_it_takes
from sroi.testing import strategies as sst

EXAMPLES = pathlib.Path(__file__).parents[1] / "examples"
WINDOW = sroi.Period(dt.date(2023, 1, 1), dt.date(2025, 12, 31))
ROUTES = {
    sroi.Placement: sroi.Route.CANDIDATE,
    sroi.SocialPurchase: sroi.Route.PURCHASE,
    sroi.SrProject: sroi.Route.PROJECT,
}


def _history(number: str) -> ContractHistory:
    portfolio = sroi.load_portfolio(EXAMPLES / "midden-gelderland.json")
    return next(h for h in portfolio.contracts if h.number == number)


def _forecast_through(report: FulfilmentReport, day: dt.date) -> Decimal:
    return sum(
        (
            line.value_through(day)
            for line in report.lines
            if line.standing is not Standing.NOT_COUNTED
        ),
        Decimal(0),
    )


def _state(contract: sroi.Contract, records: list[ItemRecord], as_of: dt.date) -> ContractState:
    registration = RegisterContract(recorded_on=WINDOW.first, role=Role.BUYER, contract=contract)
    return ContractState(as_of, registration, contract, items=tuple(records))


@st.composite
def planning_cases(draw: st.DrawFn) -> tuple[sroi.RuleSet, ContractState, dt.date]:
    """A rule set, a contract's state with a few items, and a report day inside the term."""
    rules = draw(sst.rule_sets(minimum_hours=None))
    contract = draw(
        sst.contracts(rules, within=WINDOW, values=sst.amounts(Decimal(1000), Decimal(2_000_000)))
    )
    items = draw(
        st.lists(
            st.one_of(
                sst.placements(rules, within=WINDOW),
                sst.purchases(rules, within=WINDOW),
                sst.projects(rules, within=WINDOW),
            ),
            max_size=3,
        )
    )
    statuses = draw(
        st.lists(st.sampled_from(ReviewStatus), min_size=len(items), max_size=len(items))
    )
    records = [
        ItemRecord(f"X{index}", ROUTES[type(item)], status, item, WINDOW.first)
        for index, (item, status) in enumerate(zip(items, statuses, strict=True))
    ]
    at = draw(sst.dates(contract.term.first, contract.term.last))
    return rules, _state(contract, records, WINDOW.last), at


def _with(
    option: Option,
    items: tuple[sroi.Placement | sroi.SocialPurchase | sroi.SrProject, ...],
    source: ContractState,
    taken: WhatItTakes,
    rules: sroi.RuleSet,
) -> Decimal:
    """The forecast at the target day with ``items`` added by a what-if."""
    planned = what_if(source, add=items, at=taken.report.at, rules=rules, warn=False)
    return _forecast_through(planned.report, taken.target_date)


def _one_less(option: Option) -> tuple[sroi.Placement | sroi.SocialPurchase | sroi.SrProject, ...]:
    """The option's items with one unit less effort (or starting one day later)."""
    first = option.items[0]
    if option.effort is Effort.FULL_TIME_PLACEMENTS:
        return option.items[1:]
    if option.effort is Effort.HOURS_PER_WEEK:
        assert isinstance(first, sroi.Placement)
        return (attrs.evolve(first, hours_per_week=first.hours_per_week - 1),)
    if option.effort is Effort.LATEST_START:
        assert isinstance(first, sroi.Placement)
        later = first.period.first + dt.timedelta(days=1)
        return (attrs.evolve(first, period=sroi.Period(later, first.period.last)),)
    if option.effort is Effort.INVOICE_AMOUNT:
        assert isinstance(first, sroi.SocialPurchase)
        return (attrs.evolve(first, amount_excl_vat=first.amount_excl_vat - Decimal("0.01")),)
    assert isinstance(first, sroi.SrProject)
    assert first.hours is not None
    return (attrs.evolve(first, hours=first.hours - 1),)


def _can_go_lower(option: Option, target_date: dt.date) -> bool:
    if option.effort is Effort.LATEST_START:
        assert option.start is not None
        return option.start < target_date
    assert option.quantity is not None
    return option.quantity > 0


@settings(max_examples=12)  # each example values every option of every block
@given(planning_cases())
def test_adding_exactly_the_proposed_effort_reaches_the_target_and_one_unit_less_does_not(
    case: tuple[sroi.RuleSet, ContractState, dt.date],
) -> None:
    rules, source, at = case
    taken = what_it_takes(source, at=at, rules=rules, warn=False)
    assert taken.gap == max(Decimal(0), taken.target - taken.forecast)
    assert taken.forecast == _forecast_through(taken.report, taken.target_date)
    if taken.on_track:
        assert taken.options == ()
        return
    for option in taken.options:
        if not option.closes:
            assert option.items == ()
            assert option.gives < taken.gap or option.gives == 0
            continue
        reached = _with(option, option.items, source, taken, rules)
        assert reached >= taken.target, option.text_en
        assert reached - taken.forecast == option.gives or (
            option.effort is Effort.FULL_TIME_PLACEMENTS
        )
        if _can_go_lower(option, taken.target_date):
            short = _with(option, _one_less(option), source, taken, rules)
            assert short < taken.target, f"one unit less still closes: {option.text_en}"


@settings(max_examples=25)
@given(planning_cases(), st.data())
def test_what_if_adds_planned_items_as_pending_and_never_changes_what_is_realised(
    case: tuple[sroi.RuleSet, ContractState, dt.date], data: st.DataObject
) -> None:
    rules, source, at = case
    added = data.draw(st.lists(sst.placements(rules, within=WINDOW), max_size=3))
    planned = what_if(source, add=added, at=at, rules=rules, warn=False)
    before = sroi.fulfilment_report(
        source.contract, source.items, rules, at=at, as_of=WINDOW.last, warn=False
    )
    assert planned.baseline == before
    assert planned.report.totals.realised == before.totals.realised
    assert planned.planned == tuple(f"plan-{n}" for n in range(1, len(added) + 1))
    assert all(planned.is_planned(item_id) for item_id in planned.planned)
    extra = sum((planned.report.line(i).amounts.forecast for i in planned.planned), Decimal(0))
    assert planned.forecast_difference == extra
    assert source.items == tuple(source.items)  # the state is a frozen value: unchanged


def test_what_if_never_changes_the_stored_history() -> None:
    history = _history("MG-2024-014")
    events = history.events
    day = dt.date(2025, 3, 1)
    before = sroi.report(history, at=day, as_of=day, warn=False)
    placement = state(history, as_of=day).items[0]
    planned = what_if(
        history,
        add=[
            sroi.Placement(
                sroi.Candidate("A.B.", "ww-lt1", dt.date(1980, 1, 1)),
                sroi.PlacementKind.JOB,
                "ww-lt1",
                sroi.Period(dt.date(2025, 4, 1), dt.date(2025, 12, 31)),
                Decimal(36),
            )
        ],
        change=[
            ReportEarlyExit(
                recorded_on=day,
                role=Role.CONTRACTOR,
                item_id=placement.item_id,
                exit_date=placement.item.period.first + dt.timedelta(days=40),
            )
        ],
        at=day,
        as_of=day,
        warn=False,
    )
    assert history.events is events
    assert sroi.report(history, at=day, as_of=day, warn=False) == before
    assert planned.baseline == before
    assert planned.changed == (placement.item_id,)
    assert planned.report.line("plan-1").status is ReviewStatus.PROPOSED
    assert planned.report.totals.forecast != before.totals.forecast


def test_a_planned_extension_and_more_hours_raise_the_forecast() -> None:
    history = _history("MG-2024-022")
    day = dt.date(2025, 1, 15)
    known = state(history, as_of=day)
    record = next(r for r in known.items if r.route is sroi.Route.CANDIDATE and r.status.counts)
    placement = record.placement
    more_hours = CorrectPlacement(
        recorded_on=day,
        role=Role.CONTRACTOR,
        item_id=record.item_id,
        hours_per_week=placement.hours_per_week + 4,
    )
    longer = ExtendPlacement(
        recorded_on=day,
        role=Role.CONTRACTOR,
        item_id=record.item_id,
        new_last=placement.period.last + dt.timedelta(days=90),
    )
    planned = what_if(history, change=[more_hours, longer], at=day, as_of=day, warn=False)
    assert planned.changed == (record.item_id,)
    assert planned.forecast_difference >= 0
    changed = planned.report.line(record.item_id).item
    assert isinstance(changed, sroi.Placement)
    assert changed.hours_per_week == placement.hours_per_week + 4
    assert changed.period.last == placement.period.last + dt.timedelta(days=90)


def test_a_change_for_an_unknown_item_names_the_items_that_exist() -> None:
    history = _history("MG-2024-022")
    day = dt.date(2025, 1, 15)
    exit_ = ReportEarlyExit(recorded_on=day, role=Role.CONTRACTOR, item_id="P99", exit_date=day)
    with pytest.raises(sroi.UnknownItemError, match="P1"):
        what_if(history, change=[exit_], at=day, as_of=day, warn=False)


def test_what_if_refuses_something_that_is_not_an_item() -> None:
    history = _history("MG-2024-022")
    with pytest.raises(sroi.InvalidValueError, match=r"add\[0\]"):
        what_if(history, add=["P1"], at=dt.date(2025, 1, 15), as_of=dt.date(2025, 1, 15))  # type: ignore[list-item]


def test_a_target_that_is_no_measurement_moment_lists_the_moments() -> None:
    history = _history("MG-2024-022")
    day = dt.date(2025, 1, 15)
    with pytest.raises(sroi.InvalidValueError, match="measurement moment"):
        what_it_takes(history, target=dt.date(2025, 2, 1), at=day, as_of=day, warn=False)


def test_an_option_that_cannot_close_the_gap_in_time_says_what_it_would_give() -> None:
    history = _history("MG-2024-014")
    day = dt.date(2025, 11, 1)
    taken = what_it_takes(history, at=day, as_of=day, warn=False)
    option = taken.option("ww-lt1", Effort.HOURS_PER_WEEK)
    assert not option.closes
    assert option.text_en.startswith(
        f"even a full-time placement in ww-lt1 from {day.isoformat()} gives €"
    )
    assert f"by {taken.target_date.isoformat()}" in option.text_en
    assert "zelfs een voltijdplaatsing" in option.text_nl
    assert taken.explain().recompute() == taken.gap


def test_each_option_explains_its_proposed_item_and_the_chain_recomputes_it() -> None:
    history = _history("MG-2024-014")
    day = dt.date(2025, 6, 1)
    taken = what_it_takes(history, at=day, as_of=day, warn=False)
    explained = 0
    for option in taken.options:
        if option.valuation is None:
            with pytest.raises(sroi.InvalidValueError, match="valued item"):
                taken.explain_option(option)
            continue
        chain = taken.explain_option(option)
        assert chain.recompute() == option.valuation.amount
        if option.closes and option.quantity is not None and option.route is sroi.Route.CANDIDATE:
            count = option.quantity if option.effort is Effort.FULL_TIME_PLACEMENTS else 1
            assert chain.amount * count == option.gives
        explained += 1
    assert explained > 10


@settings(max_examples=20)
@given(st.data())
def test_no_what_if_changes_an_example_history_or_its_report(data: st.DataObject) -> None:
    portfolio = sroi.load_portfolio(EXAMPLES / "noord-holland.json")
    history = data.draw(st.sampled_from(portfolio.contracts))
    term = history.latest().contract.term
    day = data.draw(sst.dates(max(term.first, history.latest().last_recorded_on), term.last))
    events = history.events
    before = sroi.report(history, at=day, as_of=day, warn=False)
    placements = [
        record
        for record in state(history, as_of=day).items
        if record.route is sroi.Route.CANDIDATE and record.item.exit_date is None
    ]
    changes = []
    if placements:
        record = data.draw(st.sampled_from(placements))
        period = record.item.period
        # an exit may not come before a bonus already granted (the model refuses it)
        earliest = max([period.first, *(grant.granted_on for grant in record.item.bonuses)])
        if earliest < period.last:
            exit_day = data.draw(sst.dates(earliest, period.last - dt.timedelta(days=1)))
            changes.append(
                ReportEarlyExit(
                    recorded_on=day,
                    role=Role.CONTRACTOR,
                    item_id=record.item_id,
                    exit_date=exit_day,
                )
            )
    rules = before.rules
    added = data.draw(st.lists(sst.placements(rules, within=term), max_size=2))
    planned = what_if(history, add=added, change=changes, at=day, as_of=day, warn=False)
    assert history.events is events
    assert sroi.report(history, at=day, as_of=day, warn=False) == before
    assert planned.baseline == before
    assert planned.report.totals.realised <= before.totals.realised


def test_a_planned_change_that_does_not_fit_is_refused_and_names_the_change() -> None:
    history = _history("MG-2024-022")
    day = dt.date(2025, 1, 15)
    record = state(history, as_of=day).items[0]
    too_late = ReportEarlyExit(
        recorded_on=day,
        role=Role.CONTRACTOR,
        item_id=record.item_id,
        exit_date=record.item.period.last + dt.timedelta(days=10),
    )
    with pytest.raises(sroi.LifecycleError) as raised:
        what_if(history, change=[too_late], at=day, as_of=day, warn=False)
    assert f"in change[0] (ReportEarlyExit of {record.item_id})" in raised.value.__notes__


def test_a_block_worth_a_few_cents_proposes_no_more_than_the_bound_of_placements() -> None:
    """A typo in a rule table (0.10 a year instead of 10,000) must not build millions of items."""
    history = _history("MG-2024-014")
    day = dt.date(2025, 6, 1)
    rules = sroi.rules_for(history.registration.contract)
    tiny = attrs.evolve(rules.blocks["ww-lt1"], value=Decimal("0.10"))
    rules = attrs.evolve(rules, blocks={**rules.blocks, "ww-lt1": tiny})
    taken = what_it_takes(history, at=day, as_of=day, rules=rules, warn=False)
    assert taken.gap > Decimal("0.10") * MAX_PLACEMENTS
    option = taken.option("ww-lt1", Effort.FULL_TIME_PLACEMENTS)
    assert not option.closes
    assert option.items == ()
    assert option.gives < taken.gap
    assert f"more than {MAX_PLACEMENTS}" in option.text_en
    assert f"meer dan {MAX_PLACEMENTS}" in option.text_nl
    closing = [o for o in taken.options if o.effort is Effort.FULL_TIME_PLACEMENTS and o.closes]
    assert all(o.quantity is not None and o.quantity <= MAX_PLACEMENTS for o in closing)
