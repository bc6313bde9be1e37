"""The one adapter from a contract's history and the region registry to a fulfilment report.

:func:`sroi.fulfilment.fulfilment_report` is pure: it is given a contract, its reviewed items and
a rule set. :func:`report` is the single place that turns what an application keeps — a
contract's history of events (or a state derived from it) — into those inputs: it replays the
history as known on the as-of date (:func:`sroi.lifecycle.state`), uses the contract and its
amendments in force on each day and, when no rule set is given, looks the region's rules and
obligation logic up in the registry (:func:`sroi.rules_for`, :func:`sroi.obligation_for`).
The library's :func:`sroi.report` is this function; the command line reports through it too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sroi.engine import ObligationValuation
from sroi.exceptions import InvalidValueError
from sroi.fulfilment import FulfilmentReport, fulfilment_report
from sroi.lifecycle import ContractHistory, ContractState, state
from sroi.model import Contract
from sroi.registry import obligation_for, rules_for
from sroi.ruleset import RuleSet

__all__ = ["report"]


def report(
    source: ContractHistory | ContractState,
    rules: RuleSet | None = None,
    *,
    at: dt.date | None = None,
    as_of: dt.date | None = None,
    warn: bool = True,
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

    Raises:
        InvalidValueError: when a state is given with another ``as_of`` than its own.
        LifecycleError: when ``as_of`` is before the contract was registered.
    """
    today = dt.date.today()
    if isinstance(source, ContractHistory):
        as_of = today if as_of is None else as_of
        known = state(source, as_of=as_of)
    elif isinstance(source, ContractState):
        if as_of is not None and source.as_of is not None and as_of != source.as_of:
            raise InvalidValueError(
                "as_of",
                as_of,
                f"the state's own as-of date ({source.as_of.isoformat()})",
                hint="pass the contract's history to report as known on another day",
            )
        as_of = as_of or source.as_of or today
        known = source
    else:
        raise InvalidValueError("source", source, "a ContractHistory or a ContractState")
    obligation_of: Callable[[Contract, RuleSet], ObligationValuation] | None = None
    if rules is None:
        rules = rules_for(known.contract)

        def obligation_of(contract: Contract, chosen: RuleSet) -> ObligationValuation:
            return obligation_for(contract, chosen, warn=warn)

    return fulfilment_report(
        known.contract,
        known.items,
        rules,
        at=today if at is None else at,
        as_of=as_of,
        contract_on=known.contract_on,
        obligation_of=obligation_of,
        warn=warn,
    )
