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
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from sroi.exceptions import InvalidValueError, MissingExtraError
from sroi.explanation import Explanation, Language
from sroi.formatting import (
    format_euro,
    format_percentage,
    line_unverified_keys,
    unverified_values,
)
from sroi.fulfilment import ConsolidatedReport, FulfilmentReport, Standing
from sroi.fulfilment import report as _report
from sroi.lifecycle import ContractHistory
from sroi.model import Placement, SocialPurchase, SrProject
from sroi.money import PRECISION, round_cents
from sroi.period import Period
from sroi.plan import WhatIf, WhatItTakes
from sroi.ruleset import RuleSet

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

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

"""How to install what this module needs."""


def require(module: str) -> Any:
    """Import ``module`` (e.g. ``"matplotlib.figure"``), or say which extra to install.

    Raises:
        MissingExtraError: when it cannot be imported, naming the ``notebook`` extra to install.
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        package = module.split(".", maxsplit=1)[0]
        raise MissingExtraError(
            package, "notebook", "sroi's notebook functions (pandas and matplotlib)"
        ) from error


def _pandas() -> Any:
    return require("pandas")


def _check(value: object, kind: type, name: str, expected: str) -> None:
    if not isinstance(value, kind):
        raise InvalidValueError(name, value, expected)


# --- frames ------------------------------------------------------------------------------------


def _numeric(
    frame: pd.DataFrame, *, floats: Iterable[str] = (), days: Iterable[str] = ()
) -> pd.DataFrame:
    """``frame`` with the ``floats`` columns as float64 (None → NaN), ``days`` as datetime64."""
    pandas = _pandas()
    for column in floats:
        values = [float("nan") if value is None else float(value) for value in frame[column]]
        frame[column] = pandas.Series(values, index=frame.index, dtype="float64")
    for column in days:
        frame[column] = pandas.to_datetime(frame[column])
    return frame


def _keys(keys: Iterable[str]) -> str:
    return ", ".join(keys)


def to_frame(report: FulfilmentReport, *, numeric: bool = False) -> pd.DataFrame:
    """A report's items as a DataFrame: one row per item, indexed by item id.

    Columns: ``route``, ``block``, ``status``, ``standing``, ``realised``, ``pending``,
    ``forecast`` (zero where the item does not count), ``first``/``last`` (the days the item
    runs: a placement's active period, a purchase's invoice date, a project's period),
    ``verified`` (whether every rule value the item counted with is verified) and ``unverified``
    (the keys of those that are not, such as ``"blocks.mvo, full_time_hours"``; empty when none).

    Args:
        report: the report.
        numeric: False (the default): amounts are exact Decimals and days ``datetime.date``;
            True: amounts are float64 euros and days datetime64, to compute and draw with.

    Raises:
        InvalidValueError: when ``report`` is not a :class:`~sroi.fulfilment.FulfilmentReport`.
        MissingExtraError: when pandas is not installed.
    """
    _check(report, FulfilmentReport, "report", "a FulfilmentReport")
    pandas = _pandas()
    rows = []
    for line in report.lines:
        first, last = _span(line.item)
        amounts = line.amounts
        unverified = line_unverified_keys(line)
        rows.append(
            {
                "item_id": line.item_id,
                "route": line.route.value,
                "block": line.block,
                "status": line.status.value,
                "standing": line.standing.value,
                "realised": amounts.realised,
                "pending": amounts.pending,
                "forecast": amounts.forecast,
                "first": first,
                "last": last,
                "verified": not unverified,
                "unverified": _keys(unverified),
            }
        )
    columns = [
        "item_id",
        "route",
        "block",
        "status",
        "standing",
        "realised",
        "pending",
        "forecast",
        "first",
        "last",
        "verified",
        "unverified",
    ]
    frame: pd.DataFrame = pandas.DataFrame(rows, columns=columns).set_index("item_id")
    frame["verified"] = frame["verified"].astype(bool)
    if numeric:
        _numeric(frame, floats=("realised", "pending", "forecast"), days=("first", "last"))
    return frame


def moments_to_frame(report: FulfilmentReport, *, numeric: bool = False) -> pd.DataFrame:
    """A report's measurement moments, one row each, in date order.

    Columns: ``date``, ``fraction``, ``obligation``, ``target``, ``realised``, ``forecast``,
    ``status`` and ``unverified`` (the keys of the rule values not verified that the moments rest
    on: the obligation's and, when the contract agrees no moments of its own, the rule set's
    default measurement fractions).

    ``realised`` is None (NaN with ``numeric=True``) for a moment not yet reached. With
    ``numeric=True`` the date is datetime64 and the numbers float64, as for :func:`to_frame`.

    Raises:
        InvalidValueError: when ``report`` is not a :class:`~sroi.fulfilment.FulfilmentReport`.
        MissingExtraError: when pandas is not installed.
    """
    _check(report, FulfilmentReport, "report", "a FulfilmentReport")
    pandas = _pandas()
    unverified = _keys(
        value.key
        for value in unverified_values(report)
        if {"obligation", "moments"} & set(value.used_by)
    )
    rows = [
        {
            "date": moment.date,
            "fraction": moment.fraction,
            "obligation": moment.obligation.amount,
            "target": moment.target,
            "realised": moment.realised,
            "forecast": moment.forecast,
            "status": moment.state.value,
            "unverified": unverified,
        }
        for moment in report.moments
    ]
    columns = [
        "date",
        "fraction",
        "obligation",
        "target",
        "realised",
        "forecast",
        "status",
        "unverified",
    ]
    frame: pd.DataFrame = pandas.DataFrame(rows, columns=columns)
    if numeric:
        amounts = ("fraction", "obligation", "target", "realised", "forecast")
        _numeric(frame, floats=amounts, days=("date",))
    return frame


def unverified_to_frame(report: FulfilmentReport) -> pd.DataFrame:
    """The rule values ``report`` used that are not verified, one row each, indexed by key.

    Columns: ``status``, ``source`` and ``used_by`` (item ids, ``"obligation"`` or
    ``"moments"``, joined with commas); see :func:`sroi.formatting.unverified_values`. Empty
    (with these columns) when every value used is verified.

    Raises:
        InvalidValueError: when ``report`` is not a :class:`~sroi.fulfilment.FulfilmentReport`.
        MissingExtraError: when pandas is not installed.
    """
    _check(report, FulfilmentReport, "report", "a FulfilmentReport")
    pandas = _pandas()
    rows = [
        {
            "key": value.key,
            "status": value.status.value,
            "source": value.source,
            "used_by": _keys(value.used_by),
        }
        for value in unverified_values(report)
    ]
    columns = ["key", "status", "source", "used_by"]
    frame: pd.DataFrame = pandas.DataFrame(rows, columns=columns).set_index("key")
    return frame


def consolidated_to_frame(
    consolidated: ConsolidatedReport,
    *,
    rows: Literal["groups", "contracts"] = "groups",
    numeric: bool = False,
) -> pd.DataFrame:
    """Many contracts as a DataFrame.

    Args:
        consolidated: the consolidated report.
        rows: ``"groups"``: one row per group and a last row ``"total"``, indexed by key;
            ``"contracts"``: one row per contract, indexed by contract number, with
            ``unverified``: the keys of the rule values not verified its report used.
        numeric: as for :func:`to_frame`: amounts and percentages float64, NaN for a
            percentage of nothing.

    Raises:
        InvalidValueError: for another ``rows`` or a ``consolidated`` of the wrong type.
        MissingExtraError: when pandas is not installed.
    """
    _check(consolidated, ConsolidatedReport, "consolidated", "a ConsolidatedReport")
    pandas = _pandas()
    amounts = ("obligation", "realised", "pending", "forecast", "remaining", "realised_percentage")
    if rows == "groups":
        records = [
            {
                "key": group.key,
                "contracts": len(group.contracts),
                "obligation": group.obligation,
                "realised": group.amounts.realised,
                "pending": group.amounts.pending,
                "forecast": group.amounts.forecast,
                "remaining": group.remaining,
                "realised_percentage": group.realised_percentage,
                "ahead": group.moments.ahead,
                "on_track": group.moments.on_track,
                "behind": group.moments.behind,
                "not_yet_measured": group.moments.not_yet_measured,
            }
            for group in (*consolidated.groups, consolidated.total)
        ]
        groups: pd.DataFrame = pandas.DataFrame(records).set_index("key")
        return _numeric(groups, floats=amounts) if numeric else groups
    if rows == "contracts":
        records = []
        for one in consolidated.reports:
            last = one.last_reached_moment
            records.append(
                {
                    "contract": one.contract.number,
                    "title": one.contract.title,
                    "contractor": one.contract.contractor.name,
                    "buyer": None if one.contract.buyer is None else one.contract.buyer.name,
                    "region": one.contract.region or one.rules.region,
                    "rules_version": one.rules.version,
                    "obligation": one.obligation.amount,
                    "realised": one.totals.realised,
                    "pending": one.totals.pending,
                    "forecast": one.totals.forecast,
                    "remaining": one.remaining,
                    "realised_percentage": one.realised_percentage,
                    "status": None if last is None else last.state.value,
                    "unverified": _keys(value.key for value in unverified_values(one)),
                }
            )
        contracts: pd.DataFrame = pandas.DataFrame(records).set_index("contract")
        return _numeric(contracts, floats=amounts) if numeric else contracts
    raise InvalidValueError("rows", rows, "'groups' or 'contracts'")


def what_it_takes_to_frame(
    taken: WhatItTakes, *, numeric: bool = False, lang: Literal["nl", "en"] = "en"
) -> pd.DataFrame:
    """What it takes to reach a target (:func:`sroi.plan.what_it_takes`), one row per option.

    Columns: ``route``, ``block``, ``effort``, ``closes`` (whether the option can close the gap
    by the target day), ``quantity`` (placements, hours per week, euros excl. VAT or project
    hours; None for a start day or when it cannot close the gap), ``start``, ``gives`` (what the
    proposed effort gives by the target day) and ``text`` (in ``lang``). The frame's ``attrs``
    hold the target day, the target, the forecast and the gap. No rows when the forecast already
    reaches the target. With ``numeric=True`` quantities and amounts are float64 (None → NaN)
    and the start day datetime64.

    Raises:
        InvalidValueError: when ``taken`` is not a :class:`~sroi.plan.WhatItTakes`, or ``lang``
            is not ``"nl"`` or ``"en"``.
        MissingExtraError: when pandas is not installed.
    """
    _check(taken, WhatItTakes, "taken", "a WhatItTakes (from sroi.plan.what_it_takes)")
    if lang not in ("nl", "en"):
        raise InvalidValueError("lang", lang, "'nl' or 'en'")
    pandas = _pandas()
    columns = ["route", "block", "effort", "closes", "quantity", "start", "gives", "text"]
    rows = [
        {
            "route": option.route.value,
            "block": option.block,
            "effort": option.effort.value,
            "closes": option.closes,
            "quantity": option.quantity,
            "start": option.start,
            "gives": option.gives,
            "text": option.text(lang),
        }
        for option in taken.options
    ]
    frame: pd.DataFrame = pandas.DataFrame(rows, columns=columns)
    frame.attrs.update(
        target_date=taken.target_date,
        target=taken.target,
        forecast=taken.forecast,
        gap=taken.gap,
    )
    if numeric:
        _numeric(frame, floats=("quantity", "gives"), days=("start",))
    return frame


def _steps(explanation: Explanation, lang: Language, depth: int) -> Iterator[dict[str, Any]]:
    for step in explanation.steps:
        yield {
            "depth": depth,
            "subject": explanation.subject(lang),
            "key": step.key,
            "label": step.label(lang),
            "text": step.text(lang),
            "value": step.value,
        }
        if step.detail is not None:
            yield from _steps(step.detail, lang, depth + 1)


def explanation_to_frame(explanation: Explanation, *, lang: Language = "en") -> pd.DataFrame:
    """An explanation's steps as a DataFrame, nested chains flattened in order.

    Columns: ``depth`` (0 for the explanation's own steps, 1 for the steps of a line in a total
    ...), ``subject`` (what the step belongs to), ``key``, ``label``, ``text`` (in ``lang``) and
    ``value`` (the number or data the step stands for).

    Raises:
        InvalidValueError: when ``explanation`` is not an Explanation or ``lang`` is unknown.
        MissingExtraError: when pandas is not installed.
    """
    _check(explanation, Explanation, "explanation", "an Explanation")
    if lang not in ("nl", "en", "both"):
        raise InvalidValueError("lang", lang, "'nl', 'en' or 'both'")
    pandas = _pandas()
    columns = ["depth", "subject", "key", "label", "text", "value"]
    frame: pd.DataFrame = pandas.DataFrame(list(_steps(explanation, lang, 0)), columns=columns)
    return frame


# --- the progress chart ------------------------------------------------------------------------

ChartLanguage = Literal["nl", "en"]
"""The languages of the chart's labels."""

MONTH_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
"""Month abbreviations per language, so that the chart never depends on the system's locale."""

_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "target": "doel",
        "delivered": "gerealiseerd",
        "forecast": "prognose",
        "moments": "meetmomenten",
        "report date": "rapportagedatum",
        "ahead": "voor",
        "on_track": "op schema",
        "behind": "achter",
        "not_yet_reached": "nog niet bereikt",
        "changed": "Verplichting gewijzigd tijdens de looptijd",
        "on": "op",
        "planned": "prognose met plan",
    },
    "en": {
        "target": "target",
        "delivered": "delivered",
        "forecast": "forecast",
        "moments": "measurement moments",
        "report date": "report date",
        "ahead": "ahead",
        "on_track": "on track",
        "behind": "behind",
        "not_yet_reached": "not yet reached",
        "changed": "Obligation changed during the term",
        "on": "on",
        "planned": "forecast with plan",
    },
}


def _span(item: Placement | SocialPurchase | SrProject) -> tuple[dt.date, dt.date]:
    if isinstance(item, Placement):
        return item.active_period.first, item.active_period.last
    if isinstance(item, SocialPurchase):
        return item.invoice_date, item.invoice_date
    return item.period.first, item.period.last


def _month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month's last day from ``first``'s month through ``last``, cut to ``last``."""
    days = []
    for year, month, _, in_month in Period(first, max(first, last)).months():
        days.append(min(dt.date(year, month, in_month), last))
    return days


def _counted_through(
    report: FulfilmentReport, day: dt.date, standings: frozenset[Standing]
) -> Decimal:
    """The lines of ``standings`` counted through ``day``: the sum of each line rounded to cents.

    The one place the chart values items over a window of its own (as a measurement moment
    counts them), from each line's value schedule; no month fraction is computed here.
    """
    return sum(
        (line.value_through(day) for line in report.lines if line.standing in standings),
        Decimal(0),
    )


_APPROVED = frozenset({Standing.APPROVED})
_COUNTING = frozenset({Standing.APPROVED, Standing.PENDING})


def delivered_series(report: FulfilmentReport) -> list[tuple[dt.date, Decimal, Decimal]]:
    """The points of :func:`plot_progress`: ``(day, delivered, target)`` from the term's start.

    The days are the term's first day, every month's end and the measurement moments, through
    the report date (or the term's last day when that comes first). *Delivered* is the value of
    the approved items counted through the day (as a measurement moment counts it); *target* is
    the obligation on the report date × the share of the term elapsed by the end of the day,
    rounded to cents.

    Raises:
        InvalidValueError: when ``report`` is not a :class:`~sroi.fulfilment.FulfilmentReport`.
    """
    _check(report, FulfilmentReport, "report", "a FulfilmentReport")
    term = report.contract.term
    end = min(report.at, term.last)
    if end < term.first:
        return []
    days = {term.first, *_month_ends(term.first, end)}
    days |= {moment.date for moment in report.moments if term.first <= moment.date <= end}
    return [
        (day, _counted_through(report, day, _APPROVED), _target(report, day))
        for day in sorted(days)
    ]


def forecast_series(report: FulfilmentReport) -> list[tuple[dt.date, Decimal]]:
    """The forecast line of :func:`plot_progress`: ``(day, forecast)`` from the report date on.

    The days are the report date (or the term's first day when the report date comes before
    it), every month's end after it and the measurement moments, through the term's last day.
    *Forecast* is the value of the approved and pending items counted through the day, as known
    on the report's as-of date (as a measurement moment's forecast counts it). Empty when the
    report date is after the term.

    Raises:
        InvalidValueError: when ``report`` is not a :class:`~sroi.fulfilment.FulfilmentReport`.
    """
    _check(report, FulfilmentReport, "report", "a FulfilmentReport")
    term = report.contract.term
    start = max(report.at, term.first)
    if start > term.last:
        return []
    days = {start, *_month_ends(start, term.last)}
    days |= {moment.date for moment in report.moments if start <= moment.date <= term.last}
    return [(day, _counted_through(report, day, _COUNTING)) for day in sorted(days)]


def _target(report: FulfilmentReport, day: dt.date) -> Decimal:
    term = report.contract.term
    elapsed = min(term.days, max(0, (day - term.first).days + 1))
    share = PRECISION.divide(Decimal(elapsed), Decimal(term.days))
    return round_cents(PRECISION.multiply(report.obligation.amount, share))


def format_day(day: dt.date, lang: ChartLanguage = "en") -> str:
    """A date as the chart writes it, from a built-in table: ``1 jul 2024`` or ``1 Jul 2024``.

    >>> format_day(dt.date(2024, 3, 5), "nl"), format_day(dt.date(2024, 10, 31), "en")
    ('5 mrt 2024', '31 Oct 2024')

    Raises:
        InvalidValueError: when ``lang`` is not ``"nl"`` or ``"en"``.
    """
    months = _months(lang)
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _months(lang: object) -> tuple[str, ...]:
    if lang not in MONTH_ABBREVIATIONS:
        raise InvalidValueError("lang", lang, "'nl' or 'en'")
    return MONTH_ABBREVIATIONS[str(lang)]


def obligation_changes(report: FulfilmentReport) -> list[tuple[dt.date, Decimal]]:
    """The obligation as the report knows it over the term: ``(day, amount)`` at each change.

    The report knows the obligation in force on each measurement moment's date and on the report
    date; the list starts with the first of those days and has one more entry each time the
    amount differs from the one before. One entry means the obligation did not change (as far as
    the report can tell).

    Raises:
        InvalidValueError: when ``report`` is not a :class:`~sroi.fulfilment.FulfilmentReport`.
    """
    _check(report, FulfilmentReport, "report", "a FulfilmentReport")
    known = sorted(
        {
            (report.at, report.obligation.amount),
            *((moment.date, moment.obligation.amount) for moment in report.moments),
        }
    )
    changes: list[tuple[dt.date, Decimal]] = []
    for day, amount in known:
        if not changes or changes[-1][1] != amount:
            changes.append((day, amount))
    return changes


class ProgressChart:
    """The chart :func:`plot_progress` draws; a notebook shows it as a PNG image by itself.

    ``ax`` is the matplotlib axes drawn on and ``figure`` the figure (or subfigure) holding them;
    :meth:`savefig` saves the whole figure. The lines carry a ``gid`` that does not depend on the
    language: ``"target"``, ``"delivered"``, ``"forecast"``, ``"planned"`` (a what-if's forecast
    with its plan), ``"moments"``, ``"moment-targets"`` and ``"report-date"``; the moments'
    labels and the note on a changed obligation are texts with the gids ``"moment-label"`` and
    ``"obligation-note"``.

    When you pass axes made with pyplot, the inline backend shows pyplot's figure as well; end
    the cell with ``;`` or draw on axes of a :class:`matplotlib.figure.Figure` of your own.
    """

    __slots__ = ("ax", "report")

    def __init__(self, ax: Axes, report: FulfilmentReport) -> None:
        self.ax = ax
        """The axes drawn on."""
        self.report = report
        """The report charted."""

    @property
    def figure(self) -> Figure | SubFigure:
        """The figure (or subfigure) holding :attr:`ax`."""
        figure: Figure | SubFigure = self.ax.figure
        return figure

    def _root(self) -> Figure:
        figure: Any = self.figure
        while getattr(figure, "figure", figure) is not figure:
            figure = figure.figure
        root: Figure = figure
        return root

    def savefig(self, path: Any, **options: Any) -> None:
        """Save the whole figure (``format``, ``dpi`` ... as for matplotlib's ``savefig``)."""
        self._root().savefig(path, **options)

    def _repr_png_(self) -> bytes:
        """The chart as PNG bytes: how Jupyter shows it when it ends a cell."""
        buffer = io.BytesIO()
        self._root().savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()

    def __repr__(self) -> str:
        contract = self.report.contract
        return f"<ProgressChart {contract.number} at {self.report.at.isoformat()}>"


def plot_progress(
    source: FulfilmentReport | ContractHistory | WhatIf,
    *,
    at: dt.date | None = None,
    as_of: dt.date | None = None,
    rules: RuleSet | None = None,
    ax: Axes | None = None,
    lang: ChartLanguage = "en",
) -> ProgressChart:
    """Chart a contract's delivered value over time against its target line.

    Draws on ``ax`` (a new figure's axes when None):

    * the target: the obligation × the share of the term elapsed, over the whole term;
    * the delivered value: the approved items counted through each month's end, from the term's
      start to the report date (see :func:`delivered_series`);
    * the forecast: the approved and pending items counted through each month's end, from the
      report date to the term's end (see :func:`forecast_series`);
    * a dotted vertical line at every measurement moment and its target as a dot, labelled with
      the moment's date, its share of the term and its status;
    * the report date as a vertical line, and a note when the obligation changed during the term
      (see :func:`obligation_changes`);
    * for a what-if (:func:`sroi.plan.what_if`): the chart of the report as it is, and the
      forecast with the planned items and changes as a line of its own (gid ``"planned"``).

    Months, dates, statuses and the legend are in ``lang``, from built-in tables (never the
    system's locale). A new figure is made without pyplot (so no window opens and no global state
    changes). The result shows itself in a notebook; save it with
    ``chart.savefig("progress.png")``.

    Args:
        source: a report, a what-if, or a contract's history (reported with ``rules``, ``at``,
            ``as_of``).
        at: the report date for a history; default today.
        as_of: the knowledge date for a history; default today.
        rules: the rule set for a history; default the region's (see :func:`sroi.report`).
        ax: the matplotlib axes to draw on.
        lang: ``"en"`` (the default) or ``"nl"``.

    Returns:
        The chart, with the axes drawn on as ``chart.ax``.

    Raises:
        InvalidValueError: when ``source`` is neither a report nor a history, or ``lang`` is
            not ``"nl"`` or ``"en"``.
        MissingExtraError: when matplotlib is not installed.
    """
    months = _months(lang)
    words = _WORDS[lang]
    planned: FulfilmentReport | None = None
    if isinstance(source, WhatIf):
        planned = source.report
        source = source.baseline
    if isinstance(source, ContractHistory):
        source = _report(source, rules, at=at, as_of=as_of)
    _check(source, FulfilmentReport, "source", "a FulfilmentReport, a WhatIf or a ContractHistory")
    dates = require("matplotlib.dates")
    if ax is None:
        figure_module = require("matplotlib.figure")
        figure = figure_module.Figure(figsize=(9, 5), layout="constrained")
        ax = figure.add_subplot()
    assert ax is not None
    contract = source.contract
    term = contract.term
    first, last = dates.date2num(term.first), dates.date2num(term.last)
    owed = float(source.obligation.amount)
    ax.plot(
        [first, last],
        [0.0, owed],
        color="tab:gray",
        linestyle="--",
        label=words["target"],
        gid="target",
    )
    points = delivered_series(source)
    if points:
        ax.plot(
            dates.date2num([day for day, _, _ in points]),
            [float(amount) for _, amount, _ in points],
            color="tab:blue",
            linewidth=2,
            marker=".",
            label=words["delivered"],
            gid="delivered",
        )
    ahead = forecast_series(source)
    if ahead:
        ax.plot(
            dates.date2num([day for day, _ in ahead]),
            [float(amount) for _, amount in ahead],
            color="tab:green",
            linestyle="-.",
            linewidth=1.5,
            label=words["forecast"],
            gid="forecast",
        )
    ahead_planned = forecast_series(planned) if planned is not None else []
    if ahead_planned:
        ax.plot(
            dates.date2num([day for day, _ in ahead_planned]),
            [float(amount) for _, amount in ahead_planned],
            color="tab:purple",
            linestyle=":",
            linewidth=2,
            label=words["planned"],
            gid="planned",
        )
    _draw_moments(ax, source, lang)
    if term.first <= source.at <= term.last:
        ax.axvline(
            dates.date2num(source.at),
            color="tab:red",
            linewidth=1,
            label=f"{words['report date']} {format_day(source.at, lang)}",
            gid="report-date",
        )
    changes = obligation_changes(source)
    if len(changes) > 1:
        steps = " → ".join(
            f"{format_euro(amount)} ({words['on']} {format_day(day, lang)})"
            for day, amount in changes
        )
        ax.text(
            0.99,
            0.02,
            f"{words['changed']}: {steps}",
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=8,
            bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.8},
            gid="obligation-note",
        )
    ax.xaxis_date()
    ax.xaxis.set_major_locator(dates.MonthLocator(interval=_month_step(term)))
    ax.xaxis.set_major_formatter(_month_ticks(months))
    ax.set_title(f"{contract.number}: {contract.title}", loc="left")
    ax.set_ylabel("euro")
    margin = (last - first) * 0.02
    ax.set_xlim(first - margin, last + margin)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(_euro_ticks(lang))
    ax.grid(visible=True, alpha=0.3)
    ax.legend(loc="upper left")
    return ProgressChart(ax, source)


def _draw_moments(ax: Axes, report: FulfilmentReport, lang: ChartLanguage) -> None:
    dates = require("matplotlib.dates")
    words = _WORDS[lang]
    for index, moment in enumerate(report.moments):
        when = dates.date2num(moment.date)
        ax.axvline(
            when,
            color="tab:orange",
            linestyle=":",
            label=words["moments"] if index == 0 else "_nolegend_",
            gid="moments",
        )
        ax.plot(
            [when],
            [float(moment.target)],
            color="tab:orange",
            marker="o",
            linestyle="none",
            label="_nolegend_",
            gid="moment-targets",
        )
        share = format_percentage(round_cents(moment.fraction * 100).normalize())
        ax.annotate(
            f"{format_day(moment.date, lang)}\n{share} · {words[moment.state.value]}",
            (when, float(moment.target)),
            xytext=(4, 6),
            textcoords="offset points",
            fontsize=8,
            color="tab:orange" if moment.reached else "tab:gray",
            gid="moment-label",
        )


def _month_step(term: Period) -> int:
    """Months between two ticks: about a dozen ticks over the term at most."""
    months = (term.last.year - term.first.year) * 12 + term.last.month - term.first.month + 1
    return max(1, -(-months // 12))


def _month_ticks(months: tuple[str, ...]) -> Any:
    ticker = require("matplotlib.ticker")
    dates = require("matplotlib.dates")

    def month(value: float, position: int | None) -> str:
        day = dates.num2date(value).date()
        name = months[day.month - 1]
        return f"{name}\n{day.year}" if day.month == 1 or position == 0 else name

    return ticker.FuncFormatter(month)


def _euro_ticks(lang: ChartLanguage) -> Any:
    ticker = require("matplotlib.ticker")

    def euro(value: float, _position: float) -> str:
        whole = f"{round(value):,}"
        return f"€ {whole.replace(',', '.')}" if lang == "nl" else f"€{whole}"

    return ticker.FuncFormatter(euro)
