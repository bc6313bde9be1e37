"""A contract's life: registration, plan and amendments, proposals, review and changes.

Everything the two user manuals let a buyer, an SR coordinator and a contractor do is an
immutable event. A contract's history is its registration plus the events recorded after it;
its state on any day is derived by replaying them:

>>> import datetime as dt
>>> from decimal import Decimal
>>> import sroi
>>> from sroi.lifecycle import Approve, ProposePlacement, Role, apply, register, state
>>> contract = sroi.Contract(
...     "2024-017", "Road maintenance",
...     sroi.Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31)),
...     sroi.Organisation("Wegenbouw Oost B.V.", kvk="12345678"))
>>> history = register(contract, recorded_on=dt.date(2023, 12, 1), role=Role.BUYER)
>>> placement = sroi.Placement(
...     sroi.Candidate("J.P.", "participatiewet", dt.date(1990, 5, 1)), sroi.PlacementKind.JOB,
...     "pw-lt2", sroi.Period(dt.date(2024, 3, 1), dt.date(2026, 2, 28)), Decimal(32))
>>> history = apply(history, ProposePlacement(
...     recorded_on=dt.date(2024, 2, 20), role=Role.CONTRACTOR, placement=placement))
>>> history = apply(history, Approve(
...     recorded_on=dt.date(2024, 3, 4), role=Role.SR_COORDINATOR, item_id="P1"))
>>> state(history).item("P1").status
<ReviewStatus.APPROVED: 'approved'>
>>> state(history, as_of=dt.date(2024, 3, 1)).item("P1").status
<ReviewStatus.PROPOSED: 'proposed'>
"""

from __future__ import annotations

from sroi.lifecycle.base import (
    ITEM_PREFIX,
    AddAttachment,
    AddContact,
    ContractChange,
    Event,
    ExtendPlacement,
    ItemChange,
    ItemEvent,
    Proposal,
    ProposePlacement,
    ProposeProject,
    ProposePurchase,
    RecordEvidence,
    RegisterContract,
    ReportEarlyExit,
)
from sroi.lifecycle.events import (
    AgreePlan,
    AmendContract,
    ApplyBonus,
    Approve,
    CorrectPlacement,
    CorrectProject,
    CorrectPurchase,
    EditCandidate,
    Reject,
    RequestChanges,
    Resubmit,
    Withdraw,
)
from sroi.lifecycle.history import ContractHistory, apply, apply_all, register, state
from sroi.lifecycle.parties import Attachment, ContactPerson, Role
from sroi.lifecycle.state import ContractState, ItemRecord, ReviewStatus

__all__ = [
    "ITEM_PREFIX",
    "AddAttachment",
    "AddContact",
    "AgreePlan",
    "AmendContract",
    "ApplyBonus",
    "Approve",
    "Attachment",
    "ContactPerson",
    "ContractChange",
    "ContractHistory",
    "ContractState",
    "CorrectPlacement",
    "CorrectProject",
    "CorrectPurchase",
    "EditCandidate",
    "Event",
    "ExtendPlacement",
    "ItemChange",
    "ItemEvent",
    "ItemRecord",
    "Proposal",
    "ProposePlacement",
    "ProposeProject",
    "ProposePurchase",
    "RecordEvidence",
    "RegisterContract",
    "Reject",
    "ReportEarlyExit",
    "RequestChanges",
    "Resubmit",
    "ReviewStatus",
    "Role",
    "Withdraw",
    "apply",
    "apply_all",
    "register",
    "state",
]
