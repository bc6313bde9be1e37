"""Reports in notebooks: pandas DataFrames and a progress chart (the ``sroi[notebook]`` extra).

Install sroi's ``notebook`` extra (pandas and matplotlib): ``pip install ".[notebook]"`` in a
checkout. This module imports neither until a function needs it; without them a function
raises a :class:`~sroi.exceptions.MissingExtraError` that says what to install.

* :func:`to_frame`: a report's items, one row each, with realised, pending and forecast amounts.
* :func:`moments_to_frame`: a report's measurement moments.
* :func:`consolidated_to_frame`: many contracts added up, one row per group (or per contract).
* :func:`explanation_to_frame`: an explanation's steps, nested chains flattened with a depth.
* :func:`unverified_to_frame`: the rule values a report used that are not verified.
* :func:`what_it_takes_to_frame`: what it takes to reach a target, one row per option.
* :func:`plot_progress`: a contract's delivered value over time against the target line and the
  forecast, with the measurement moments labelled (and, for a what-if, the forecast with the
  planned items); it shows itself in a notebook.

**Exact or numeric.** By default the amounts in the frames stay :class:`~decimal.Decimal` (an
``object`` column), so sums are exact: ``frame["realised"].sum()`` is a ``Decimal`` equal to the
report's total. With ``numeric=True`` the frames are for computing and drawing instead: amounts
are ``float64`` euros, dates ``datetime64``, percentages and fractions ``float64`` and a missing
value (a moment not yet reached, a percentage of nothing) is ``NaN``, so ``describe()``,
``realised / forecast``, ``groupby``, ``pivot_table`` and ``.plot`` work. Use the exact frame
for any figure that is reported; a float sum may be a cent off.

The functions live in :mod:`sroi.notebook.frames` (the DataFrames), :mod:`sroi.notebook.series`
(the numbers the chart draws) and :mod:`sroi.notebook.chart` (the chart); import them from here.
"""

from __future__ import annotations

from sroi.notebook.chart import ProgressChart, plot_progress
from sroi.notebook.extras import require
from sroi.notebook.frames import (
    consolidated_to_frame,
    explanation_to_frame,
    moments_to_frame,
    to_frame,
    unverified_to_frame,
    what_it_takes_to_frame,
)
from sroi.notebook.series import (
    MONTH_ABBREVIATIONS,
    ChartLanguage,
    delivered_series,
    forecast_series,
    format_day,
    obligation_changes,
)

__all__ = [
    "MONTH_ABBREVIATIONS",
    "ChartLanguage",
    "ProgressChart",
    "consolidated_to_frame",
    "delivered_series",
    "explanation_to_frame",
    "forecast_series",
    "format_day",
    "moments_to_frame",
    "obligation_changes",
    "plot_progress",
    "require",
    "to_frame",
    "unverified_to_frame",
    "what_it_takes_to_frame",
]
