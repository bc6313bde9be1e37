"""Evidence for a sample audit: that each document exists, never the document itself."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest

import sroi
from sroi.evidence import REQUIRED_EVIDENCE, EvidenceItem, EvidenceKind, missing_evidence
from sroi.lifecycle import (
    Approve,
    ContractHistory,
    ProposePlacement,
    ProposePurchase,
    RecordEvidence,
    Reject,
    Role,
    Withdraw,
    apply,
    apply_all,
    register,
    state,
)

D = dt.date
DAY = D(2024, 2, 1)
START = EvidenceItem(EvidenceKind.STARTING_POSITION, "UWV decision", D(2024, 1, 10))
SIGNED = EvidenceItem(EvidenceKind.SIGNED_AGREEMENT, "BBL agreement", D(2024, 2, 26))
CONTRACT = sroi.Contract(
    "C-2",
    "Catering",
    sroi.Period(D(2024, 1, 1), D(2025, 12, 31)),
    sroi.Organisation("Kantine B.V."),
)
PLACEMENT = sroi.Placement(
    sroi.Candidate("K.L.", "participatiewet", D(2000, 4, 1)),
    sroi.PlacementKind.BBL,
    "bbl",
    sroi.Period(D(2024, 3, 1), D(2025, 2, 28)),
    Decimal(32),
)


def five_placements() -> ContractHistory:
    """P1 has both documents, P2 one, P3 none, P4 is rejected and P5 withdrawn (both without)."""
    contractor: dict[str, Any] = {"recorded_on": DAY, "role": Role.CONTRACTOR}
    coordinator: dict[str, Any] = {"recorded_on": DAY, "role": Role.SR_COORDINATOR}
    return apply_all(
        register(CONTRACT, recorded_on=D(2024, 1, 5)),
        [
            ProposePlacement(**contractor, placement=PLACEMENT, evidence=(SIGNED, START)),
            ProposePlacement(**contractor, placement=PLACEMENT, evidence=(START,)),
            ProposePlacement(**contractor, placement=PLACEMENT),
            ProposePlacement(**contractor, placement=PLACEMENT),
            ProposePlacement(**contractor, placement=PLACEMENT),
            ProposePurchase(
                **contractor,
                purchase=sroi.SocialPurchase(
                    sroi.Organisation("Werkbedrijf"), "sw", DAY, Decimal(100)
                ),
            ),
            Approve(**coordinator, item_id="P1"),
            Approve(**coordinator, item_id="P3"),
            Reject(**coordinator, item_id="P4", reason="Outside the target group."),
            Withdraw(**contractor, item_id="P5"),
        ],
    )


def test_the_two_required_kinds_are_the_manuals_two_documents() -> None:
    assert REQUIRED_EVIDENCE == (EvidenceKind.STARTING_POSITION, EvidenceKind.SIGNED_AGREEMENT)


def test_evidence_is_metadata_only_kind_document_kind_and_date() -> None:
    assert [field.name for field in attrs.fields(EvidenceItem)] == [
        "kind",
        "document_kind",
        "dated",
    ]
    with pytest.raises(sroi.InvalidValueError, match="kind"):
        EvidenceItem("signed", "contract", DAY)  # type: ignore[arg-type]
    with pytest.raises(sroi.InvalidValueError, match="dated"):
        EvidenceItem(EvidenceKind.SIGNED_AGREEMENT, "contract", "2024-02-01")  # type: ignore[arg-type]
    with pytest.raises(sroi.PrivacyError, match="document_kind"):
        EvidenceItem(EvidenceKind.STARTING_POSITION, "decision for BSN 111222333", DAY)


def test_placements_missing_evidence_are_listed_with_what_they_miss() -> None:
    known = state(five_placements())
    assert missing_evidence(known) == (
        ("P2", (EvidenceKind.SIGNED_AGREEMENT,)),
        ("P3", (EvidenceKind.STARTING_POSITION, EvidenceKind.SIGNED_AGREEMENT)),
    )


def test_rejected_withdrawn_and_not_yet_approved_placements_can_be_left_out() -> None:
    known = state(five_placements())
    assert [row.item_id for row in missing_evidence(known, approved_only=True)] == ["P3"]


def test_recording_the_missing_document_clears_the_placement_from_the_list() -> None:
    history = apply(
        five_placements(),
        RecordEvidence(
            recorded_on=D(2024, 3, 5), role=Role.CONTRACTOR, item_id="P2", evidence=SIGNED
        ),
    )
    assert [row.item_id for row in missing_evidence(state(history))] == ["P3"]
    # As known the day before it was recorded, P2 still missed it.
    before = state(history, as_of=D(2024, 3, 4))
    assert [row.item_id for row in missing_evidence(before)] == ["P2", "P3"]
