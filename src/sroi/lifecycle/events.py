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
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from sroi import _validators as v
from sroi.exceptions import InvalidTransitionError, InvalidValueError, LifecycleError
from sroi.lifecycle.base import (
    _BUYER_SIDE,
    _CONTRACTOR_SIDE,
    _COORDINATOR,
    ContractChange,
    ItemChange,
    ItemEvent,
    Proposal,
    _fractions,
    _given,
    _initials,
)
from sroi.lifecycle.parties import Role
from sroi.model import (
    BonusGrant,
    Placement,
    PlacementKind,
    SocialPurchase,
    SrProject,
    code_validator,
)
from sroi.period import Period
from sroi.ruleset import Route

__all__ = [
    "AgreePlan",
    "AmendContract",
    "ApplyBonus",
    "Approve",
    "CorrectPlacement",
    "CorrectProject",
    "CorrectPurchase",
    "EditCandidate",
    "Proposal",
    "Reject",
    "RequestChanges",
    "Resubmit",
    "Withdraw",
]


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
