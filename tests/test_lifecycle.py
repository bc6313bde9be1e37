"""Contract lifecycle: every event is checked against the history so far, or refused unchanged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import pytest

import sroi
from sroi.evidence import EvidenceItem, EvidenceKind
from sroi.lifecycle import (
    AddAttachment,
    AddContact,
    AgreePlan,
    AmendContract,
    ApplyBonus,
    Approve,
    Attachment,
    ContactPerson,
    ContractHistory,
    CorrectPlacement,
    CorrectProject,
    EditCandidate,
    Event,
    ExtendPlacement,
    ItemEvent,
    ProposePlacement,
    ProposeProject,
    ProposePurchase,
    RecordEvidence,
    RegisterContract,
    Reject,
    ReportEarlyExit,
    RequestChanges,
    Resubmit,
    ReviewStatus,
    Role,
    Withdraw,
    apply,
    apply_all,
    register,
    state,
)

D = dt.date
OK = sroi.Provenance("test table", sroi.Status.VERIFIED)
FIRST, LAST = D(2024, 3, 1), D(2025, 2, 28)
RULES = sroi.RuleSet.build(
    "test-region",
    "1",
    D(2020, 1, 1),
    blocks=[
        sroi.BuildingBlock(
            "pw",
            "Participatiewet",
            "Social assistance",
            sroi.Route.CANDIDATE,
            sroi.Unit.PER_YEAR_FULL_TIME,
            Decimal(30000),
            OK,
            max_months=24,
            bonuses=("age-50", "permanent-contract"),
        ),
        sroi.BuildingBlock(
            "ww",
            "WW",
            "Unemployment benefit",
            sroi.Route.CANDIDATE,
            sroi.Unit.PER_YEAR_FULL_TIME,
            Decimal(10000),
            OK,
            max_months=12,
        ),
        sroi.BuildingBlock(
            "sw",
            "SW-bedrijf",
            "Sheltered",
            sroi.Route.PURCHASE,
            sroi.Unit.SHARE_OF_INVOICE,
            Decimal(1),
            OK,
        ),
        sroi.BuildingBlock(
            "mvo", "MVO", "Project", sroi.Route.PROJECT, sroi.Unit.PER_HOUR, Decimal(100), OK
        ),
    ],
    bonuses=[
        sroi.Bonus("age-50", "50+", "50+", sroi.BonusKind.AGE, Decimal(5000), OK, 50),
        sroi.Bonus(
            "permanent-contract", "Vast", "Permanent", sroi.BonusKind.ONE_OFF, Decimal(10000), OK
        ),
        sroi.Bonus("unused", "Ongebruikt", "Unused", sroi.BonusKind.ONE_OFF, Decimal(1), OK),
    ],
    adjustments=[
        sroi.ObligationAdjustment(
            "pso-2", "PSO 2", "PSO 2", sroi.AdjustmentKind.DISCOUNT, Decimal("0.25"), OK
        )
    ],
    full_time_hours=sroi.Parameter(Decimal(36), OK),
)
CONTRACT = sroi.Contract(
    "C-1",
    "Cleaning",
    sroi.Period(D(2024, 1, 1), D(2025, 12, 31)),
    sroi.Organisation("Schoon B.V.", kvk="12345678"),
    value_excl_vat=Decimal(1_000_000),
    sr_percentage=Decimal(5),
    region="test-region",
)
PLACEMENT = sroi.Placement(
    sroi.Candidate("J.P.", "pw", D(1990, 1, 1)),
    sroi.PlacementKind.JOB,
    "pw",
    sroi.Period(FIRST, LAST),
    Decimal(36),
)
PURCHASE = sroi.SocialPurchase(sroi.Organisation("Werkbedrijf"), "sw", D(2024, 4, 1), Decimal(100))
PROJECT = sroi.SrProject.on(D(2024, 4, 2), "Guest lesson", "mvo", hours=Decimal(2))
DAY = D(2024, 2, 1)
LATER = D(2024, 6, 1)


def registered() -> ContractHistory:
    return register(CONTRACT, recorded_on=D(2024, 1, 5))


def with_placement(
    *, approved: bool = False, placement: sroi.Placement = PLACEMENT
) -> ContractHistory:
    history = apply(
        registered(),
        ProposePlacement(recorded_on=DAY, role=Role.CONTRACTOR, placement=placement),
        rules=RULES,
    )
    if approved:
        history = apply(history, Approve(recorded_on=DAY, role=Role.SR_COORDINATOR, item_id="P1"))
    return history


E = TypeVar("E", bound=Event)


def change(cls: type[E], **fields: Any) -> E:
    fields.setdefault("role", Role.CONTRACTOR)
    fields.setdefault("item_id", "P1")
    return cls(recorded_on=LATER, **fields)


def refused(
    history: ContractHistory, event: Event, error: type[Exception], match: str | None = None
) -> None:
    """The event is refused with ``error`` and the history and its state stay as they were."""
    before = state(history)
    with pytest.raises(error, match=match):
        apply(history, event, rules=RULES)
    assert state(history) == before


# --- registration and the contract -----------------------------------------------------------


def test_registration_starts_the_history_with_the_contract_as_registered() -> None:
    history = registered()
    known = state(history)
    assert known.contract == CONTRACT
    assert known.items == ()
    assert known.events == ()
    assert history.number == "C-1"


def test_a_contractor_cannot_register_a_contract() -> None:
    with pytest.raises(sroi.InvalidTransitionError, match="role"):
        register(CONTRACT, recorded_on=DAY, role=Role.CONTRACTOR)


def test_registration_checks_the_region_and_adjustments_against_the_rules() -> None:
    with pytest.raises(sroi.InvalidValueError, match="rules"):
        register(attrs.evolve(CONTRACT, region="elsewhere"), recorded_on=DAY, rules=RULES)
    with pytest.raises(sroi.UnknownBlockError, match="pso-9"):
        register(attrs.evolve(CONTRACT, adjustments=("pso-9",)), recorded_on=DAY, rules=RULES)


def test_a_contact_person_is_a_role_and_initials_and_a_name_is_refused() -> None:
    assert ContactPerson(Role.SR_COORDINATOR, "E.F.").initials == "E.F."
    with pytest.raises(sroi.PrivacyError):
        ContactPerson(Role.BUYER, "Anna Bos")


def test_attachments_are_metadata_and_refuse_wrong_digests_sizes_and_paths() -> None:
    attachment = Attachment.of("plan.pdf", "application/pdf", b"abc")
    assert attachment.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert attachment.size == 3
    digest = attachment.sha256
    with pytest.raises(sroi.InvalidValueError, match="sha256"):
        Attachment("plan.pdf", "application/pdf", 3, digest.upper())
    with pytest.raises(sroi.InvalidValueError, match="size"):
        Attachment("plan.pdf", "application/pdf", -1, digest)
    with pytest.raises(sroi.InvalidValueError, match="file_name"):
        Attachment("../plan.pdf", "application/pdf", 3, digest)
    with pytest.raises(sroi.InvalidValueError, match="media_type"):
        Attachment("plan.pdf", "PDF", 3, digest)
    with pytest.raises(sroi.PrivacyError, match="file_name"):
        Attachment("cv jan.jansen@example.nl.pdf", "application/pdf", 3, digest)


def test_an_attachment_or_contact_is_added_once() -> None:
    attachment = Attachment.of("plan.pdf", "application/pdf", b"abc")
    history = apply(
        registered(), AddAttachment(recorded_on=DAY, role=Role.BUYER, attachment=attachment)
    )
    history = apply(
        history,
        AddContact(recorded_on=DAY, role=Role.BUYER, contact=ContactPerson(Role.BUYER, "A.B.")),
    )
    known = state(history)
    assert known.attachments == (attachment,)
    assert known.contacts == (ContactPerson(Role.BUYER, "A.B."),)
    refused(
        history,
        AddAttachment(recorded_on=DAY, role=Role.BUYER, attachment=attachment),
        sroi.LifecycleError,
    )
    refused(
        history,
        AddContact(recorded_on=DAY, role=Role.BUYER, contact=ContactPerson(Role.BUYER, "A.B.")),
        sroi.LifecycleError,
    )


def test_amendments_apply_in_the_order_of_their_effective_dates() -> None:
    history = registered()
    history = apply(
        history,
        AmendContract(
            recorded_on=D(2024, 2, 1),
            effective_on=D(2024, 9, 1),
            role=Role.BUYER,
            value_excl_vat=Decimal(3_000_000),
        ),
    )
    # Recorded later, but in force earlier: from September the first amendment holds again.
    history = apply(
        history,
        AmendContract(
            recorded_on=D(2024, 3, 1),
            effective_on=D(2024, 6, 1),
            role=Role.CONTRACT_MANAGER,
            value_excl_vat=Decimal(2_000_000),
            term=sroi.Period(D(2024, 1, 1), D(2026, 12, 31)),
        ),
    )
    known = state(history)
    assert known.contract_on(D(2024, 5, 31)).value_excl_vat == Decimal(1_000_000)
    assert known.contract_on(D(2024, 6, 1)).value_excl_vat == Decimal(2_000_000)
    assert known.contract_on(D(2024, 9, 1)).value_excl_vat == Decimal(3_000_000)
    assert known.contract.value_excl_vat == Decimal(3_000_000)
    assert known.contract.term.last == D(2026, 12, 31)
    assert known.contract_on(D(2024, 5, 31)).term == CONTRACT.term


def test_an_amendment_must_change_something_and_keep_the_contract_valid() -> None:
    with pytest.raises(sroi.InvalidValueError, match="must change something"):
        AmendContract(recorded_on=DAY, role=Role.BUYER, note="nothing")
    with pytest.raises(sroi.InvalidValueError, match="sr_percentage"):
        AmendContract(recorded_on=DAY, role=Role.BUYER, sr_percentage=Decimal(120))
    refused(
        registered(),
        AmendContract(recorded_on=DAY, role=Role.BUYER, adjustments=("pso-9",)),
        sroi.UnknownBlockError,
    )


def test_only_the_coordinator_records_the_plan_of_approach() -> None:
    plan = AgreePlan(recorded_on=DAY, role=Role.CONTRACTOR, notes="Two jobs.")
    refused(registered(), plan, sroi.InvalidTransitionError, "sr_coordinator")
    history = apply(registered(), attrs.evolve(plan, role=Role.SR_COORDINATOR))
    assert state(history).notes == ("Two jobs.",)


def test_free_text_with_personal_identifiers_is_refused_everywhere() -> None:
    with pytest.raises(sroi.PrivacyError, match="notes"):
        AgreePlan(recorded_on=DAY, role=Role.SR_COORDINATOR, notes="Candidate BSN 111222333")
    with pytest.raises(sroi.PrivacyError, match="reason"):
        Reject(recorded_on=DAY, role=Role.SR_COORDINATOR, item_id="P1", reason="mail a@b.nl")
    with pytest.raises(sroi.PrivacyError, match="document_kind"):
        EvidenceItem(EvidenceKind.SIGNED_AGREEMENT, "call 06-12345678", DAY)


# --- the order of the history ------------------------------------------------------------------


def test_an_event_recorded_before_the_last_one_is_refused() -> None:
    history = with_placement()
    refused(
        history,
        Approve(recorded_on=D(2024, 1, 31), role=Role.SR_COORDINATOR, item_id="P1"),
        sroi.LifecycleError,
        "recorded_on",
    )


def test_a_late_entry_is_recorded_today_with_an_earlier_effective_date() -> None:
    history = with_placement(approved=True)
    late = ReportEarlyExit(
        recorded_on=LATER,
        effective_on=D(2024, 5, 1),
        role=Role.CONTRACTOR,
        item_id="P1",
        exit_date=D(2024, 4, 30),
    )
    history = apply(history, late)
    assert state(history).placement("P1").exit_date == D(2024, 4, 30)
    assert state(history, as_of=D(2024, 5, 31)).placement("P1").exit_date is None


def test_as_of_before_the_registration_is_refused() -> None:
    with pytest.raises(sroi.LifecycleError, match="registered"):
        state(registered(), as_of=D(2024, 1, 4))
    with pytest.raises(sroi.InvalidValueError, match="as_of"):
        state(registered(), as_of=dt.datetime(2024, 5, 1, 12, 0))


def test_a_registration_cannot_be_applied_as_an_event() -> None:
    again = RegisterContract(recorded_on=DAY, role=Role.BUYER, contract=CONTRACT)
    refused(registered(), again, sroi.InvalidValueError, "registration")


def test_a_history_built_by_hand_is_checked_when_it_is_read() -> None:
    history = ContractHistory(
        registered().registration,
        (Approve(recorded_on=DAY, role=Role.SR_COORDINATOR, item_id="P1"),),
    )
    with pytest.raises(sroi.UnknownItemError) as raised:
        state(history)
    assert "while replaying event 0 (Approve)" in raised.value.__notes__


def test_apply_all_applies_every_event_or_none() -> None:
    history = registered()
    events = [
        ProposePlacement(recorded_on=DAY, role=Role.CONTRACTOR, placement=PLACEMENT),
        Approve(recorded_on=DAY, role=Role.SR_COORDINATOR, item_id="P1"),
        Approve(recorded_on=DAY, role=Role.SR_COORDINATOR, item_id="P1"),
    ]
    with pytest.raises(sroi.InvalidTransitionError) as raised:
        apply_all(history, events)
    assert "while applying event 2 (Approve)" in raised.value.__notes__
    assert state(history).items == ()
    assert state(apply_all(history, events[:2])).item("P1").approved


# --- proposals and review ----------------------------------------------------------------------


def test_items_are_numbered_per_route_in_the_order_proposed() -> None:
    history = apply_all(
        registered(),
        [
            ProposePurchase(recorded_on=DAY, role=Role.CONTRACTOR, purchase=PURCHASE),
            ProposePlacement(recorded_on=DAY, role=Role.CONTRACTOR, placement=PLACEMENT),
            ProposeProject(recorded_on=DAY, role=Role.CONTRACTOR, project=PROJECT),
            ProposePlacement(recorded_on=DAY, role=Role.CONTRACTOR, placement=PLACEMENT),
        ],
        rules=RULES,
    )
    known = state(history)
    assert [r.item_id for r in known.items] == ["S1", "P1", "R1", "P2"]
    assert [r.item_id for r in known.records(sroi.Route.CANDIDATE)] == ["P1", "P2"]
    assert known.item("S1").item == PURCHASE


def test_a_proposal_is_checked_against_the_regions_rules() -> None:
    refused(
        registered(),
        ProposePlacement(
            recorded_on=DAY, role=Role.CONTRACTOR, placement=attrs.evolve(PLACEMENT, block="sw")
        ),
        sroi.InvalidValueError,
        "candidate block",
    )
    refused(
        registered(),
        ProposePurchase(
            recorded_on=DAY, role=Role.CONTRACTOR, purchase=attrs.evolve(PURCHASE, category="nope")
        ),
        sroi.UnknownBlockError,
    )


def test_the_buyer_cannot_propose_and_the_contractor_cannot_review() -> None:
    refused(
        registered(),
        ProposePlacement(recorded_on=DAY, role=Role.BUYER, placement=PLACEMENT),
        sroi.InvalidTransitionError,
        "role",
    )
    refused(
        with_placement(),
        Approve(recorded_on=DAY, role=Role.CONTRACTOR, item_id="P1"),
        sroi.InvalidTransitionError,
        "role",
    )


def test_an_unknown_item_id_is_refused_naming_the_ids_that_exist() -> None:
    with pytest.raises(LookupError, match="P1"):
        apply(with_placement(), Approve(recorded_on=DAY, role=Role.SR_COORDINATOR, item_id="P7"))
    with pytest.raises(sroi.InvalidValueError, match="item id"):
        Approve(recorded_on=DAY, role=Role.SR_COORDINATOR, item_id="X1")


def _reach(status: ReviewStatus) -> ContractHistory:
    history = with_placement()
    coordinator: dict[str, Any] = {"recorded_on": DAY, "role": Role.SR_COORDINATOR, "item_id": "P1"}
    contractor: dict[str, Any] = {"recorded_on": DAY, "role": Role.CONTRACTOR, "item_id": "P1"}
    steps: dict[ReviewStatus, list[Event]] = {
        ReviewStatus.PROPOSED: [],
        ReviewStatus.APPROVED: [Approve(**coordinator)],
        ReviewStatus.REJECTED: [Reject(**coordinator, reason="No.")],
        ReviewStatus.CHANGES_REQUESTED: [RequestChanges(**coordinator, reason="Hours?")],
        ReviewStatus.WITHDRAWN: [Withdraw(**contractor)],
    }
    history = apply_all(history, steps[status])
    assert state(history).item("P1").status is status
    return history


REVIEW_STEPS: dict[str, tuple[type[ItemEvent], Role, dict[str, Any]]] = {
    "approve": (Approve, Role.SR_COORDINATOR, {}),
    "reject": (Reject, Role.SR_COORDINATOR, {"reason": "No."}),
    "request changes": (RequestChanges, Role.SR_COORDINATOR, {"reason": "Hours?"}),
    "resubmit": (Resubmit, Role.CONTRACTOR, {}),
    "withdraw": (Withdraw, Role.CONTRACTOR, {}),
    "extend": (ExtendPlacement, Role.CONTRACTOR, {"new_last": D(2025, 6, 30)}),
}
S = ReviewStatus
ALLOWED = {
    (S.PROPOSED, "approve"): S.APPROVED,
    (S.PROPOSED, "reject"): S.REJECTED,
    (S.PROPOSED, "request changes"): S.CHANGES_REQUESTED,
    (S.PROPOSED, "withdraw"): S.WITHDRAWN,
    (S.PROPOSED, "extend"): S.PROPOSED,
    (S.CHANGES_REQUESTED, "reject"): S.REJECTED,
    (S.CHANGES_REQUESTED, "resubmit"): S.PROPOSED,
    (S.CHANGES_REQUESTED, "withdraw"): S.WITHDRAWN,
    (S.CHANGES_REQUESTED, "extend"): S.CHANGES_REQUESTED,
    (S.APPROVED, "extend"): S.APPROVED,
}


@pytest.mark.parametrize("status", list(ReviewStatus))
@pytest.mark.parametrize("step", list(REVIEW_STEPS))
def test_review_steps_are_allowed_only_from_the_right_status(
    status: ReviewStatus, step: str
) -> None:
    history = _reach(status)
    cls, role, fields = REVIEW_STEPS[step]
    event = cls(recorded_on=LATER, role=role, item_id="P1", **fields)
    expected = ALLOWED.get((status, step))
    if expected is None:
        refused(history, event, sroi.InvalidTransitionError, "status")
    else:
        assert state(apply(history, event, rules=RULES)).item("P1").status is expected


def test_a_review_records_its_day_and_reason() -> None:
    history = apply(
        with_placement(),
        Reject(
            recorded_on=LATER,
            effective_on=D(2024, 5, 31),
            role=Role.SR_COORDINATOR,
            item_id="P1",
            reason="Not in the target group.",
        ),
    )
    record = state(history).item("P1")
    assert (record.decided_on, record.reason) == (D(2024, 5, 31), "Not in the target group.")
    assert not record.approved


def test_a_change_after_approval_is_marked_for_the_coordinator() -> None:
    before = apply(with_placement(), change(ExtendPlacement, new_last=D(2025, 6, 30)))
    assert not state(before).item("P1").changed_after_approval
    after = apply(with_placement(approved=True), change(ExtendPlacement, new_last=D(2025, 6, 30)))
    assert state(after).item("P1").changed_after_approval


# --- placement changes -------------------------------------------------------------------------


def test_an_extension_moves_the_end_later_and_keeps_the_start() -> None:
    history = apply(with_placement(approved=True), change(ExtendPlacement, new_last=D(2025, 8, 31)))
    assert state(history).placement("P1").period == sroi.Period(FIRST, D(2025, 8, 31))


@pytest.mark.parametrize("new_last", [LAST, D(2024, 12, 31)])
def test_an_extension_that_does_not_move_the_end_later_is_refused(new_last: dt.date) -> None:
    refused(
        with_placement(),
        change(ExtendPlacement, new_last=new_last),
        sroi.LifecycleError,
        "new_last",
    )


def test_a_placement_that_ended_early_cannot_be_extended() -> None:
    history = apply(with_placement(), change(ReportEarlyExit, exit_date=D(2024, 9, 30)))
    refused(
        history,
        change(ExtendPlacement, new_last=D(2025, 6, 30)),
        sroi.InvalidTransitionError,
        "ended early",
    )


@pytest.mark.parametrize("exit_date", [D(2024, 2, 29), LAST, D(2025, 3, 1)])
def test_an_early_exit_must_fall_inside_the_placement_before_its_agreed_end(
    exit_date: dt.date,
) -> None:
    refused(
        with_placement(),
        change(ReportEarlyExit, exit_date=exit_date),
        sroi.LifecycleError,
        "exit_date",
    )


def test_an_early_exit_on_the_first_day_is_accepted_and_reported_once() -> None:
    history = apply(with_placement(), change(ReportEarlyExit, exit_date=FIRST))
    assert state(history).placement("P1").active_period == sroi.Period.day(FIRST)
    refused(
        history,
        change(ReportEarlyExit, exit_date=D(2024, 5, 1)),
        sroi.InvalidTransitionError,
        "CorrectPlacement",
    )


def test_an_exit_before_a_granted_bonus_is_refused() -> None:
    history = apply(
        with_placement(),
        change(ApplyBonus, code="permanent-contract", granted_on=D(2024, 9, 1)),
        rules=RULES,
    )
    refused(
        history,
        change(ReportEarlyExit, exit_date=D(2024, 8, 31)),
        sroi.InvalidValueError,
        r"P1\.bonuses\[0\]",
    )


def test_a_bonus_must_exist_in_the_rules_and_be_allowed_on_the_block() -> None:
    history = with_placement()
    refused(
        history,
        change(ApplyBonus, code="perm", granted_on=D(2024, 9, 1)),
        sroi.UnknownBlockError,
        "permanent-contract",
    )
    refused(
        history,
        change(ApplyBonus, code="unused", granted_on=D(2024, 9, 1)),
        sroi.InvalidValueError,
        "allows",
    )
    refused(
        history,
        change(ApplyBonus, code="age-50", granted_on=D(2024, 9, 1)),
        sroi.InvalidValueError,
        "age bonuses",
    )
    refused(
        history,
        change(ApplyBonus, code="permanent-contract", granted_on=D(2025, 3, 1)),
        sroi.InvalidValueError,
        "granted_on",
    )


def test_a_bonus_is_applied_once() -> None:
    history = apply(
        with_placement(),
        change(ApplyBonus, code="permanent-contract", granted_on=D(2024, 9, 1)),
        rules=RULES,
    )
    assert state(history).placement("P1").bonuses == (
        sroi.BonusGrant("permanent-contract", D(2024, 9, 1)),
    )
    refused(
        history,
        change(ApplyBonus, code="permanent-contract", granted_on=D(2024, 10, 1)),
        sroi.InvalidTransitionError,
    )


def test_without_rules_a_bonus_code_is_not_checked() -> None:
    history = apply(with_placement(), change(ApplyBonus, code="perm", granted_on=D(2024, 9, 1)))
    assert state(history).placement("P1").bonuses[0].code == "perm"


def test_a_correction_must_keep_the_placement_valid() -> None:
    history = apply(with_placement(), change(ReportEarlyExit, exit_date=D(2024, 12, 31)))
    # The corrected period would end before the reported exit.
    refused(
        history,
        change(CorrectPlacement, period=sroi.Period(FIRST, D(2024, 10, 31))),
        sroi.InvalidValueError,
        r"P1\.exit_date",
    )
    refused(
        history, change(CorrectPlacement, block="sw"), sroi.InvalidValueError, "candidate block"
    )
    history = apply(
        history, change(CorrectPlacement, exit_date=D(2024, 11, 30), kind=sroi.PlacementKind.BBL)
    )
    placement = state(history).placement("P1")
    assert (placement.exit_date, placement.kind) == (D(2024, 11, 30), sroi.PlacementKind.BBL)


def test_an_early_exit_reported_by_mistake_is_cancelled_by_a_correction() -> None:
    history = apply(with_placement(), change(ReportEarlyExit, exit_date=D(2024, 12, 31)))
    history = apply(history, change(CorrectPlacement, cancel_exit=True))
    assert state(history).placement("P1").exit_date is None
    refused(
        history, change(CorrectPlacement, cancel_exit=True), sroi.InvalidTransitionError, "cancel"
    )
    refused(
        history,
        change(CorrectPlacement, exit_date=D(2024, 5, 1)),
        sroi.InvalidTransitionError,
        "ReportEarlyExit",
    )


def test_a_correction_must_change_something() -> None:
    with pytest.raises(sroi.InvalidValueError, match="must change something"):
        CorrectPlacement(recorded_on=DAY, role=Role.CONTRACTOR, item_id="P1")
    with pytest.raises(sroi.InvalidValueError, match="one or the other"):
        CorrectPlacement(
            recorded_on=DAY, role=Role.CONTRACTOR, item_id="P1", cancel_exit=True, exit_date=DAY
        )
    with pytest.raises(sroi.InvalidValueError, match="must change something"):
        EditCandidate(recorded_on=DAY, role=Role.CONTRACTOR, item_id="P1")


def test_a_placement_change_on_a_purchase_is_refused() -> None:
    history = apply(
        registered(), ProposePurchase(recorded_on=DAY, role=Role.CONTRACTOR, purchase=PURCHASE)
    )
    refused(
        history,
        change(ExtendPlacement, item_id="S1", new_last=LAST),
        sroi.LifecycleError,
        "candidate item",
    )


def test_a_project_correction_replaces_the_project_and_must_differ() -> None:
    history = apply(
        registered(), ProposeProject(recorded_on=DAY, role=Role.CONTRACTOR, project=PROJECT)
    )
    refused(
        history,
        change(CorrectProject, item_id="R1", project=PROJECT),
        sroi.LifecycleError,
        "differs",
    )
    corrected = attrs.evolve(PROJECT, hours=Decimal(3))
    history = apply(history, change(CorrectProject, item_id="R1", project=corrected))
    assert state(history).item("R1").item == corrected


def test_a_rejected_item_can_no_longer_change() -> None:
    history = _reach(ReviewStatus.REJECTED)
    refused(
        history,
        change(CorrectPlacement, hours_per_week=Decimal(20)),
        sroi.InvalidTransitionError,
        "rejected",
    )


# --- evidence ----------------------------------------------------------------------------------


def test_evidence_is_recorded_per_kind_and_a_newer_record_replaces_the_older() -> None:
    first = EvidenceItem(EvidenceKind.SIGNED_AGREEMENT, "employment contract", D(2024, 2, 20))
    newer = EvidenceItem(EvidenceKind.SIGNED_AGREEMENT, "signed addendum", D(2024, 5, 20))
    start = EvidenceItem(EvidenceKind.STARTING_POSITION, "UWV decision", D(2024, 1, 10))
    history = apply_all(
        with_placement(),
        [change(RecordEvidence, evidence=e) for e in (first, start, newer)],
    )
    record = state(history).item("P1")
    assert record.evidence == (start, newer)
    assert record.evidence_of(EvidenceKind.SIGNED_AGREEMENT) == newer


def test_a_proposal_with_the_same_kind_of_evidence_twice_is_refused() -> None:
    start = EvidenceItem(EvidenceKind.STARTING_POSITION, "UWV decision", D(2024, 1, 10))
    refused(
        registered(),
        ProposePlacement(
            recorded_on=DAY, role=Role.CONTRACTOR, placement=PLACEMENT, evidence=(start, start)
        ),
        sroi.LifecycleError,
        "evidence",
    )


def test_evidence_is_recorded_for_placements_only() -> None:
    history = apply(
        registered(), ProposePurchase(recorded_on=DAY, role=Role.CONTRACTOR, purchase=PURCHASE)
    )
    evidence = EvidenceItem(EvidenceKind.SIGNED_AGREEMENT, "contract", DAY)
    refused(
        history,
        change(RecordEvidence, item_id="S1", evidence=evidence),
        sroi.LifecycleError,
        "candidate",
    )
    assert state(history).item("S1").missing_evidence == ()


def test_a_placement_item_is_not_a_purchase() -> None:
    history = apply(
        registered(), ProposePurchase(recorded_on=DAY, role=Role.CONTRACTOR, purchase=PURCHASE)
    )
    with pytest.raises(sroi.LifecycleError, match="placement"):
        state(history).placement("S1")
