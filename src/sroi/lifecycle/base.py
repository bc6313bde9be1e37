"""The kinds of event every history is made of: the base classes, registration, proposals.

The events a coordinator or contractor records on a contract or item are in
:mod:`sroi.lifecycle.events`, which also re-exports everything here.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from sroi import _validators as v
from sroi.exceptions import InvalidTransitionError, InvalidValueError, LifecycleError
from sroi.lifecycle.parties import Attachment, ContactPerson, Role
from sroi.model import (
    Contract,
    EvidenceItem,
    Placement,
    SocialPurchase,
    SrProject,
)
from sroi.period import Period
from sroi.privacy import check_initials
from sroi.ruleset import Route

__all__ = [
    "ITEM_PREFIX",
    "AddAttachment",
    "AddContact",
    "ContractChange",
    "Event",
    "ExtendPlacement",
    "ItemChange",
    "ItemEvent",
    "Proposal",
    "ProposePlacement",
    "ProposeProject",
    "ProposePurchase",
    "RecordEvidence",
    "RegisterContract",
    "ReportEarlyExit",
]

_BUYER_SIDE = frozenset({Role.BUYER, Role.CONTRACT_MANAGER, Role.SR_COORDINATOR})
_CONTRACTOR_SIDE = frozenset({Role.CONTRACTOR, Role.SR_COORDINATOR})
_COORDINATOR = frozenset({Role.SR_COORDINATOR})
_ITEM_ID = re.compile(r"^[PSR][1-9][0-9]*$")

ITEM_PREFIX = {Route.CANDIDATE: "P", Route.PURCHASE: "S", Route.PROJECT: "R"}
"""The letter item ids start with, per route."""


def _same_day(event: Event) -> dt.date:
    return event.recorded_on


def _item_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _ITEM_ID.match(value):
        raise InvalidValueError(
            attribute.name, value, "an item id such as 'P1' (placement), 'S1' or 'R1'"
        )


def _initials(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_initials(value, attribute.name)


def _fractions(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    v.tuple_of(v.decimal_range(Decimal(0), Decimal(1), low_inclusive=False), "fractions in (0, 1]")(
        instance, attribute, value
    )


@attrs.frozen(kw_only=True)
class Event:
    """What every event has: when it was recorded, when it takes effect and who made it."""

    ROLES: ClassVar[frozenset[Role]] = frozenset(Role)
    """The roles that may make this kind of event."""

    recorded_on: dt.date = attrs.field(validator=v.supported_date)
    """The day the event was entered; the history is replayed in this order."""
    role: Role = attrs.field(validator=v.member(Role))
    """The role of whoever made the event."""
    effective_on: dt.date = attrs.field(
        default=attrs.Factory(_same_day, takes_self=True), validator=v.supported_date
    )
    """The day the event takes effect; the day it was recorded unless given."""


@attrs.frozen(kw_only=True)
class RegisterContract(Event):
    """A buyer registers a contract (opstarten nieuw contract): the start of every history.

    The :class:`~sroi.model.Contract` holds the four required fields (number, title, term,
    contractor) and the optional context (value excl. VAT, SR percentage, award date, region,
    description); contact persons and attachments come with it or later.
    """

    ROLES: ClassVar[frozenset[Role]] = _BUYER_SIDE

    contract: Contract = attrs.field(validator=v.instance(Contract, "a Contract"))
    """The contract as registered."""
    contacts: tuple[ContactPerson, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance(ContactPerson, "a ContactPerson"), "contacts")
    )
    """Who may see the contract (role and initials only)."""
    attachments: tuple[Attachment, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance(Attachment, "an Attachment"), "attachments")
    )
    """Documents' metadata, e.g. the SR agreement; never their content."""


@attrs.frozen(kw_only=True)
class ContractChange(Event):
    """An agreement or amendment that changes the contract from its ``effective_on`` day."""

    def changes(self) -> dict[str, Any]:
        """The contract fields this event sets, by name (only those it changes)."""
        raise NotImplementedError  # pragma: no cover - every subclass defines it


def _given(**fields: object) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None}


@attrs.frozen(kw_only=True)
class AddAttachment(Event):
    """Attach a document's metadata to the contract (bijlagen), e.g. the SR agreement."""

    ROLES: ClassVar[frozenset[Role]] = _BUYER_SIDE

    attachment: Attachment = attrs.field(validator=v.instance(Attachment, "an Attachment"))
    """The document's metadata."""


@attrs.frozen(kw_only=True)
class AddContact(Event):
    """Give one more person access to the contract (role and initials only)."""

    ROLES: ClassVar[frozenset[Role]] = _BUYER_SIDE

    contact: ContactPerson = attrs.field(validator=v.instance(ContactPerson, "a ContactPerson"))
    """The contact person."""


@attrs.frozen(kw_only=True)
class Proposal(Event):
    """The contractor proposes an item; it gets the next id of its route (``P1``, ``S1``, ``R1``).

    Only after the SR coordinator approves it does its value count as realised.
    """

    ROLES: ClassVar[frozenset[Role]] = _CONTRACTOR_SIDE
    ROUTE: ClassVar[Route]
    """The route of the proposed item."""

    @property
    def item(self) -> Placement | SocialPurchase | SrProject:
        """The proposed placement, purchase or project."""
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    @property
    def attachment_list(self) -> tuple[Attachment, ...]:
        """Documents attached to the proposal (none for a placement)."""
        return ()


@attrs.frozen(kw_only=True)
class ProposePlacement(Proposal):
    """Propose a candidate (persoon toevoegen): target group, initials, birth date and agreement.

    Enter the agreement for the whole maximum period the block allows; the value over that period
    is known at once. Evidence that already exists may be recorded with the proposal.
    """

    ROUTE: ClassVar[Route] = Route.CANDIDATE

    placement: Placement = attrs.field(validator=v.instance(Placement, "a Placement"))
    """The candidate and the agreement."""
    evidence: tuple[EvidenceItem, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance(EvidenceItem, "an EvidenceItem"), "evidence")
    )
    """Evidence already recorded (metadata only)."""

    @property
    def item(self) -> Placement:
        """The proposed placement."""
        return self.placement


@attrs.frozen(kw_only=True)
class ProposePurchase(Proposal):
    """Propose a social purchase (sociaal inkopen), with the invoice attached as metadata."""

    ROUTE: ClassVar[Route] = Route.PURCHASE

    purchase: SocialPurchase = attrs.field(validator=v.instance(SocialPurchase, "a SocialPurchase"))
    """The purchase."""
    attachments: tuple[Attachment, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance(Attachment, "an Attachment"), "attachments")
    )
    """The invoice or other documents (metadata only)."""

    @property
    def item(self) -> SocialPurchase:
        """The proposed purchase."""
        return self.purchase

    @property
    def attachment_list(self) -> tuple[Attachment, ...]:
        """The attached documents."""
        return self.attachments


@attrs.frozen(kw_only=True)
class ProposeProject(Proposal):
    """Propose an SR project (MVO-activiteit), with documents attached as metadata."""

    ROUTE: ClassVar[Route] = Route.PROJECT

    project: SrProject = attrs.field(validator=v.instance(SrProject, "an SrProject"))
    """The project."""
    attachments: tuple[Attachment, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance(Attachment, "an Attachment"), "attachments")
    )
    """The invoice or other documents (metadata only)."""

    @property
    def item(self) -> SrProject:
        """The proposed project."""
        return self.project

    @property
    def attachment_list(self) -> tuple[Attachment, ...]:
        """The attached documents."""
        return self.attachments


@attrs.frozen(kw_only=True)
class ItemEvent(Event):
    """An event on one proposed item, named by its id."""

    ROUTES: ClassVar[frozenset[Route]] = frozenset(Route)
    """The routes of the items this kind of event applies to."""

    item_id: str = attrs.field(validator=_item_id)
    """The item's id, e.g. ``"P1"``."""


@attrs.frozen(kw_only=True)
class ItemChange(ItemEvent):
    """A change to an item's data; the item's review status stays as it is."""

    ROLES: ClassVar[frozenset[Role]] = _CONTRACTOR_SIDE

    def revise(self, current: Any) -> Any:
        """Return the item as it is after this change, or raise when the change does not fit.

        Raises:
            InvalidValueError: when the changed item would not be valid.
            LifecycleError: when the change does not fit the current item.
        """
        raise NotImplementedError  # pragma: no cover - every subclass defines it


@attrs.frozen(kw_only=True)
class ExtendPlacement(ItemChange):
    """Extend a placement (verlengen): its last day moves later; the block's cap still applies."""

    ROUTES: ClassVar[frozenset[Route]] = frozenset({Route.CANDIDATE})

    new_last: dt.date = attrs.field(validator=v.supported_date)
    """The new last day of the agreement."""

    def revise(self, current: Placement) -> Placement:
        """The placement with its period extended to ``new_last``."""
        if current.exit_date is not None:
            raise InvalidTransitionError(
                "new_last",
                self.new_last,
                f"no extension of a placement that ended early (on {current.exit_date})",
                hint="if the exit was reported by mistake, correct it with cancel_exit=True",
            )
        if self.new_last <= current.period.last:
            raise LifecycleError(
                "new_last",
                self.new_last,
                f"a day after the current last day {current.period.last.isoformat()}",
                hint="to shorten a placement report an early exit or correct its period",
            )
        return attrs.evolve(current, period=Period(current.period.first, self.new_last))


@attrs.frozen(kw_only=True)
class ReportEarlyExit(ItemChange):
    """Report an early exit (voortijdig uit dienst): the candidate left before the agreed end.

    ``exit_date`` is the last day worked; nothing after it counts.
    """

    ROUTES: ClassVar[frozenset[Route]] = frozenset({Route.CANDIDATE})

    exit_date: dt.date = attrs.field(validator=v.supported_date)
    """The last day worked."""

    def revise(self, current: Placement) -> Placement:
        """The placement ending on ``exit_date``."""
        if current.exit_date is not None:
            raise InvalidTransitionError(
                "exit_date",
                self.exit_date,
                f"a placement without an early exit (one is reported on {current.exit_date})",
                hint="to change the day, correct it with CorrectPlacement(exit_date=...)",
            )
        period = current.period
        if not period.first <= self.exit_date < period.last:
            raise LifecycleError(
                "exit_date",
                self.exit_date,
                f"a day from the first day {period.first.isoformat()} to before the agreed "
                f"last day {period.last.isoformat()}",
            )
        return attrs.evolve(current, exit_date=self.exit_date)


@attrs.frozen(kw_only=True)
class RecordEvidence(ItemEvent):
    """Record that a piece of evidence exists for a placement (replacing an earlier record of it).

    Only the kind, the sort of document and its date are kept, never the document.
    """

    ROLES: ClassVar[frozenset[Role]] = _CONTRACTOR_SIDE
    ROUTES: ClassVar[frozenset[Route]] = frozenset({Route.CANDIDATE})

    evidence: EvidenceItem = attrs.field(validator=v.instance(EvidenceItem, "an EvidenceItem"))
    """What was recorded."""
