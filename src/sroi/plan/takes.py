"""What it takes: the gap at a target day and, for each route, the smallest effort that closes it.

See :mod:`sroi.plan` for the questions answered and the product decisions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs

from sroi.exceptions import InvalidValueError
from sroi.explanation import Explanation, Step, explain, explain_report
from sroi.explanation.chain import both, money_step
from sroi.fulfilment import FulfilmentReport, Standing
from sroi.lifecycle import ItemChange
from sroi.model import (
    Item,
)
from sroi.money import format_euro, round_cents
from sroi.plan.options import Effort, Option, candidate_options, project_option, purchase_option
from sroi.plan.whatif import Source, what_if
from sroi.ruleset import Route, RuleSet

__all__ = ["WhatItTakes", "what_it_takes"]

_ZERO = Decimal(0)
_PLAN_PREFIX = "plan-"
_DEFAULT_AGE = 25


@attrs.frozen
class WhatItTakes:
    """The gap at a target day and, for each route, the smallest effort that closes it."""

    report: FulfilmentReport
    """The report the gap is measured from."""
    target_date: dt.date
    """The target day (a measurement moment, or the end of the term)."""
    fraction: Decimal
    """The share of the obligation due on the target day (1 at the end of the term)."""
    target: Decimal
    """The amount due on the target day."""
    forecast: Decimal
    """Approved and pending items counted through the target day."""
    gap: Decimal
    """``target − forecast``, never below zero."""
    start: dt.date
    """The day new effort starts (placements, invoices, projects)."""
    options: tuple[Option, ...]
    """One option per block and kind of effort, candidate blocks first; empty when the forecast
    already reaches the target."""
    birth_date: dt.date
    """The birth date of the hypothetical candidate placements are valued for."""

    @property
    def on_track(self) -> bool:
        """Whether the forecast already reaches the target (the gap is zero)."""
        return self.gap == 0

    def option(self, block: str, effort: Effort) -> Option:
        """The option for ``block`` and ``effort``.

        Raises:
            InvalidValueError: when there is none (the message lists those that exist).
        """
        for option in self.options:
            if option.block == block and option.effort is effort:
                return option
        known = ", ".join(f"{o.block}/{o.effort.value}" for o in self.options) or "(none)"
        raise InvalidValueError("block", block, f"a block with a {effort.value} option: {known}")

    def explain(self) -> Explanation:
        """How the gap is computed: the target (with its own chain) minus the forecast."""
        target_detail = self._target_explanation()
        steps: list[Step] = [
            both(
                "target_date",
                "Doeldatum",
                "Target day",
                self.target_date,
                self.target_date.isoformat(),
            ),
            money_step("obligation", "Doel", "Target", self.target, target_detail),
            money_step(
                "realised",
                f"Verwacht t/m {self.target_date.isoformat()}",
                f"Forecast through {self.target_date.isoformat()}",
                self.forecast,
            ),
            both(
                "remaining",
                "Tekort (niet onder nul)",
                "Gap (never below zero)",
                self.gap,
                f"{self.target} − {self.forecast} = {self.gap}",
            ),
        ]
        day = self.target_date.isoformat()
        return Explanation(
            f"Wat nodig is tot {day}",
            f"What it takes by {day}",
            self.gap,
            "remaining",
            tuple(steps),
        )

    def explain_option(self, option: Option) -> Explanation:
        """How one proposed item of ``option`` is valued through the target day (its chain).

        Raises:
            InvalidValueError: when the option has no valued item (it gives nothing).
        """
        if option.valuation is None:
            raise InvalidValueError("option", option.text_en, "an option with a valued item")
        return explain(
            option.valuation,
            rules=self.report.rules,
            item=option.items[0] if option.items else None,
            contract=self.report.contract,
            item_id=f"{_PLAN_PREFIX}{option.block}",
        )

    def _target_explanation(self) -> Explanation | None:
        for index, moment in enumerate(self.report.moments):
            if moment.date == self.target_date and moment.target == self.target:
                return explain_report(self.report, "target", moment=index)
        return None

    def to_text(self, lang: str = "en") -> str:
        """The gap and every option as readable text in ``"nl"`` or ``"en"``."""
        day = self.target_date.isoformat()
        if lang == "nl":
            head = (
                f"Doel t/m {day}: {format_euro(self.target, 'nl')}; verwacht: "
                f"{format_euro(self.forecast, 'nl')}; tekort: {format_euro(self.gap, 'nl')}"
            )
        else:
            head = (
                f"Target by {day}: {format_euro(self.target, 'en')}; forecast: "
                f"{format_euro(self.forecast, 'en')}; gap: {format_euro(self.gap, 'en')}"
            )
        if self.on_track:
            done = (
                "De prognose haalt het doel al; er is niets extra nodig."
                if lang == "nl"
                else "The forecast already reaches the target; nothing more is needed."
            )
            return f"{head}\n{done}"
        return "\n".join([head, *(f"- {option.text(lang)}" for option in self.options)])


def _forecast_through(report: FulfilmentReport, day: dt.date) -> Decimal:
    total = _ZERO
    for line in report.lines:
        if line.standing is not Standing.NOT_COUNTED:
            total += line.value_through(day)
    return total


def _choose_target(
    report: FulfilmentReport, target_date: dt.date | None
) -> tuple[dt.date, Decimal, Decimal]:
    """The target day, the share of the obligation due then, and the amount due."""
    term = report.contract.term
    moments = report.moments
    if target_date is None:
        upcoming = [moment for moment in moments if moment.date > report.at]
        if upcoming:
            return upcoming[0].date, upcoming[0].fraction, upcoming[0].target
        target_date = term.last
    for moment in moments:
        if moment.date == target_date:
            return moment.date, moment.fraction, moment.target
    if target_date == term.last:
        return term.last, Decimal(1), report.obligation.amount
    known = ", ".join(moment.date.isoformat() for moment in moments)
    raise InvalidValueError(
        "target",
        target_date,
        f"a measurement moment ({known}) or the term's last day ({term.last.isoformat()})",
    )


def what_it_takes(
    source: Source,
    *,
    add: Iterable[Item] = (),
    change: Iterable[ItemChange] = (),
    target: dt.date | None = None,
    start: dt.date | None = None,
    birth_date: dt.date | None = None,
    at: dt.date | None = None,
    as_of: dt.date | None = None,
    rules: RuleSet | None = None,
    warn: bool = True,
) -> WhatItTakes:
    """The gap at a target day and, per route, the smallest effort that closes it exactly.

    Args:
        source: the contract's history (read as known on ``as_of``) or a state derived from it.
        add: planned items to count first, as in :func:`what_if` ("with this candidate planned,
            what more does it take?").
        change: planned changes of existing items to apply first, as in :func:`what_if`.
        target: the target day: a measurement moment's date or the term's last day; default
            the first measurement moment after ``at``, else the term's last day.
        start: the day new effort starts; default ``at``.
        birth_date: the birth date of the hypothetical candidate; default a candidate aged 25 on
            ``start`` (no age bonus).
        at: the report date; default today.
        as_of: the knowledge date; default today (or the state's own as-of date).
        rules: the rule set; default the region's rules for the contract.
        warn: whether to warn about rule values that are not verified.

    Raises:
        InvalidValueError: when ``target`` is neither a measurement moment nor the term's last
            day, or ``start`` is after the target day.
    """
    at = dt.date.today() if at is None else at
    base = what_if(
        source, add=add, change=change, at=at, as_of=as_of, rules=rules, warn=warn
    ).report
    rules = base.rules
    target_date, fraction, due = _choose_target(base, target)
    start = at if start is None else start
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
        raise InvalidValueError("start", start, "a calendar date (datetime.date, no time)")
    if start > target_date:
        raise InvalidValueError(
            "start", start, f"a day on or before the target day {target_date.isoformat()}"
        )
    if birth_date is None:
        birth_date = dt.date(start.year - _DEFAULT_AGE, start.month, min(start.day, 28))
    forecast = _forecast_through(base, target_date)
    gap = max(_ZERO, due - forecast)
    gap_cents = int(gap * 100)
    last = max(target_date, base.contract.term.last)
    options: list[Option] = []
    blocks = (
        []
        if gap_cents == 0
        else sorted(rules.blocks.values(), key=lambda b: (list(Route).index(b.route), b.code))
    )
    for block in blocks:
        if block.route is Route.CANDIDATE:
            options.extend(
                candidate_options(
                    rules,
                    block.code,
                    gap_cents,
                    start=start,
                    target=target_date,
                    last=last,
                    birth_date=birth_date,
                )
            )
        elif block.route is Route.PURCHASE:
            options.append(purchase_option(rules, block.code, gap_cents, start, target_date))
        else:
            options.append(project_option(rules, block.code, gap_cents, start, target_date))
    return WhatItTakes(
        report=base,
        target_date=target_date,
        fraction=fraction,
        target=due,
        forecast=forecast,
        gap=round_cents(gap),
        start=start,
        options=tuple(options),
        birth_date=birth_date,
    )
