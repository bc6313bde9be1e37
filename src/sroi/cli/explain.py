"""``sroi explain``: how an amount of a contract's report, or of one item, was computed."""

from __future__ import annotations

import argparse
from typing import Any, Literal, TextIO, cast

from sroi.cli.common import OK, one_contract, write_json
from sroi.engine import Valuation, value_item
from sroi.exceptions import InvalidValueError
from sroi.explanation import Explanation, Language
from sroi.fulfilment import FulfilmentReport, ReportLine
from sroi.labels import label
from sroi.ruleset import RuleSet
from sroi.states import Measure, Standing

__all__ = ["explain_command"]

What = Measure | Literal["remaining"]
"""What ``--what`` names: a measure, or what remains of the obligation."""

_ITEM_MEASURES = (Measure.REALISED, Measure.PENDING, Measure.FORECAST)
"""What an item's amount can be explained as."""


def _what(text: str | None) -> What | None:
    """``--what`` as a :class:`~sroi.states.Measure` (``"remaining"`` is no measure)."""
    if text is None:
        return None
    return "remaining" if text == "remaining" else Measure(text)


def _explain(report: FulfilmentReport, what: What, item: str | None = None) -> Explanation:
    # report.explain names its amounts with the measures' values, which is what a Measure is
    return report.explain(cast(Any, what), item_id=item)


def _explanations(
    report: FulfilmentReport, item: str | None, what: What | None
) -> list[Explanation]:
    if item is None:
        chosen: list[What] = [Measure.OBLIGATION, Measure.REALISED] if what is None else [what]
        return [_explain(report, name) for name in chosen]
    line = report.line(item)
    if what is None:
        if line.standing is Standing.NOT_COUNTED:
            raise InvalidValueError(
                "item",
                item,
                "an item that counts (approved or pending)",
                hint=f"{item} is {label(line.status, 'en')}, so it counts nowhere",
            )
        what = Measure.REALISED if line.standing is Standing.APPROVED else Measure.PENDING
    if what not in _ITEM_MEASURES:
        raise InvalidValueError(
            "--what", what, "realised, pending or forecast for an item", hint="leave out ITEM"
        )
    explanation = _explain(report, what, item)
    _item_notes(line, Measure(what), report.rules)
    return [explanation]


def _item_notes(line: ReportLine, what: Measure, rules: RuleSet) -> None:
    """Warn about the rule values not verified in the item's explained valuation, and no others.

    The report of ``sroi explain FILE CONTRACT ITEM`` is built without warnings; valuing the item
    again over the same window with warnings on lets the engine name the values it used.
    """
    valuation: Valuation | None = getattr(line, what.value)
    if valuation is not None:
        value_item(line.item, rules, valuation.window, warn=True)


def explain_command(arguments: argparse.Namespace, out: TextIO) -> int:
    """``sroi explain FILE CONTRACT [ITEM]``: the explanations as text or JSON."""
    # of one item, the notes are that item's own (see _item_notes): no warnings from the report
    report, _ = one_contract(arguments, warn=arguments.item is None)
    explanations = _explanations(report, arguments.item, _what(arguments.what))
    if arguments.format == "json":
        write_json([explanation.to_dict() for explanation in explanations], out)
        return OK
    lang: Language = arguments.lang
    out.write("\n\n".join(explanation.to_text(lang) for explanation in explanations) + "\n")
    return OK
