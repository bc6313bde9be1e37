"""The ``sroi`` command's help, chart formats, per-item CSV, as-of note, rule statuses and notes.

The rest of the command line is tested in test_cli.py; these tests cover its options and output.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import pathlib
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest

import sroi
from sroi import registry
from sroi.cli import build_parser, main

ROOT = pathlib.Path(__file__).resolve().parent.parent
MG = ROOT / "examples" / "midden-gelderland.json"
AT = "2025-06-30"

pytestmark = pytest.mark.skipif(
    "midden-gelderland" not in {info.code for info in sroi.regions()},
    reason="the midden-gelderland plugin is not installed",
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def fresh_registry() -> Iterator[None]:
    """A default registry built anew: its rule sets have not warned about anything yet."""
    previous = registry.reset()
    yield
    registry.reset(previous)


# --- help ----------------------------------------------------------------------------------------


def _parsers(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield parser.prog, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def test_every_subcommand_has_help() -> None:
    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    helped = {choice.dest: choice.help for choice in commands._choices_actions}
    assert (
        set(helped)
        == set(commands.choices)
        == {
            "regions",
            "rules",
            "report",
            "explain",
            "validate",
            "plan",
            "plot",
        }
    )
    assert all(text and len(text) > 15 for text in helped.values()), helped


def test_every_option_and_argument_of_every_subcommand_has_help() -> None:
    missing = [
        f"{prog}: {'/'.join(action.option_strings) or action.dest}"
        for prog, parser in _parsers(build_parser())
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction)
        and (not action.help or action.help == argparse.SUPPRESS)
    ]
    assert not missing, f"give these a help text: {missing}"


@pytest.mark.parametrize("command", ["regions", "rules", "report", "explain", "validate", "plot"])
def test_each_subcommands_help_describes_its_format_choices(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert f"usage: sroi {command}" in out
    if "--format" in out:
        assert "default: text" in out


# --- plot ----------------------------------------------------------------------------------------


def test_plot_writes_svg_when_the_file_ends_in_svg(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    output = tmp_path / "progress.SVG"
    code, out, _ = run(
        capsys, "plot", str(MG), "MG-2024-001", "--at", AT, "--as-of", AT, "-o", str(output)
    )
    assert code == 0
    assert out.strip() == f"wrote {output}"
    text = output.read_text(encoding="utf-8")
    assert "<svg" in text[:1000]
    assert text.rstrip().endswith("</svg>")


@pytest.mark.parametrize("name", ["progress.jpg", "progress", "progress.png.txt"])
def test_plot_refuses_a_file_whose_suffix_is_no_chart_format(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    output = tmp_path / name
    code, _, err = run(capsys, "plot", str(MG), "MG-2024-001", "--at", AT, "-o", str(output))
    assert code == 2
    assert "-o/--output" in err
    assert ".png or .svg" in err
    assert not output.exists()


# --- report --format csv --rows item -----------------------------------------------------------


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_report_per_item_adds_up_to_the_rows_per_contract(
    capsys: pytest.CaptureFixture[str],
) -> None:
    dates = ("--at", AT, "--as-of", AT)
    code, out, _ = run(capsys, "report", str(MG), *dates, "--format", "csv")
    assert code == 0
    contracts = {row["contract"]: row for row in _csv(out)}
    code, out, _ = run(capsys, "report", str(MG), *dates, "--format", "csv", "--rows", "item")
    assert code == 0
    items = _csv(out)
    portfolio = sroi.load_portfolio(MG)
    expected = {
        (history.number, record.item_id)
        for history in portfolio.contracts
        for record in sroi.lifecycle.state(history, as_of=dt.date.fromisoformat(AT)).items
    }
    assert {(row["contract"], row["item"]) for row in items} == expected
    assert len(items) == len(expected)
    for number, row in contracts.items():
        mine = [item for item in items if item["contract"] == number]
        for amount in ("realised", "pending", "forecast"):
            assert sum(Decimal(item[amount]) for item in mine) == Decimal(row[amount])
    for item in items:
        assert item["at"] == item["as_of"] == AT
        if item["standing"] == "not_counted":
            assert item["rule_status"] == ""
            assert Decimal(item["forecast"]) == 0
        else:
            assert item["rule_status"] in {status.value for status in sroi.Status}


def test_rows_item_without_csv_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "report", str(MG), "--at", AT, "--rows", "item")
    assert code == 2
    assert out == ""
    assert "usage: sroi report" in err
    assert "sroi report: error: --rows item needs --format csv" in err


# --- the knowledge date ------------------------------------------------------------------------

_AS_OF_NOTE = re.compile(r"^note: no --as-of given: using everything recorded through today, (.+)$")


@pytest.mark.parametrize(
    "argv",
    [
        ["report", str(MG), "--at", AT],
        ["report", str(MG), "--at", AT, "--format", "json"],
        ["report", str(MG), "--at", AT, "--format", "csv", "--rows", "item"],
        ["explain", str(MG), "MG-2024-014", "--at", AT],
    ],
)
def test_without_as_of_a_report_says_so_exactly_once(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    today = dt.date.today()
    code, out, err = run(capsys, *argv)
    assert code == 0
    notes = [m for line in err.splitlines() if (m := _AS_OF_NOTE.match(line))]
    assert len(notes) == 1, err
    assert notes[0].group(1) in {today.isoformat(), dt.date.today().isoformat()}
    assert "--as-of" not in out  # standard output holds only the report


def test_with_as_of_there_is_no_such_note(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "report", str(MG), "--at", AT, "--as-of", AT)
    assert code == 0
    assert "no --as-of" not in err


# --- sroi rules: every status ------------------------------------------------------------------


def test_rules_show_the_status_of_the_measurement_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rules = sroi.rules("midden-gelderland", dt.date(2025, 1, 1))
    status = rules.measurement_provenance.status.value
    code, out, _ = run(capsys, "rules", "midden-gelderland", "--on", "2025-01-01")
    assert code == 0
    (line,) = [line for line in out.splitlines() if line.startswith("Measurements at:")]
    assert line.endswith(f"of the term ({status}, default when a contract sets none)")
    code, out, _ = run(
        capsys, "rules", "midden-gelderland", "--on", "2025-01-01", "--format", "json"
    )
    data = json.loads(out)
    assert data["measurement"] == {
        "status": status,
        "source": rules.measurement_provenance.source,
    }
    for block in data["blocks"]:
        rule = rules.block(block["code"])
        expected = None if rule.max_months is None else rule.max_months_provenance.status.value
        assert block["max_months_status"] == expected


def test_rules_json_carries_a_status_for_every_provenance_of_the_rule_set(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rules = sroi.rules("midden-gelderland", dt.date(2025, 1, 1))
    code, out, _ = run(
        capsys, "rules", "midden-gelderland", "--on", "2025-01-01", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    shown: dict[str, str] = {
        "full_time_hours": data["full_time_hours"]["status"],
        "measurement_fractions": data["measurement"]["status"],
    }
    for key in ("sr_percentage", "minimum_hours"):
        if data[key] is not None:
            shown[key] = data[key]["status"]
    if data["settlement"] is not None:
        shown["settlement"] = data["settlement"]["status"]
    for kind in ("blocks", "bonuses", "adjustments"):
        for entry in data[kind]:
            shown[f"{kind}.{entry['code']}"] = entry["status"]
            if entry.get("max_months_status") is not None:
                shown[f"{kind}.{entry['code']}.max_months"] = entry["max_months_status"]
    assert shown == {key: provenance.status.value for key, provenance in rules.provenances()}


# --- sroi explain of one item: that item's notes only ------------------------------------------


def _note_keys(err: str) -> set[str]:
    return set(re.findall(r"^note: midden-gelderland [^:]+: (\S+) is ", err, flags=re.MULTILINE))


@pytest.mark.parametrize("what", [None, "forecast"])
def test_explain_of_one_item_notes_only_the_values_that_item_uses(
    capsys: pytest.CaptureFixture[str], fresh_registry: None, what: str | None
) -> None:
    extra = [] if what is None else ["--what", what]
    dates = ("--at", AT, "--as-of", AT)
    code, _, err = run(capsys, "explain", str(MG), "MG-2024-014", *dates)
    contract_keys = _note_keys(err)
    registry.reset()  # the rule sets warn once each: start again for the item
    code, _, err = run(capsys, "explain", str(MG), "MG-2024-014", "P1", *dates, *extra)
    assert code == 0
    item_keys = _note_keys(err)

    report = sroi.report(
        sroi.load_portfolio(MG).contract("MG-2024-014"),
        at=dt.date.fromisoformat(AT),
        as_of=dt.date.fromisoformat(AT),
        warn=False,
    )
    line = report.line("P1")
    valuation = line.forecast if what == "forecast" else (line.realised or line.pending)
    assert valuation is not None
    used = {f"blocks.{valuation.block}"}
    if valuation.full_time_hours is not None:  # a sized value: hours / full-time hours
        used.add("full_time_hours")
    used |= {f"bonuses.{part.code}" for part in valuation.bonuses}
    if valuation.cap_provenance is not None:
        used.add(f"blocks.{valuation.block}.max_months")
    provenances = dict(report.rules.provenances())
    expected = {key for key in used if not provenances[key].verified}
    assert expected, "the example item uses a value that is not verified"
    assert item_keys == expected
    # the contract as a whole has more notes: the other items' and the obligation's
    assert item_keys < contract_keys
    assert any(key.startswith("adjustments.") for key in contract_keys)


def test_rules_text_shows_the_settlement_rule_and_its_status(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "rules", "midden-gelderland", "--on", "2025-01-01")
    assert code == 0
    (line,) = [line for line in out.splitlines() if line.startswith("Settlement:")]
    assert line.startswith("Settlement:       none (assumed: ")
