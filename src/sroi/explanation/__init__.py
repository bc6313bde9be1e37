"""Explanations: every amount expands into the chain of steps that produced it.

:func:`explain` turns a :class:`~sroi.engine.Valuation` (one line item) or an
:class:`~sroi.engine.ObligationValuation` into an :class:`Explanation`: an ordered list of
:class:`Step` s (contract → item → block → rule value with its version, source and status → size
factor → months and days counted → cap window → bonuses → rounding), each with a key, Dutch and
English labels, the number or data it stands for, and readable text in both languages.
:func:`explain_report` does the same for any amount of a fulfilment report: a line, a total (the
sum of its lines, each with its own chain), the obligation, a measurement moment's target, or
what remains.

An explanation is data for applications (:meth:`Explanation.to_dict`) and readable text
(:meth:`Explanation.to_text`). :meth:`Explanation.recompute` computes the amount again from the
steps' numbers alone, so the chain provably produces the amount::

    >>> import datetime as dt
    >>> from decimal import Decimal
    >>> import sroi
    >>> src = sroi.Provenance("demo table", sroi.Status.VERIFIED)
    >>> pw = sroi.BuildingBlock("pw", "Participatiewet", "Social assistance",
    ...     sroi.Route.CANDIDATE, sroi.Unit.PER_YEAR_FULL_TIME, Decimal(30000), src)
    >>> rules = sroi.RuleSet.build("demo", "1", dt.date(2020, 1, 1), blocks=[pw],
    ...     full_time_hours=sroi.Parameter(Decimal(36), src))
    >>> placement = sroi.Placement(sroi.Candidate("J.P.", "pw", dt.date(1990, 5, 1)),
    ...     sroi.PlacementKind.JOB, "pw",
    ...     sroi.Period(dt.date(2024, 1, 15), dt.date(2024, 3, 20)), Decimal(36))
    >>> explanation = sroi.explain(sroi.value_placement(placement, rules), rules=rules)
    >>> explanation.recompute()
    Decimal('5483.87')
    >>> print(explanation.step("months").text_en)
    m1 2024-01-15 1, m2 2024-02-15 1, m3 2024-03-15 6/31 = 2.1935… months

Months are placement months counted from the placement's first day (``m1`` starts on it).
Numbers that have no short decimal form (a size factor of 32/36) are shown to four places with
``…``; the steps hold them exactly, as :class:`~fractions.Fraction` s.

The package has three parts: the chain type and its recomputation (``sroi.explanation.chain``),
the steps of a valuation or an obligation (``sroi.explanation.valuation``) and the steps of a
report's amounts (``sroi.explanation.report``).
"""

from __future__ import annotations

from sroi.explanation.chain import (
    AdjustmentData,
    BonusData,
    DayShare,
    Explanation,
    Formula,
    Step,
)
from sroi.explanation.chain import Language as Language
from sroi.explanation.report import explain_report
from sroi.explanation.valuation import explain

__all__ = [
    "AdjustmentData",
    "BonusData",
    "DayShare",
    "Explanation",
    "Formula",
    "Step",
    "explain",
    "explain_report",
]
