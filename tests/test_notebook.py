"""Reports in notebooks: DataFrames with exact amounts, and the progress chart."""

from __future__ import annotations

import datetime as dt
import io
import pathlib
import sys
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sroi
from sroi import notebook
from sroi.lifecycle import (
    Approve,
    ProposePlacement,
    ProposePurchase,
    Reject,
    ReportEarlyExit,
    Role,
    apply_all,
    register,
)

pd = pytest.importorskip("pandas")
matplotlib = pytest.importorskip("matplotlib")

from matplotlib.axes import Axes  # noqa: E402 - only once matplotlib is known to be there
from matplotlib.dates import date2num  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

EXAMPLE = pathlib.Path(__file__).resolve().parent.parent / "examples" / "midden-gelderland.json"
VERIFIED = sroi.Provenance("test table", sroi.Status.VERIFIED)
TERM = sroi.Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
AT = dt.date(2024, 12, 31)


def _rules() -> sroi.RuleSet:
    pw = sroi.BuildingBlock(
        "pw",
        "Participatiewet",
        "Social assistance",
        sroi.Route.CANDIDATE,
        sroi.Unit.PER_YEAR_FULL_TIME,
        Decimal(36000),
        VERIFIED,
    )
    sw = sroi.BuildingBlock(
        "sw",
        "SW-bedrijf",
        "Sheltered company",
        sroi.Route.PURCHASE,
        sroi.Unit.SHARE_OF_INVOICE,
        Decimal(1),
        VERIFIED,
    )
    return sroi.RuleSet.build(
        "testland",
        "T1",
        dt.date(2020, 1, 1),
        blocks=[pw, sw],
        full_time_hours=sroi.Parameter(Decimal(36), VERIFIED),
    )


def _history() -> sroi.lifecycle.ContractHistory:
    """A placement of 3,000 a month from March, left early in October, and two purchases."""
    contract = sroi.Contract(
        "T-7",
        "Onderhoud <wegen> & bermen",
        TERM,
        sroi.Organisation("Wegen B.V."),
        value_excl_vat=Decimal(1_200_000),
        sr_percentage=Decimal(5),
    )
    placement = sroi.Placement(
        sroi.Candidate("A.B.", "pw", dt.date(1980, 1, 1)),
        sroi.PlacementKind.JOB,
        "pw",
        sroi.Period(dt.date(2024, 3, 1), dt.date(2025, 2, 28)),
        Decimal(36),
    )
    supplier = sroi.Organisation("Werkbedrijf")
    events = [
        ProposePlacement(
            recorded_on=dt.date(2024, 2, 20), role=Role.CONTRACTOR, placement=placement
        ),
        Approve(recorded_on=dt.date(2024, 3, 1), role=Role.SR_COORDINATOR, item_id="P1"),
        ProposePurchase(
            recorded_on=dt.date(2024, 6, 3),
            role=Role.CONTRACTOR,
            purchase=sroi.SocialPurchase(supplier, "sw", dt.date(2024, 5, 31), Decimal("4000")),
        ),
        Approve(recorded_on=dt.date(2024, 6, 10), role=Role.SR_COORDINATOR, item_id="S1"),
        ProposePurchase(
            recorded_on=dt.date(2024, 7, 1),
            role=Role.CONTRACTOR,
            purchase=sroi.SocialPurchase(supplier, "sw", dt.date(2024, 6, 28), Decimal("999")),
        ),
        Reject(
            recorded_on=dt.date(2024, 7, 8),
            role=Role.SR_COORDINATOR,
            item_id="S2",
            reason="a regular supplier",
        ),
        ReportEarlyExit(
            recorded_on=dt.date(2024, 11, 4),
            role=Role.CONTRACTOR,
            item_id="P1",
            exit_date=dt.date(2024, 10, 31),
        ),
    ]
    return apply_all(register(contract, recorded_on=dt.date(2023, 12, 1)), events)


def _report() -> sroi.FulfilmentReport:
    return sroi.report(_history(), _rules(), at=AT, as_of=AT)


# --- frames --------------------------------------------------------------------------------------


def test_the_items_frame_keeps_exact_amounts_that_add_up_to_the_report() -> None:
    report = _report()
    frame = notebook.to_frame(report)
    assert list(frame.index) == ["P1", "S1", "S2"]
    # March to October: 8 months of 3,000
    assert frame.loc["P1", "realised"] == Decimal("24000.00")
    assert frame.loc["P1", "last"] == dt.date(2024, 10, 31)
    assert frame.loc["S2", "standing"] == "not_counted"
    assert frame.loc["S2", "realised"] == Decimal(0)
    total = frame["realised"].sum()
    assert isinstance(total, Decimal)
    assert total == report.totals.realised == Decimal("28000.00")


def test_the_numeric_items_frame_computes_with_floats_and_dates() -> None:
    report = _report()
    exact = notebook.to_frame(report)
    frame = notebook.to_frame(report, numeric=True)
    for column in ("realised", "pending", "forecast"):
        assert frame[column].dtype == "float64"
        assert list(frame[column]) == [float(value) for value in exact[column]]
    assert pd.api.types.is_datetime64_dtype(frame["first"])
    assert pd.api.types.is_datetime64_dtype(frame["last"])
    assert frame.loc["P1", "last"] == pd.Timestamp("2024-10-31")
    assert frame["last"].dt.year.tolist() == [2024, 2024, 2024]
    described = frame.describe()
    assert described.loc["max", "realised"] == 24000.0
    # realised / forecast: P1 left early and S1 is one invoice, both whole; S2 counts nothing
    share = frame["realised"] / frame["forecast"]
    assert share[["P1", "S1"]].tolist() == [1.0, 1.0]
    assert pd.isna(share["S2"])
    by_route = frame.groupby("route")["realised"].sum()
    assert by_route.to_dict() == {"candidate": 24000.0, "purchase": 4000.0}
    pivot = frame.pivot_table(index="route", columns="standing", values="forecast", aggfunc="sum")
    assert pivot.loc["purchase", "approved"] == 4000.0
    # the exact frame is still there, and its sum is the report's total to the cent
    assert exact["realised"].sum() == report.totals.realised


def test_the_numeric_frames_draw() -> None:
    figure = Figure()
    ax = figure.add_subplot()
    notebook.to_frame(_report(), numeric=True)[["realised", "forecast"]].plot.bar(ax=ax)
    notebook.moments_to_frame(_report(), numeric=True).plot(x="date", y="target", ax=ax)
    assert len(ax.patches) == 6  # two bars for each of three items
    assert len(ax.get_lines()) == 1


def test_the_numeric_moments_frame_has_nan_for_moments_not_reached() -> None:
    exact = notebook.moments_to_frame(_report())
    frame = notebook.moments_to_frame(_report(), numeric=True)
    assert pd.api.types.is_datetime64_dtype(frame["date"])
    for column in ("fraction", "obligation", "target", "realised", "forecast"):
        assert frame[column].dtype == "float64"
    assert frame["realised"].isna().tolist() == [False, False, True, True]
    assert frame["realised"].iloc[0] == float(exact["realised"].iloc[0])
    assert frame["fraction"].tolist() == [0.25, 0.5, 0.75, 1.0]
    assert (frame["realised"] - frame["target"]).iloc[1] < 0  # behind


def test_the_numeric_consolidated_frames_have_float_amounts_and_nan_percentages() -> None:
    empty = sroi.report(
        register(
            sroi.Contract(
                "T-0",
                "Nothing owed",
                TERM,
                sroi.Organisation("Leeg B.V."),
                value_excl_vat=Decimal(0),
                sr_percentage=Decimal(5),
            ),
            recorded_on=dt.date(2023, 12, 1),
        ),
        _rules(),
        at=AT,
        as_of=AT,
    )
    consolidated = sroi.consolidate([_report(), empty], by="contractor")
    groups = notebook.consolidated_to_frame(consolidated, numeric=True)
    assert groups["realised"].dtype == "float64"
    assert groups.loc["total", "realised"] == 28000.0
    assert pd.isna(groups.loc["Leeg B.V.", "realised_percentage"])
    contracts = notebook.consolidated_to_frame(consolidated, rows="contracts", numeric=True)
    assert contracts["obligation"].to_dict() == {"T-7": 60000.0, "T-0": 0.0}
    # the test rules leave the measurement moments at the assumed default
    assert contracts.loc["T-7", "unverified"] == "measurement_fractions"


@settings(max_examples=40, deadline=None)
@given(
    amounts=st.lists(
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), places=2),
        min_size=1,
        max_size=6,
    )
)
def test_numeric_amounts_are_the_exact_amounts_as_floats(amounts: list[Decimal]) -> None:
    supplier = sroi.Organisation("Werkbedrijf")
    history = register(
        sroi.Contract(
            "T-9",
            "Inkoop",
            TERM,
            sroi.Organisation("Wegen B.V."),
            value_excl_vat=Decimal(1_000_000),
            sr_percentage=Decimal(5),
        ),
        recorded_on=dt.date(2023, 12, 1),
    )
    events = [
        ProposePurchase(
            recorded_on=dt.date(2024, 6, 3),
            role=Role.CONTRACTOR,
            purchase=sroi.SocialPurchase(supplier, "sw", dt.date(2024, 5, 31), amount),
        )
        for amount in amounts
    ]
    report = sroi.report(apply_all(history, events), _rules(), at=AT, as_of=AT)
    exact = notebook.to_frame(report)
    frame = notebook.to_frame(report, numeric=True)
    assert list(frame["pending"]) == [float(amount) for amount in amounts]
    assert exact["pending"].sum() == sum(amounts) == report.totals.pending
    assert frame["pending"].sum() == pytest.approx(float(sum(amounts)), abs=0.005)
    assert frame["verified"].all()


def test_the_frames_show_which_values_are_not_verified() -> None:
    assumed = sroi.Provenance("our own guess", sroi.Status.ASSUMED)
    rules = attrs.evolve(_rules(), full_time_hours=sroi.Parameter(Decimal(36), assumed))
    report = sroi.report(_history(), rules, at=AT, as_of=AT, warn=False)
    items = notebook.to_frame(report)
    assert items["verified"].tolist() == [False, True, True]
    assert items.loc["P1", "unverified"] == "full_time_hours"
    assert items.loc["S2", "unverified"] == ""
    values = notebook.unverified_to_frame(report)
    assert list(values.index) == ["full_time_hours", "measurement_fractions"]
    assert values.loc["full_time_hours", "status"] == "assumed"
    assert values.loc["full_time_hours", "source"] == "our own guess"
    assert values.loc["full_time_hours", "used_by"] == "P1"
    assert values.loc["measurement_fractions", "used_by"] == "moments"
    moments = notebook.moments_to_frame(report)
    assert set(moments["unverified"]) == {"measurement_fractions"}


def test_the_moments_frame_leaves_realised_empty_for_moments_not_reached() -> None:
    frame = notebook.moments_to_frame(_report())
    assert list(frame["status"]) == ["on_track", "behind", "not_yet_reached", "not_yet_reached"]
    # 2024-07-01: March to June and one day of July at 3,000 a month, and a purchase of 4,000
    assert frame["date"].iloc[0] == dt.date(2024, 7, 1)
    assert frame["realised"].iloc[0] == Decimal("12096.77") + Decimal(4000)
    assert frame["realised"].iloc[2] is None
    assert frame["target"].iloc[-1] == Decimal("60000.00")


def test_the_consolidated_frame_has_a_row_per_group_and_the_total() -> None:
    consolidated = sroi.consolidate([_report()], by="contractor")
    groups = notebook.consolidated_to_frame(consolidated)
    assert list(groups.index) == ["Wegen B.V.", "total"]
    assert groups.loc["total", "realised"] == Decimal("28000.00")
    assert groups.loc["total", "behind"] == 1
    contracts = notebook.consolidated_to_frame(consolidated, rows="contracts")
    assert contracts.loc["T-7", "obligation"] == Decimal("60000.00")
    assert contracts.loc["T-7", "status"] == "behind"
    with pytest.raises(sroi.InvalidValueError, match="'groups' or 'contracts'"):
        notebook.consolidated_to_frame(consolidated, rows="items")  # type: ignore[arg-type]


def test_the_explanation_frame_flattens_nested_chains_in_order() -> None:
    explanation = _report().explain("realised")
    frame = notebook.explanation_to_frame(explanation)
    top = frame[frame["depth"] == 0]
    assert list(top["key"]) == [step.key for step in explanation.steps]
    nested = frame[frame["depth"] == 1]
    assert set(nested["subject"]) == {
        "Realised through 2024-12-31: P1",
        "Realised through 2024-12-31: S1",
    }
    first_line = frame.index[frame["key"] == "line:P1"][0]
    assert frame.loc[first_line + 1, "depth"] == 1
    dutch = notebook.explanation_to_frame(explanation, lang="nl")
    assert dutch["label"].iloc[-1] == "Som van afgeronde regels"


def test_the_frames_refuse_what_they_cannot_show() -> None:
    with pytest.raises(sroi.InvalidValueError, match="a FulfilmentReport"):
        notebook.to_frame("report")  # type: ignore[arg-type]
    with pytest.raises(sroi.InvalidValueError, match="lang"):
        notebook.explanation_to_frame(_report().explain("obligation"), lang="de")  # type: ignore[arg-type]


def test_without_pandas_a_frame_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(sroi.MissingExtraError, match=r'pip install "\.\[notebook\]"') as caught:
        notebook.to_frame(_report())
    assert (caught.value.package, caught.value.extra) == ("pandas", "notebook")
    assert isinstance(caught.value, ImportError)


def test_a_report_shows_itself_as_html_in_a_notebook() -> None:
    html = _report()._repr_html_()
    assert html.startswith('<div class="sroi-report">')
    assert "Onderhoud &lt;wegen&gt; &amp; bermen" in html
    assert "€ 28.000,00" in html


# --- the progress chart --------------------------------------------------------------------------


def _line(ax: Axes, gid: str) -> tuple[list[float], list[float]]:
    (line,) = [line for line in ax.get_lines() if line.get_gid() == gid]
    return list(line.get_xdata()), list(line.get_ydata())  # type: ignore[arg-type]


def _texts(ax: Axes, gid: str) -> list[str]:
    return [text.get_text() for text in ax.texts if text.get_gid() == gid]


def test_the_chart_has_the_target_the_delivered_and_the_forecast_line() -> None:
    report = _report()
    chart = notebook.plot_progress(report)
    ax = chart.ax
    target_x, target_y = _line(ax, "target")
    assert target_x == [date2num(TERM.first), date2num(TERM.last)]
    assert target_y == [0.0, 60000.0]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == [
        "target",
        "delivered",
        "forecast",
        "measurement moments",
        "report date 31 Dec 2024",
    ]


def test_the_delivered_line_meets_the_realised_value_at_each_reached_moment() -> None:
    report = _report()
    xs, ys = _line(notebook.plot_progress(report).ax, "delivered")
    delivered = dict(zip(xs, ys, strict=True))
    reached = [moment for moment in report.moments if moment.reached]
    assert len(reached) == 2
    for moment in reached:
        assert moment.realised is not None
        assert delivered[date2num(moment.date)] == float(moment.realised)
    # it starts at the term's first day with nothing and ends on the report date
    assert xs[0] == date2num(TERM.first)
    assert ys[0] == 0.0
    assert xs[-1] == date2num(AT)
    assert ys[-1] == float(report.totals.realised)
    assert ys == sorted(ys)


def test_the_forecast_line_runs_from_the_report_date_to_the_end_of_the_term() -> None:
    report = _report()
    xs, ys = _line(notebook.plot_progress(report).ax, "forecast")
    assert xs[0] == date2num(AT)
    assert xs[-1] == date2num(TERM.last)
    # nothing is pending, so the forecast starts where the delivered line ends
    assert ys[0] == float(report.totals.realised)
    forecast = dict(zip(xs, ys, strict=True))
    for moment in report.moments:
        if not moment.reached:
            assert forecast[date2num(moment.date)] == float(moment.forecast)


def test_the_forecast_counts_pending_items_and_the_delivered_line_does_not() -> None:
    history = _history()
    pending = ProposePurchase(
        recorded_on=dt.date(2024, 12, 2),
        role=Role.CONTRACTOR,
        purchase=sroi.SocialPurchase(
            sroi.Organisation("Werkbedrijf"), "sw", dt.date(2024, 11, 29), Decimal("500")
        ),
    )
    report = sroi.report(apply_all(history, [pending]), _rules(), at=AT, as_of=AT)
    delivered = notebook.delivered_series(report)
    forecast = notebook.forecast_series(report)
    assert delivered[-1][1] == Decimal("28000.00")
    assert forecast[0] == (AT, Decimal("28500.00"))
    assert [day for day, _ in forecast] == sorted(day for day, _ in forecast)


def test_the_delivered_series_stays_flat_after_an_early_exit() -> None:
    points = notebook.delivered_series(_report())
    after_exit = [amount for day, amount, _ in points if day >= dt.date(2024, 10, 31)]
    assert set(after_exit) == {Decimal("28000.00")}
    targets = [target for _, _, target in points]
    assert targets == sorted(targets)
    assert points[0][2] == sroi.round_cents(Decimal(60000) / TERM.days)


def test_each_moment_is_labelled_with_its_date_share_and_status() -> None:
    report = _report()
    english = _texts(notebook.plot_progress(report).ax, "moment-label")
    assert english == [
        f"{notebook.format_day(moment.date)}\n{share} · {state}"
        for moment, share, state in zip(
            report.moments,
            ["25%", "50%", "75%", "100%"],
            ["on track", "behind", "not yet reached", "not yet reached"],
            strict=True,
        )
    ]
    assert english[0].startswith("1 Jul 2024\n")
    dutch = _texts(notebook.plot_progress(report, lang="nl").ax, "moment-label")
    assert dutch[0] == "1 jul 2024\n25% · op schema"
    assert dutch[1].endswith("50% · achter")
    assert dutch[3].endswith("100% · nog niet bereikt")


def test_dutch_month_labels_come_from_the_built_in_table(monkeypatch: pytest.MonkeyPatch) -> None:
    import locale

    monkeypatch.setattr(locale, "setlocale", _refuse)
    chart = notebook.plot_progress(_report(), lang="nl")
    chart.figure.canvas.draw()  # type: ignore[union-attr]
    ticks = [label.get_text() for label in chart.ax.get_xticklabels() if label.get_text()]
    months = {tick.split("\n")[0] for tick in ticks}
    assert months <= set(notebook.MONTH_ABBREVIATIONS["nl"])
    assert {"mrt", "mei", "okt"} & months
    assert "jan\n2025" in ticks
    legend = [text.get_text() for text in chart.ax.get_legend().get_texts()]
    assert legend[:4] == ["doel", "gerealiseerd", "prognose", "meetmomenten"]
    assert legend[4] == "rapportagedatum 31 dec 2024"


def _refuse(*_: object) -> None:
    raise AssertionError("the chart must not depend on the system's locale")


@pytest.mark.parametrize(
    ("day", "lang", "text"),
    [
        (dt.date(2024, 3, 1), "nl", "1 mrt 2024"),
        (dt.date(2024, 5, 31), "nl", "31 mei 2024"),
        (dt.date(2024, 10, 1), "nl", "1 okt 2024"),
        (dt.date(2024, 5, 31), "en", "31 May 2024"),
    ],
)
def test_days_are_written_from_the_table(day: dt.date, lang: str, text: str) -> None:
    assert notebook.format_day(day, lang) == text  # type: ignore[arg-type]


def test_an_unknown_chart_language_is_refused() -> None:
    with pytest.raises(sroi.InvalidValueError, match="'nl' or 'en'"):
        notebook.plot_progress(_report(), lang="de")  # type: ignore[arg-type]


def test_a_history_can_be_charted_on_axes_of_ones_own() -> None:
    figure = Figure()
    ax = figure.add_subplot()
    chart = notebook.plot_progress(_history(), rules=_rules(), at=AT, as_of=AT, ax=ax)
    assert chart.ax is ax
    assert chart.figure is figure
    assert {"target", "delivered"} <= {line.get_gid() for line in ax.get_lines()}


def test_a_chart_on_a_subfigure_shows_the_whole_figure() -> None:
    figure = Figure()
    left, _ = figure.subfigures(1, 2)
    chart = notebook.plot_progress(_report(), ax=left.add_subplot())
    assert chart.figure is left
    assert chart._repr_png_().startswith(b"\x89PNG")


def test_the_chart_shows_itself_as_a_png_in_a_notebook() -> None:
    chart = notebook.plot_progress(_report())
    content = chart._repr_png_()
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    image = matplotlib.image.imread(io.BytesIO(content), format="png")
    assert image.shape[1] == 900  # 9 inches at 100 dpi
    assert image.std() > 0.05  # not a blank canvas
    assert repr(chart) == "<ProgressChart T-7 at 2024-12-31>"


def test_the_chart_is_saved_as_a_png(tmp_path: pathlib.Path) -> None:
    chart = notebook.plot_progress(_report())
    path = tmp_path / "progress.png"
    chart.savefig(path)
    content = path.read_bytes()
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(content) > 10_000
    image = matplotlib.image.imread(path)
    assert image.std() > 0.05  # not a blank canvas


def test_an_unchanged_obligation_has_no_note() -> None:
    report = _report()
    assert notebook.obligation_changes(report) == [(dt.date(2024, 7, 1), Decimal("60000.00"))]
    assert _texts(notebook.plot_progress(report).ax, "obligation-note") == []


@pytest.mark.filterwarnings("ignore::sroi.ProvisionalRuleWarning")
def test_the_example_contract_notes_its_changed_obligation_and_amended_targets() -> None:
    history = sroi.load_portfolio(EXAMPLE).contract("MG-2024-001")
    report = sroi.report(history, at=dt.date(2025, 6, 30), as_of=dt.date(2025, 6, 30))
    # the contract value was raised on 2025-01-01; the first moment falls before that day
    assert notebook.obligation_changes(report) == [
        (dt.date(2024, 12, 30), Decimal("120000.00")),
        (dt.date(2025, 6, 30), Decimal("137500.00")),
    ]
    chart = notebook.plot_progress(report, lang="nl")
    assert _texts(chart.ax, "obligation-note") == [
        "Verplichting gewijzigd tijdens de looptijd: € 120.000,00 (op 30 dec 2024) → "
        "€ 137.500,00 (op 30 jun 2025)"
    ]
    dots = [line for line in chart.ax.get_lines() if line.get_gid() == "moment-targets"]
    assert [float(y) for line in dots for y in line.get_ydata()] == [  # type: ignore[union-attr]
        30000.0,
        68750.0,
        103125.0,
        137500.0,
    ]


def test_without_matplotlib_the_chart_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.dates", None)
    with pytest.raises(sroi.MissingExtraError, match="matplotlib"):
        notebook.plot_progress(_report())
