"""The progress chart: a contract's delivered value against its target, drawn with matplotlib."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sroi.fulfilment import FulfilmentReport
from sroi.labels import label
from sroi.lifecycle import ContractHistory
from sroi.money import format_euro, format_number
from sroi.notebook.extras import check, require
from sroi.notebook.series import (
    ChartLanguage,
    delivered_series,
    forecast_series,
    format_day,
    month_names,
    obligation_changes,
)
from sroi.period import Period
from sroi.plan import WhatIf
from sroi.rendering.tables import share_text
from sroi.reporting import report as _report
from sroi.ruleset import RuleSet

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

__all__ = ["ProgressChart", "plot_progress"]

_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "target": "doel",
        "delivered": "gerealiseerd",
        "forecast": "prognose",
        "moments": "meetmomenten",
        "report date": "rapportagedatum",
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
        "changed": "Obligation changed during the term",
        "on": "on",
        "planned": "forecast with plan",
    },
}
"""The chart's own words per language; the moments' states come from :mod:`sroi.labels`."""


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
    months = month_names(lang)
    words = _WORDS[lang]
    planned: FulfilmentReport | None = None
    if isinstance(source, WhatIf):
        planned = source.report
        source = source.baseline
    if isinstance(source, ContractHistory):
        source = _report(source, rules, at=at, as_of=as_of)
    check(source, FulfilmentReport, "source", "a FulfilmentReport, a WhatIf or a ContractHistory")
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
    _series_line(
        ax, delivered_series(source), words["delivered"], "delivered", "tab:blue", marker="."
    )
    ahead = forecast_series(source)
    _series_line(ax, ahead, words["forecast"], "forecast", "tab:green", linestyle="-.", width=1.5)
    ahead_planned = forecast_series(planned) if planned is not None else []
    _series_line(ax, ahead_planned, words["planned"], "planned", "tab:purple", linestyle=":")
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


def _series_line(
    ax: Axes,
    points: Sequence[tuple[Any, ...]],
    name: str,
    gid: str,
    color: str,
    *,
    width: float = 2,
    **style: Any,
) -> None:
    """Draw the amounts of ``points`` (``(day, amount, ...)``) as a line, when there are any."""
    if not points:
        return
    dates = require("matplotlib.dates")
    ax.plot(
        dates.date2num([point[0] for point in points]),
        [float(point[1]) for point in points],
        color=color,
        linewidth=width,
        label=name,
        gid=gid,
        **style,
    )


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
        share = share_text(moment.fraction)
        state = label(moment.state, lang, form="short")
        ax.annotate(
            f"{format_day(moment.date, lang)}\n{share} · {state}",
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
        whole = format_number(Decimal(round(value)), lang)  # a tick is whole euros
        return f"€ {whole}" if lang == "nl" else f"€{whole}"

    return ticker.FuncFormatter(euro)
