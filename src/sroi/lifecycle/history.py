"""A contract's history: its registration and an ordered tuple of immutable events.

The state of a contract is never stored; it is derived by replaying the events in the order they
were recorded. :func:`state` with ``as_of=K`` replays only the events recorded on or before K, so
a report made on K can be made again, with the same numbers, after later corrections.

The history only grows forward: an event may not be recorded on an earlier day than the last
event. A late entry (an exit that happened last month) is recorded today with an earlier
``effective_on``. This is what keeps "as known on K" stable: nothing recorded later can change
what was known on K.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

import attrs

from sroi._repr import count
from sroi.exceptions import (
    InvalidTransitionError,
    InvalidValueError,
    LifecycleError,
    UnknownItemError,
)
from sroi.lifecycle.events import (
    ITEM_PREFIX,
    AddAttachment,
    AddContact,
    AgreePlan,
    Approve,
    ContractChange,
    Event,
    ItemChange,
    ItemEvent,
    Proposal,
    ProposePlacement,
    RecordEvidence,
    RegisterContract,
    Reject,
    RequestChanges,
    Resubmit,
    Withdraw,
)
from sroi.lifecycle.parties import Attachment, ContactPerson, Role
from sroi.model import (
    REQUIRED_EVIDENCE,
    Contract,
    EvidenceItem,
    EvidenceKind,
    Item,
    Placement,
    SocialPurchase,
)
from sroi.ruleset import BonusKind, Route, RuleSet, Unit

__all__ = [
    "ContractHistory",
    "ContractState",
    "ItemRecord",
    "ReviewStatus",
    "apply",
    "apply_all",
    "register",
    "state",
]


class ReviewStatus(enum.Enum):
    """Where a proposed item stands in the SR coordinator's review."""

    PROPOSED = "proposed"
    """Proposed by the contractor (voorgedragen), not yet decided."""
    APPROVED = "approved"
    """Approved (goedgekeurd): its value counts as realised."""
    REJECTED = "rejected"
    """Rejected (afgekeurd), with a reason: it never counts."""
    CHANGES_REQUESTED = "changes_requested"
    """The coordinator asked for changes; the contractor resubmits or withdraws it."""
    WITHDRAWN = "withdrawn"
    """Withdrawn by the contractor: it never counts."""

    @property
    def counts(self) -> bool:
        """Whether an item with this status counts as realised (only approved items do)."""
        return self is ReviewStatus.APPROVED

    @property
    def open(self) -> bool:
        """Whether the review is still open (proposed, or changes requested)."""
        return self in (ReviewStatus.PROPOSED, ReviewStatus.CHANGES_REQUESTED)

    @property
    def active(self) -> bool:
        """Whether the item may still count: not rejected and not withdrawn."""
        return self not in (ReviewStatus.REJECTED, ReviewStatus.WITHDRAWN)


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
        return _contract_with(self.registration.contract, self.contract_changes, day)

    def item(self, item_id: str) -> ItemRecord:
        """The item ``item_id``.

        Raises:
            UnknownItemError: listing the ids that exist.
        """
        for record in self.items:
            if record.item_id == item_id:
                return record
        known = ", ".join(record.item_id for record in self.items) or "(none yet)"
        raise UnknownItemError("item_id", item_id, f"one of the contract's items: {known}")

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


def _contract_with(contract: Contract, changes: Iterable[ContractChange], day: dt.date) -> Contract:
    fields: dict[str, Any] = {}
    for change in sorted(changes, key=lambda change: change.effective_on):
        if change.effective_on <= day:
            fields.update(change.changes())
    return attrs.evolve(contract, **fields) if fields else contract


@attrs.frozen
class ContractHistory:
    """A contract's registration and the events recorded after it, oldest first.

    Build one with :func:`register` and grow it with :func:`apply`; each returns a new history
    and leaves the old one as it was. Read it with :func:`state`.
    """

    registration: RegisterContract = attrs.field()
    """The registration the history starts with."""
    events: tuple[Event, ...] = attrs.field(default=())
    """The events after the registration, in the order recorded."""
    _cache: dict[str, ContractState] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    def __repr__(self) -> str:
        """One line: the contract number, its registration and how many events follow it.

        Shown without replaying the events, so even a history built by hand that does not fit
        has a repr.
        """
        recorded = self.registration.recorded_on.isoformat()
        if not self.events:
            return f"<ContractHistory {self.number!r} registered {recorded}, no events>"
        last = max(event.recorded_on for event in self.events).isoformat()
        return (
            f"<ContractHistory {self.number!r} registered {recorded}, "
            f"{count(len(self.events), 'event')} through {last}>"
        )

    @property
    def number(self) -> str:
        """The contract number."""
        return self.registration.contract.number

    def latest(self) -> ContractState:
        """The state with every event applied (the same as ``state(self)``).

        Raises:
            LifecycleError: when an event in a history built by hand does not fit.
        """
        cached = self._cache.get("latest")
        if cached is None:
            cached = _replay(self.registration, self.events, None)
            self._cache["latest"] = cached
        return cached


def _check_region(contract: Contract, rules: RuleSet) -> None:
    if contract.region is not None and rules.region != contract.region:
        raise InvalidValueError(
            "rules", rules.region, f"the rules of the contract's region {contract.region!r}"
        )


def _check_rules(contract: Contract, rules: RuleSet | None) -> None:
    """Check the contract's region and adjustment codes against the rules (when given)."""
    if rules is None:
        return
    _check_region(contract, rules)
    for code in contract.adjustments:
        rules.adjustment(code)


_SIZED_UNITS = (Unit.PER_YEAR_FULL_TIME, Unit.PER_MONTH)
"""The units whose value is multiplied by the size factor: only they take an annual bonus."""


def _check_item(item: Item, contract: Contract, rules: RuleSet | None) -> None:
    """Check an item's codes against the region's rules (when given), without valuing it.

    The same checks, in the same order and with the same errors, as valuing the item makes:
    its block (or a purchase's category) exists and belongs to the item's route; every granted
    bonus exists, the block allows it, and it is one a grant may apply.
    """
    if rules is None:
        return
    _check_region(contract, rules)
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
            bonus.kind is BonusKind.ANNUAL and block.unit not in _SIZED_UNITS
        ):
            raise InvalidValueError(
                "bonuses",
                code,
                f"a one-off or annual bonus that block {block.code!r} allows",
                hint="age bonuses apply by themselves from the candidate's birth date",
            )


def _tuple(field: str, values: object, kind: str) -> tuple[Any, ...]:
    """``values`` as a tuple; an error naming ``field`` when it is not a collection."""
    if isinstance(values, str | bytes | dict) or not isinstance(values, Iterable):
        raise InvalidValueError(field, values, f"a list of {kind}")
    return tuple(values)


def register(
    contract: Contract,
    *,
    recorded_on: dt.date,
    role: Role = Role.BUYER,
    contacts: Iterable[ContactPerson] = (),
    attachments: Iterable[Attachment] = (),
    effective_on: dt.date | None = None,
    rules: RuleSet | None = None,
) -> ContractHistory:
    """Register a contract: the start of its history (opstarten nieuw contract).

    Args:
        contract: number, title, term and contractor, with any optional context.
        recorded_on: the day it is registered.
        role: who registers it: the buyer, the contract manager or the SR coordinator.
        contacts: who may see the contract (role and initials only).
        attachments: documents' metadata, e.g. the SR agreement.
        effective_on: the day the registration takes effect (default ``recorded_on``).
        rules: the region's rules, to check the contract's adjustment codes against.

    Raises:
        InvalidValueError: when a value is not valid.
        InvalidTransitionError: when the role may not register contracts.
    """
    registration = RegisterContract(
        recorded_on=recorded_on,
        role=role,
        effective_on=recorded_on if effective_on is None else effective_on,
        contract=contract,
        contacts=_tuple("contacts", contacts, "ContactPerson"),
        attachments=_tuple("attachments", attachments, "Attachment"),
    )
    if rules is not None and not isinstance(rules, RuleSet):
        raise InvalidValueError("rules", rules, "a RuleSet or None")
    _check_role(registration)
    _check_rules(contract, rules)
    return ContractHistory(registration)


def apply(
    history: ContractHistory, event: Event, *, rules: RuleSet | None = None
) -> ContractHistory:
    """Return ``history`` with ``event`` appended, after checking it fits the state so far.

    The original history is never changed; an event that does not fit is refused with an error
    and nothing is recorded.

    Args:
        history: the contract's history.
        event: what happened.
        rules: the region's rule set; when given, building blocks, bonuses and obligation
            adjustments are checked against it (a bonus must exist and be allowed on the block).

    Raises:
        InvalidValueError: when the event would make a value invalid (e.g. an exit outside the
            placement, initials that look like a name).
        LifecycleError: when the event does not fit the history (an extension that does not move
            the end later, an event recorded before the last one).
        InvalidTransitionError: when the item's status or the role does not allow the event.
        UnknownItemError: when the item id does not exist.
        UnknownBlockError: when a code is not in ``rules``.
    """
    if not isinstance(history, ContractHistory):
        raise InvalidValueError("history", history, "a ContractHistory (see sroi.register)")
    if rules is not None and not isinstance(rules, RuleSet):
        raise InvalidValueError("rules", rules, "a RuleSet or None")
    current = history.latest()
    new_state = _step(current, event, rules)
    result = ContractHistory(history.registration, (*history.events, event))
    result._cache["latest"] = new_state
    return result


def apply_all(
    history: ContractHistory, events: Iterable[Event], *, rules: RuleSet | None = None
) -> ContractHistory:
    """Apply ``events`` in order; all of them, or (on the first error) none.

    Raises:
        SroiError: the first event's error, with a note naming its position.
    """
    given: object = events  # checked at run time: callers may pass anything
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise InvalidValueError("events", given, "an iterable of Event")
    result = history
    for index, event in enumerate(events):
        try:
            result = apply(result, event, rules=rules)
        except (InvalidValueError, LookupError) as error:
            error.add_note(f"while applying event {index} ({type(event).__name__})")
            raise
    return result


def state(history: ContractHistory, as_of: dt.date | None = None) -> ContractState:
    """The contract as known on ``as_of``: the events recorded on or before that day, replayed.

    Without ``as_of`` every event counts. The same history and day always give the same state.

    Raises:
        LifecycleError: when ``as_of`` is before the contract was registered.
    """
    if not isinstance(history, ContractHistory):
        raise InvalidValueError("history", history, "a ContractHistory (see sroi.register)")
    if as_of is None:
        return history.latest()
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise InvalidValueError("as_of", as_of, "a calendar date (datetime.date, no time)")
    registered = history.registration.recorded_on
    if as_of < registered:
        raise LifecycleError(
            "as_of",
            as_of,
            f"on or after the day the contract was registered ({registered.isoformat()})",
        )
    if not history.events or history.events[-1].recorded_on <= as_of:
        return attrs.evolve(history.latest(), as_of=as_of)
    known = tuple(event for event in history.events if event.recorded_on <= as_of)
    return _replay(history.registration, known, as_of)


def _replay(
    registration: RegisterContract, events: Iterable[Event], as_of: dt.date | None
) -> ContractState:
    current = ContractState(
        as_of=as_of,
        registration=registration,
        contract=registration.contract,
        contacts=registration.contacts,
        attachments=registration.attachments,
    )
    for index, event in enumerate(events):
        try:
            current = _step(current, event, None)
        except (InvalidValueError, LookupError) as error:
            error.add_note(f"while replaying event {index} ({type(event).__name__})")
            raise
    return current


def _check_role(event: Event) -> None:
    if event.role not in event.ROLES:
        roles = ", ".join(sorted(role.value for role in event.ROLES))
        raise InvalidTransitionError(
            "role", event.role, f"a role that may make {type(event).__name__}: {roles}"
        )


_ABSTRACT_EVENTS = (Event, ContractChange, Proposal, ItemEvent, ItemChange)
"""The base classes of the events: they say what is common, but describe nothing that happened."""


def _step(current: ContractState, event: Event, rules: RuleSet | None) -> ContractState:
    """The state after ``event``, or an error when it does not fit ``current``."""
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
    last = current.last_recorded_on
    if event.recorded_on < last:
        raise LifecycleError(
            "recorded_on",
            event.recorded_on,
            f"on or after {last.isoformat()}, the day the last event was recorded",
            hint="a history only grows forward; record a late entry today with an earlier "
            "effective_on",
        )
    _check_role(event)
    events = (*current.events, event)
    if isinstance(event, ContractChange):
        return _change_contract(current, event, rules, events)
    if isinstance(event, AddAttachment):
        if any(a.sha256 == event.attachment.sha256 for a in current.attachments):
            raise LifecycleError(
                "attachment.sha256", event.attachment.sha256, "a document not yet attached"
            )
        attachments = (*current.attachments, event.attachment)
        return attrs.evolve(current, attachments=attachments, events=events)
    if isinstance(event, AddContact):
        if event.contact in current.contacts:
            raise LifecycleError("contact", event.contact, "a contact person not yet listed")
        contacts = (*current.contacts, event.contact)
        return attrs.evolve(current, contacts=contacts, events=events)
    if isinstance(event, Proposal):
        return _propose(current, event, rules, events)
    if isinstance(event, ItemEvent):
        return _item_event(current, event, rules, events)
    raise InvalidValueError("event", event, "a known kind of event")  # pragma: no cover


def _change_contract(
    current: ContractState,
    event: ContractChange,
    rules: RuleSet | None,
    events: tuple[Event, ...],
) -> ContractState:
    changes = (*current.contract_changes, event)
    try:
        attrs.evolve(current.contract, **event.changes())
        contract = _contract_with(current.registration.contract, changes, dt.date.max)
    except InvalidValueError as error:
        raise error.at(type(event).__name__) from None
    _check_rules(contract, rules)
    return attrs.evolve(current, contract=contract, contract_changes=changes, events=events)


def _propose(
    current: ContractState, event: Proposal, rules: RuleSet | None, events: tuple[Event, ...]
) -> ContractState:
    route = event.ROUTE
    item = event.item
    _check_item(item, current.contract, rules)
    number = sum(1 for record in current.items if record.route is route) + 1
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
    return attrs.evolve(current, items=(*current.items, record), events=events)


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


def _item_event(
    current: ContractState, event: ItemEvent, rules: RuleSet | None, events: tuple[Event, ...]
) -> ContractState:
    record = current.item(event.item_id)
    if record.route not in event.ROUTES:
        routes = " or ".join(sorted(route.value for route in event.ROUTES))
        raise LifecycleError(
            "item_id", event.item_id, f"the id of a {routes} item for {type(event).__name__}"
        )
    name = type(event).__name__
    history = (*record.events, event)
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
        new = attrs.evolve(
            record, status=to, decided_on=event.effective_on, reason=reason, events=history
        )
    else:
        if record.status not in _CHANGEABLE:
            raise InvalidTransitionError(
                f"{event.item_id}.status",
                record.status.value,
                f"proposed, changes_requested or approved for {name}",
                hint="a rejected or withdrawn item can no longer change",
            )
        if isinstance(event, RecordEvidence):
            evidence = _merge_evidence(record.evidence, (event.evidence,), event.item_id)
            new = attrs.evolve(record, evidence=evidence, events=history)
        elif isinstance(event, ItemChange):
            try:
                item = event.revise(record.item)
            except InvalidValueError as error:
                raise error.at(event.item_id) from None
            try:
                _check_item(item, current.contract, rules)
            except InvalidValueError as error:
                raise error.at(event.item_id) from None
            new = attrs.evolve(
                record,
                item=item,
                events=history,
                changed_after_approval=record.changed_after_approval or record.approved,
            )
        else:  # pragma: no cover - every item event is a review step, evidence or a change
            raise InvalidValueError("event", event, "a known kind of item event")
    items = tuple(new if r.item_id == event.item_id else r for r in current.items)
    return attrs.evolve(current, items=items, events=events)
