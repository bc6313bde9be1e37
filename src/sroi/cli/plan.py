"""``sroi plan``: what if (with planned items), what it takes, and the settlement at the end."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TextIO

from sroi._decimal import DecimalKind, parse_decimal
from sroi.cli.arguments import PLAN_HELP
from sroi.cli.common import OK, dates, portfolio_registry, write_json
from sroi.exceptions import InvalidValueError
from sroi.lifecycle import state
from sroi.model import (
    Candidate,
    Item,
    Organisation,
    Placement,
    PlacementKind,
    SocialPurchase,
    SrProject,
)
from sroi.money import format_euro
from sroi.period import Period
from sroi.plan import WhatIf, WhatItTakes, what_if, what_it_takes
from sroi.portfolio import load_portfolio_file
from sroi.registry import default
from sroi.rendering.tables import render_table
from sroi.settlement import Settlement, settle

_SPEC_NUMBER = DecimalKind("a decimal number such as 36 or 12500.50", signed=True)
"""Hours, amounts and invoices in a plan's ``--add-*`` options."""

__all__ = ["plan_command", "plan_data", "planned_items"]


class _Spec:
    """One ``--add-*`` spec split at its colons, read part by part with errors naming it."""

    def __init__(self, route: str, spec: str, low: int, high: int) -> None:
        self.option = f"--add-{route}"
        self.parts = spec.split(":")
        if not low <= len(self.parts) <= high:
            raise InvalidValueError(self.option, spec, PLAN_HELP[route])

    def text(self, index: int) -> str:
        return self.parts[index]

    def has(self, index: int) -> bool:
        return len(self.parts) > index

    def date(self, index: int) -> dt.date:
        text = self.parts[index]
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise InvalidValueError(self.option, text, "a date written YYYY-MM-DD") from None

    def decimal(self, index: int) -> Decimal:
        text = self.parts[index]
        return parse_decimal(text, _SPEC_NUMBER, field=self.option)


def _placement(spec: _Spec, full_time: Decimal) -> Placement:
    first, last = spec.date(1), spec.date(2)
    hours = spec.decimal(3) if spec.has(3) else full_time
    if spec.has(4):
        born = spec.date(4)
    else:
        born = dt.date(first.year - 25, first.month, min(first.day, 28))
    candidate = Candidate("X.", spec.text(0), born)
    return Placement(candidate, PlacementKind.JOB, spec.text(0), Period(first, last), hours)


def _purchase(spec: _Spec, _full_time: Decimal) -> SocialPurchase:
    supplier = Organisation("(planned supplier)")
    return SocialPurchase(supplier, spec.text(0), spec.date(1), spec.decimal(2))


def _project(spec: _Spec, _full_time: Decimal) -> SrProject:
    day, hours = spec.date(1), spec.decimal(2)
    return SrProject.on(day, "(planned SR project)", spec.text(0), hours=hours)


_ROUTES: dict[str, tuple[int, int, Callable[[_Spec, Decimal], Item]]] = {
    "placement": (3, 5, _placement),
    "purchase": (3, 3, _purchase),
    "project": (3, 3, _project),
}
"""Per ``--add-*`` route: the fewest and most parts of a spec, and how to read one."""


def planned_items(arguments: argparse.Namespace, full_time: Decimal) -> list[Item]:
    """The items of ``--add-placement``, ``--add-purchase`` and ``--add-project``, in that order.

    Raises:
        InvalidValueError: naming the option and the spec (or its part) that cannot be read.
    """
    items: list[Item] = []
    for route, (low, high, read) in _ROUTES.items():
        for spec in getattr(arguments, f"add_{route}"):
            items.append(read(_Spec(route, spec, low, high), full_time))
    return items


def _what_if_text(planned: WhatIf, lang: str) -> str:
    nl = lang == "nl"
    head = (
        ("Meetmoment", "Doel", "Verwacht", "Met plan")
        if nl
        else ("Moment", "Target", "Forecast", "With plan")
    )
    rows = [
        [
            moment.date.isoformat(),
            format_euro(moment.target),
            format_euro(before.forecast),
            format_euro(moment.forecast),
        ]
        for moment, before in zip(planned.report.moments, planned.baseline.moments, strict=True)
    ]
    table = render_table(head, rows, right=(1, 2, 3))
    ids = ", ".join(planned.planned + planned.changed)
    title = "Gepland (niet opgeslagen)" if nl else "Planned (not stored)"
    return f"{title}: {ids}\n{table}"


def plan_data(planned: WhatIf | None, taken: WhatItTakes, settled: Settlement | None) -> Any:
    """What ``sroi plan --format json`` writes, before :func:`~sroi.serde.plain.to_plain`."""
    data: dict[str, Any] = {
        "contract": taken.report.contract.number,
        "at": taken.report.at,
        "what_it_takes": {
            "target_date": taken.target_date,
            "target": taken.target,
            "forecast": taken.forecast,
            "gap": taken.gap,
            "start": taken.start,
            "options": [
                {
                    "route": option.route,
                    "block": option.block,
                    "effort": option.effort,
                    "closes": option.closes,
                    "quantity": option.quantity,
                    "start": option.start,
                    "gives": option.gives,
                    "text_nl": option.text_nl,
                    "text_en": option.text_en,
                }
                for option in taken.options
            ],
        },
    }
    if planned is not None:
        data["what_if"] = {
            "planned": planned.planned,
            "moments": [
                {
                    "date": moment.date,
                    "target": moment.target,
                    "forecast": before.forecast,
                    "forecast_with_plan": moment.forecast,
                }
                for moment, before in zip(
                    planned.report.moments, planned.baseline.moments, strict=True
                )
            ],
        }
    if settled is not None:
        data["settlement"] = {
            "at": settled.at,
            "kind": settled.kind,
            "obligation": settled.obligation,
            "realised": settled.realised,
            "shortfall": settled.shortfall,
            "forecast_shortfall": settled.forecast_shortfall,
            "amount": settled.amount,
            "published": settled.published,
            "text_nl": settled.text_nl,
            "text_en": settled.text_en,
        }
    return data


def plan_command(arguments: argparse.Namespace, out: TextIO) -> int:
    """``sroi plan``: what if (with ``--add-*``), what it takes, and optionally the settlement."""
    portfolio = load_portfolio_file(arguments.file)
    history = portfolio.contract(arguments.contract)
    at, as_of = dates(arguments)
    registry = portfolio_registry(portfolio, arguments.file)
    known = state(history, as_of=as_of)
    rules = registry.rules_for(known.contract)
    chosen = None if registry is default() else rules
    items = planned_items(arguments, rules.full_time_hours.value)
    known_with: dict[str, Any] = {"add": items, "as_of": as_of, "rules": chosen}
    planned = what_if(history, at=at, **known_with) if items else None
    taken = what_it_takes(
        history,
        target=arguments.target,
        start=arguments.start,
        birth_date=arguments.birth_date,
        at=at,
        warn=False,
        **known_with,
    )
    settled = None
    if arguments.settle:
        term_end = known.contract.term.last
        final = what_if(history, at=term_end, warn=False, **known_with)
        settled = settle(final.report)
    if arguments.format == "json":
        write_json(plan_data(planned, taken, settled), out)
        return OK
    lang: str = arguments.lang
    parts = []
    if planned is not None:
        parts.append(_what_if_text(planned, lang))
    parts.append(taken.to_text(lang))
    if settled is not None:
        parts.append(settled.text(lang))
    out.write("\n\n".join(parts) + "\n")
    return OK
