"""Reports of a whole portfolio: every contract's fulfilment in one frame, valued in batch.

The items of all contracts are gathered per route into one table each and valued together by the
batch kernels; the sums per contract then give the same totals and moments as :func:`sroi.report`.
"""

from __future__ import annotations

import datetime as dt
import gc
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from sroi import registry as registries
from sroi._tally import moment_state as state_of_moment
from sroi.batch._arith import EPOCH
from sroi.batch._flat import (
    PROJECT_COLUMNS,
    PURCHASE_COLUMNS,
    projects_frame,
    purchases_frame,
)
from sroi.batch._placements import PLACEMENT_COLUMNS, placements_frame
from sroi.batch._problems import BatchError, BatchProblem
from sroi.batch._reader import Reader, Through
from sroi.batch._rules import Lookup
from sroi.engine import (
    ItemSchedule,
    MeasurementMoment,
    _obligation_keys,
    measurement_moments,
    schedule,
    warn_unverified,
)
from sroi.exceptions import SroiError
from sroi.fulfilment import standing_of
from sroi.lifecycle import state
from sroi.model import Item, Placement, SocialPurchase
from sroi.money import cents_half_up, from_cents
from sroi.period import Period
from sroi.ruleset import RuleSet
from sroi.states import Standing

if TYPE_CHECKING:
    from sroi.batch._arith import BoolArray, Int64Array
    from sroi.lifecycle import ContractState
    from sroi.portfolio import Portfolio
    from sroi.registry import Registry

__all__ = ["REPORT_COLUMNS", "report_frame"]

REPORT_COLUMNS = (
    "region",
    "version",
    "obligation",
    "realised",
    "pending",
    "forecast",
    "moment_fraction",
    "moment_date",
    "moment_target",
    "moment_realised",
    "moment_state",
)
"""The columns of :func:`report_frame`; amounts are int64 cents."""


_SHARED = ("region", "reference_date")
"""Input columns the report does not fill: it knows each item's rule set already."""
_PLACEMENT_CELLS = tuple(name for name in PLACEMENT_COLUMNS if name not in _SHARED)
_PURCHASE_CELLS = tuple(name for name in PURCHASE_COLUMNS if name not in _SHARED)
_PROJECT_CELLS = tuple(name for name in PROJECT_COLUMNS if name not in _SHARED)
_Moments = dict[tuple[Period, tuple[Decimal, ...]], tuple[MeasurementMoment, ...]]
"""The measurement moments of each (term, fractions) met so far: many contracts share them."""


@attrs.frozen
class _Contract:
    """What a contract's row needs besides the sums of its items."""

    number: str
    rules: RuleSet
    obligation: Decimal
    """The obligation in force on the report date."""
    moment: MeasurementMoment | None
    """The latest measurement moment on or before the report date (None: none reached yet)."""
    target: Decimal = Decimal(0)
    """That moment's target."""
    next_target: Decimal = Decimal(0)
    """The next moment's target, or for the last moment the obligation then in force."""


@attrs.define
class _Context:
    """What every contract's summary shares: the registry, the report date and what was met."""

    registry: Registry
    at: dt.date
    moments: _Moments = attrs.field(factory=dict)
    unverified: dict[int, dict[str, None]] = attrs.field(factory=dict)
    """Per rule set (by id): the keys of the obligations' rule values that are not verified."""


@attrs.define
class _Route:
    """Items of one route gathered from many contracts, one tuple per item.

    Each tuple holds the item's cells (the input columns ``names`` of the route's batch function,
    in order), then the number (position) of its contract, whether it is approved and its rule
    set (an index into the report's list of rule sets).
    """

    names: tuple[str, ...]
    rows: list[tuple[object, ...]] = attrs.field(factory=list)

    def split(self) -> tuple[pd.DataFrame, Int64Array, BoolArray, Int64Array]:
        """The input table, and each row's contract, whether approved and rule set."""
        columns = list(zip(*self.rows, strict=True))
        size = len(self.names)
        table = pd.DataFrame(dict(zip(self.names, map(list, columns[:size]), strict=True)))
        contract, approved, rules = columns[size:]
        return (
            table,
            np.array(contract, dtype=np.int64),
            np.array(approved, dtype=bool),
            np.array(rules, dtype=np.int64),
        )


@attrs.define
class _Sums:
    """Per contract, in cents: realised and pending through D, forecast, realised at the moment."""

    realised: Int64Array
    pending: Int64Array
    forecast: Int64Array
    moment: Int64Array

    @classmethod
    def zeros(cls, count: int) -> _Sums:
        """All sums zero for ``count`` contracts."""
        return cls(*(np.zeros(count, dtype=np.int64) for _ in range(4)))

    def add(self, owner: Int64Array, approved: BoolArray, valued: pd.DataFrame) -> None:
        """Add valued items (columns ``at``, ``whole``, ``moment``) to their contracts' sums."""
        through = valued["at"].to_numpy()
        np.add.at(self.realised, owner[approved], through[approved])
        np.add.at(self.pending, owner[~approved], through[~approved])
        np.add.at(self.forecast, owner, valued["whole"].to_numpy())
        np.add.at(self.moment, owner[approved], valued["moment"].to_numpy()[approved])


def report_frame(
    portfolio: Portfolio,
    at: dt.date,
    as_of: dt.date,
    *,
    registry: Registry | None = None,
    warn: bool = True,
) -> pd.DataFrame:
    """Every contract's fulfilment at ``at`` as known on ``as_of``, one row per contract.

    Equal to :func:`sroi.report` of each contract (the region's rules and obligation logic, the
    contract and its amendments in force on each day), but the items of all contracts are valued
    together by the batch kernels. A contract registered after ``as_of`` was not known then and
    has no row (:func:`sroi.report` refuses it). Columns (:data:`REPORT_COLUMNS`), indexed by
    contract number:

    * ``region``, ``version``: the rule set used;
    * ``obligation``: the obligation in force on ``at``, int64 cents;
    * ``realised``, ``pending``, ``forecast``: as :attr:`sroi.FulfilmentReport.totals`, cents;
    * ``moment_fraction``, ``moment_date``, ``moment_target``, ``moment_realised``,
      ``moment_state``: the latest measurement moment on or before ``at``
      (:attr:`sroi.FulfilmentReport.last_reached_moment`); missing (``None``, ``pd.NA``) when no
      moment is reached yet. The state is a :class:`sroi.MomentState` value, e.g. ``"behind"``.

    Args:
        portfolio: the contracts with their histories.
        at: the report date D.
        as_of: the knowledge date K.
        registry: where the rules come from; default the installed regions. Pass one with the
            portfolio's rule files added when it has them.
        warn: whether to warn about rule values used that are not verified.

    The cyclic garbage collector is paused during the call (and restored after): it would
    otherwise walk the whole portfolio many times while the reports are built.

    Raises:
        SroiError: as :func:`sroi.report` raises for a contract, with a note naming it.
    """
    # The cyclic garbage collector would walk every object of a large portfolio again and again
    # while the reports allocate (about a third of the time for 10^4 contracts); nothing here
    # creates reference cycles, so it is paused for the call and restored after.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _report_frame(portfolio, at, as_of, registry=registry, warn=warn)
    finally:
        if paused:
            gc.enable()


def _report_frame(
    portfolio: Portfolio,
    at: dt.date,
    as_of: dt.date,
    *,
    registry: Registry | None,
    warn: bool,
) -> pd.DataFrame:
    chosen = registry if registry is not None else registries.default()
    rule_sets: list[RuleSet] = []
    rule_numbers: dict[int, int] = {}
    routes = (_Route(_PLACEMENT_CELLS), _Route(_PURCHASE_CELLS), _Route(_PROJECT_CELLS))
    slow: list[tuple[int, bool, ItemSchedule]] = []
    context = _Context(chosen, at)
    contracts: list[_Contract] = []
    for history in portfolio.contracts:
        if history.registration.recorded_on > as_of:
            continue
        number = len(contracts)
        try:
            known = state(history, as_of=as_of)
            rules = chosen.rules_for(known.contract)
            contracts.append(_contract_summary(known, rules, context))
        except SroiError as error:
            error.add_note(f"in contract {history.number}")
            raise
        rules_number = rule_numbers.setdefault(id(rules), len(rule_sets))
        if rules_number == len(rule_sets):
            rule_sets.append(rules)
        where = (number, rules_number)
        for record in known.items:
            proposed_on = getattr(record, "proposed_on", None)
            if isinstance(proposed_on, dt.date) and proposed_on > as_of:
                continue
            standing = standing_of(record.status)
            if standing is not Standing.NOT_COUNTED:
                _gather(record.item, standing is Standing.APPROVED, where, routes, (rules, slow))

    if warn:
        for rules in rule_sets:
            warn_unverified(rules, context.unverified.get(id(rules), {}))
    at_day = at.toordinal() - EPOCH
    # each contract's latest moment reached (the report date where none is: never read)
    moment_days = np.array(
        [at_day if c.moment is None else c.moment.date.toordinal() - EPOCH for c in contracts],
        dtype=np.int64,
    )
    sums = _Sums.zeros(len(contracts))
    valuers = (placements_frame, purchases_frame, projects_frame)
    for route, valuer in zip(routes, valuers, strict=True):
        if not route.rows:
            continue
        table, owner, approved, rule_index = route.split()
        columns: list[Through] = [("at", at_day), ("whole", None), ("moment", moment_days[owner])]
        lookup = Lookup(warn=warn, known=(rule_index, rule_sets))
        sums.add(owner, approved, valuer(Reader(table), columns, lookup))
    for number, counted, plan in slow:
        through = plan.cents(None, at.toordinal())
        if counted:
            sums.realised[number] += through
            sums.moment[number] += plan.cents(None, int(moment_days[number]) + EPOCH)
        else:
            sums.pending[number] += through
        sums.forecast[number] += plan.cents()
    return _frame(contracts, sums)


def _gather(
    item: Item,
    approved: bool,
    where: tuple[int, int],
    routes: tuple[_Route, _Route, _Route],
    slow: tuple[RuleSet, list[tuple[int, bool, ItemSchedule]]],
) -> None:
    """Add a counted item to its route's rows, or its schedule to ``slow``.

    A placement with several bonuses does not fit one row: the engine values it (``slow``).
    """
    contract, rules_number = where
    if isinstance(item, Placement):
        if len(item.bonuses) > 1:
            rules, schedules = slow
            schedules.append((contract, approved, schedule(item, rules)))
            return
        grant = item.bonuses[0] if item.bonuses else None
        routes[0].rows.append(
            (
                item.block,
                item.period.first,
                item.period.last,
                item.exit_date,
                item.hours_per_week,
                item.candidate.birth_date,
                grant.code if grant else None,
                grant.granted_on if grant else None,
                contract,
                approved,
                rules_number,
            )
        )
    elif isinstance(item, SocialPurchase):
        routes[1].rows.append(
            (
                item.category,
                item.invoice_date,
                item.amount_excl_vat,
                contract,
                approved,
                rules_number,
            )
        )
    else:
        routes[2].rows.append(
            (
                item.block,
                item.period.first,
                item.period.last,
                item.hours,
                item.agreed_amount,
                contract,
                approved,
                rules_number,
            )
        )


def _frame(contracts: list[_Contract], sums: _Sums) -> pd.DataFrame:
    """The report frame: one row per contract, the columns of :data:`REPORT_COLUMNS`."""
    fraction: list[object] = []
    date: list[object] = []
    target: list[object] = []
    realised: list[object] = []
    moment_state: list[object] = []
    for number, contract in enumerate(contracts):
        moment = contract.moment
        if moment is None:
            for column in (fraction, date, target, realised, moment_state):
                column.append(None)
            continue
        done = int(sums.moment[number])
        fraction.append(moment.fraction)
        date.append(moment.date)
        target.append(_cents(contract.target))
        realised.append(done)
        moment_state.append(
            state_of_moment(from_cents(done), contract.target, contract.next_target).value
        )
    index = pd.Index([c.number for c in contracts], name="contract")
    columns: dict[str, Any] = {
        # texts as pandas infers them (object when there are no rows)
        "region": pd.Series([c.rules.region for c in contracts], index=index),
        "version": pd.Series([c.rules.version for c in contracts], index=index),
        "obligation": np.array([_cents(c.obligation) for c in contracts], dtype=np.int64),
        "realised": sums.realised,
        "pending": sums.pending,
        "forecast": sums.forecast,
        # objects (Decimal, date, str) with None where no moment is reached, whatever the rows
        "moment_fraction": pd.Series(fraction, index=index, dtype=object),
        "moment_date": pd.Series(date, index=index, dtype=object),
        "moment_target": pd.Series(target, index=index, dtype=object).astype("Int64"),
        "moment_realised": pd.Series(realised, index=index, dtype=object).astype("Int64"),
        "moment_state": pd.Series(moment_state, index=index, dtype=object),
    }
    return pd.DataFrame(columns, index=index, columns=list(REPORT_COLUMNS))


def _contract_summary(known: ContractState, rules: RuleSet, context: _Context) -> _Contract:
    """A contract's rules, obligation on ``at`` and latest moment reached (as the report has them).

    Adds the rule keys its obligations use that are not verified to the context's keys of
    ``rules``: those of the contract in force on ``at`` and on every moment, as the report warns
    about them.
    """
    registry, at, moments = context.registry, context.at, context.moments
    unverified = context.unverified.setdefault(id(rules), {})
    owed: list[tuple[object, Decimal]] = []
    current = known.contract_on(at)

    def obligation_on(day: dt.date) -> Decimal:
        # without contract changes the same contract is in force on every day
        in_force = known.contract_on(day) if known.contract_changes else current
        for contract, amount in owed:
            if contract is in_force or contract == in_force:
                return amount
        # warnings are given once per rule set by report_frame, not once per contract
        amount = registry.obligation(in_force, rules, warn=False).amount
        unverified.update(dict.fromkeys(_obligation_keys(in_force, rules)))
        owed.append((in_force, amount))
        return amount

    fractions = tuple(current.measurement_fractions or rules.measurement_fractions)
    key = (current.term, fractions)
    dates = moments.get(key)
    if dates is None:
        dates = moments[key] = measurement_moments(current.term, fractions)
    obligations = [obligation_on(moment.date) for moment in dates]
    obligation = obligation_on(at)
    reached = [index for index, moment in enumerate(dates) if moment.date <= at]
    if not reached:
        return _Contract(current.number, rules, obligation, None)
    last = reached[-1]
    target = _target(obligations[last], dates[last])
    if last + 1 < len(dates):
        next_target = _target(obligations[last + 1], dates[last + 1])
    else:
        next_target = obligations[last]
    return _Contract(current.number, rules, obligation, dates[last], target, next_target)


def _target(obligation: Decimal, moment: MeasurementMoment) -> Decimal:
    """A moment's target: the obligation × the moment's fraction rounded half up, in integers."""
    numerator, denominator = moment.fraction.as_integer_ratio()
    return from_cents(cents_half_up(_cents(obligation) * numerator, denominator * 100))


def _cents(amount: Decimal) -> int:
    """A Decimal amount of whole cents as an int (refusing anything finer)."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise BatchError([BatchProblem(None, "amount", amount, "whole cents")])
    return int(cents)
