"""Reports in notebooks: pandas DataFrames and a progress chart (the ``sroi[notebook]`` extra).

Install with ``pip install "sroi[notebook]"`` (pandas and matplotlib). This module imports
neither until a function needs it; without them a function raises a
:class:`~sroi.exceptions.MissingExtraError` that says what to install.

* :func:`to_frame`: a report's items, one row each, with realised, pending and forecast amounts.
* :func:`moments_to_frame`: a report's measurement moments.
* :func:`consolidated_to_frame`: many contracts added up, one row per group (or per contract).
* :func:`explanation_to_frame`: an explanation's steps, nested chains flattened with a depth.
* :func:`plot_progress`: a contract's delivered value over time against the target line, with the
  measurement moments marked.

Amounts in the frames stay :class:`~decimal.Decimal` (an ``object`` column), so sums are exact:
``frame["realised"].sum()`` is a ``Decimal``. Convert with ``.astype(float)`` only to draw. The
chart is the one place sroi turns amounts into floats, because matplotlib draws floats.
"""

from __future__ import annotations

import calendar
import datetime as dt
import importlib
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from sroi.engine import value_item
from sroi.exceptions import InvalidValueError, MissingExtraError
from sroi.explanation import Explanation, Language
from sroi.fulfilment import ConsolidatedReport, FulfilmentReport, Standing
from sroi.fulfilment import report as _report
from sroi.lifecycle import ContractHistory
from sroi.model import Placement, SocialPurchase, SrProject
from sroi.money import PRECISION, round_cents
from sroi.period import Period
from sroi.ruleset import RuleSet

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "consolidated_to_frame",
    "delivered_series",
    "explanation_to_frame",
    "moments_to_frame",
    "plot_progress",
    "require",
    "to_frame",
]

"""How to install what this module needs."""


def require(module: str) -> Any:
    """Import ``module`` (e.g. ``"matplotlib.figure"``), or say which extra to install.

    Raises:
        MissingExtraError: when it cannot be imported, naming ``pip install "sroi[notebook]"``.
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


def to_frame(report: FulfilmentReport) -> pd.DataFrame:
    """A report's items as a DataFrame: one row per item, indexed by item id.

    Columns: ``route``, ``block``, ``status``, ``standing``, ``realised``, ``pending``,
    ``forecast`` (Decimals; zero where the item does not count) and ``first``/``last`` (the days
    the item runs: a placement's active period, a purchase's invoice date, a project's period).

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
    ]
    frame: pd.DataFrame = pandas.DataFrame(rows, columns=columns).set_index("item_id")
    return frame


def moments_to_frame(report: FulfilmentReport) -> pd.DataFrame:
    """A report's measurement moments: date, fraction, target, realised, forecast and status.

    ``realised`` is None for a moment not yet reached.

    Raises:
        InvalidValueError: when ``report`` is not a :class:`~sroi.fulfilment.FulfilmentReport`.
        MissingExtraError: when pandas is not installed.
    """
    _check(report, FulfilmentReport, "report", "a FulfilmentReport")
    pandas = _pandas()
    rows = [
        {
            "date": moment.date,
            "fraction": moment.fraction,
            "obligation": moment.obligation.amount,
            "target": moment.target,
            "realised": moment.realised,
            "forecast": moment.forecast,
            "status": moment.state.value,
        }
        for moment in report.moments
    ]
    columns = ["date", "fraction", "obligation", "target", "realised", "forecast", "status"]
    frame: pd.DataFrame = pandas.DataFrame(rows, columns=columns)
    return frame


def consolidated_to_frame(
    consolidated: ConsolidatedReport, *, rows: Literal["groups", "contracts"] = "groups"
) -> pd.DataFrame:
    """Many contracts as a DataFrame.

    Args:
        consolidated: the consolidated report.
        rows: ``"groups"``: one row per group and a last row ``"total"``, indexed by key;
            ``"contracts"``: one row per contract, indexed by contract number.

    Raises:
        InvalidValueError: for another ``rows`` or a ``consolidated`` of the wrong type.
        MissingExtraError: when pandas is not installed.
    """
    _check(consolidated, ConsolidatedReport, "consolidated", "a ConsolidatedReport")
    pandas = _pandas()
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
        return groups
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
                }
            )
        contracts: pd.DataFrame = pandas.DataFrame(records).set_index("contract")
        return contracts
    raise InvalidValueError("rows", rows, "'groups' or 'contracts'")


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


def _span(item: Placement | SocialPurchase | SrProject) -> tuple[dt.date, dt.date]:
    if isinstance(item, Placement):
        return item.active_period.first, item.active_period.last
    if isinstance(item, SocialPurchase):
        return item.invoice_date, item.invoice_date
    return item.period.first, item.period.last


def _month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month's last day from ``first``'s month through ``last``, cut to ``last``."""
    days = []
    year, month = first.year, first.month
    while True:
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        if end >= last:
            days.append(last)
            return days
        days.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _delivered_through(report: FulfilmentReport, rules: RuleSet, day: dt.date) -> Decimal:
    """Approved items counted through ``day``: the sum of each line rounded to cents."""
    total = Decimal(0)
    for line in report.lines:
        if line.standing is not Standing.APPROVED:
            continue
        first, _ = _span(line.item)
        window = Period(min(first, day), day)
        total += value_item(line.item, rules, window, warn=False).amount
    return total


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
        (day, _delivered_through(report, report.rules, day), _target(report, day))
        for day in sorted(days)
    ]


def _target(report: FulfilmentReport, day: dt.date) -> Decimal:
    term = report.contract.term
    elapsed = min(term.days, max(0, (day - term.first).days + 1))
    share = PRECISION.divide(Decimal(elapsed), Decimal(term.days))
    return round_cents(PRECISION.multiply(report.obligation.amount, share))


def plot_progress(
    source: FulfilmentReport | ContractHistory,
    *,
    at: dt.date | None = None,
    as_of: dt.date | None = None,
    rules: RuleSet | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Chart a contract's delivered value over time against its target line.

    Draws three things on ``ax`` (a new figure's axes when None):

    * ``"target"``: the obligation × the share of the term elapsed, over the whole term;
    * ``"delivered"``: the approved items counted through each month's end, from the term's
      start to the report date (see :func:`delivered_series`);
    * a dotted vertical line at every measurement moment (labelled ``"measurement moments"``
      once), and each moment's own target as a dot.

    A new figure is made without pyplot (so no window opens and no global state changes); save it
    with ``ax.figure.savefig("progress.png")``.

    Args:
        source: a report, or a contract's history (reported with ``rules``, ``at``, ``as_of``).
        at: the report date for a history; default today.
        as_of: the knowledge date for a history; default today.
        rules: the rule set for a history; default the region's (see :func:`sroi.report`).
        ax: the matplotlib axes to draw on.

    Returns:
        The axes drawn on.

    Raises:
        InvalidValueError: when ``source`` is neither a report nor a history.
        MissingExtraError: when matplotlib is not installed.
    """
    if isinstance(source, ContractHistory):
        source = _report(source, rules, at=at, as_of=as_of)
    _check(source, FulfilmentReport, "source", "a FulfilmentReport or a ContractHistory")
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
    ax.plot([first, last], [0.0, owed], color="tab:gray", linestyle="--", label="target")
    points = delivered_series(source)
    if points:
        ax.plot(
            dates.date2num([day for day, _, _ in points]),
            [float(amount) for _, amount, _ in points],
            color="tab:blue",
            linewidth=2,
            marker=".",
            label="delivered",
        )
    for index, moment in enumerate(source.moments):
        when = dates.date2num(moment.date)
        ax.axvline(
            when,
            color="tab:orange",
            linestyle=":",
            label="measurement moments" if index == 0 else "_nolegend_",
        )
        ax.plot([when], [float(moment.target)], color="tab:orange", marker="o", linestyle="none")
    if term.first <= source.at <= term.last:
        ax.axvline(
            dates.date2num(source.at),
            color="tab:red",
            linewidth=1,
            label=f"report date {source.at.isoformat()}",
        )
    ax.xaxis_date()
    ax.xaxis.set_major_formatter(dates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.set_title(f"{contract.number}: {contract.title}", loc="left")
    ax.set_ylabel("euro")
    margin = (last - first) * 0.02
    ax.set_xlim(first - margin, last + margin)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(_euro_ticks())
    ax.grid(visible=True, alpha=0.3)
    ax.legend(loc="upper left")
    return ax


def _euro_ticks() -> Any:
    ticker = require("matplotlib.ticker")

    def euro(value: float, _position: float) -> str:
        whole = f"{round(value):,}".replace(",", ".")
        return f"€ {whole}"

    return ticker.FuncFormatter(euro)
