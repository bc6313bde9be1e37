"""Reports in notebooks: DataFrames with exact amounts, and the progress chart."""

from __future__ import annotations

import datetime as dt
import pathlib
import sys
from decimal import Decimal

import pytest

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
    with pytest.raises(sroi.MissingExtraError, match=r'pip install "sroi\[notebook\]"') as caught:
        notebook.to_frame(_report())
    assert (caught.value.package, caught.value.extra) == ("pandas", "notebook")
    assert isinstance(caught.value, ImportError)


def test_a_report_shows_itself_as_html_in_a_notebook() -> None:
    html = _report()._repr_html_()
    assert html.startswith('<div class="sroi-report">')
    assert "Onderhoud &lt;wegen&gt; &amp; bermen" in html
    assert "€ 28.000,00" in html


# --- the progress chart --------------------------------------------------------------------------


def _line(ax: Axes, label: str) -> tuple[list[float], list[float]]:
    (line,) = [line for line in ax.get_lines() if line.get_label() == label]
    return list(line.get_xdata()), list(line.get_ydata())  # type: ignore[arg-type]


def test_the_chart_has_the_target_line_and_the_delivered_line() -> None:
    report = _report()
    ax = notebook.plot_progress(report)
    labels = [line.get_label() for line in ax.get_lines()]
    assert "target" in labels
    assert "delivered" in labels
    assert "measurement moments" in labels
    target_x, target_y = _line(ax, "target")
    assert target_x == [date2num(TERM.first), date2num(TERM.last)]
    assert target_y == [0.0, 60000.0]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend[:3] == ["target", "delivered", "measurement moments"]


def test_the_delivered_line_meets_the_realised_value_at_each_reached_moment() -> None:
    report = _report()
    ax = notebook.plot_progress(report)
    xs, ys = _line(ax, "delivered")
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


def test_the_delivered_series_stays_flat_after_an_early_exit() -> None:
    points = notebook.delivered_series(_report())
    after_exit = [amount for day, amount, _ in points if day >= dt.date(2024, 10, 31)]
    assert set(after_exit) == {Decimal("28000.00")}
    targets = [target for _, _, target in points]
    assert targets == sorted(targets)
    assert points[0][2] == sroi.round_cents(Decimal(60000) / TERM.days)


def test_a_history_can_be_charted_on_axes_of_ones_own() -> None:
    figure = Figure()
    ax = figure.add_subplot()
    returned = notebook.plot_progress(_history(), rules=_rules(), at=AT, as_of=AT, ax=ax)
    assert returned is ax
    assert {"target", "delivered"} <= {line.get_label() for line in ax.get_lines()}


def test_the_chart_is_saved_as_a_png(tmp_path: pathlib.Path) -> None:
    ax = notebook.plot_progress(_report())
    path = tmp_path / "progress.png"
    ax.figure.savefig(path)  # type: ignore[union-attr]
    content = path.read_bytes()
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(content) > 10_000
    image = matplotlib.image.imread(path)
    assert image.std() > 0.05  # not a blank canvas


@pytest.mark.filterwarnings("ignore::sroi.ProvisionalRuleWarning")
def test_the_example_contract_charts_its_amended_moment_targets() -> None:
    history = sroi.load_portfolio(EXAMPLE).contract("MG-2024-001")
    report = sroi.report(history, at=dt.date(2025, 6, 30), as_of=dt.date(2025, 6, 30))
    ax = notebook.plot_progress(report)
    dots = [line for line in ax.get_lines() if line.get_marker() == "o"]
    # the first moment falls before the contract value was raised on 2025-01-01
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
