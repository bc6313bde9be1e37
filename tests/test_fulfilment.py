"""Fulfilment reports: what counts, measurement-moment status, consolidation and the adapter."""

from __future__ import annotations

import datetime as dt
import pathlib
from decimal import Decimal

import attrs
import pytest

import sroi
from sroi.fulfilment import MomentState, Standing, fulfilment_report, standing_of
from sroi.lifecycle import (
    AmendContract,
    Approve,
    ItemRecord,
    ProposePlacement,
    ProposePurchase,
    Reject,
    RequestChanges,
    ReviewStatus,
    Role,
    apply_all,
    register,
    state,
)

D = dt.date
VERIFIED = sroi.Provenance("sroi test table", sroi.Status.VERIFIED)
TERM = sroi.Period(D(2024, 1, 1), D(2024, 12, 31))


def make_rules() -> sroi.RuleSet:
    """Verified rules: an annual block of 12,000 (1,000 a month at full time), a 100% purchase."""
    blocks = [
        sroi.BuildingBlock("pw", "Participatiewet", "Social assistance", sroi.Route.CANDIDATE,
                           sroi.Unit.PER_YEAR_FULL_TIME, Decimal(12000), VERIFIED),
        sroi.BuildingBlock("sw", "SW-bedrijf", "Sheltered company", sroi.Route.PURCHASE,
                           sroi.Unit.SHARE_OF_INVOICE, Decimal(1), VERIFIED),
    ]  # fmt: skip
    exemption = sroi.ObligationAdjustment(
        "pso-30", "PSO 30+", "PSO 30+", sroi.AdjustmentKind.EXEMPTION, Decimal(1), VERIFIED
    )
    return sroi.RuleSet.build(
        "test",
        "T1",
        D(2020, 1, 1),
        blocks=blocks,
        adjustments=[exemption],
        full_time_hours=sroi.Parameter(Decimal(36), VERIFIED),
        sr_percentage=sroi.Parameter(Decimal(5), VERIFIED),
    )


RULES = make_rules()


def contract(value: str = "240000", number: str = "C-1", **changes: object) -> sroi.Contract:
    """A one-year contract; 5% of 240,000 is an obligation of 12,000 (3,000 per quarter)."""
    base = sroi.Contract(
        number,
        "Schoonmaak",
        TERM,
        sroi.Organisation("Schoon BV"),
        value_excl_vat=Decimal(value),
        sr_percentage=Decimal(5),
        buyer=sroi.Organisation("Gemeente Test"),
        region="test",
    )
    return attrs.evolve(base, **changes)


def placement(first: D, last: D, hours: str = "36", initials: str = "J.P.") -> sroi.Placement:
    """A placement on the 12,000 a year block: 1,000 per whole month at full time."""
    return sroi.Placement(
        sroi.Candidate(initials, "participatiewet", D(1990, 1, 1)),
        sroi.PlacementKind.JOB,
        "pw",
        sroi.Period(first, last),
        Decimal(hours),
    )


def purchase(day: D, amount: str) -> sroi.SocialPurchase:
    """A purchase at a sheltered company, counting 100% on its invoice date."""
    return sroi.SocialPurchase(sroi.Organisation("Werkbedrijf"), "sw", day, Decimal(amount))


def record(
    item_id: str,
    status: ReviewStatus,
    item: sroi.Placement | sroi.SocialPurchase | sroi.SrProject,
    proposed_on: D = TERM.first,
) -> ItemRecord:
    """An item as the lifecycle's state holds it."""
    route = sroi.Route.CANDIDATE if isinstance(item, sroi.Placement) else sroi.Route.PURCHASE
    return ItemRecord(item_id, route, status, item, proposed_on)


def at(day: D, *records: ItemRecord, **options: object) -> sroi.FulfilmentReport:
    """The report of the standard contract on ``day``, as known that day."""
    chosen = options.pop("contract", None) or contract()
    return fulfilment_report(chosen, records, RULES, at=day, as_of=day, **options)  # type: ignore[arg-type]


# --- what counts ------------------------------------------------------------------------------


def test_only_approved_items_are_realised_and_only_proposed_ones_are_pending() -> None:
    report = at(
        D(2024, 6, 30),
        record("S1", ReviewStatus.APPROVED, purchase(D(2024, 2, 1), "1000")),
        record("S2", ReviewStatus.PROPOSED, purchase(D(2024, 3, 1), "200")),
        record("S3", ReviewStatus.REJECTED, purchase(D(2024, 3, 1), "30")),
        record("S4", ReviewStatus.WITHDRAWN, purchase(D(2024, 3, 1), "4")),
        record("S5", ReviewStatus.CHANGES_REQUESTED, purchase(D(2024, 3, 1), "0.50")),
    )
    assert report.totals == sroi.Amounts(Decimal(1000), Decimal(200), Decimal(1200))
    assert [line.standing for line in report.lines] == [
        Standing.APPROVED,
        Standing.PENDING,
        Standing.NOT_COUNTED,
        Standing.NOT_COUNTED,
        Standing.NOT_COUNTED,
    ]
    assert report.line("S3").forecast is None


def test_an_item_sent_back_for_changes_is_reviewed_so_it_is_not_pending() -> None:
    assert standing_of(ReviewStatus.CHANGES_REQUESTED) is Standing.NOT_COUNTED
    with pytest.raises(sroi.InvalidValueError, match="ReviewStatus"):
        standing_of("approved")  # type: ignore[arg-type]


def test_realised_counts_through_the_report_date_and_forecast_the_whole_period() -> None:
    report = at(
        D(2024, 3, 31),
        record("P1", ReviewStatus.APPROVED, placement(D(2024, 1, 1), D(2024, 12, 31))),
    )
    line = report.line("P1")
    assert line.amounts == sroi.Amounts(Decimal(3000), Decimal(0), Decimal(12000))
    assert report.realised_percentage == Decimal("25.0")
    assert report.forecast_percentage == Decimal("100.0")
    assert report.remaining == Decimal(9000)
    assert report.remaining_after_forecast == Decimal(0)


def test_an_item_starting_after_the_report_date_realises_nothing_yet() -> None:
    report = at(
        D(2024, 3, 31),
        record("P1", ReviewStatus.APPROVED, placement(D(2024, 7, 1), D(2024, 12, 31))),
    )
    assert report.totals == sroi.Amounts(Decimal(0), Decimal(0), Decimal(6000))


def test_totals_are_sums_of_rounded_lines() -> None:
    # 10 hours: 1,000 x 10/36 = 277.777... a month; three placements of one month each
    # round to 277.78 apiece, so the total is 833.34 (not 833.33, the rounded exact sum).
    records = [
        record(f"P{n}", ReviewStatus.APPROVED, placement(D(2024, 1, 1), D(2024, 1, 31), "10"))
        for n in (1, 2, 3)
    ]
    report = at(D(2024, 12, 31), *records)
    assert report.totals.realised == Decimal("833.34")
    assert report.by_route[sroi.Route.CANDIDATE].realised == Decimal("833.34")
    assert report.by_block == {"pw": report.totals}


def test_two_items_with_the_same_id_are_refused() -> None:
    item = record("S1", ReviewStatus.APPROVED, purchase(D(2024, 2, 1), "1"))
    with pytest.raises(sroi.InvalidValueError, match=r"items\[1\]\.item_id"):
        at(D(2024, 2, 1), item, item)


def test_a_report_date_must_be_a_date() -> None:
    with pytest.raises(sroi.InvalidValueError, match="at"):
        fulfilment_report(contract(), [], RULES, at=dt.datetime(2024, 1, 1), as_of=D(2024, 1, 1))


def test_an_unknown_item_id_lists_the_known_ones() -> None:
    report = at(D(2024, 2, 1), record("S1", ReviewStatus.APPROVED, purchase(D(2024, 2, 1), "1")))
    with pytest.raises(sroi.InvalidValueError, match="S1"):
        report.line("S9")


def test_an_item_proposed_after_the_as_of_date_is_left_out() -> None:
    late = record("S1", ReviewStatus.APPROVED, purchase(D(2024, 2, 1), "1"), D(2024, 5, 1))
    report = fulfilment_report(contract(), [late], RULES, at=D(2024, 6, 1), as_of=D(2024, 4, 30))
    assert report.lines == ()
    later = fulfilment_report(contract(), [late], RULES, at=D(2024, 6, 1), as_of=D(2024, 5, 1))
    assert later.totals.realised == Decimal(1)


def test_the_obligation_uses_the_contract_value_in_force_on_the_report_date() -> None:
    def value_on(day: D) -> Decimal:
        return Decimal(240000) if day < D(2024, 7, 1) else Decimal(480000)

    before = at(D(2024, 6, 30), contract_value_on=value_on)
    after = at(D(2024, 7, 1), contract_value_on=value_on)
    assert before.obligation.amount == Decimal(12000)
    assert after.obligation.amount == Decimal(24000)
    # each moment's target uses the obligation on the moment's own date
    assert [m.target for m in after.moments] == [
        Decimal(3000),
        Decimal(12000),
        Decimal(18000),
        Decimal(24000),
    ]


def test_a_custom_obligation_function_is_used_for_every_date() -> None:
    def halved(chosen: sroi.Contract, rules: sroi.RuleSet) -> sroi.ObligationValuation:
        full = sroi.obligation(chosen, rules)
        return attrs.evolve(full, amount=full.amount / 2)

    report = at(D(2024, 6, 30), obligation_of=halved)
    assert report.obligation.amount == Decimal(6000)
    assert report.moments[-1].target == Decimal(6000)


# --- measurement moments ----------------------------------------------------------------------


def test_moments_fall_on_the_conventions_dates() -> None:
    report = at(D(2024, 12, 31))
    # N = 366: 25% -> day 92 (1 April), 50% -> day 183 (1 July), 75% -> day 275 (1 October)
    assert [m.date for m in report.moments] == [
        D(2024, 4, 1),
        D(2024, 7, 1),
        D(2024, 10, 1),
        D(2024, 12, 31),
    ]
    assert [m.target for m in report.moments] == [
        Decimal(3000),
        Decimal(6000),
        Decimal(9000),
        Decimal(12000),
    ]


def test_a_contractor_below_the_target_is_behind() -> None:
    report = at(
        D(2024, 4, 1), record("S1", ReviewStatus.APPROVED, purchase(D(2024, 2, 1), "2999.99"))
    )
    assert report.moments[0].state is MomentState.BEHIND
    assert report.moments[0].realised == Decimal("2999.99")


def test_reaching_the_target_exactly_is_on_track() -> None:
    report = at(D(2024, 4, 1), record("S1", ReviewStatus.APPROVED, purchase(D(2024, 2, 1), "3000")))
    assert report.moments[0].state is MomentState.ON_TRACK


def test_reaching_the_next_moments_target_is_ahead() -> None:
    report = at(D(2024, 4, 1), record("S1", ReviewStatus.APPROVED, purchase(D(2024, 2, 1), "6000")))
    assert report.moments[0].state is MomentState.AHEAD
    assert report.moments[0].next_target == Decimal(6000)


def test_meeting_the_whole_obligation_at_the_last_moment_is_on_track() -> None:
    report = at(
        D(2025, 1, 1), record("S1", ReviewStatus.APPROVED, purchase(D(2024, 2, 1), "12000"))
    )
    states = [m.state for m in report.moments]
    assert states == [MomentState.AHEAD] * 3 + [MomentState.ON_TRACK]


def test_the_last_agreed_moment_before_the_end_is_ahead_once_the_obligation_is_met() -> None:
    agreed = contract(measurement_fractions=(Decimal("0.5"),))
    report = at(
        D(2024, 7, 1),
        record("S1", ReviewStatus.APPROVED, purchase(D(2024, 2, 1), "12000")),
        contract=agreed,
    )
    assert len(report.moments) == 1
    assert report.moments[0].next_target == Decimal(12000)
    assert report.moments[0].state is MomentState.AHEAD


def test_pending_items_do_not_put_a_contractor_on_track() -> None:
    report = at(D(2024, 4, 1), record("S1", ReviewStatus.PROPOSED, purchase(D(2024, 2, 1), "3000")))
    moment = report.moments[0]
    assert moment.state is MomentState.BEHIND
    assert moment.forecast == Decimal(3000)


def test_moments_after_the_report_date_are_not_yet_reached() -> None:
    report = at(D(2024, 3, 31), record("S1", ReviewStatus.APPROVED, purchase(D(2024, 2, 1), "1")))
    assert all(m.state is MomentState.NOT_YET_REACHED for m in report.moments)
    assert all(m.realised is None and not m.reached for m in report.moments)
    assert report.last_reached_moment is None


def test_an_exempt_contract_is_on_track_at_every_reached_moment() -> None:
    exempt = contract(adjustments=("pso-30",))
    report = at(D(2024, 12, 31), contract=exempt)
    assert report.obligation.amount == 0
    assert {m.state for m in report.moments} == {MomentState.ON_TRACK}
    assert report.realised_percentage is None


# --- consolidation ----------------------------------------------------------------------------


def three_contracts() -> list[sroi.FulfilmentReport]:
    day = D(2024, 6, 30)
    other = sroi.Organisation("Groen BV")
    return [
        at(day, record("S1", ReviewStatus.APPROVED, purchase(D(2024, 2, 1), "1000"))),
        at(
            day,
            record("S1", ReviewStatus.PROPOSED, purchase(D(2024, 2, 1), "500")),
            contract=contract("100000", "C-2", contractor=other),
        ),
        at(
            day,
            record("P1", ReviewStatus.APPROVED, placement(D(2024, 1, 1), D(2024, 12, 31))),
            contract=contract("100000", "C-3", contractor=other, buyer=None),
        ),
    ]


def test_groups_by_contractor_add_up_their_contracts() -> None:
    consolidated = sroi.consolidate(three_contracts(), by="contractor")
    assert [g.key for g in consolidated.groups] == ["Groen BV", "Schoon BV"]
    green = consolidated.group("Groen BV")
    assert green.contracts == ("C-2", "C-3")
    assert green.obligation == Decimal(10000)
    assert green.amounts == sroi.Amounts(Decimal(6000), Decimal(500), Decimal(12500))
    assert green.realised_percentage == Decimal("60.0")
    assert consolidated.total.amounts == sroi.Amounts(Decimal(7000), Decimal(500), Decimal(13500))
    assert consolidated.total.obligation == Decimal(22000)


def test_groups_by_buyer_put_contracts_without_one_under_none() -> None:
    consolidated = sroi.consolidate(three_contracts(), by="buyer")
    assert [g.key for g in consolidated.groups] == ["(none)", "Gemeente Test"]


def test_groups_by_any_key_the_caller_gives() -> None:
    consolidated = sroi.consolidate(three_contracts(), by=lambda c: c.number[-1])
    assert [g.key for g in consolidated.groups] == ["1", "2", "3"]


def test_groups_count_where_contracts_stand_at_their_latest_moment() -> None:
    consolidated = sroi.consolidate(three_contracts(), by="region")
    group = consolidated.group("test")
    # on 2024-06-30 the latest reached moment is 1 April (targets 3,000 / 1,250 / 1,250)
    assert group.moments == sroi.MomentSummary(ahead=1, on_track=0, behind=2)
    assert group.behind == ("C-1", "C-2")


def test_an_unknown_grouping_key_is_refused() -> None:
    with pytest.raises(sroi.InvalidValueError, match="by"):
        sroi.consolidate(three_contracts(), by="colour")  # type: ignore[arg-type]


def test_reports_of_different_dates_or_repeated_contracts_are_refused_together() -> None:
    reports = three_contracts()
    reports.append(at(D(2024, 7, 1)))
    with pytest.raises(sroi.ValidationError) as caught:
        sroi.consolidate(reports)
    fields = [error.field for error in caught.value.errors]
    assert fields == ["reports[3].at", "reports[3].as_of", "reports[3].contract.number"]


def test_nothing_to_consolidate_is_refused() -> None:
    with pytest.raises(sroi.InvalidValueError, match="at least one"):
        sroi.consolidate([])


# --- the lifecycle adapter --------------------------------------------------------------------


def history() -> sroi.lifecycle.ContractHistory:
    """A contract with an approved placement, a rejected purchase and a later value increase."""
    events = [
        ProposePlacement(
            recorded_on=D(2024, 1, 10),
            role=Role.CONTRACTOR,
            placement=placement(D(2024, 2, 1), D(2024, 12, 31)),
        ),
        ProposePurchase(
            recorded_on=D(2024, 1, 10),
            role=Role.CONTRACTOR,
            purchase=purchase(D(2024, 1, 5), "750"),
        ),
        Approve(recorded_on=D(2024, 2, 15), role=Role.SR_COORDINATOR, item_id="P1"),
        RequestChanges(
            recorded_on=D(2024, 2, 15), role=Role.SR_COORDINATOR, item_id="S1", reason="factuur"
        ),
        Reject(recorded_on=D(2024, 3, 1), role=Role.SR_COORDINATOR, item_id="S1", reason="geen"),
        AmendContract(
            recorded_on=D(2024, 6, 20),
            role=Role.BUYER,
            effective_on=D(2024, 7, 1),
            value_excl_vat=Decimal(480000),
        ),
    ]
    registered = register(contract(), recorded_on=D(2023, 12, 1), role=Role.BUYER)
    return apply_all(registered, events, rules=RULES)


def test_the_adapter_reports_from_a_contract_history() -> None:
    report = sroi.report(history(), RULES, at=D(2024, 9, 30), as_of=D(2024, 9, 30))
    assert report.line("P1").amounts.realised == Decimal(8000)
    assert report.line("S1").standing is Standing.NOT_COUNTED
    assert report.obligation.amount == Decimal(24000)  # the amended value, in force from 1 July
    assert report.moments[0].target == Decimal(3000)  # 1 April: the old value
    assert report.moments[1].target == Decimal(12000)  # 1 July: the new value


def test_the_adapter_as_known_before_the_approval_counts_the_placement_as_pending() -> None:
    report = sroi.report(history(), RULES, at=D(2024, 2, 29), as_of=D(2024, 2, 14))
    assert report.line("P1").standing is Standing.PENDING
    assert report.line("S1").standing is Standing.PENDING  # not yet sent back on 14 February
    assert report.totals.pending == Decimal(1750)
    assert report.totals.realised == 0


def test_the_adapter_as_known_before_the_amendment_keeps_the_old_obligation() -> None:
    report = sroi.report(history(), RULES, at=D(2024, 9, 30), as_of=D(2024, 6, 19))
    assert report.obligation.amount == Decimal(12000)


def test_the_adapter_takes_a_state_and_refuses_another_as_of_date() -> None:
    known = state(history(), as_of=D(2024, 3, 1))
    report = sroi.report(known, RULES, at=D(2024, 3, 31))
    assert report.as_of == D(2024, 3, 1)
    assert report.totals.realised == Decimal(2000)
    with pytest.raises(sroi.InvalidValueError, match="as_of"):
        sroi.report(known, RULES, at=D(2024, 3, 31), as_of=D(2024, 4, 1))


def test_the_adapter_refuses_anything_else() -> None:
    with pytest.raises(sroi.InvalidValueError, match="source"):
        sroi.report(contract(), RULES)  # type: ignore[arg-type]


# --- the adapter from a history and a registry -------------------------------------------------


class _RecordingRegistry:
    """The installed registry, noting which of its look-ups the adapter asks for."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self._real = sroi.registry.default()

    def rules_for(self, contract: sroi.Contract, region: str | None = None) -> sroi.RuleSet:
        self.asked.append("rules_for")
        return self._real.rules_for(contract, region)

    def obligation(
        self, contract: sroi.Contract, rules: sroi.RuleSet | None = None, *, warn: bool = True
    ) -> sroi.ObligationValuation:
        self.asked.append("obligation")
        return self._real.obligation(contract, rules, warn=warn)


def test_the_report_adapter_looks_rules_and_obligation_up_in_the_registry_it_is_given() -> None:
    examples = pathlib.Path(__file__).resolve().parent.parent / "examples"
    history = sroi.load_portfolio(examples / "midden-gelderland.json").contracts[0]
    day = dt.date(2025, 6, 30)
    recording = _RecordingRegistry()
    given = sroi.report(history, at=day, as_of=day, warn=False, registry=recording)  # type: ignore[arg-type]
    assert recording.asked[0] == "rules_for"
    assert "obligation" in recording.asked
    assert given == sroi.report(history, at=day, as_of=day, warn=False)
    # with the rules given, nothing is looked up and the plain obligation is used
    recording.asked.clear()
    sroi.report(history, given.rules, at=day, as_of=day, warn=False, registry=recording)  # type: ignore[arg-type]
    assert recording.asked == []
