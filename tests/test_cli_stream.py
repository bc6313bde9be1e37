"""``sroi report`` reports one contract at a time: a JSON Lines portfolio in constant memory."""

from __future__ import annotations

import gc
import io
import json
import pathlib
import weakref

import attrs
import pytest

import sroi
from sroi.cli import main
from sroi.cli import report as report_module
from sroi.cli.common import write_json
from sroi.consolidation import consolidate
from sroi.fulfilment import FulfilmentReport
from sroi.lifecycle import ContractHistory
from sroi.portfolio import dump_portfolio_lines
from sroi.rendering.data import consolidated_data

EXAMPLES = pathlib.Path(__file__).parents[1] / "examples"
DATES = ["--at", "2025-06-30", "--as-of", "2025-06-30"]


def _many(copies: int) -> sroi.Portfolio:
    """The Midden-Gelderland example with every contract repeated under new numbers."""
    base = sroi.load_portfolio(EXAMPLES / "midden-gelderland.json")
    histories = []
    for copy in range(copies):
        for history in base.contracts:
            registration = history.registration
            contract = attrs.evolve(registration.contract, number=f"{history.number}-{copy}")
            registration = attrs.evolve(registration, contract=contract)
            histories.append(attrs.evolve(history, registration=registration))
    return attrs.evolve(base, contracts=tuple(histories))


@pytest.mark.parametrize("name", ["midden-gelderland.json", "noord-holland.json"])
def test_the_streamed_json_is_byte_for_byte_the_one_document(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    portfolio = sroi.load_portfolio(EXAMPLES / name)
    assert main(["report", str(EXAMPLES / name), *DATES, "--format", "json"]) == 0
    streamed = capsys.readouterr().out
    at = as_of = sroi.Period.parse("2025-06-30..2025-06-30").first
    reports = [
        sroi.report(history, at=at, as_of=as_of, warn=False) for history in portfolio.contracts
    ]
    whole = io.StringIO()
    write_json(consolidated_data(consolidate(reports, by="region")), whole)  # the CLI's default
    assert streamed == whole.getvalue()
    assert len(json.loads(streamed)["contracts"]) == len(reports)


def test_a_json_lines_portfolio_is_reported_holding_one_contract_at_a_time(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "many.jsonl"
    dump_portfolio_lines(_many(4), path)
    seen: list[tuple[weakref.ref[ContractHistory], weakref.ref[FulfilmentReport]]] = []
    most_alive = 0
    original = report_module.contract_report

    def watched(history: ContractHistory, *args: object, **kwargs: object) -> FulfilmentReport:
        nonlocal most_alive
        gc.collect()
        most_alive = max(most_alive, sum(h() is not None or r() is not None for h, r in seen))
        made = original(history, *args, **kwargs)  # type: ignore[arg-type]
        seen.append((weakref.ref(history), weakref.ref(made)))
        return made

    monkeypatch.setattr(report_module, "contract_report", watched)
    for form in ("text", "json", "csv"):
        assert main(["report", str(path), *DATES, "--format", form]) == 0
        assert "MG-2024-001-3" in capsys.readouterr().out
    assert len(seen) == 3 * 2 * len(_many(4).contracts)  # a dry run, then the report
    assert most_alive <= 1  # only the contract just reported is still held


def test_a_bad_line_is_refused_before_anything_is_written(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.jsonl"
    dump_portfolio_lines(_many(1), path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert '"recorded_on":"' in lines[-1]
    lines[-1] = lines[-1].replace('"recorded_on":"', '"recorded_on":"not a date', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["report", str(path), *DATES]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"line {len(lines)}" in captured.err
