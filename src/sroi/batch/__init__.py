"""Columnar batch valuation: a table of placements valued at many dates in exact integer cents.

For analysts with a whole region or a national table (10^4 to 10^6 placements) in a pandas
DataFrame or a pyarrow Table. :func:`value_placements` gives, for each row and each date, the
placement's value through that date in whole cents, equal to the per-item engine
(:func:`sroi.engine.schedule` and :meth:`~sroi.engine.ItemSchedule.cents`) to the cent.

How it stays exact: a placement month counts ``days covered / days in that placement month``, and
every month has 28 to 31 days, so every span of placement months is a whole number of units of
``1 / 377580`` month (377580 is the least common multiple of 28, 29, 30 and 31). The vectorised
kernel counts spans in those units in NumPy ``int64``; everything that depends on the rules and
the hours (rates, size factor, bonuses) is computed once per distinct combination, exactly, as
integer coefficients over one common denominator. A row's value is then ``numerator //
denominator`` rounded half up, in integers. A row whose products could leave ``int64`` is valued
in Python integers instead (the overflow guard), so no value ever wraps around.

Requires the ``batch`` extra (``pip install 'sroi[batch]'``: NumPy and pandas); a pyarrow Table is
accepted when pyarrow is installed.

The package's modules, each with one job: ``_problems`` (the error), ``_reader`` (reading and
checking the input columns), ``_arith`` (integer arithmetic and the calendar in ``int64``),
``_rules`` (the rules of each row), ``_placements`` (the placement kernel), ``_flat`` (the one
kernel of purchases and projects) and ``_report`` (a portfolio's reports as one frame).
"""

from __future__ import annotations

from sroi.exceptions import MissingExtraError

try:
    import numpy  # noqa: F401 - checked here, before any module of the package needs it
    import pandas  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the environment
    raise MissingExtraError(
        error.name or "numpy", "batch", "columnar batch valuation (sroi.batch)"
    ) from error

from sroi.batch._flat import PROJECT_COLUMNS, PURCHASE_COLUMNS, value_projects, value_purchases
from sroi.batch._placements import PLACEMENT_COLUMNS, value_placements
from sroi.batch._problems import BatchError, BatchProblem
from sroi.batch._reader import column_name, to_decimal
from sroi.batch._report import REPORT_COLUMNS, report_frame

__all__ = [
    "PLACEMENT_COLUMNS",
    "PROJECT_COLUMNS",
    "PURCHASE_COLUMNS",
    "REPORT_COLUMNS",
    "BatchError",
    "BatchProblem",
    "column_name",
    "report_frame",
    "to_decimal",
    "value_placements",
    "value_projects",
    "value_purchases",
]

# the public names belong to sroi.batch, wherever in the package they are defined: tracebacks,
# reprs and pickles name them as before the package was split
for _public in (
    BatchError,
    BatchProblem,
    column_name,
    report_frame,
    to_decimal,
    value_placements,
    value_projects,
    value_purchases,
):
    _public.__module__ = __name__
del _public
