"""The workflows of the two user manuals, step by step, as a buyer, a coordinator and a contractor.

Each test follows one workflow of the Midden-Gelderland buyer manual or the Noord-Holland
contractor manual, in the order the manual tells it. The rule table is a small verified test
table with the values of the Oost-Nederland building blocks.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import sroi
from sroi.directory import Directory
from sroi.evidence import EvidenceItem, EvidenceKind, missing_evidence
from sroi.lifecycle import (
    AgreePlan,
    AmendContract,
    ApplyBonus,
    Approve,
    Attachment,
    ContactPerson,
    ContractHistory,
    ContractState,
    CorrectPlacement,
    CorrectPurchase,
    EditCandidate,
    ExtendPlacement,
    ProposePlacement,
    ProposeProject,
    ProposePurchase,
    RecordEvidence,
    Reject,
    ReportEarlyExit,
    RequestChanges,
    Resubmit,
    ReviewStatus,
    Role,
    Withdraw,
    apply,
    register,
    state,
)

D = dt.date
TABLE = sroi.Provenance("test table (values of the Oost-Nederland model)", sroi.Status.VERIFIED)
RULES = sroi.RuleSet.build(
    "midden-gelderland",
    "test",
    D(2020, 1, 1),
    blocks=[
        sroi.BuildingBlock(
            "participatiewet-lt2",
            "Participatiewet < 2 jaar",
            "Social assistance < 2 years",
            sroi.Route.CANDIDATE,
            sroi.Unit.PER_YEAR_FULL_TIME,
            Decimal(30000),
            TABLE,
            max_months=24,
            bonuses=("age-50", "permanent-contract"),
        ),
        sroi.BuildingBlock(
            "sw-bedrijf",
            "SW-bedrijf",
            "Sheltered company",
            sroi.Route.PURCHASE,
            sroi.Unit.SHARE_OF_INVOICE,
            Decimal(1),
            TABLE,
        ),
        sroi.BuildingBlock(
            "mvo",
            "MVO-activiteit",
            "SR project",
            sroi.Route.PROJECT,
            sroi.Unit.PER_HOUR,
            Decimal(100),
            TABLE,
        ),
    ],
    bonuses=[
        sroi.Bonus(
            "age-50", "50+", "Aged 50 or over", sroi.BonusKind.AGE, Decimal(5000), TABLE, 50
        ),
        sroi.Bonus(
            "permanent-contract",
            "Vast dienstverband",
            "Permanent contract",
            sroi.BonusKind.ONE_OFF,
            Decimal(10000),
            TABLE,
        ),
    ],
    adjustments=[
        sroi.ObligationAdjustment(
            "pso-2",
            "PSO trede 2",
            "PSO level 2",
            sroi.AdjustmentKind.DISCOUNT,
            Decimal("0.25"),
            TABLE,
        )
    ],
    full_time_hours=sroi.Parameter(Decimal(36), TABLE),
)

CONTRACTOR = sroi.Organisation(
    "Wegenbouw Oost B.V.",
    kvk="12345678",
    locations=(
        sroi.Location("Vestiging Arnhem", city="Arnhem"),
        sroi.Location("Vestiging Zwolle", city="Zwolle"),
    ),
)
TERM = sroi.Period(D(2024, 1, 1), D(2027, 12, 31))


def a_registered_contract() -> ContractHistory:
    contract = sroi.Contract(
        "INK-2024-017",
        "Onderhoud provinciale wegen",
        TERM,
        CONTRACTOR,
        value_excl_vat=Decimal(2_000_000),
        sr_percentage=Decimal(5),
        region="midden-gelderland",
    )
    return register(contract, recorded_on=D(2023, 12, 1), role=Role.BUYER)


BORN_1972 = D(1972, 6, 1)


def a_candidate(initials: str = "J.P.", born: dt.date = BORN_1972) -> sroi.Candidate:
    return sroi.Candidate(initials, "participatiewet-lt2", born)


def realised(known: ContractState, through: dt.date | None = None) -> Decimal:
    """What approved items are worth through a day (whole agreed periods when None)."""
    window = None if through is None else sroi.Period(TERM.first, through)
    return sum(
        (
            sroi.value_item(record.item, RULES, window).amount
            for record in known.records(statuses=[ReviewStatus.APPROVED])
        ),
        Decimal(0),
    )


# --- buyer manual (Midden-Gelderland) --------------------------------------------------------


def test_a_buyer_picks_the_contractor_by_a_few_letters_and_registers_the_contract() -> None:
    directory = Directory((CONTRACTOR, sroi.Organisation("Wegwijs Advies", kvk="11223344")))

    # Typing more letters makes the list shorter; each location is its own row.
    assert len(directory.search("weg")) == 3
    rows = directory.search("wegenb")
    assert [row.label for row in rows] == [
        "Wegenbouw Oost B.V. (12345678), Vestiging Arnhem, Arnhem",
        "Wegenbouw Oost B.V. (12345678), Vestiging Zwolle, Zwolle",
    ]
    contractor = rows[1].selection

    # Four required fields, plus context for the coordinator, contacts and the SR agreement.
    contract = sroi.Contract(
        "INK-2024-017",
        "Onderhoud provinciale wegen",
        TERM,
        contractor,
        value_excl_vat=Decimal(2_000_000),
        sr_percentage=Decimal(5),
        award_date=D(2023, 11, 15),
        region="midden-gelderland",
        description="Social return mainly through jobs on the road crews.",
    )
    agreement = Attachment.of("sroi-afspraken.pdf", "application/pdf", b"%PDF-1.7 SR agreement")
    history = register(
        contract,
        recorded_on=D(2023, 12, 1),
        role=Role.BUYER,
        contacts=(
            ContactPerson(Role.BUYER, "A.B."),
            ContactPerson(Role.CONTRACT_MANAGER, "C. de V."),
            ContactPerson(Role.SR_COORDINATOR, "E.F."),
            ContactPerson(Role.CONTRACTOR, "G.H."),
        ),
        attachments=(agreement,),
        rules=RULES,
    )

    known = state(history)
    assert known.contract.contractor.locations == (sroi.Location("Vestiging Zwolle", "Zwolle"),)
    assert [c.role for c in known.contacts] == [
        Role.BUYER,
        Role.CONTRACT_MANAGER,
        Role.SR_COORDINATOR,
        Role.CONTRACTOR,
    ]
    assert known.attachments == (agreement,)
    assert agreement.size == len(b"%PDF-1.7 SR agreement")
    assert sroi.obligation(known.contract, RULES).amount == Decimal("100000.00")


def test_a_missing_contractor_is_added_with_company_data_only() -> None:
    directory = Directory((CONTRACTOR,))
    assert directory.search("groen") == ()

    directory = directory.add(
        sroi.Organisation(
            "Groenvoorziening Élan",
            kvk="87654321",
            locations=(sroi.Location("Hoofdkantoor", city="Ede", address="Industrieweg 4"),),
        )
    )
    assert [row.label for row in directory.search("groen elan")] == [
        "Groenvoorziening Élan (87654321), Hoofdkantoor, Ede"
    ]
    # A contact person's details are not company data.
    with pytest.raises(sroi.PrivacyError):
        sroi.Organisation("Elan Groen", locations=(sroi.Location("Contact: jan@elan.nl"),))


def test_the_coordinator_records_the_plan_and_a_later_amendment_with_its_effective_date() -> None:
    history = a_registered_contract()

    history = apply(
        history,
        AgreePlan(
            recorded_on=D(2024, 1, 20),
            role=Role.SR_COORDINATOR,
            adjustments=("pso-2",),
            measurement_fractions=(Decimal("0.5"), Decimal(1)),
            notes="Two road-crew jobs a year and purchases from the SW-bedrijf.",
        ),
        rules=RULES,
    )
    history = apply(
        history,
        AmendContract(
            recorded_on=D(2025, 3, 10),
            effective_on=D(2025, 4, 1),
            role=Role.CONTRACT_MANAGER,
            value_excl_vat=Decimal(2_400_000),
            note="Extra work on the N325.",
        ),
        rules=RULES,
    )

    known = state(history)
    before, after = known.contract_on(D(2025, 3, 31)), known.contract_on(D(2025, 4, 1))
    # 2,000,000 x 5% - 25% PSO discount, then 2,400,000 x 5% - 25% from 1 April 2025.
    assert sroi.obligation(before, RULES).amount == Decimal("75000.00")
    assert sroi.obligation(after, RULES).amount == Decimal("90000.00")
    moments = sroi.measurement_moments(known.contract.term, known.contract.measurement_fractions)
    assert [m.date for m in moments] == [D(2025, 12, 31), D(2027, 12, 31)]
    assert known.notes == ("Two road-crew jobs a year and purchases from the SW-bedrijf.",)
    # Before the amendment was recorded, nobody knew of it.
    assert state(history, as_of=D(2025, 3, 9)).contract_on(D(2025, 4, 1)).value_excl_vat == (
        Decimal(2_000_000)
    )


# --- contractor manual (Noord-Holland) -------------------------------------------------------


def test_a_candidate_is_proposed_approved_extended_leaves_early_and_gets_a_bonus() -> None:
    history = a_registered_contract()

    # 1. Invoeren kandidaat: initials only, target group, birth date, the agreement.
    placement = sroi.Placement(
        a_candidate(),
        sroi.PlacementKind.JOB,
        "participatiewet-lt2",
        sroi.Period(D(2024, 3, 1), D(2025, 2, 28)),
        Decimal(18),
    )
    history = apply(
        history,
        ProposePlacement(recorded_on=D(2024, 2, 20), role=Role.CONTRACTOR, placement=placement),
        rules=RULES,
    )
    proposed = state(history)
    assert proposed.item("P1").status is ReviewStatus.PROPOSED
    assert realised(proposed) == Decimal(0)  # a proposal does not count yet

    # The province approves: now its value counts, over the whole period at once.
    # 12 months x 30,000/12 x 18/36, plus the 50+ bonus 12 x 5,000/12 x 18/36.
    history = apply(
        history, Approve(recorded_on=D(2024, 3, 4), role=Role.SR_COORDINATOR, item_id="P1")
    )
    assert realised(state(history)) == Decimal("17500.00")

    # 3. Verlengen: the agreement is extended past the block's two-year cap; the cap holds.
    history = apply(
        history,
        ExtendPlacement(
            recorded_on=D(2025, 2, 1), role=Role.CONTRACTOR, item_id="P1", new_last=D(2026, 8, 31)
        ),
        rules=RULES,
    )
    assert realised(state(history)) == Decimal("35000.00")

    # Voortijdig uit dienst: the candidate leaves after 18 months.
    history = apply(
        history,
        ReportEarlyExit(
            recorded_on=D(2025, 9, 3),
            effective_on=D(2025, 9, 1),
            role=Role.CONTRACTOR,
            item_id="P1",
            exit_date=D(2025, 8, 31),
        ),
        rules=RULES,
    )
    assert realised(state(history)) == Decimal("26250.00")

    # Bonuswaarde: a permanent contract, granted before the exit, counts in full on its day.
    history = apply(
        history,
        ApplyBonus(
            recorded_on=D(2025, 9, 3),
            role=Role.CONTRACTOR,
            item_id="P1",
            code="permanent-contract",
            granted_on=D(2025, 3, 1),
        ),
        rules=RULES,
    )
    known = state(history)
    assert realised(known) == Decimal("36250.00")
    assert realised(known, through=D(2025, 2, 28)) == Decimal("17500.00")

    # The history stays visible: every change, with the role that made it.
    record = known.item("P1")
    assert [type(e).__name__ for e in record.events] == [
        "ProposePlacement",
        "Approve",
        "ExtendPlacement",
        "ReportEarlyExit",
        "ApplyBonus",
    ]
    assert record.changed_after_approval
    assert record.placement.active_period == sroi.Period(D(2024, 3, 1), D(2025, 8, 31))


def test_a_correction_replaces_wrong_data_as_if_entered_right() -> None:
    history = a_registered_contract()
    placement = sroi.Placement(
        a_candidate(born=D(1990, 1, 1)),
        sroi.PlacementKind.JOB,
        "participatiewet-lt2",
        sroi.Period(D(2024, 3, 1), D(2025, 2, 28)),
        Decimal(36),
    )
    history = apply(
        history,
        ProposePlacement(recorded_on=D(2024, 2, 20), role=Role.CONTRACTOR, placement=placement),
    )
    history = apply(
        history, Approve(recorded_on=D(2024, 3, 4), role=Role.SR_COORDINATOR, item_id="P1")
    )
    assert realised(state(history)) == Decimal("30000.00")

    # Corrigeren: the candidate works 24 hours, not 36, from the start.
    history = apply(
        history,
        CorrectPlacement(
            recorded_on=D(2024, 6, 1),
            role=Role.CONTRACTOR,
            item_id="P1",
            hours_per_week=Decimal(24),
        ),
        rules=RULES,
    )
    assert realised(state(history)) == Decimal("20000.00")


def test_the_candidates_general_data_is_edited_and_a_full_name_is_refused() -> None:
    history = a_registered_contract()
    placement = sroi.Placement(
        a_candidate(initials="J.P.", born=D(1990, 1, 1)),
        sroi.PlacementKind.BBL,
        "participatiewet-lt2",
        sroi.Period(D(2024, 3, 1), D(2025, 2, 28)),
        Decimal(36),
    )
    history = apply(
        history,
        ProposePlacement(recorded_on=D(2024, 2, 20), role=Role.CONTRACTOR, placement=placement),
    )

    history = apply(
        history,
        EditCandidate(
            recorded_on=D(2024, 4, 2),
            role=Role.CONTRACTOR,
            item_id="P1",
            initials="J.B.",
            birth_date=D(1970, 1, 1),
        ),
    )
    candidate = state(history).placement("P1").candidate
    assert (candidate.initials, candidate.birth_date) == ("J.B.", D(1970, 1, 1))

    with pytest.raises(sroi.PrivacyError, match="initials"):
        EditCandidate(
            recorded_on=D(2024, 4, 3), role=Role.CONTRACTOR, item_id="P1", initials="Jan Bakker"
        )
    with pytest.raises(sroi.InvalidValueError, match="birth_date"):
        apply(
            history,
            EditCandidate(
                recorded_on=D(2024, 4, 3),
                role=Role.CONTRACTOR,
                item_id="P1",
                birth_date=D(2014, 1, 1),
            ),
        )
    assert state(history).placement("P1").candidate == candidate


def test_purchases_and_projects_are_proposed_with_the_invoice_and_reviewed() -> None:
    history = a_registered_contract()
    invoice = Attachment.of("factuur-2024-311.pdf", "application/pdf", b"%PDF invoice 311")

    # 2. Invoeren sociale inkoop of MVO-activiteit: select the contract, enter, attach, save.
    history = apply(
        history,
        ProposePurchase(
            recorded_on=D(2024, 5, 2),
            role=Role.CONTRACTOR,
            purchase=sroi.SocialPurchase(
                sroi.Organisation("Werkbedrijf Rivierenland", kvk="55667788"),
                "sw-bedrijf",
                D(2024, 4, 30),
                Decimal("12500.00"),
                reference="2024-311",
            ),
            attachments=(invoice,),
        ),
        rules=RULES,
    )
    history = apply(
        history,
        ProposeProject(
            recorded_on=D(2024, 5, 2),
            role=Role.CONTRACTOR,
            project=sroi.SrProject.on(D(2024, 4, 18), "Guest lesson", "mvo", hours=Decimal(3)),
        ),
        rules=RULES,
    )
    history = apply(
        history, Approve(recorded_on=D(2024, 5, 10), role=Role.SR_COORDINATOR, item_id="S1")
    )
    history = apply(
        history,
        Reject(
            recorded_on=D(2024, 5, 10),
            role=Role.SR_COORDINATOR,
            item_id="R1",
            reason="Not part of the agreed plan of approach.",
        ),
    )

    known = state(history)
    assert known.item("S1").attachments == (invoice,)
    assert known.item("R1").status is ReviewStatus.REJECTED
    assert known.item("R1").reason == "Not part of the agreed plan of approach."
    assert realised(known) == Decimal("12500.00")  # a rejected project never counts


def test_the_coordinator_asks_for_changes_and_the_contractor_corrects_and_resubmits() -> None:
    history = a_registered_contract()
    purchase = sroi.SocialPurchase(
        sroi.Organisation("Werkbedrijf Rivierenland"), "sw-bedrijf", D(2024, 4, 30), Decimal(12500)
    )
    history = apply(
        history, ProposePurchase(recorded_on=D(2024, 5, 2), role=Role.CONTRACTOR, purchase=purchase)
    )
    history = apply(
        history,
        RequestChanges(
            recorded_on=D(2024, 5, 10),
            role=Role.SR_COORDINATOR,
            item_id="S1",
            reason="The amount must exclude VAT.",
        ),
    )
    assert state(history).item("S1").status is ReviewStatus.CHANGES_REQUESTED

    history = apply(
        history,
        CorrectPurchase(
            recorded_on=D(2024, 5, 13),
            role=Role.CONTRACTOR,
            item_id="S1",
            purchase=sroi.SocialPurchase(
                purchase.supplier, "sw-bedrijf", D(2024, 4, 30), Decimal("10330.58")
            ),
        ),
    )
    history = apply(
        history, Resubmit(recorded_on=D(2024, 5, 13), role=Role.CONTRACTOR, item_id="S1")
    )
    history = apply(
        history, Approve(recorded_on=D(2024, 5, 20), role=Role.SR_COORDINATOR, item_id="S1")
    )
    assert realised(state(history)) == Decimal("10330.58")


def test_a_proposal_withdrawn_by_the_contractor_never_counts_and_cannot_be_approved() -> None:
    history = a_registered_contract()
    placement = sroi.Placement(
        a_candidate(),
        sroi.PlacementKind.JOB,
        "participatiewet-lt2",
        sroi.Period(D(2024, 3, 1), D(2025, 2, 28)),
        Decimal(36),
    )
    history = apply(
        history,
        ProposePlacement(recorded_on=D(2024, 2, 20), role=Role.CONTRACTOR, placement=placement),
    )
    history = apply(
        history,
        Withdraw(
            recorded_on=D(2024, 2, 22), role=Role.CONTRACTOR, item_id="P1", reason="Entered twice."
        ),
    )
    with pytest.raises(sroi.InvalidTransitionError, match="withdrawn"):
        apply(history, Approve(recorded_on=D(2024, 3, 1), role=Role.SR_COORDINATOR, item_id="P1"))
    assert state(history).item("P1").status is ReviewStatus.WITHDRAWN


# --- evidence and privacy ----------------------------------------------------------------------


def test_for_a_sample_audit_the_coordinator_lists_placements_missing_evidence() -> None:
    history = a_registered_contract()
    for initials in ("A.A.", "B.B."):
        placement = sroi.Placement(
            a_candidate(initials=initials),
            sroi.PlacementKind.JOB,
            "participatiewet-lt2",
            sroi.Period(D(2024, 3, 1), D(2025, 2, 28)),
            Decimal(36),
        )
        history = apply(
            history,
            ProposePlacement(
                recorded_on=D(2024, 2, 20),
                role=Role.CONTRACTOR,
                placement=placement,
                evidence=(
                    EvidenceItem(EvidenceKind.STARTING_POSITION, "UWV decision", D(2024, 1, 10)),
                ),
            ),
        )
    history = apply(
        history,
        RecordEvidence(
            recorded_on=D(2024, 3, 2),
            role=Role.CONTRACTOR,
            item_id="P1",
            evidence=EvidenceItem(
                EvidenceKind.SIGNED_AGREEMENT, "employment contract", D(2024, 2, 26)
            ),
        ),
    )

    assert missing_evidence(state(history)) == (("P2", (EvidenceKind.SIGNED_AGREEMENT,)),)
    assert state(history).item("P1").missing_evidence == ()


# --- reports as known on a day ----------------------------------------------------------------


def test_a_report_made_at_the_50_percent_moment_is_reproduced_after_later_corrections() -> None:
    history = a_registered_contract()
    placement = sroi.Placement(
        a_candidate(born=D(1990, 1, 1)),
        sroi.PlacementKind.JOB,
        "participatiewet-lt2",
        sroi.Period(D(2024, 3, 1), D(2026, 2, 28)),
        Decimal(36),
    )
    history = apply(
        history,
        ProposePlacement(recorded_on=D(2024, 2, 20), role=Role.CONTRACTOR, placement=placement),
    )
    history = apply(
        history, Approve(recorded_on=D(2024, 3, 4), role=Role.SR_COORDINATOR, item_id="P1")
    )

    half_way = sroi.measurement_moments(TERM)[1].date
    assert half_way == D(2025, 12, 31)
    report = realised(state(history, as_of=half_way), through=half_way)
    assert report == Decimal("55000.00")  # 22 months x 30,000 / 12

    # In January it turns out the candidate worked 18 hours and left at the end of September.
    history = apply(
        history,
        CorrectPlacement(
            recorded_on=D(2026, 1, 15),
            role=Role.CONTRACTOR,
            item_id="P1",
            hours_per_week=Decimal(18),
        ),
    )
    history = apply(
        history,
        ReportEarlyExit(
            recorded_on=D(2026, 1, 15),
            effective_on=D(2025, 10, 1),
            role=Role.CONTRACTOR,
            item_id="P1",
            exit_date=D(2025, 9, 30),
        ),
    )

    assert realised(state(history, as_of=half_way), through=half_way) == report
    assert realised(state(history), through=half_way) == Decimal("23750.00")  # 19 months, half time
