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
from sroi.batch._arith import EPOCH
from sroi.batch._flat import projects_frame, purchases_frame
from sroi.batch._placements import placements_frame
from sroi.batch._problems import BatchError, BatchProblem
from sroi.batch._reader import Reader, Through
from sroi.batch._rules import Lookup
from sroi.engine import _obligation_keys, measurement_moments, schedule, warn_unverified
from sroi.exceptions import SroiError
from sroi.fulfilment import _state, standing_of
from sroi.lifecycle import state
from sroi.model import Placement, SocialPurchase
from sroi.money import cents_half_up, from_cents
from sroi.ruleset import RuleSet
from sroi.states import Standing

if TYPE_CHECKING:
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


@attrs.define
class _Rows:
    """Items of one route gathered from many contracts, with each row's report dates."""

    cells: list[dict[str, object]] = attrs.field(factory=list)
    contract: list[int] = attrs.field(factory=list)
    approved: list[bool] = attrs.field(factory=list)
    rules: list[int] = attrs.field(factory=list)
    moments: list[list[int]] = attrs.field(factory=list)

    def add(
        self, cells: dict[str, object], where: tuple[int, bool, int], moments: list[int]
    ) -> None:
        contract, approved, rules = where
        self.cells.append(cells)
        self.contract.append(contract)
        self.approved.append(approved)
        self.rules.append(rules)
        self.moments.append(moments)


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
    at_day = at.toordinal() - EPOCH
    rule_sets: list[RuleSet] = []
    rule_numbers: dict[int, int] = {}
    placements, purchases, projects = _Rows(), _Rows(), _Rows()
    slow: list[tuple[int, bool, Any, list[int]]] = []
    obligation_keys: dict[int, dict[str, None]] = {}
    contracts: list[dict[str, Any]] = []
    known_contracts = [
        history for history in portfolio.contracts if history.registration.recorded_on <= as_of
    ]
    for number, history in enumerate(known_contracts):
        try:
            known = state(history, as_of=as_of)
            rules = chosen.rules_for(known.contract)
            summary = _contract_summary(
                known, rules, chosen, at, obligation_keys.setdefault(id(rules), {})
            )
            dates = summary["moments"]
            contracts.append(summary)
        except SroiError as error:
            error.add_note(f"in contract {history.number}")
            raise
        rules_number = rule_numbers.setdefault(id(rules), len(rule_sets))
        if rules_number == len(rule_sets):
            rule_sets.append(rules)
        moment_days = [moment.date.toordinal() - EPOCH for moment in dates]
        for record in known.items:
            proposed_on = getattr(record, "proposed_on", None)
            if isinstance(proposed_on, dt.date) and proposed_on > as_of:
                continue
            standing = standing_of(record.status)
            if standing is Standing.NOT_COUNTED:
                continue
            approved = standing is Standing.APPROVED
            item = record.item
            where = (number, approved, rules_number)
            if isinstance(item, Placement):
                if len(item.bonuses) > 1:
                    slow.append((number, approved, schedule(item, rules), moment_days))
                    continue
                grant = item.bonuses[0] if item.bonuses else None
                placements.add(
                    {
                        "block": item.block,
                        "first": item.period.first,
                        "last": item.period.last,
                        "exit_date": item.exit_date,
                        "hours_per_week": item.hours_per_week,
                        "birth_date": item.candidate.birth_date,
                        "bonus_code": grant.code if grant else None,
                        "bonus_granted_on": grant.granted_on if grant else None,
                    },
                    where,
                    moment_days,
                )
            elif isinstance(item, SocialPurchase):
                purchases.add(
                    {
                        "category": item.category,
                        "invoice_date": item.invoice_date,
                        "amount_excl_vat": item.amount_excl_vat,
                    },
                    where,
                    moment_days,
                )
            else:
                projects.add(
                    {
                        "block": item.block,
                        "first": item.period.first,
                        "last": item.period.last,
                        "hours": item.hours,
                        "agreed_amount": item.agreed_amount,
                    },
                    where,
                    moment_days,
                )

    if warn:
        for rules in rule_sets:
            warn_unverified(rules, obligation_keys.get(id(rules), {}))
    count = len(contracts)
    most = max((len(c["moments"]) for c in contracts), default=0)
    realised = np.zeros(count, dtype=np.int64)
    pending = np.zeros(count, dtype=np.int64)
    forecast = np.zeros(count, dtype=np.int64)
    moment_realised = np.zeros((count, most), dtype=np.int64)
    valuers = (
        (placements, placements_frame),
        (purchases, purchases_frame),
        (projects, projects_frame),
    )
    for rows, valuer in valuers:
        if not rows.cells:
            continue
        padded = np.array([m + [at_day] * (most - len(m)) for m in rows.moments], np.int64)
        columns: list[Through] = [("at", at_day), ("whole", None)]
        columns += [(f"m{i}", padded[:, i]) for i in range(most)]
        valued = valuer(
            Reader(pd.DataFrame(rows.cells)),
            columns,
            Lookup(warn=warn, known=(np.array(rows.rules, dtype=np.int64), rule_sets)),
        )
        owner = np.array(rows.contract, dtype=np.int64)
        mask = np.array(rows.approved, dtype=bool)
        np.add.at(realised, owner[mask], valued["at"].to_numpy()[mask])
        np.add.at(pending, owner[~mask], valued["at"].to_numpy()[~mask])
        np.add.at(forecast, owner, valued["whole"].to_numpy())
        for i in range(most):
            np.add.at(moment_realised[:, i], owner[mask], valued[f"m{i}"].to_numpy()[mask])
    for number, counted, plan, moment_days in slow:
        through = at.toordinal()
        if counted:
            realised[number] += plan.cents(None, through)
        else:
            pending[number] += plan.cents(None, through)
        forecast[number] += plan.cents()
        if counted:
            for i, day in enumerate(moment_days):
                moment_realised[number, i] += plan.cents(None, day + EPOCH)

    records = []
    for number, contract in enumerate(contracts):
        moments, targets = contract["moments"], contract["targets"]
        reached = [i for i, moment in enumerate(moments) if moment.date <= at]
        row: dict[str, object] = {
            "region": contract["rules"].region,
            "version": contract["rules"].version,
            "obligation": _cents(contract["obligation"]),
            "realised": int(realised[number]),
            "pending": int(pending[number]),
            "forecast": int(forecast[number]),
            "moment_fraction": None,
            "moment_date": None,
            "moment_target": None,
            "moment_realised": None,
            "moment_state": None,
        }
        if reached:
            last = reached[-1]
            next_target = (
                targets[last + 1] if last + 1 < len(moments) else contract["obligations"][last]
            )
            done = from_cents(int(moment_realised[number, last]))
            row.update(
                moment_fraction=moments[last].fraction,
                moment_date=moments[last].date,
                moment_target=_cents(targets[last]),
                moment_realised=int(moment_realised[number, last]),
                moment_state=_state(done, targets[last], next_target).value,
            )
        records.append(row)
    frame = pd.DataFrame.from_records(
        records,
        index=pd.Index([c["number"] for c in contracts], name="contract"),
        columns=list(REPORT_COLUMNS),
    )
    for name in ("obligation", "realised", "pending", "forecast"):
        frame[name] = frame[name].astype(np.int64)
    for name in ("moment_fraction", "moment_date", "moment_state"):
        # objects (Decimal, date, str) with None where no moment is reached, whatever the rows
        frame[name] = pd.Series([row[name] for row in records], index=frame.index, dtype=object)
    frame["moment_target"] = frame["moment_target"].astype("Int64")
    frame["moment_realised"] = frame["moment_realised"].astype("Int64")
    return frame


def _contract_summary(
    known: Any, rules: RuleSet, registry: Registry, at: dt.date, unverified: dict[str, None]
) -> dict[str, Any]:
    """A contract's rules, obligation on ``at``, moments and their targets (as the report does).

    Adds the rule keys its obligations use that are not verified to ``unverified``.
    """
    owed: list[tuple[object, Decimal]] = []

    def obligation_on(day: dt.date) -> Decimal:
        in_force = known.contract_on(day)
        for contract, amount in owed:
            if contract is in_force or contract == in_force:
                return amount
        # warnings are given once per rule set by report_frame, not once per contract
        amount = registry.obligation(in_force, rules, warn=False).amount
        unverified.update(dict.fromkeys(_obligation_keys(in_force, rules)))
        owed.append((in_force, amount))
        return amount

    current = known.contract_on(at)
    fractions = current.measurement_fractions or rules.measurement_fractions
    dates = measurement_moments(current.term, fractions)
    obligations = [obligation_on(moment.date) for moment in dates]
    return {
        "number": current.number,
        "rules": rules,
        "obligation": obligation_on(at),
        "moments": dates,
        "obligations": obligations,
        # obligation × fraction rounded half up, as the report's targets, in integers
        "targets": [
            from_cents(cents_half_up(_cents(o) * n, d * 100))
            for o, (n, d) in zip(
                obligations, (m.fraction.as_integer_ratio() for m in dates), strict=True
            )
        ],
    }


def _cents(amount: Decimal) -> int:
    """A Decimal amount of whole cents as an int (refusing anything finer)."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise BatchError([BatchProblem(None, "amount", amount, "whole cents")])
    return int(cents)
