"""sroi.batch.report_frame equals the per-item reports; consolidate sums each report once."""

from __future__ import annotations

import datetime as dt
import pathlib
from decimal import Decimal
from typing import Any

import pytest

pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

import sroi  # noqa: E402
from sroi import batch, consolidation  # noqa: E402

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"
DAYS = (dt.date(2025, 6, 30), dt.date(2026, 3, 31), dt.date(2027, 12, 31))

pytestmark = [
    pytest.mark.skipif(
        {info.code for info in sroi.regions()} < {"midden-gelderland", "noord-holland"},
        reason="the region plugins are not installed",
    ),
    pytest.mark.filterwarnings("ignore::sroi.ProvisionalRuleWarning"),
]


def _cents(amount: Decimal | None) -> Any:
    return None if amount is None else int(amount * 100)


@pytest.mark.parametrize("name", ["midden-gelderland.json", "noord-holland.json"])
@pytest.mark.parametrize("day", DAYS)
def test_report_frame_equals_the_per_item_reports(name: str, day: dt.date) -> None:
    portfolio = sroi.load_portfolio(EXAMPLES / name)
    as_of = day - dt.timedelta(days=10)
    frame = batch.report_frame(portfolio, day, as_of)
    assert list(frame.columns) == list(batch.REPORT_COLUMNS)
    assert len(frame) == len(portfolio.contracts)
    for history in portfolio.contracts:
        report = sroi.report(history, at=day, as_of=as_of)
        row = frame.loc[report.contract.number]
        assert (row["region"], row["version"]) == (report.rules.region, report.rules.version)
        totals = report.totals
        assert [row["obligation"], row["realised"], row["pending"], row["forecast"]] == [
            _cents(report.obligation.amount),
            _cents(totals.realised),
            _cents(totals.pending),
            _cents(totals.forecast),
        ]
        moment = report.last_reached_moment
        if moment is None:
            assert row["moment_state"] is None
            assert pd.isna(row["moment_target"])
        else:
            assert row["moment_fraction"] == moment.fraction
            assert row["moment_date"] == moment.date
            assert row["moment_target"] == _cents(moment.target)
            assert row["moment_realised"] == _cents(moment.realised)
            assert row["moment_state"] == moment.state.value


def test_report_frame_counts_something_in_every_column() -> None:
    portfolio = sroi.load_portfolio(EXAMPLES / "midden-gelderland.json")
    frame = batch.report_frame(portfolio, DAYS[1], DAYS[1])
    assert (frame[["obligation", "realised", "forecast"]] > 0).all().all()
    assert frame["pending"].sum() >= 0
    assert set(frame["moment_state"]) <= {state.value for state in sroi.MomentState}


def test_consolidate_computes_each_reports_totals_once(monkeypatch: pytest.MonkeyPatch) -> None:
    day = DAYS[0]
    reports = [
        sroi.report(history, at=day, as_of=day)
        for name in ("midden-gelderland.json", "noord-holland.json")
        for history in sroi.load_portfolio(EXAMPLES / name).contracts
    ]
    calls: list[str] = []
    original = consolidation._Summary.of

    def counting(report: sroi.FulfilmentReport) -> Any:
        calls.append(report.contract.number)
        return original(report)

    monkeypatch.setattr(consolidation._Summary, "of", staticmethod(counting))
    consolidated = sroi.consolidate(reports, by="region")
    assert sorted(calls) == sorted(report.contract.number for report in reports)
    # and the sums are those of the reports themselves
    total = consolidated.total
    assert total.amounts.realised == sum(r.totals.realised for r in reports)
    assert total.amounts.forecast == sum(r.totals.forecast for r in reports)
    assert total.remaining == sum(r.remaining for r in reports)
    for route in sroi.Route:
        assert total.by_route[route].pending == sum(r.by_route[route].pending for r in reports)
    regions = {group.key: group for group in consolidated.groups}
    assert set(regions) == {"midden-gelderland", "noord-holland"}
    assert sum(g.amounts.realised for g in regions.values()) == total.amounts.realised


def _benchmark_module() -> Any:
    import importlib.util

    path = pathlib.Path(__file__).resolve().parent.parent / "benchmarks" / "batch.py"
    spec = importlib.util.spec_from_file_location("sroi_benchmark_batch", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_report_frame_equals_the_reports_of_a_synthetic_portfolio() -> None:
    """Every block, several bonuses on one placement, rejected and pending items, exits."""
    portfolio = _benchmark_module().synthetic_portfolio(40, seed=3)
    several = [
        record
        for history in portfolio.contracts
        for record in sroi.lifecycle.state(history).items
        if isinstance(record.item, sroi.Placement) and len(record.item.bonuses) > 1
    ]
    assert several, "the portfolio should have placements with several bonuses"
    for day in (dt.date(2024, 12, 31), dt.date(2025, 12, 31), dt.date(2027, 6, 30)):
        frame = batch.report_frame(portfolio, day, day)
        for history in portfolio.contracts:
            report = sroi.report(history, at=day, as_of=day)
            row = frame.loc[report.contract.number]
            totals = report.totals
            assert [row["obligation"], row["realised"], row["pending"], row["forecast"]] == [
                _cents(report.obligation.amount),
                _cents(totals.realised),
                _cents(totals.pending),
                _cents(totals.forecast),
            ]
            moment = report.last_reached_moment
            assert row["moment_state"] == (None if moment is None else moment.state.value)
            if moment is not None:
                assert row["moment_realised"] == _cents(moment.realised)


def test_contracts_registered_after_the_as_of_date_have_no_row() -> None:
    portfolio = sroi.load_portfolio(EXAMPLES / "midden-gelderland.json")
    registered = {h.number: h.registration.recorded_on for h in portfolio.contracts}
    as_of = sorted(registered.values())[-1] - dt.timedelta(days=1)
    frame = batch.report_frame(portfolio, as_of, as_of)
    assert set(frame.index) == {n for n, day in registered.items() if day <= as_of}
    assert len(frame) < len(registered)


@pytest.mark.parametrize("name", ["midden-gelderland.json", "noord-holland.json"])
def test_report_frame_warns_about_the_same_rule_values_as_the_reports(name: str) -> None:
    portfolio = sroi.load_portfolio(EXAMPLES / name)
    day = DAYS[1]
    with pytest.warns(sroi.ProvisionalRuleWarning) as per_item:
        [sroi.report(history, at=day, as_of=day) for history in portfolio.contracts]
    with pytest.warns(sroi.ProvisionalRuleWarning) as in_batch:
        batch.report_frame(portfolio, day, day)
    messages = [str(w.message) for w in in_batch]
    assert set(messages) == {str(w.message) for w in per_item}
    # once per rule value, not once per contract
    assert len(messages) == len(set(messages))


def test_report_frame_restores_the_garbage_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    portfolio = sroi.load_portfolio(EXAMPLES / "noord-holland.json")
    assert gc.isenabled()
    batch.report_frame(portfolio, DAYS[0], DAYS[0])
    assert gc.isenabled()

    def broken(*args: Any) -> Any:
        assert not gc.isenabled()
        raise sroi.InvalidValueError("value_excl_vat", None, "a contract value")

    with monkeypatch.context() as patch:
        patch.setattr(batch._report, "_contract_summary", broken)
        with pytest.raises(sroi.InvalidValueError) as caught:
            batch.report_frame(portfolio, DAYS[0], DAYS[0])
    assert "in contract NH-" in str(caught.value.__notes__)
    assert gc.isenabled()
    gc.disable()
    try:
        batch.report_frame(portfolio, DAYS[0], DAYS[0])
        assert not gc.isenabled()
    finally:
        gc.enable()
