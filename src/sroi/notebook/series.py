"""The numbers behind the progress chart: delivered value, forecast, target and obligation.

Also the chart's day and month names, from built-in tables (never the system's locale).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from sroi.exceptions import InvalidValueError
from sroi.fulfilment import FulfilmentReport
from sroi.money import PRECISION, round_cents
from sroi.notebook.extras import check
from sroi.period import Period
from sroi.states import Standing

__all__ = [
    "MONTH_ABBREVIATIONS",
    "ChartLanguage",
    "delivered_series",
    "forecast_series",
    "format_day",
    "month_names",
    "obligation_changes",
]

ChartLanguage = Literal["nl", "en"]
"""The languages of the chart's labels."""

MONTH_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
"""Month abbreviations per language, so that the chart never depends on the system's locale."""


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
    check(report, FulfilmentReport, "report", "a FulfilmentReport")
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
    check(report, FulfilmentReport, "report", "a FulfilmentReport")
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
    months = month_names(lang)
    return f"{day.day} {months[day.month - 1]} {day.year}"


def month_names(lang: object) -> tuple[str, ...]:
    """The month abbreviations in ``lang``.

    Raises:
        InvalidValueError: when ``lang`` is not ``"nl"`` or ``"en"``.
    """
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
    check(report, FulfilmentReport, "report", "a FulfilmentReport")
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
