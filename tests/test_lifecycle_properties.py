"""Properties of random event sequences: values stay within caps, replay is exact, as-of is stable.

Each example plays a random session on one contract: proposals, reviews, extensions, exits,
bonuses, corrections, edits. Many of the events drawn do not fit (an extension that shortens, an
exit outside the placement, a review from the wrong status); those must be refused and leave the
history exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

import sroi
from sroi.lifecycle import (
    ApplyBonus,
    Approve,
    ContractHistory,
    CorrectPlacement,
    EditCandidate,
    Event,
    ExtendPlacement,
    ProposePlacement,
    ProposePurchase,
    Reject,
    ReportEarlyExit,
    RequestChanges,
    Resubmit,
    Role,
    Withdraw,
    apply,
    register,
    state,
)
from sroi.period import add_months

D = dt.date
OK = sroi.Provenance("test table", sroi.Status.VERIFIED)


def _block(
    code: str, unit: sroi.Unit, value: int, months: int | None, *bonuses: str
) -> sroi.BuildingBlock:
    return sroi.BuildingBlock(
        code,
        code,
        code,
        sroi.Route.CANDIDATE,
        unit,
        Decimal(value),
        OK,
        max_months=months,
        bonuses=bonuses,
    )


RULES = sroi.RuleSet.build(
    "test-region",
    "1",
    D(2020, 1, 1),
    blocks=[
        _block(
            "pw",
            sroi.Unit.PER_YEAR_FULL_TIME,
            30000,
            24,
            "age-50",
            "permanent-contract",
            "statushouder",
        ),
        _block("ww", sroi.Unit.PER_YEAR_FULL_TIME, 10000, 12),
        _block("wep", sroi.Unit.PER_MONTH, 750, 6, "permanent-contract"),
        _block("bol", sroi.Unit.PER_PERIOD, 5000, 6, "permanent-contract"),
        _block("vso", sroi.Unit.ONE_OFF, 25000, None, "permanent-contract"),
        sroi.BuildingBlock(
            "sw", "SW", "SW", sroi.Route.PURCHASE, sroi.Unit.SHARE_OF_INVOICE, Decimal(1), OK
        ),
    ],
    bonuses=[
        sroi.Bonus("age-50", "50+", "50+", sroi.BonusKind.AGE, Decimal(5000), OK, 50),
        sroi.Bonus(
            "permanent-contract", "Vast", "Vast", sroi.BonusKind.ONE_OFF, Decimal(10000), OK
        ),
        sroi.Bonus("statushouder", "Status", "Status", sroi.BonusKind.ANNUAL, Decimal(5000), OK),
    ],
    full_time_hours=sroi.Parameter(Decimal(36), OK),
)
BLOCKS = sorted(code for code, block in RULES.blocks.items() if block.route is sroi.Route.CANDIDATE)
CONTRACT = sroi.Contract(
    "C-9",
    "Facilities",
    sroi.Period(D(2024, 1, 1), D(2027, 12, 31)),
    sroi.Organisation("Facilitair B.V.", kvk="12345678"),
    value_excl_vat=Decimal(1_000_000),
    region="test-region",
)
START = D(2024, 1, 1)


def upper_bound(placement: sroi.Placement) -> Fraction:
    """The most a placement can be worth: its block and bonuses at full time over its cap window.

    Exact: a cap of N months counts exactly N placement months (the conventions), so the bound is
    computed in whole months, in fractions, independently of the engine.
    """
    block = RULES.block(placement.block)
    one_offs = sum(
        (
            RULES.bonus(g.code).value
            for g in placement.bonuses
            if RULES.bonus(g.code).kind is sroi.BonusKind.ONE_OFF
        ),
        Decimal(0),
    )
    if block.unit in (sroi.Unit.PER_PERIOD, sroi.Unit.ONE_OFF):
        return Fraction(block.value + one_offs)
    assert block.max_months is not None
    months = block.max_months
    if block.unit is sroi.Unit.PER_MONTH:
        return Fraction(block.value) * months + Fraction(one_offs)
    annual = block.value + sum(
        (
            RULES.bonus(code).value
            for code in block.bonuses
            if RULES.bonus(code).kind is not sroi.BonusKind.ONE_OFF
        ),
        Decimal(0),
    )
    return Fraction(annual) * months / 12 + Fraction(one_offs)


def _born(data: st.DataObject, first: dt.date, youngest: int = 15, oldest: int = 75) -> dt.date:
    """A birth date giving an age from ``youngest`` to ``oldest`` on ``first``."""
    age = data.draw(st.integers(youngest, oldest), label="age")
    return add_months(first, -12 * age) - dt.timedelta(days=data.draw(st.integers(0, 360)))


def _candidate(data: st.DataObject, first: dt.date) -> sroi.Candidate:
    return sroi.Candidate("A.B.", "pw", _born(data, first))


def _placement(data: st.DataObject) -> sroi.Placement:
    first = START + dt.timedelta(days=data.draw(st.integers(0, 900), label="start"))
    months = data.draw(st.integers(1, 36), label="months")
    return sroi.Placement(
        _candidate(data, first),
        data.draw(st.sampled_from(list(sroi.PlacementKind))),
        data.draw(st.sampled_from(BLOCKS), label="block"),
        sroi.Period.from_months(first, months),
        Decimal(data.draw(st.integers(0, 48), label="hours")),
    )


def _near(data: st.DataObject, day: dt.date) -> dt.date:
    return day + dt.timedelta(days=data.draw(st.integers(-60, 400), label="offset"))


def _draw_event(data: st.DataObject, history: ContractHistory, day: dt.date) -> Event:
    known = state(history)
    ids = [record.item_id for record in known.items]
    placements = [r.item_id for r in known.items if r.route is sroi.Route.CANDIDATE]
    contractor: dict[str, Any] = {"recorded_on": day, "role": Role.CONTRACTOR}
    coordinator: dict[str, Any] = {"recorded_on": day, "role": Role.SR_COORDINATOR}
    choices = ["propose"]
    if ids:
        choices += ["approve", "approve", "reject", "request", "resubmit", "withdraw"]
    if placements:
        choices += ["extend", "exit", "bonus", "correct", "edit"]
    choice = data.draw(st.sampled_from(choices), label="event")
    if choice == "propose":
        if data.draw(st.integers(0, 4)) == 0:
            purchase = sroi.SocialPurchase(
                sroi.Organisation("Werkbedrijf"), "sw", _near(data, START), Decimal(1000)
            )
            return ProposePurchase(**contractor, purchase=purchase)
        return ProposePlacement(**contractor, placement=_placement(data))
    if choice in ("approve", "reject", "request", "resubmit", "withdraw"):
        item_id = data.draw(st.sampled_from(ids), label="item")
        if choice == "approve":
            return Approve(**coordinator, item_id=item_id)
        if choice == "reject":
            return Reject(**coordinator, item_id=item_id, reason="Does not fit the plan.")
        if choice == "request":
            return RequestChanges(**coordinator, item_id=item_id, reason="Check the hours.")
        if choice == "resubmit":
            return Resubmit(**contractor, item_id=item_id)
        return Withdraw(**contractor, item_id=item_id)
    item_id = data.draw(st.sampled_from(placements), label="placement")
    placement = known.placement(item_id)
    if choice == "extend":
        return ExtendPlacement(
            **contractor, item_id=item_id, new_last=_near(data, placement.period.last)
        )
    if choice == "exit":
        return ReportEarlyExit(
            **contractor, item_id=item_id, exit_date=_near(data, placement.period.first)
        )
    if choice == "bonus":
        code = data.draw(st.sampled_from(["permanent-contract", "statushouder", "age-50"]))
        return ApplyBonus(
            **contractor, item_id=item_id, code=code, granted_on=_near(data, placement.period.first)
        )
    if choice == "edit":
        return EditCandidate(
            **contractor,
            item_id=item_id,
            birth_date=_born(data, placement.period.first, 10, 80),
        )
    first = _near(data, placement.period.first)
    return CorrectPlacement(
        **contractor,
        item_id=item_id,
        hours_per_week=Decimal(data.draw(st.integers(0, 48), label="hours")),
        period=sroi.Period(first, add_months(first, data.draw(st.integers(1, 30)))),
    )


def _session(data: st.DataObject) -> ContractHistory:
    """Play a random session: every event either fits and is recorded, or is refused unchanged."""
    history = register(CONTRACT, recorded_on=D(2023, 12, 1))
    day = D(2023, 12, 1)
    for _ in range(data.draw(st.integers(1, 25), label="length")):
        day += dt.timedelta(days=data.draw(st.integers(0, 45), label="gap"))
        event = _draw_event(data, history, day)
        before = state(history)
        try:
            history = apply(history, event, rules=RULES)
        except (sroi.InvalidValueError, LookupError):
            assert state(history) == before
            assert history.events == before.events
    return history


@given(st.data())
def test_random_valid_sessions_never_give_a_negative_or_out_of_cap_value(
    data: st.DataObject,
) -> None:
    known = state(_session(data))
    for record in known.items:
        valuation = sroi.value_item(record.item, RULES)
        assert valuation.amount >= 0
        if isinstance(record.item, sroi.Placement):
            bound = upper_bound(record.item)
            assert valuation.exact <= bound
            assert valuation.amount <= sroi.round_cents(bound)
            if valuation.counted is not None and valuation.cap_window is not None:
                assert valuation.counted.first >= valuation.cap_window.first
                assert valuation.counted.last <= valuation.cap_window.last
                assert valuation.counted.last <= record.item.active_period.last


@given(st.data())
def test_replaying_a_history_gives_the_same_state_every_time(data: st.DataObject) -> None:
    history = _session(data)
    rebuilt = ContractHistory(history.registration, history.events)
    assert state(rebuilt) == state(history)
    assert rebuilt == history
    day = data.draw(
        st.sampled_from(
            [history.registration.recorded_on, *(e.recorded_on for e in history.events)]
        )
    )
    assert state(rebuilt, as_of=day) == state(history, as_of=day)


@given(st.data())
def test_as_of_a_day_before_an_event_the_event_is_ignored(data: st.DataObject) -> None:
    history = _session(data)
    days = sorted({e.recorded_on for e in history.events})
    if not days:
        return
    cut = data.draw(st.sampled_from(days), label="cut") - dt.timedelta(days=1)
    cut = max(cut, history.registration.recorded_on)
    known = tuple(e for e in history.events if e.recorded_on <= cut)
    as_of = state(history, as_of=cut)
    assert as_of.events == known
    assert as_of == state(ContractHistory(history.registration, known), as_of=cut)
    # A later event changes nothing known on that day.
    assert all(event.recorded_on > cut for event in history.events[len(known) :])


@given(st.data())
def test_a_refused_event_leaves_the_history_unchanged(data: st.DataObject) -> None:
    history = _session(data)
    known = state(history)
    day = known.last_recorded_on
    event = _draw_event(data, history, day)
    try:
        result = apply(history, event, rules=RULES)
    except (sroi.InvalidValueError, LookupError):
        assert state(history) == known
    else:
        assert result.events == (*history.events, event)
        assert state(result, as_of=day).events[-1] == event
    assert history.events == known.events


def test_the_bound_used_above_is_reached_by_a_full_time_placement_over_the_cap() -> None:
    placement = sroi.Placement(
        sroi.Candidate("A.B.", "pw", D(1970, 1, 1)),
        sroi.PlacementKind.JOB,
        "pw",
        sroi.Period(D(2024, 1, 1), D(2026, 12, 31)),
        Decimal(36),
        bonuses=(sroi.BonusGrant("permanent-contract", D(2024, 6, 1)),),
    )
    assert sroi.value_item(placement, RULES).amount == Decimal(30000 * 2 + 5000 * 2 + 10000)
    assert upper_bound(placement) == Decimal(30000 * 2 + 5000 * 2 + 5000 * 2 + 10000)
    six_months = sroi.Placement(
        placement.candidate,
        sroi.PlacementKind.WORK_EXPERIENCE,
        "wep",
        sroi.Period(D(2024, 3, 2), D(2024, 9, 1)),
        Decimal(36),
    )
    # six placement months from 2 March: exactly 6 × € 750 (calendar months gave € 4.500,81)
    assert sroi.value_item(six_months, RULES).amount == Decimal("4500.00")
    assert sroi.value_item(six_months, RULES).exact == upper_bound(six_months) == 4500
    with_status = attrs.evolve(
        placement, bonuses=(*placement.bonuses, sroi.BonusGrant("statushouder", D(2024, 1, 1)))
    )
    assert sroi.value_item(with_status, RULES).amount == upper_bound(with_status)


def _outcome(run: Any) -> tuple[type[Exception], str] | None:
    try:
        run()
    except sroi.SroiError as error:
        return type(error), str(error)
    return None


@given(st.data())
def test_proposing_checks_codes_exactly_as_valuing_does(data: st.DataObject) -> None:
    """Recording an item checks its codes without valuing it, yet refuses what valuing refuses.

    Codes are drawn from every block and bonus of the rules, of the wrong route too, and from
    codes the rules do not know; the error (kind and text) must be the one valuing gives.
    """
    placement = _placement(data)
    active = placement.active_period
    codes = st.sampled_from([*sorted(RULES.bonuses), "unknown-bonus"])
    grants = data.draw(st.lists(codes, max_size=3))
    placement = attrs.evolve(
        placement,
        block=data.draw(st.sampled_from([*sorted(RULES.blocks), "unknown-block"])),
        bonuses=tuple(sroi.BonusGrant(code, active.first) for code in grants),
    )
    history = register(CONTRACT, recorded_on=START)
    event = ProposePlacement(recorded_on=START, role=Role.CONTRACTOR, placement=placement)
    expected = _outcome(lambda: sroi.value_item(placement, RULES, warn=False))
    assert _outcome(lambda: apply(history, event, rules=RULES)) == expected
