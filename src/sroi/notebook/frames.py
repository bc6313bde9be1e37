"""Reports as pandas DataFrames: items, moments, groups, unverified values, options, explanations.

By default the amounts stay :class:`~decimal.Decimal` (exact sums); with ``numeric=True`` they
are float64 euros, dates datetime64 and a missing value NaN (see :mod:`sroi.notebook`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal

from sroi.consolidation import ConsolidatedReport
from sroi.exceptions import InvalidValueError
from sroi.explanation import Explanation, Language
from sroi.fulfilment import FulfilmentReport
from sroi.model import Placement, SocialPurchase, SrProject
from sroi.notebook.extras import check
from sroi.notebook.extras import pandas as load_pandas
from sroi.plan import WhatItTakes
from sroi.rendering.data import LINE_FIELDS, line_record
from sroi.rendering.unverified import MOMENTS, OBLIGATION, line_unverified_keys, unverified_values
from sroi.serde.plain import to_plain

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    import pandas as pd

__all__ = [
    "consolidated_to_frame",
    "explanation_to_frame",
    "moments_to_frame",
    "to_frame",
    "unverified_to_frame",
    "what_it_takes_to_frame",
]


def _numeric(
    frame: pd.DataFrame, *, floats: Iterable[str] = (), days: Iterable[str] = ()
) -> pd.DataFrame:
    """``frame`` with the ``floats`` columns as float64 (None → NaN), ``days`` as datetime64."""
    pandas = load_pandas()
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
    check(report, FulfilmentReport, "report", "a FulfilmentReport")
    pandas = load_pandas()
    rows = []
    for line in report.lines:
        first, last = _span(line.item)
        unverified = line_unverified_keys(line)
        rows.append(
            {
                **line_record(line),
                "first": first,
                "last": last,
                "verified": not unverified,
                "unverified": _keys(unverified),
            }
        )
    columns = [*LINE_FIELDS, "first", "last", "verified", "unverified"]
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
    check(report, FulfilmentReport, "report", "a FulfilmentReport")
    pandas = load_pandas()
    unverified = _keys(
        value.key
        for value in unverified_values(report)
        if {OBLIGATION, MOMENTS} & set(value.used_by)
    )
    rows = [
        {
            "date": moment.date,
            "fraction": moment.fraction,
            "obligation": moment.obligation.amount,
            "target": moment.target,
            "realised": moment.realised,
            "forecast": moment.forecast,
            "status": to_plain(moment.state),
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
    check(report, FulfilmentReport, "report", "a FulfilmentReport")
    pandas = load_pandas()
    rows = [
        {
            "key": value.key,
            "status": to_plain(value.status),
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
    check(consolidated, ConsolidatedReport, "consolidated", "a ConsolidatedReport")
    pandas = load_pandas()
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
                    "status": to_plain(None if last is None else last.state),
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
    check(taken, WhatItTakes, "taken", "a WhatItTakes (from sroi.plan.what_it_takes)")
    if lang not in ("nl", "en"):
        raise InvalidValueError("lang", lang, "'nl' or 'en'")
    pandas = load_pandas()
    columns = ["route", "block", "effort", "closes", "quantity", "start", "gives", "text"]
    rows = [
        {
            "route": to_plain(option.route),
            "block": option.block,
            "effort": to_plain(option.effort),
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
    check(explanation, Explanation, "explanation", "an Explanation")
    if lang not in ("nl", "en", "both"):
        raise InvalidValueError("lang", lang, "'nl', 'en' or 'both'")
    pandas = load_pandas()
    columns = ["depth", "subject", "key", "label", "text", "value"]
    frame: pd.DataFrame = pandas.DataFrame(list(_steps(explanation, lang, 0)), columns=columns)
    return frame


def _span(item: Placement | SocialPurchase | SrProject) -> tuple[dt.date, dt.date]:
    if isinstance(item, Placement):
        return item.active_period.first, item.active_period.last
    if isinstance(item, SocialPurchase):
        return item.invoice_date, item.invoice_date
    return item.period.first, item.period.last
