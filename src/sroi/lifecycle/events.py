"""The events of a contract's life, as the two user manuals describe them.

Every event is an immutable record of something a person did, in a role, on a day:

* ``recorded_on``: the day it was entered (the history is ordered by it; a report "as known on
  K" replays the events recorded on or before K);
* ``effective_on``: the day it takes effect (defaults to ``recorded_on``); for contract
  amendments it decides from which day the new value is in force;
* ``role``: who made it (:class:`~sroi.lifecycle.Role`); each event type lists the roles that
  may make it in ``ROLES``.

Events that concern one item carry its ``item_id``: ``"P1"``, ``"P2"`` ... for placements,
``"S1"`` ... for social purchases and ``"R1"`` ... for SR projects, numbered in the order they
were proposed.

Building an event validates its own fields. Whether it fits the contract (the item exists, the
transition is allowed, an extension moves the end later) is checked by
:func:`~sroi.lifecycle.apply`.
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
    BonusGrant,
    Contract,
    EvidenceItem,
    Placement,
    PlacementKind,
    SocialPurchase,
    SrProject,
    code_validator,
)
from sroi.period import Period
from sroi.privacy import check_initials
from sroi.ruleset import Route

__all__ = [
    "AddAttachment",
    "AddContact",
    "AgreePlan",
    "AmendContract",
    "ApplyBonus",
    "Approve",
    "ContractChange",
    "CorrectPlacement",
    "CorrectProject",
    "CorrectPurchase",
    "EditCandidate",
    "Event",
    "ExtendPlacement",
    "ItemEvent",
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
    "Withdraw",
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


# --- the contract ---------------------------------------------------------------------------


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
class AgreePlan(ContractChange):
    """The SR coordinator records the plan of approach (plan van aanpak) agreed with the contractor.

    It may set the SR percentage and the region's obligation adjustments (e.g. a PSO discount)
    that make up the obligation, other measurement moments than the default 25/50/75/100%, and
    notes on how the obligation will be filled.
    """

    ROLES: ClassVar[frozenset[Role]] = _COORDINATOR

    sr_percentage: Decimal | None = attrs.field(
        default=None, validator=v.optional(v.decimal_range(Decimal(0), Decimal(100)))
    )
    """The agreed SR percentage, e.g. ``Decimal("5")``; unchanged if None."""
    adjustments: tuple[str, ...] | None = attrs.field(
        default=None, validator=v.optional(v.tuple_of(code_validator, "adjustment codes"))
    )
    """The region's obligation adjustments that apply; unchanged if None."""
    measurement_fractions: tuple[Decimal, ...] | None = attrs.field(
        default=None, validator=v.optional(_fractions)
    )
    """Agreed measurement moments as fractions of the term; unchanged if None."""
    notes: str | None = attrs.field(default=None, validator=v.optional(v.text(2000)))
    """How the obligation will be filled (free text, never personal data)."""

    def changes(self) -> dict[str, Any]:
        """The contract fields this plan sets."""
        return _given(
            sr_percentage=self.sr_percentage,
            adjustments=self.adjustments,
            measurement_fractions=self.measurement_fractions,
        )


@attrs.frozen(kw_only=True)
class AmendContract(ContractChange):
    """A later amendment of the contract, in force from ``effective_on``.

    A changed contract value counts from its effective date: the obligation on a day uses the
    value in force on that day (:meth:`~sroi.lifecycle.ContractState.contract_on`).
    """

    ROLES: ClassVar[frozenset[Role]] = _BUYER_SIDE

    value_excl_vat: Decimal | None = attrs.field(
        default=None, validator=v.optional(v.decimal_range(Decimal(0)))
    )
    """The new contract value excl. VAT; unchanged if None."""
    sr_percentage: Decimal | None = attrs.field(
        default=None, validator=v.optional(v.decimal_range(Decimal(0), Decimal(100)))
    )
    """The new SR percentage; unchanged if None."""
    term: Period | None = attrs.field(
        default=None, validator=v.optional(v.instance(Period, "a Period"))
    )
    """The new term (e.g. after an extension of the contract); unchanged if None."""
    measurement_fractions: tuple[Decimal, ...] | None = attrs.field(
        default=None, validator=v.optional(_fractions)
    )
    """Other measurement moments; unchanged if None."""
    adjustments: tuple[str, ...] | None = attrs.field(
        default=None, validator=v.optional(v.tuple_of(code_validator, "adjustment codes"))
    )
    """The obligation adjustments that now apply; unchanged if None."""
    note: str | None = attrs.field(default=None, validator=v.optional(v.text(2000)))
    """Why the contract was amended."""

    def __attrs_post_init__(self) -> None:
        if not self.changes():
            raise InvalidValueError(
                "value_excl_vat",
                None,
                "at least one of value_excl_vat, sr_percentage, term, measurement_fractions, "
                "adjustments",
                hint="an amendment must change something",
            )

    def changes(self) -> dict[str, Any]:
        """The contract fields this amendment sets."""
        return _given(
            value_excl_vat=self.value_excl_vat,
            sr_percentage=self.sr_percentage,
            term=self.term,
            measurement_fractions=self.measurement_fractions,
            adjustments=self.adjustments,
        )


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


# --- proposals --------------------------------------------------------------------------------


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


# --- events on one item ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ItemEvent(Event):
    """An event on one proposed item, named by its id."""

    ROUTES: ClassVar[frozenset[Route]] = frozenset(Route)
    """The routes of the items this kind of event applies to."""

    item_id: str = attrs.field(validator=_item_id)
    """The item's id, e.g. ``"P1"``."""


@attrs.frozen(kw_only=True)
class Approve(ItemEvent):
    """The SR coordinator approves a proposed item (goedgekeurd): from now on it counts."""

    ROLES: ClassVar[frozenset[Role]] = _COORDINATOR


@attrs.frozen(kw_only=True)
class Reject(ItemEvent):
    """The SR coordinator rejects a proposed item (afgekeurd), with a reason; it never counts."""

    ROLES: ClassVar[frozenset[Role]] = _COORDINATOR

    reason: str = attrs.field(validator=v.text(1000))
    """Why the item was rejected."""


@attrs.frozen(kw_only=True)
class RequestChanges(ItemEvent):
    """The SR coordinator asks the contractor to change a proposed item before deciding."""

    ROLES: ClassVar[frozenset[Role]] = _COORDINATOR

    reason: str = attrs.field(validator=v.text(1000))
    """What should change."""


@attrs.frozen(kw_only=True)
class Resubmit(ItemEvent):
    """The contractor proposes an item again after making the changes asked for."""

    ROLES: ClassVar[frozenset[Role]] = _CONTRACTOR_SIDE

    note: str | None = attrs.field(default=None, validator=v.optional(v.text(1000)))
    """What was changed."""


@attrs.frozen(kw_only=True)
class Withdraw(ItemEvent):
    """The contractor withdraws an item that is not yet approved; it never counts."""

    ROLES: ClassVar[frozenset[Role]] = _CONTRACTOR_SIDE

    reason: str | None = attrs.field(default=None, validator=v.optional(v.text(1000)))
    """Why the item was withdrawn."""


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
class CorrectPlacement(ItemChange):
    """Correct a placement's agreement (corrigeren): replace wrong data as if entered right.

    Only the fields given change. ``cancel_exit`` removes an early exit reported by mistake;
    ``bonuses`` replaces the list of applied bonus values.
    """

    ROUTES: ClassVar[frozenset[Route]] = frozenset({Route.CANDIDATE})

    kind: PlacementKind | None = attrs.field(
        default=None, validator=v.optional(v.member(PlacementKind))
    )
    """The kind of agreement."""
    block: str | None = attrs.field(default=None, validator=v.optional(code_validator))
    """The building block code."""
    period: Period | None = attrs.field(
        default=None, validator=v.optional(v.instance(Period, "a Period"))
    )
    """The agreed period."""
    hours_per_week: Decimal | None = attrs.field(
        default=None, validator=v.optional(v.decimal_range(Decimal(0), Decimal(168)))
    )
    """Average hours per week."""
    exit_date: dt.date | None = attrs.field(default=None, validator=v.optional(v.supported_date))
    """The right day of an early exit already reported."""
    cancel_exit: bool = attrs.field(default=False, validator=v.instance(bool, "True or False"))
    """Remove an early exit that was reported by mistake."""
    bonuses: tuple[BonusGrant, ...] | None = attrs.field(
        default=None,
        validator=v.optional(v.tuple_of(v.instance(BonusGrant, "a BonusGrant"), "BonusGrant")),
    )
    """The bonus values that really apply."""

    def __attrs_post_init__(self) -> None:
        if self.cancel_exit and self.exit_date is not None:
            raise InvalidValueError(
                "exit_date", self.exit_date, "None when cancel_exit is true (one or the other)"
            )
        if not self.cancel_exit and not self._fields():
            raise InvalidValueError(
                "kind",
                None,
                "at least one of kind, block, period, hours_per_week, exit_date, cancel_exit, "
                "bonuses",
                hint="a correction must change something",
            )

    def _fields(self) -> dict[str, Any]:
        return _given(
            kind=self.kind,
            block=self.block,
            period=self.period,
            hours_per_week=self.hours_per_week,
            exit_date=self.exit_date,
            bonuses=self.bonuses,
        )

    def revise(self, current: Placement) -> Placement:
        """The placement with the corrected fields, validated as a whole."""
        fields = self._fields()
        if "exit_date" in fields and current.exit_date is None:
            raise InvalidTransitionError(
                "exit_date",
                self.exit_date,
                "a correction of an early exit already reported",
                hint="report an early exit with ReportEarlyExit",
            )
        if self.cancel_exit:
            if current.exit_date is None:
                raise InvalidTransitionError(
                    "cancel_exit", True, "a placement with an early exit to cancel"
                )
            fields["exit_date"] = None
        return attrs.evolve(current, **fields)


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
class ApplyBonus(ItemChange):
    """Apply a bonus value (bonuswaarde), e.g. when the candidate gets a permanent contract.

    The bonus must exist in the region's rules and be allowed on the placement's block; that is
    checked when :func:`~sroi.lifecycle.apply` is given the rule set.
    """

    ROUTES: ClassVar[frozenset[Route]] = frozenset({Route.CANDIDATE})

    code: str = attrs.field(validator=code_validator)
    """The bonus code, e.g. ``"permanent-contract"``."""
    granted_on: dt.date = attrs.field(validator=v.supported_date)
    """The day the bonus was granted, within the placement."""

    def revise(self, current: Placement) -> Placement:
        """The placement with the bonus added."""
        if any(grant.code == self.code for grant in current.bonuses):
            raise InvalidTransitionError(
                "code", self.code, "a bonus not yet applied to this placement"
            )
        grant = BonusGrant(self.code, self.granted_on)
        return attrs.evolve(current, bonuses=(*current.bonuses, grant))


@attrs.frozen(kw_only=True)
class EditCandidate(ItemChange):
    """Edit the candidate's general data: initials, target group or birth date.

    The same privacy checks apply as on entry: initials only, and a birth date that gives a
    plausible working age on the placement's first day.
    """

    ROUTES: ClassVar[frozenset[Route]] = frozenset({Route.CANDIDATE})

    initials: str | None = attrs.field(default=None, validator=v.optional(_initials))
    """The right initials; a full name is refused."""
    target_group: str | None = attrs.field(default=None, validator=v.optional(code_validator))
    """The right target group code."""
    birth_date: dt.date | None = attrs.field(default=None, validator=v.optional(v.supported_date))
    """The right birth date."""

    def __attrs_post_init__(self) -> None:
        if self.initials is None and self.target_group is None and self.birth_date is None:
            raise InvalidValueError(
                "initials",
                None,
                "at least one of initials, target_group, birth_date",
                hint="an edit must change something",
            )

    def revise(self, current: Placement) -> Placement:
        """The placement with the candidate's data changed."""
        fields = _given(
            initials=self.initials, target_group=self.target_group, birth_date=self.birth_date
        )
        candidate = attrs.evolve(current.candidate, **fields)
        try:
            return attrs.evolve(current, candidate=candidate)
        except InvalidValueError as error:
            if error.field == "candidate.birth_date":
                raise InvalidValueError("birth_date", error.value, error.expected) from None
            raise  # pragma: no cover - only the age check can fail here


@attrs.frozen(kw_only=True)
class CorrectPurchase(ItemChange):
    """Correct a social purchase: the purchase as it should have been entered."""

    ROUTES: ClassVar[frozenset[Route]] = frozenset({Route.PURCHASE})

    purchase: SocialPurchase = attrs.field(validator=v.instance(SocialPurchase, "a SocialPurchase"))
    """The corrected purchase."""

    def revise(self, current: SocialPurchase) -> SocialPurchase:
        """The corrected purchase."""
        if self.purchase == current:
            raise LifecycleError(
                "purchase", self.purchase, "a purchase that differs (nothing to correct)"
            )
        return self.purchase


@attrs.frozen(kw_only=True)
class CorrectProject(ItemChange):
    """Correct an SR project: the project as it should have been entered."""

    ROUTES: ClassVar[frozenset[Route]] = frozenset({Route.PROJECT})

    project: SrProject = attrs.field(validator=v.instance(SrProject, "an SrProject"))
    """The corrected project."""

    def revise(self, current: SrProject) -> SrProject:
        """The corrected project."""
        if self.project == current:
            raise LifecycleError(
                "project", self.project, "a project that differs (nothing to correct)"
            )
        return self.project


@attrs.frozen(kw_only=True)
class RecordEvidence(ItemEvent):
    """Record that a piece of evidence exists for a placement (replacing an earlier record of it).

    Only the kind, the sort of document and its date are kept, never the document.
    """

    ROLES: ClassVar[frozenset[Role]] = _CONTRACTOR_SIDE
    ROUTES: ClassVar[frozenset[Route]] = frozenset({Route.CANDIDATE})

    evidence: EvidenceItem = attrs.field(validator=v.instance(EvidenceItem, "an EvidenceItem"))
    """What was recorded."""
