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
from collections.abc import Iterable
from typing import Any

import attrs

from sroi._repr import count
from sroi.exceptions import InvalidValueError, LifecycleError
from sroi.lifecycle.base import Event, RegisterContract
from sroi.lifecycle.parties import Attachment, ContactPerson, Role
from sroi.lifecycle.replay import Draft, check_role, check_rules, step
from sroi.lifecycle.state import ContractState
from sroi.model import Contract
from sroi.ruleset import RuleSet

__all__ = [
    "ContractHistory",
    "apply",
    "apply_all",
    "check_history",
    "register",
    "state",
]


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
    check_role(registration)
    check_rules(contract, rules)
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
    draft = Draft(current)
    step(draft, event, rules)
    new_state = draft.freeze()
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
    draft = Draft(
        ContractState(
            as_of=as_of,
            registration=registration,
            contract=registration.contract,
            contacts=registration.contacts,
            attachments=registration.attachments,
        )
    )
    for index, event in enumerate(events):
        try:
            step(draft, event, None)
        except (InvalidValueError, LookupError) as error:
            error.add_note(f"while replaying event {index} ({type(event).__name__})")
            raise
    return draft.freeze()


def check_history(
    history: ContractHistory,
) -> tuple[ContractHistory, str, InvalidValueError | LookupError | None]:
    """Check a history built from data (a file) from the start: its registration, then each event.

    The checks are those of :func:`register` and :func:`apply` (without rules), in one pass that
    builds a single state.

    Returns:
        ``(history, "", None)`` with the latest state known when everything fits (so a report
        does not replay it again); else ``(history, step, error)`` for the first step that does
        not fit, ``step`` being ``"registration"`` or ``"events[N]"``.
    """
    first = history.registration
    try:
        start = register(
            first.contract,
            recorded_on=first.recorded_on,
            role=first.role,
            contacts=first.contacts,
            attachments=first.attachments,
            effective_on=first.effective_on,
        )
    except InvalidValueError as error:
        return history, "registration", error
    draft = Draft(start.latest())
    for number, event in enumerate(history.events):
        try:
            step(draft, event, None)
        except (InvalidValueError, LookupError) as error:
            return history, f"events[{number}]", error
    checked = ContractHistory(start.registration, history.events)
    checked._cache["latest"] = draft.freeze()
    # the checked history when it is the same (register keeps what it is given)
    return (checked if checked == history else history), "", None
