"""Planning in notebooks: what it takes as a DataFrame, and the planned forecast on the chart."""

from __future__ import annotations

import datetime as dt
import pathlib
from decimal import Decimal

import pytest

import sroi
from sroi import notebook
from sroi.lifecycle import ContractHistory
from sroi.plan import Effort, what_if, what_it_takes

pd = pytest.importorskip("pandas")
matplotlib = pytest.importorskip("matplotlib")
from matplotlib.dates import date2num  # noqa: E402 - after the skip when it is missing

EXAMPLE = pathlib.Path(__file__).parents[1] / "examples" / "midden-gelderland.json"
DAY = dt.date(2025, 6, 1)


def _history() -> ContractHistory:
    return sroi.load_portfolio(EXAMPLE).contract("MG-2024-014")


def _planned_placement() -> sroi.Placement:
    return sroi.Placement(
        sroi.Candidate("A.B.", "participatiewet-lt2", dt.date(1985, 5, 5)),
        sroi.PlacementKind.JOB,
        "participatiewet-lt2",
        sroi.Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
        Decimal(36),
    )


def test_what_it_takes_as_a_frame_has_a_row_per_option_with_exact_amounts() -> None:
    taken = what_it_takes(_history(), at=DAY, as_of=DAY, warn=False)
    frame = notebook.what_it_takes_to_frame(taken, lang="nl")
    assert list(frame.columns) == [
        "route",
        "block",
        "effort",
        "closes",
        "quantity",
        "start",
        "gives",
        "text",
    ]
    assert len(frame) == len(taken.options)
    row = frame[(frame.block == "pso-3") & (frame.effort == "invoice_amount")].iloc[0]
    option = taken.option("pso-3", Effort.INVOICE_AMOUNT)
    assert (row.quantity, row.gives, row.text) == (option.quantity, option.gives, option.text_nl)
    assert isinstance(row.gives, Decimal)
    assert frame.attrs["gap"] == taken.gap
    assert frame.attrs["target_date"] == taken.target_date


def test_the_numeric_frame_has_floats_and_nan_where_no_quantity_applies() -> None:
    taken = what_it_takes(_history(), at=DAY, as_of=DAY, warn=False)
    frame = notebook.what_it_takes_to_frame(taken, numeric=True)
    assert frame["gives"].dtype == "float64"
    assert frame["quantity"].dtype == "float64"
    latest = frame[frame.effort == "latest_start"]
    assert latest["quantity"].isna().all()


def test_the_frame_refuses_what_it_cannot_show() -> None:
    with pytest.raises(sroi.InvalidValueError, match="WhatItTakes"):
        notebook.what_it_takes_to_frame("gap")  # type: ignore[arg-type]


def test_the_chart_of_a_what_if_draws_the_forecast_with_the_plan() -> None:
    planned = what_if(_history(), add=[_planned_placement()], at=DAY, as_of=DAY, warn=False)
    chart = notebook.plot_progress(planned, lang="nl")
    (line,) = [line for line in chart.ax.get_lines() if line.get_gid() == "planned"]
    xs, ys = list(line.get_xdata()), list(line.get_ydata())  # type: ignore[arg-type]
    assert xs[0] == date2num(DAY)
    with_plan = dict(zip(xs, ys, strict=True))
    for moment in planned.report.moments:
        if not moment.reached:
            assert with_plan[date2num(moment.date)] == float(moment.forecast)
    legend = [text.get_text() for text in chart.ax.get_legend().get_texts()]
    assert "prognose met plan" in legend
    # the other lines are those of the report as it is
    assert chart.report == planned.baseline
