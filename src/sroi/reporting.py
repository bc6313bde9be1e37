"""The one adapter from a contract's history and the region registry to a fulfilment report.

:func:`sroi.fulfilment.fulfilment_report` is pure: it is given a contract, its reviewed items and
a rule set. :func:`report` is the single place that turns what an application keeps — a
contract's history of events (or a state derived from it) — into those inputs: it replays the
history as known on the as-of date (:func:`sroi.lifecycle.state`), uses the contract and its
amendments in force on each day and, when no rule set is given, looks the region's rules and
obligation logic up in the registry (:func:`sroi.rules_for`, :func:`sroi.obligation_for`).
The library's :func:`sroi.report` is this function; a caller with its own registry (the command
line, with a portfolio's rule files) passes it as ``registry``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sroi.engine import ObligationValuation
from sroi.exceptions import InvalidValueError
from sroi.fulfilment import FulfilmentReport, ReviewedItem, fulfilment_report
from sroi.lifecycle import ContractHistory, ContractState, state
from sroi.model import Contract
from sroi.registry import Registry, obligation_for, rules_for
from sroi.ruleset import RuleSet

__all__ = ["known_state", "report", "report_of_state"]


def report(
    source: ContractHistory | ContractState,
    rules: RuleSet | None = None,
    *,
    at: dt.date | None = None,
    as_of: dt.date | None = None,
    warn: bool = True,
    registry: Registry | None = None,
) -> FulfilmentReport:
    """The fulfilment of a contract from its lifecycle, at ``at`` as known on ``as_of``.

    A thin adapter over :func:`~sroi.fulfilment.fulfilment_report`: it derives the contract's
    state as known on ``as_of`` (:func:`sroi.lifecycle.state`), uses the contract and its
    amendments in force on each day, and the items with their review status.

    Args:
        source: a contract's history (replayed as known on ``as_of``) or a state derived from it.
        rules: the rule set to value with. When None, the region's rules are looked up for the
            contract (:func:`sroi.rules_for`) and the obligation uses the region's own logic
            (:func:`sroi.obligation_for`).
        at: the report date D; default today.
        as_of: the knowledge date K; default today (or the state's own as-of date).
        warn: whether to warn about rule values that are not verified.
        registry: where the region's rules and obligation logic are looked up when ``rules`` is
            None; default the registry of the installed region plugins (:func:`sroi.rules_for`).

    Raises:
        InvalidValueError: when a state is given with another ``as_of`` than its own.
        LifecycleError: when ``as_of`` is before the contract was registered.
    """
    known = known_state(source, as_of)
    if as_of is None:
        as_of = (source.as_of if isinstance(source, ContractState) else None) or dt.date.today()
    return report_of_state(
        known,
        known.items,
        rules,
        at=dt.date.today() if at is None else at,
        as_of=as_of,
        warn=warn,
        regional=rules is None,
        registry=registry,
    )


def known_state(
    source: ContractHistory | ContractState, as_of: dt.date | None, *, verb: str = "report"
) -> ContractState:
    """The contract's state as known on ``as_of``: a history replayed, or a state as it is.

    Args:
        source: a contract's history or a state derived from it.
        as_of: the knowledge date; default today for a history (a state keeps its own).
        verb: what the caller does, for the hint of the error (``"report"``, ``"plan"``).

    Raises:
        InvalidValueError: when a state is given with another ``as_of`` than its own, or
            ``source`` is neither.
    """
    if isinstance(source, ContractHistory):
        return state(source, as_of=dt.date.today() if as_of is None else as_of)
    if isinstance(source, ContractState):
        if as_of is not None and source.as_of is not None and as_of != source.as_of:
            raise InvalidValueError(
                "as_of",
                as_of,
                f"the state's own as-of date ({source.as_of.isoformat()})",
                hint=f"pass the contract's history to {verb} as known on another day",
            )
        return source
    raise InvalidValueError("source", source, "a ContractHistory or a ContractState")


def report_of_state(
    known: ContractState,
    items: Sequence[ReviewedItem],
    rules: RuleSet | None,
    *,
    at: dt.date,
    as_of: dt.date,
    warn: bool,
    regional: bool,
    registry: Registry | None = None,
) -> FulfilmentReport:
    """The report of ``known`` with ``items`` (its own, or with planned ones) at ``at``.

    Args:
        known: the contract's state; its contract and amendments in force on each day are used.
        items: the reviewed items to count.
        rules: the rule set; when None, the region's rules for the contract
            (:func:`sroi.rules_for`).
        at: the report date.
        as_of: the knowledge date.
        warn: whether to warn about rule values that are not verified.
        regional: whether the obligation uses the region's own logic (:func:`sroi.obligation_for`)
            rather than :func:`sroi.obligation`.
        registry: where rules and the region's logic are looked up; default the installed one.
    """
    look_up, region_owes = (
        (rules_for, obligation_for)
        if registry is None
        else (registry.rules_for, registry.obligation)
    )
    chosen = look_up(known.contract) if rules is None else rules
    obligation_of: Callable[[Contract, RuleSet], ObligationValuation] | None = None
    if regional:

        def obligation_of(contract: Contract, in_force: RuleSet) -> ObligationValuation:
            return region_owes(contract, in_force, warn=warn)

    return fulfilment_report(
        known.contract,
        items,
        chosen,
        at=at,
        as_of=as_of,
        contract_on=known.contract_on,
        obligation_of=obligation_of,
        warn=warn,
    )
