"""What a contract's history says on a day: its items with their review status, and the contract.

A :class:`ContractState` is never stored: :func:`sroi.lifecycle.state` derives it by replaying a
history. It holds one :class:`ItemRecord` per proposed item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from sroi.exceptions import LifecycleError, UnknownItemError
from sroi.lifecycle.base import ContractChange, Event, RegisterContract
from sroi.lifecycle.events import AgreePlan
from sroi.lifecycle.parties import Attachment, ContactPerson
from sroi.model import REQUIRED_EVIDENCE, Contract, EvidenceItem, EvidenceKind, Item, Placement
from sroi.ruleset import Route
from sroi.states import ReviewStatus

__all__ = ["ContractState", "ItemRecord", "ReviewStatus", "contract_with", "unknown_item"]


@attrs.frozen
class ItemRecord:
    """One proposed item as known at a moment: its data, review status, evidence and events."""

    item_id: str
    """The id, e.g. ``"P1"``."""
    route: Route
    """Candidate, purchase or project."""
    status: ReviewStatus
    """The review status."""
    item: Item
    """The item's current data (a placement includes its extensions, exit and bonuses)."""
    proposed_on: dt.date
    """The day the item was first proposed (recorded)."""
    decided_on: dt.date | None = None
    """The effective day of the last change of review status (approval, rejection, request for
    changes, resubmission, withdrawal); None while it was never reviewed."""
    reason: str | None = None
    """The reason given with a rejection, a request for changes or a withdrawal."""
    evidence: tuple[EvidenceItem, ...] = ()
    """The evidence recorded for a placement, in the order of the required kinds."""
    attachments: tuple[Attachment, ...] = ()
    """Documents attached to the proposal (metadata only)."""
    events: tuple[Event, ...] = ()
    """Every event on this item, the proposal first: its visible history."""
    changed_after_approval: bool = False
    """Whether the item's data changed after it was approved (for the coordinator to see)."""

    @property
    def approved(self) -> bool:
        """Whether the item is approved, so its value counts as realised."""
        return self.status.counts

    @property
    def placement(self) -> Placement:
        """The item as a placement.

        Raises:
            LifecycleError: when the item is not a placement.
        """
        if not isinstance(self.item, Placement):
            raise LifecycleError("item_id", self.item_id, "the id of a placement (P1, P2 ...)")
        return self.item

    @property
    def missing_evidence(self) -> tuple[EvidenceKind, ...]:
        """The required kinds of evidence not recorded (always empty for purchases, projects)."""
        if self.route is not Route.CANDIDATE:
            return ()
        present = {item.kind for item in self.evidence}
        return tuple(kind for kind in REQUIRED_EVIDENCE if kind not in present)

    def evidence_of(self, kind: EvidenceKind) -> EvidenceItem | None:
        """The evidence of ``kind`` recorded for this item, if any."""
        return next((item for item in self.evidence if item.kind is kind), None)


@attrs.frozen
class ContractState:
    """A contract as known on a day: derived from its history by :func:`state`, never stored."""

    as_of: dt.date | None
    """The day this state is as known on; None: everything recorded."""
    registration: RegisterContract
    """The registration the history starts with."""
    contract: Contract
    """The contract with every known agreement and amendment applied (the latest in force)."""
    contract_changes: tuple[ContractChange, ...] = ()
    """Plans and amendments, in the order they were recorded."""
    contacts: tuple[ContactPerson, ...] = ()
    """Who may see the contract (role and initials)."""
    attachments: tuple[Attachment, ...] = ()
    """The contract's documents (metadata only)."""
    items: tuple[ItemRecord, ...] = ()
    """Every proposed item, in the order proposed."""
    events: tuple[Event, ...] = ()
    """The events replayed after the registration, in order."""

    @property
    def last_recorded_on(self) -> dt.date:
        """The day the last event (or the registration) was recorded."""
        return self.events[-1].recorded_on if self.events else self.registration.recorded_on

    @property
    def notes(self) -> tuple[str, ...]:
        """The notes of the agreed plans of approach, in order."""
        return tuple(
            change.notes
            for change in self.contract_changes
            if isinstance(change, AgreePlan) and change.notes is not None
        )

    def contract_on(self, day: dt.date) -> Contract:
        """The contract with the agreements and amendments in force on ``day``.

        Changes apply in the order of their effective dates (the order recorded for equal
        dates); a change effective after ``day`` is not yet in force.
        """
        return contract_with(self.registration.contract, self.contract_changes, day)

    def item(self, item_id: str) -> ItemRecord:
        """The item ``item_id``.

        Raises:
            UnknownItemError: listing the ids that exist.
        """
        for record in self.items:
            if record.item_id == item_id:
                return record
        raise unknown_item(item_id, self.items)

    def placement(self, item_id: str) -> Placement:
        """The current data of placement ``item_id``.

        Raises:
            UnknownItemError: when there is no such item.
            LifecycleError: when the item is not a placement.
        """
        return self.item(item_id).placement

    def records(
        self,
        route: Route | None = None,
        statuses: Iterable[ReviewStatus] | None = None,
    ) -> tuple[ItemRecord, ...]:
        """The items of ``route`` (all routes if None) with one of ``statuses`` (all if None)."""
        wanted = None if statuses is None else frozenset(statuses)
        return tuple(
            record
            for record in self.items
            if (route is None or record.route is route)
            and (wanted is None or record.status in wanted)
        )

    def placements(self) -> tuple[ItemRecord, ...]:
        """The placements that may still count: not rejected and not withdrawn."""
        return tuple(
            record
            for record in self.items
            if record.route is Route.CANDIDATE and record.status.active
        )


def contract_with(contract: Contract, changes: Iterable[ContractChange], day: dt.date) -> Contract:
    """``contract`` with the ``changes`` in force on ``day`` applied, in effective-date order."""
    fields: dict[str, Any] = {}
    for change in sorted(changes, key=lambda change: change.effective_on):
        if change.effective_on <= day:
            fields.update(change.changes())
    return attrs.evolve(contract, **fields) if fields else contract


def unknown_item(item_id: str, records: Iterable[ItemRecord]) -> UnknownItemError:
    """The error for an ``item_id`` that is none of ``records``, listing the ids that exist."""
    known = ", ".join(record.item_id for record in records) or "(none yet)"
    return UnknownItemError("item_id", item_id, f"one of the contract's items: {known}")
