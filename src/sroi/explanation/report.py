"""Report steps: any amount of a fulfilment report as a chain of steps.

A line's realised, pending or forecast value is its valuation's chain (:mod:`sroi.explanation.\
valuation`) under the report's subject; a total is the sum of its rounded lines, each line a step
with its own chain as detail; the obligation, a measurement moment's target and what remains are
chains of their own. :func:`explain_report` is registered with the seam
:func:`sroi._seams.explain_amount`, so that :meth:`sroi.FulfilmentReport.explain` reaches it
without :mod:`sroi.fulfilment` importing this package.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Literal

from sroi._seams import explain_amount
from sroi.engine import Valuation
from sroi.exceptions import InvalidValueError
from sroi.explanation._text import num
from sroi.explanation.chain import Explanation, Formula, Step, both, money_step, rounding
from sroi.explanation.valuation import explain_obligation, explain_valuation
from sroi.fulfilment import FulfilmentReport, ReportLine
from sroi.money import format_euro
from sroi.ruleset import Route
from sroi.states import Measure

__all__ = ["explain_report", "remaining_steps"]

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)

_MEASURE_TEXT = {
    Measure.REALISED: ("Gerealiseerd t/m {d}", "Realised through {d}"),
    Measure.PENDING: ("In behandeling t/m {d}", "Pending through {d}"),
    Measure.FORECAST: ("Verwacht (hele periode)", "Forecast (whole period)"),
}
"""The subjects of a line's and a total's explanation, per measure that sums lines."""


def remaining_steps(
    owed: Explanation,
    done: Explanation,
    remaining: Decimal,
    labels: tuple[str, str],
    *,
    amounts: tuple[Decimal, Decimal] | None = None,
) -> list[Step]:
    """The steps of what remains: the obligation, what is realised, and the one less the other.

    Args:
        owed: the obligation's explanation.
        done: the explanation of what is realised.
        remaining: obligation − realised, never below zero.
        labels: the Dutch and English label of the last step.
        amounts: the obligation and realised amounts to show; default the explanations' own.
    """
    owed_amount, done_amount = amounts or (owed.amount, done.amount)
    return [
        money_step("obligation", "Verplichting", "Obligation", owed_amount, owed),
        money_step("realised", "Gerealiseerd", "Realised", done_amount, done),
        both("remaining", *labels, remaining, f"{owed_amount} − {done_amount} = {remaining}"),
    ]


def _line_valuation(line: ReportLine, what: Measure) -> Valuation | None:
    if what is Measure.REALISED:
        return line.realised
    if what is Measure.PENDING:
        return line.pending
    return line.forecast


def _line_explanation(
    report: FulfilmentReport, line: ReportLine, what: Measure
) -> Explanation | None:
    valuation = _line_valuation(line, what)
    if valuation is None:
        return None
    nl, en = _MEASURE_TEXT[what]
    day = report.at.isoformat()
    return explain_valuation(
        valuation,
        rules=report.rules,
        item=line.item,
        contract=report.contract,
        item_id=line.item_id,
        status=line.status,
        subject=(f"{nl.format(d=day)}: {line.item_id}", f"{en.format(d=day)}: {line.item_id}"),
    )


def explain_report(
    report: FulfilmentReport,
    what: Measure | Literal["obligation", "realised", "pending", "forecast", "remaining", "target"],
    *,
    item_id: str | None = None,
    route: Route | None = None,
    block: str | None = None,
    moment: int | None = None,
) -> Explanation:
    """Explain one amount of a fulfilment report.

    Args:
        report: the report.
        what: which amount: ``"obligation"``; ``"realised"``, ``"pending"`` or ``"forecast"`` (of
            one item with ``item_id``, else the total, optionally of one ``route`` or ``block``);
            ``"remaining"``; or ``"target"`` of the measurement moment with index ``moment``.
        item_id: explain one line instead of a total.
        route: restrict a total to one route.
        block: restrict a total to one building block.
        moment: the index of the measurement moment (for ``"target"``).

    Raises:
        InvalidValueError: for an unknown ``what``, item id or moment index, or when the item does
            not count in ``what`` (e.g. a rejected item's realised value).
    """
    if not isinstance(report, FulfilmentReport):
        raise InvalidValueError("report", report, "a FulfilmentReport")
    day = report.at.isoformat()
    if what == "obligation":
        return explain_obligation(
            report.obligation, rules=report.rules, contract=report.contract, on=report.at
        )
    measure = Measure(what) if what in _MEASURE_TEXT else None
    if measure is not None:
        if item_id is not None:
            line = report.line(item_id)
            explained = _line_explanation(report, line, measure)
            if explained is None:
                raise InvalidValueError(
                    "item_id",
                    item_id,
                    f"an item that counts in {what}",
                    hint=f"its status is {line.status.value}",
                )
            return explained
        steps = []
        total = _ZERO
        for line in report.lines:
            if route is not None and line.route is not route:
                continue
            if block is not None and line.block != block:
                continue
            detail = _line_explanation(report, line, measure)
            if detail is None:
                continue
            total += detail.amount
            steps.append(
                both(
                    f"line:{line.item_id}",
                    "Regel",
                    "Line",
                    detail.amount,
                    f"{line.item_id} ({line.block}): {format_euro(detail.amount, 'nl')}",
                    f"{line.item_id} ({line.block}): {format_euro(detail.amount, 'en')}",
                    detail,
                )
            )
        steps.append(money_step("total", "Som van afgeronde regels", "Sum of rounded lines", total))
        nl, en = _MEASURE_TEXT[measure]
        scope = f" ({route.value})" if route is not None else ""
        scope += f" ({block})" if block is not None else ""
        return Explanation(
            f"{nl.format(d=day)}, totaal{scope}",
            f"{en.format(d=day)}, total{scope}",
            total,
            Formula.SUM,
            tuple(steps),
        )
    if what == "remaining":
        owed = explain_obligation(
            report.obligation, rules=report.rules, contract=report.contract, on=report.at
        )
        done = explain_report(report, Measure.REALISED)
        remaining = report.remaining
        steps = remaining_steps(
            owed, done, remaining, ("Resteert (niet onder nul)", "Remaining (never below zero)")
        )
        return Explanation(
            f"Resteert op {day}", f"Remaining on {day}", remaining, Formula.REMAINING, tuple(steps)
        )
    if what == "target":
        if moment is None or not 0 <= moment < len(report.moments):
            raise InvalidValueError(
                "moment", moment, f"an index from 0 to {len(report.moments) - 1}"
            )
        status = report.moments[moment]
        owed = explain_obligation(
            status.obligation, rules=report.rules, contract=report.contract, on=status.date
        )
        steps = [
            both(
                "moment",
                "Meetmoment",
                "Measurement moment",
                status.date,
                f"{status.date.isoformat()} ({num(status.fraction * _HUNDRED)}% van de looptijd)",
                f"{status.date.isoformat()} ({num(status.fraction * _HUNDRED)}% of the term)",
            ),
            money_step(
                "obligation",
                "Verplichting op die dag",
                "Obligation on that day",
                status.obligation.amount,
                owed,
            ),
            both("fraction", "Fractie", "Fraction", status.fraction, num(status.fraction)),
            rounding(Fraction(status.obligation.amount) * Fraction(status.fraction), status.target),
        ]
        return Explanation(
            f"Doel meetmoment {status.date.isoformat()}",
            f"Target at {status.date.isoformat()}",
            status.target,
            Formula.TARGET,
            tuple(steps),
        )
    raise InvalidValueError(
        "what", what, "'obligation', 'realised', 'pending', 'forecast', 'remaining' or 'target'"
    )


explain_amount.register(FulfilmentReport, explain_report)
