"""One step of a contract's history: check that an event fits the state so far, then apply it.

Events are applied to a :class:`Draft`, a plain mutable copy of a
:class:`~sroi.lifecycle.state.ContractState` that is frozen once at the end: replaying a long
history builds one state, not one per event. A refused event leaves the draft unchanged, since
every check runs before anything is changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from sroi.exceptions import InvalidTransitionError, InvalidValueError, LifecycleError
from sroi.lifecycle.base import (
    ITEM_PREFIX,
    AddAttachment,
    AddContact,
    ContractChange,
    Event,
    ItemChange,
    ItemEvent,
    Proposal,
    ProposePlacement,
    RecordEvidence,
    RegisterContract,
)
from sroi.lifecycle.events import Approve, Reject, RequestChanges, Resubmit, Withdraw
from sroi.lifecycle.state import (
    ContractState,
    ItemRecord,
    ReviewStatus,
    contract_with,
    unknown_item,
)
from sroi.model import (
    REQUIRED_EVIDENCE,
    Contract,
    EvidenceItem,
    EvidenceKind,
    Item,
    Placement,
    SocialPurchase,
)
from sroi.ruleset import BonusKind, Route, RuleSet

__all__ = ["Draft", "check_role", "check_rules", "step"]


_REVIEW_FROM: dict[type[ItemEvent], tuple[frozenset[ReviewStatus], ReviewStatus]] = {
    Approve: (frozenset({ReviewStatus.PROPOSED}), ReviewStatus.APPROVED),
    Reject: (
        frozenset({ReviewStatus.PROPOSED, ReviewStatus.CHANGES_REQUESTED}),
        ReviewStatus.REJECTED,
    ),
    RequestChanges: (frozenset({ReviewStatus.PROPOSED}), ReviewStatus.CHANGES_REQUESTED),
    Resubmit: (frozenset({ReviewStatus.CHANGES_REQUESTED}), ReviewStatus.PROPOSED),
    Withdraw: (
        frozenset({ReviewStatus.PROPOSED, ReviewStatus.CHANGES_REQUESTED}),
        ReviewStatus.WITHDRAWN,
    ),
}
_CHANGEABLE = frozenset(
    {ReviewStatus.PROPOSED, ReviewStatus.CHANGES_REQUESTED, ReviewStatus.APPROVED}
)


class Draft:
    """A contract's state being built: plain lists, changed in place, frozen by :meth:`freeze`."""

    __slots__ = (
        "as_of",
        "attachments",
        "contacts",
        "contract",
        "contract_changes",
        "events",
        "index",
        "items",
        "registration",
    )

    def __init__(self, state: ContractState) -> None:
        """A draft holding what ``state`` holds."""
        self.as_of = state.as_of
        self.registration = state.registration
        self.contract = state.contract
        self.contract_changes = list(state.contract_changes)
        self.contacts = list(state.contacts)
        self.attachments = list(state.attachments)
        self.items = list(state.items)
        self.index = {record.item_id: number for number, record in enumerate(self.items)}
        self.events = list(state.events)

    def freeze(self) -> ContractState:
        """The state the draft holds now."""
        return ContractState(
            as_of=self.as_of,
            registration=self.registration,
            contract=self.contract,
            contract_changes=tuple(self.contract_changes),
            contacts=tuple(self.contacts),
            attachments=tuple(self.attachments),
            items=tuple(self.items),
            events=tuple(self.events),
        )

    @property
    def last_recorded_on(self) -> dt.date:
        """The day the last event (or the registration) was recorded."""
        return self.events[-1].recorded_on if self.events else self.registration.recorded_on

    def item(self, item_id: str) -> int:
        """The position of item ``item_id``; an :class:`UnknownItemError` when there is none."""
        try:
            return self.index[item_id]
        except (KeyError, TypeError):
            raise unknown_item(item_id, self.items) from None


def check_region(contract: Contract, rules: RuleSet) -> None:
    """Check that ``rules`` are those of the contract's region (when it names one)."""
    if contract.region is not None and rules.region != contract.region:
        raise InvalidValueError(
            "rules", rules.region, f"the rules of the contract's region {contract.region!r}"
        )


def check_rules(contract: Contract, rules: RuleSet | None) -> None:
    """Check the contract's region and adjustment codes against the rules (when given)."""
    if rules is None:
        return
    check_region(contract, rules)
    for code in contract.adjustments:
        rules.adjustment(code)


def _check_item(item: Item, contract: Contract, rules: RuleSet | None) -> None:
    """Check an item's codes against the region's rules (when given), without valuing it.

    The same checks, in the same order and with the same errors, as valuing the item makes:
    its block (or a purchase's category) exists and belongs to the item's route; every granted
    bonus exists, the block allows it, and it is one a grant may apply.
    """
    if rules is None:
        return
    check_region(contract, rules)
    if isinstance(item, Placement):
        route, field, code = Route.CANDIDATE, "block", item.block
    elif isinstance(item, SocialPurchase):
        route, field, code = Route.PURCHASE, "category", item.category
    else:
        route, field, code = Route.PROJECT, "block", item.block
    block = rules.block(code)
    if block.route is not route:
        raise InvalidValueError(
            field, code, f"a {route.value} block, not a {block.route.value} block"
        )
    if not isinstance(item, Placement):
        return
    bonuses = [(grant.code, rules.bonus(grant.code)) for grant in item.bonuses]
    for code, bonus in bonuses:
        if code not in block.bonuses:
            raise InvalidValueError(
                "bonuses",
                code,
                f"a bonus that block {block.code!r} allows: {', '.join(block.bonuses) or '(none)'}",
            )
        if bonus.kind is BonusKind.AGE or (
            bonus.kind is BonusKind.ANNUAL and not block.unit.is_sized
        ):
            raise InvalidValueError(
                "bonuses",
                code,
                f"a one-off or annual bonus that block {block.code!r} allows",
                hint="age bonuses apply by themselves from the candidate's birth date",
            )


def check_role(event: Event) -> None:
    """Check that the event's role may make this kind of event."""
    if event.role not in event.ROLES:
        roles = ", ".join(sorted(role.value for role in event.ROLES))
        raise InvalidTransitionError(
            "role", event.role, f"a role that may make {type(event).__name__}: {roles}"
        )


_ABSTRACT_EVENTS = (Event, ContractChange, Proposal, ItemEvent, ItemChange)
"""The base classes of the events: they say what is common, but describe nothing that happened."""


def step(draft: Draft, event: Event, rules: RuleSet | None) -> None:
    """Apply ``event`` to ``draft``, or raise (leaving it unchanged) when it does not fit."""
    if not isinstance(event, Event) or isinstance(event, RegisterContract):
        raise InvalidValueError(
            "event", event, "an Event other than RegisterContract (a history has one registration)"
        )
    if type(event) in _ABSTRACT_EVENTS:
        raise InvalidValueError(
            "event",
            event,
            "a concrete kind of event, such as ProposePlacement or Approve",
            hint=f"{type(event).__name__} is the base class of several kinds of event",
        )
    last = draft.last_recorded_on
    if event.recorded_on < last:
        raise LifecycleError(
            "recorded_on",
            event.recorded_on,
            f"on or after {last.isoformat()}, the day the last event was recorded",
            hint="a history only grows forward; record a late entry today with an earlier "
            "effective_on",
        )
    check_role(event)
    if isinstance(event, ContractChange):
        _change_contract(draft, event, rules)
    elif isinstance(event, AddAttachment):
        if any(a.sha256 == event.attachment.sha256 for a in draft.attachments):
            raise LifecycleError(
                "attachment.sha256", event.attachment.sha256, "a document not yet attached"
            )
        draft.attachments.append(event.attachment)
    elif isinstance(event, AddContact):
        if event.contact in draft.contacts:
            raise LifecycleError("contact", event.contact, "a contact person not yet listed")
        draft.contacts.append(event.contact)
    elif isinstance(event, Proposal):
        _propose(draft, event, rules)
    elif isinstance(event, ItemEvent):
        _item_event(draft, event, rules)
    else:  # pragma: no cover - every event is one of the kinds above
        raise InvalidValueError("event", event, "a known kind of event")
    draft.events.append(event)


def _change_contract(draft: Draft, event: ContractChange, rules: RuleSet | None) -> None:
    changes = (*draft.contract_changes, event)
    try:
        attrs.evolve(draft.contract, **event.changes())
        contract = contract_with(draft.registration.contract, changes, dt.date.max)
    except InvalidValueError as error:
        raise error.at(type(event).__name__) from None
    check_rules(contract, rules)
    draft.contract = contract
    draft.contract_changes.append(event)


def _propose(draft: Draft, event: Proposal, rules: RuleSet | None) -> None:
    route = event.ROUTE
    item = event.item
    _check_item(item, draft.contract, rules)
    number = sum(1 for record in draft.items if record.route is route) + 1
    item_id = f"{ITEM_PREFIX[route]}{number}"
    evidence: tuple[EvidenceItem, ...] = ()
    if isinstance(event, ProposePlacement):
        evidence = _merge_evidence((), event.evidence, item_id)
    record = ItemRecord(
        item_id=item_id,
        route=route,
        status=ReviewStatus.PROPOSED,
        item=item,
        proposed_on=event.recorded_on,
        evidence=evidence,
        attachments=event.attachment_list,
        events=(event,),
    )
    draft.index[item_id] = len(draft.items)
    draft.items.append(record)


def _merge_evidence(
    present: tuple[EvidenceItem, ...], new: Iterable[EvidenceItem], item_id: str
) -> tuple[EvidenceItem, ...]:
    by_kind = {item.kind: item for item in present}
    seen: set[EvidenceKind] = set()
    for item in new:
        if item.kind in seen:
            raise LifecycleError(
                f"{item_id}.evidence", item.kind, "each kind of evidence at most once"
            )
        seen.add(item.kind)
        by_kind[item.kind] = item
    return tuple(by_kind[kind] for kind in REQUIRED_EVIDENCE if kind in by_kind)


def _revised(record: ItemRecord, event: ItemEvent, **changes: Any) -> ItemRecord:
    """``record`` with ``changes`` and ``event`` added to its events (cheaper than evolve)."""
    fields: dict[str, Any] = {
        "item_id": record.item_id,
        "route": record.route,
        "status": record.status,
        "item": record.item,
        "proposed_on": record.proposed_on,
        "decided_on": record.decided_on,
        "reason": record.reason,
        "evidence": record.evidence,
        "attachments": record.attachments,
        "events": (*record.events, event),
        "changed_after_approval": record.changed_after_approval,
    }
    fields.update(changes)
    return ItemRecord(**fields)


def _item_event(draft: Draft, event: ItemEvent, rules: RuleSet | None) -> None:
    position = draft.item(event.item_id)
    record = draft.items[position]
    if record.route not in event.ROUTES:
        routes = " or ".join(sorted(route.value for route in event.ROUTES))
        raise LifecycleError(
            "item_id", event.item_id, f"the id of a {routes} item for {type(event).__name__}"
        )
    name = type(event).__name__
    review = _REVIEW_FROM.get(type(event))
    if review is not None:
        allowed, to = review
        if record.status not in allowed:
            raise InvalidTransitionError(
                f"{event.item_id}.status",
                record.status.value,
                f"{' or '.join(sorted(s.value for s in allowed))} for {name}",
            )
        reason = getattr(event, "reason", None)
        new = _revised(record, event, status=to, decided_on=event.effective_on, reason=reason)
    elif record.status not in _CHANGEABLE:
        raise InvalidTransitionError(
            f"{event.item_id}.status",
            record.status.value,
            f"proposed, changes_requested or approved for {name}",
            hint="a rejected or withdrawn item can no longer change",
        )
    elif isinstance(event, RecordEvidence):
        evidence = _merge_evidence(record.evidence, (event.evidence,), event.item_id)
        new = _revised(record, event, evidence=evidence)
    elif isinstance(event, ItemChange):
        try:
            item = event.revise(record.item)
            _check_item(item, draft.contract, rules)
        except InvalidValueError as error:
            raise error.at(event.item_id) from None
        changed = record.changed_after_approval or record.approved
        new = _revised(record, event, item=item, changed_after_approval=changed)
    else:  # pragma: no cover - every item event is a review step, evidence or a change
        raise InvalidValueError("event", event, "a known kind of item event")
    draft.items[position] = new
