"""What if: the fulfilment report with planned items added and planned changes applied.

See :mod:`sroi.plan` for the questions answered and the product decisions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs

from sroi.exceptions import InvalidValueError, SroiError
from sroi.fulfilment import FulfilmentReport, ReviewedItem
from sroi.lifecycle import ContractHistory, ContractState, ItemChange, ReviewStatus
from sroi.model import (
    Item,
    Placement,
    SocialPurchase,
    SrProject,
)
from sroi.reporting import known_state, report_of_state
from sroi.ruleset import RuleSet

__all__ = ["PlannedItem", "Source", "WhatIf", "what_if"]

_ZERO = Decimal(0)
_PLAN_PREFIX = "plan-"
_DEFAULT_AGE = 25


Source = ContractHistory | ContractState


@attrs.frozen
class PlannedItem:
    """A hypothetical item in a what-if: it counts as pending (proposed) and is never stored."""

    item_id: str
    """Its id in the what-if report, ``plan-1``, ``plan-2`` ..."""
    item: Item
    """The planned placement, purchase or project."""
    status: ReviewStatus = ReviewStatus.PROPOSED
    """Always proposed: a plan is not yet approved, so it counts in pending and forecast."""


@attrs.frozen
class WhatIf:
    """A fulfilment report with planned items added and planned changes applied."""

    report: FulfilmentReport
    """The report as it would be."""
    baseline: FulfilmentReport
    """The report as it is, for comparison."""
    planned: tuple[str, ...]
    """The ids of the planned (added) items."""
    changed: tuple[str, ...]
    """The ids of the existing items a planned change was applied to."""

    def is_planned(self, item_id: str) -> bool:
        """Whether ``item_id`` is a planned item or an item with a planned change."""
        return item_id in self.planned or item_id in self.changed

    @property
    def forecast_difference(self) -> Decimal:
        """What the plan adds to (or, negative, takes from) the forecast."""
        return self.report.totals.forecast - self.baseline.totals.forecast

    @property
    def moment_differences(self) -> tuple[Decimal, ...]:
        """Per measurement moment, what the plan changes in the forecast through its date."""
        return tuple(
            planned.forecast - known.forecast
            for planned, known in zip(self.report.moments, self.baseline.moments, strict=True)
        )


def what_if(
    source: Source,
    *,
    add: Iterable[Item] = (),
    change: Iterable[ItemChange] = (),
    at: dt.date | None = None,
    as_of: dt.date | None = None,
    rules: RuleSet | None = None,
    warn: bool = True,
) -> WhatIf:
    """The fulfilment report as it would be with planned items and changes; nothing is stored.

    Args:
        source: the contract's history (read as known on ``as_of``) or a state derived from it.
        add: hypothetical placements, purchases or projects; they get the ids ``plan-1``,
            ``plan-2`` ... and count as pending (proposed).
        change: planned changes of existing items, as the lifecycle's change events
            (:class:`~sroi.lifecycle.ExtendPlacement`, :class:`~sroi.lifecycle.ReportEarlyExit`,
            :class:`~sroi.lifecycle.CorrectPlacement` for more or fewer hours ...), applied in
            order; each keeps its item's review status.
        at: the report date; default today.
        as_of: the knowledge date; default today (or the state's own as-of date).
        rules: the rule set; default the region's rules for the contract.
        warn: whether to warn about rule values that are not verified.

    Raises:
        InvalidValueError: when an added item is not an item, or a change is not an item change
            or does not fit its item (the lifecycle's own checks).
        UnknownItemError: when a change names an item the contract does not have.
    """
    known = known_state(source, as_of, verb="plan")
    at = dt.date.today() if at is None else at
    records = {record.item_id: record for record in known.items}
    changed: list[str] = []
    for index, planned_change in enumerate(change):
        if not isinstance(planned_change, ItemChange):
            raise InvalidValueError(
                f"change[{index}]", planned_change, "an item change (e.g. ExtendPlacement)"
            )
        record = known.item(planned_change.item_id)
        current = records[record.item_id]
        if record.route not in planned_change.ROUTES:
            raise InvalidValueError(
                f"change[{index}]",
                type(planned_change).__name__,
                f"a change that applies to a {record.route.value} item ({record.item_id})",
            )
        try:
            revised = planned_change.revise(current.item)
        except SroiError as error:
            error.add_note(
                f"in change[{index}] ({type(planned_change).__name__} of {record.item_id})"
            )
            raise
        records[record.item_id] = attrs.evolve(current, item=revised)
        changed.append(record.item_id)
    planned: list[PlannedItem] = []
    for index, item in enumerate(add):
        if not isinstance(item, (Placement, SocialPurchase, SrProject)):
            raise InvalidValueError(
                f"add[{index}]", item, "a Placement, SocialPurchase or SrProject"
            )
        planned.append(PlannedItem(f"{_PLAN_PREFIX}{index + 1}", item))
    items: list[ReviewedItem] = [*records.values(), *planned]
    regional = rules is None
    known_on = known.as_of or known.last_recorded_on
    baseline = report_of_state(
        known, known.items, rules, at=at, as_of=known_on, warn=warn, regional=regional
    )
    return WhatIf(
        report=report_of_state(
            known, items, baseline.rules, at=at, as_of=known_on, warn=False, regional=regional
        ),
        baseline=baseline,
        planned=tuple(item.item_id for item in planned),
        changed=tuple(dict.fromkeys(changed)),
    )
