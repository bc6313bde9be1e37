"""The ``sroi`` command: through its entry point once, then in process through ``main(argv)``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import pathlib
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest

import sroi
from sroi.cli import main

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
MG = EXAMPLES / "midden-gelderland.json"
NH = EXAMPLES / "noord-holland.json"
AT = "2025-06-30"

pytestmark = pytest.mark.skipif(
    {info.code for info in sroi.regions()} < {"midden-gelderland", "noord-holland"},
    reason="the region plugins are not installed",
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _library_report(path: pathlib.Path, number: str, at: str, as_of: str) -> sroi.FulfilmentReport:
    history = sroi.load_portfolio(path).contract(number)
    day, known = dt.date.fromisoformat(at), dt.date.fromisoformat(as_of)
    return sroi.report(history, at=day, as_of=known, warn=False)


# --- the installed command ---------------------------------------------------------------------


def _command() -> str:
    """The console script installed with sroi: next to this Python, or else on the PATH."""
    beside = pathlib.Path(sys.executable).with_name("sroi")
    command = str(beside) if beside.exists() else shutil.which("sroi")
    assert command is not None, "the sroi console script is not installed"
    return command


def test_the_installed_command_prints_the_example_report_with_notes_not_warnings() -> None:
    done = subprocess.run(
        [_command(), "report", str(MG), "--at", AT],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Contract MG-2024-001" in done.stdout
    assert "Obligation:  € 137.500,00 (5% of € 2.750.000,00)" in done.stdout
    assert "All contracts on 2025-06-30" in done.stdout
    # the unverified rule values of the Oost model: a short note each, never a Python warning
    notes = [line for line in done.stderr.splitlines() if line.startswith("note: ")]
    assert any("bonuses.permanent-contract is unverified" in note for note in notes)
    assert len(notes) == len(set(notes))
    assert "ProvisionalRuleWarning" not in done.stderr
    assert "Traceback" not in done.stderr


def test_the_installed_command_exits_with_1_on_a_missing_file(tmp_path: pathlib.Path) -> None:
    done = subprocess.run(
        [_command(), "validate", str(tmp_path / "nothing.json")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert done.returncode == 1
    assert "expected a readable file" in done.stdout
    assert "Traceback" not in done.stderr


def test_python_dash_m_sroi_runs_the_same_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sroi", "regions", "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert [region["code"] for region in json.loads(done.stdout)] == [
        info.code for info in sroi.regions()
    ]
    usage = subprocess.run(
        [sys.executable, "-m", "sroi", "report"], capture_output=True, text=True, check=False
    )
    assert usage.returncode == 2


def test_the_installed_command_exits_with_2_on_a_usage_error() -> None:
    done = subprocess.run(
        [_command(), "report"], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 2
    assert "the following arguments are required: FILE" in done.stderr


# --- regions and rules -------------------------------------------------------------------------


def test_regions_lists_both_regions_with_their_versions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "regions")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["Region", "Name", "Aliases"]
    assert any(line.startswith("midden-gelderland") and "V05" in line for line in lines)
    assert any(line.startswith("noord-holland") and "provisional" in line for line in lines)


def test_regions_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "regions", "--format", "json")
    assert code == 0
    codes = [region["code"] for region in json.loads(out)]
    # exactly the installed regions (the nox session also installs the tutorial's example plugin)
    assert codes == [info.code for info in sroi.regions()]
    assert {"midden-gelderland", "noord-holland"} <= set(codes)


def test_rules_of_a_region_by_alias_on_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "mg", "--on", "2024-06-01")
    assert code == 0
    assert out.startswith("midden-gelderland: V05 (april 2023)")
    row = next(line for line in out.splitlines() if line.startswith("participatiewet-lt2 "))
    assert "€ 30.000,00 per year full time" in row
    assert "24 months" in row
    assert "verified" in row
    assert "pso-1 " in out


def test_rules_as_json_hold_plain_decimals(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "noord-holland", "--on", "2024-06-01", "--format", "json")
    assert code == 0
    data = json.loads(out)
    wajong = next(block for block in data["blocks"] if block["code"] == "wajong")
    assert wajong["value"] == "35000"
    assert wajong["status"] == "provisional"


def test_rules_before_the_first_version_name_the_versions_that_exist(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "rules", "midden-gelderland", "--on", "2019-01-01")
    assert code == 1
    assert out == ""
    assert "no rule set in force on 2019-01-01" in err
    assert "2023-04-01" in err


def test_an_unknown_region_is_invalid_input_with_a_suggestion(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "rules", "noord-holand")
    assert code == 1
    assert err.startswith("sroi: error: unknown region 'noord-holand'")
    assert "did you mean 'noord-holland'?" in err


# --- report --------------------------------------------------------------------------------------


def test_the_text_report_matches_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report", str(NH), "--at", AT, "--as-of", AT)
    assert code == 0
    expected = _library_report(NH, "NH-2024-0031", AT, AT)
    assert f"Contract {expected.contract.number}" in out
    assert sroi.formatting.format_euro(expected.totals.realised) in out
    assert "Report date: 2025-06-30, as known on 2025-06-30" in out
    assert "Missing evidence: P5 (signed agreement)." in out
    assert out.index("Contract NH-2024-0031") < out.index("Contract NH-2024-0047")


def test_the_json_report_holds_every_contract_and_adds_up(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "report", str(MG), "--at", AT, "--as-of", AT, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [contract["number"] for contract in data["contracts"]] == [
        "MG-2024-001",
        "MG-2024-014",
        "MG-2024-022",
    ]
    realised = sum(Decimal(contract["totals"]["realised"]) for contract in data["contracts"])
    assert Decimal(data["total"]["realised"]) == realised
    first = _library_report(MG, "MG-2024-001", AT, AT)
    assert data["contracts"][0]["totals"]["realised"] == str(first.totals.realised)
    assert data["contracts"][0]["obligation"]["amount"] == "137500.00"
    amounts = [item[key] for c in data["contracts"] for item in c["items"] for key in ("pending",)]
    assert amounts
    assert all(re.fullmatch(r"\d+\.\d\d", amount) for amount in amounts)


def test_the_csv_report_has_one_row_per_contract_with_plain_decimals(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "report", str(MG), "--at", AT, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["contract"] for row in rows] == ["MG-2024-001", "MG-2024-014", "MG-2024-022"]
    school = rows[1]
    # 5% of 4.8 million with the contractor's PSO level-1 discount of 10%
    assert school["obligation"] == "216000.00"
    assert school["last_moment_status"] == "behind"
    assert "," not in school["realised"]


def test_a_report_as_known_earlier_ignores_what_was_recorded_later(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # P3's early exit on 2025-03-31 was only recorded on 2025-04-14
    before = ("report", str(MG), "--at", "2025-03-31", "--as-of", "2025-04-01", "--format", "json")
    after = ("report", str(MG), "--at", "2025-03-31", "--as-of", AT, "--format", "json")
    _, early, _ = run(capsys, *before)
    _, late, _ = run(capsys, *after)
    item = {i["item_id"]: i for i in json.loads(early)["contracts"][0]["items"]}["P3"]
    later = {i["item_id"]: i for i in json.loads(late)["contracts"][0]["items"]}["P3"]
    assert item["realised"] == later["realised"]
    assert Decimal(item["forecast"]) > Decimal(later["forecast"])


def test_a_contract_registered_after_the_as_of_date_is_left_out_with_a_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "report", str(MG), "--at", "2024-06-15", "--as-of", "2024-06-15")
    assert code == 0
    assert "Contract MG-2024-001" in out
    assert "Contract MG-2024-014" not in out
    assert "note: contract MG-2024-014 was registered on 2024-07-01" in err


def test_a_contract_in_an_unknown_region_is_named_in_the_error(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(NH.read_text(encoding="utf-8"))
    data["contracts"][1]["registration"]["contract"]["region"] = "zeeland"
    path = tmp_path / "zeeland.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "report", str(path), "--at", AT)
    assert code == 1
    assert out == ""
    assert "unknown region 'zeeland'" in err
    assert "in contract NH-2024-0047" in err


# --- explain -------------------------------------------------------------------------------------


def test_explain_an_item_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", str(MG), "MG-2024-001", "P1", "--at", AT, "--lang", "en")
    assert code == 0
    expected = _library_report(MG, "MG-2024-001", AT, dt.date.today().isoformat())
    explanation = expected.explain("realised", item_id="P1")
    assert out.strip() == explanation.to_text("en")
    assert "Bonus: permanent-contract" in out


def test_explain_without_an_item_explains_the_obligation_and_realised(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "explain", str(MG), "MG-2024-014", "--at", AT, "--format", "json")
    assert code == 0
    obligation, realised = json.loads(out)
    assert obligation["formula"] == "obligation"
    assert obligation["amount"] == "216000.00"
    assert realised["formula"] == "sum"


def test_explain_a_pending_item_explains_its_pending_value(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "explain", str(MG), "MG-2024-014", "R1", "--at", AT, "--lang", "nl")
    assert code == 0
    assert out.startswith("In behandeling t/m 2025-06-30: R1: € 1.200,00")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("MG-2024-001", "P4"), "P4 is rejected, so it counts nowhere"),
        (("MG-2024-001", "P5"), "P5 is withdrawn"),
        (("MG-2024-001", "P99"), "one of the report's items: P1, P2"),
        (("MG-2099-999",), "one of the contract numbers: 'MG-2024-001'"),
        (("MG-2024-001", "P1", "--what", "obligation"), "leave out ITEM"),
    ],
)
def test_explain_what_cannot_be_explained_is_invalid_input(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "explain", str(MG), *argv, "--at", AT)
    assert code == 1
    assert out == ""
    assert message in err


# --- validate ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [MG, NH])
def test_the_examples_are_valid(capsys: pytest.CaptureFixture[str], path: pathlib.Path) -> None:
    code, out, err = run(capsys, "validate", str(path))
    assert code == 0
    assert out.startswith(f"{path}: valid (")
    assert "note:" not in err


def _broken(tmp_path: pathlib.Path) -> pathlib.Path:
    data = json.loads(MG.read_text(encoding="utf-8"))
    data["organisations"][1]["kvk"] = "123"
    contract = data["contracts"][0]["registration"]["contract"]
    contract["value_excl_vat"] = 2400000.5
    contract["colour"] = "green"
    del data["contracts"][1]["registration"]["contract"]["title"]
    data["contracts"][2]["events"][0]["placement"]["period"]["first"] = "2023-02-29"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_validate_lists_every_problem_with_its_path(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _broken(tmp_path)
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{path}: 5 problem(s):"
    problems = "\n".join(lines[1:])
    assert "organisations[1].kvk: '123', expected an 8-digit KvK number" in problems
    assert "contracts[0].registration.contract.value_excl_vat: 2400000.5" in problems
    assert "contracts[0].registration.contract.colour" in problems
    assert "contracts[1].registration.contract.title" in problems
    assert "contracts[2].events[0].placement.period.first: '2023-02-29'" in problems


def test_validate_reports_a_contract_whose_rules_cannot_be_found(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(NH.read_text(encoding="utf-8"))
    data["contracts"][0]["registration"]["contract"]["award_date"] = "2015-06-01"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert "contracts[0] (NH-2024-0031): region 'noord-holland' has no rule set" in out


# --- malformed input: a clear message and exit code 1, never a traceback ------------------------


def _document(**contract: Any) -> dict[str, Any]:
    body = {
        "number": "X-1",
        "title": "Test",
        "term": {"first": "2024-01-01", "last": "2024-12-31"},
        "contractor": {"name": "Bouw B.V."},
        "region": "midden-gelderland",
    }
    body.update(contract)
    registration = {"recorded_on": "2023-12-01", "role": "buyer", "contract": body}
    return {"format": "sroi.portfolio/1", "contracts": [{"registration": registration}]}


def _nested(depth: int) -> str:
    return '{"format": "sroi.portfolio/1", "organisations": ' + "[" * depth + "]" * depth + "}"


MALFORMED: dict[str, tuple[str | bytes, str]] = {
    "not JSON": ("{'format': 1}", "JSON"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00", "(document)"),
    "empty": ("", "expected valid JSON"),
    "a list": ("[]", 'a JSON object with "format"'),
    "no format": ('{"contracts": []}', "format"),
    "a newer format": ('{"format": "sroi.portfolio/9"}', "upgrade sroi"),
    "wrong type": (json.dumps(_document(title=42)), "title"),
    "missing field": (
        json.dumps({"format": "sroi.portfolio/1", "contracts": [{"registration": {}}]}),
        "contracts[0].registration.recorded_on",
    ),
    "unknown key": (json.dumps(_document(colour="green")), "colour"),
    "huge number": (json.dumps(_document(value_excl_vat="9" * 40)), "value_excl_vat"),
    "huge integer": (
        '{"format": "sroi.portfolio/1", "organisations": [{"name": "A", "kvk": '
        + "9" * 5000
        + "}]}",
        "numbers of sensible size",
    ),
    "deep nesting": (_nested(100_000), "(document)"),
    "invalid date": (json.dumps(_document(award_date="2024-02-30")), "award_date"),
    "a date with a time": (json.dumps(_document(award_date="2024-02-01T10:00")), "award_date"),
    "float for money": (
        '{"format": "sroi.portfolio/1", "contracts": [{"registration": {"recorded_on": '
        '"2023-12-01", "role": "buyer", "contract": {"number": "X", "title": "T", "term": '
        '{"first": "2024-01-01", "last": "2024-12-31"}, "contractor": {"name": "B"}, '
        '"value_excl_vat": 1000000.10}}}]}',
        "value_excl_vat: 1000000.1",
    ),
    "NaN for money": (json.dumps(_document(value_excl_vat="NaN")), "value_excl_vat"),
    "period backwards": (
        json.dumps(_document(term={"first": "2024-12-31", "last": "2024-01-01"})),
        "term",
    ),
    "a full name": (
        json.dumps(
            {
                "format": "sroi.portfolio/1",
                "contracts": [
                    {
                        "registration": {
                            "recorded_on": "2023-12-01",
                            "role": "buyer",
                            "contract": _document()["contracts"][0]["registration"]["contract"],
                            "contacts": [{"role": "buyer", "initials": "Jan Jansen"}],
                        }
                    }
                ],
            }
        ),
        "initials",
    ),
}


@pytest.mark.parametrize("command", ["validate", "report", "explain", "plot"])
@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_input_gives_a_clear_error_and_exit_code_1(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], command: str, case: str
) -> None:
    content, where = MALFORMED[case]
    path = tmp_path / "portfolio.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    argv = {
        "validate": ["validate", str(path)],
        "report": ["report", str(path), "--at", AT],
        "explain": ["explain", str(path), "X-1"],
        "plot": ["plot", str(path), "X-1", "-o", str(tmp_path / "out.png")],
    }[command]
    code, out, err = run(capsys, *argv)
    assert code == 1
    shown = out if command == "validate" else err
    assert f"{path}" in shown
    assert "problem(s):" in shown
    assert where in shown
    assert not (tmp_path / "out.png").exists()


def test_a_directory_instead_of_a_file_is_invalid_input(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "report", str(tmp_path))
    assert code == 1
    assert "expected a readable file" in err


# --- usage errors: exit code 2 -------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["report"],
        ["report", str(MG), "--at", "30-06-2025"],
        ["report", str(MG), "--at", "2025-02-30"],
        ["report", str(MG), "--format", "xml"],
        ["rules", "mg", "--on", "2025-6-1"],
        ["plot", str(MG), "MG-2024-001"],
        ["explain", str(MG), "MG-2024-001", "--lang", "de"],
    ],
)
def test_usage_errors_exit_with_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert "usage: sroi" in err


def test_help_and_version_exit_with_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "report" in out
    assert "Exit codes: 0 ok, 1 invalid input, 2 usage error." in out
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"sroi {sroi.__version__}"


# --- plot ----------------------------------------------------------------------------------------


def test_plot_writes_a_png_chart(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    output = tmp_path / "progress.png"
    code, out, _ = run(capsys, "plot", str(MG), "MG-2024-001", "--at", AT, "-o", str(output))
    assert code == 0
    assert out.strip() == f"wrote {output}"
    content = output.read_bytes()
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(content) > 20_000


def test_plot_into_a_missing_folder_is_invalid_input(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    output = tmp_path / "no" / "such" / "folder" / "progress.png"
    code, _, err = run(capsys, "plot", str(MG), "MG-2024-001", "--at", AT, "-o", str(output))
    assert code == 1
    assert "No such file or directory" in err


def test_plot_without_matplotlib_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.dates", None)
    output = tmp_path / "progress.png"
    code, _, err = run(capsys, "plot", str(MG), "MG-2024-001", "--at", AT, "-o", str(output))
    assert code == 1
    assert 'pip install ".[notebook]"' in err
    assert not output.exists()
