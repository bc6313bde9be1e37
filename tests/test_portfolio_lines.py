"""JSON Lines portfolios: round trips, problems named by line, lazy iteration, the CLI."""

from __future__ import annotations

import gc
import json
import pathlib
import shutil
import weakref
from collections.abc import Iterator
from importlib.resources import files
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from tests.test_portfolio import MG_RULES, example_portfolio, portfolios
from tests.test_schema import violations

import sroi
from sroi import cli
from sroi import lifecycle as lc
from sroi.portfolio import (
    LINES_FORMAT,
    dump_portfolio_lines,
    is_portfolio_lines,
    iter_portfolio_lines,
    load_portfolio_file,
    load_portfolio_lines,
    portfolio_lines_header,
    portfolio_lines_json_schema,
)

EXAMPLE = pathlib.Path(__file__).resolve().parents[1] / "examples" / "midden-gelderland.json"


def renumbered(history: lc.ContractHistory, number: str) -> lc.ContractHistory:
    registration = history.registration
    contract = attrs.evolve(registration.contract, number=number)
    return attrs.evolve(history, registration=attrs.evolve(registration, contract=contract))


def three_contracts() -> sroi.Portfolio:
    base = example_portfolio()
    history = base.contracts[0]
    return attrs.evolve(
        base, contracts=tuple(renumbered(history, f"2024-{n}") for n in ("A", "B", "C"))
    )


def written(tmp_path: pathlib.Path, portfolio: sroi.Portfolio) -> list[dict[str, Any]]:
    """Write ``portfolio`` as JSON Lines and return each line's data."""
    dump_portfolio_lines(portfolio, tmp_path / "p.jsonl")
    text = (tmp_path / "p.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def write_lines(path: pathlib.Path, lines: list[Any]) -> pathlib.Path:
    """Write each item as one line: data as compact JSON, a string as it is."""
    text = "".join(
        (item if isinstance(item, str) else json.dumps(item, separators=(",", ":"))) + "\n"
        for item in lines
    )
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: pathlib.Path) -> list[str]:
    with pytest.raises(sroi.ValidationError) as caught:
        load_portfolio_lines(path)
    assert caught.value.source == str(path)
    return [str(error) for error in caught.value.errors]


# --- round trips -------------------------------------------------------------------------------


def test_a_portfolio_is_written_as_a_header_line_and_one_line_per_contract(
    tmp_path: pathlib.Path,
) -> None:
    portfolio = three_contracts()
    assert dump_portfolio_lines(portfolio, tmp_path / "p.jsonl") == 3
    lines = (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert list(header) == ["format", "organisations"]
    assert header["format"] == LINES_FORMAT
    numbers = [json.loads(line)["registration"]["contract"]["number"] for line in lines[1:]]
    assert numbers == ["2024-A", "2024-B", "2024-C"]
    assert load_portfolio_lines(tmp_path / "p.jsonl") == portfolio
    assert list(iter_portfolio_lines(tmp_path / "p.jsonl")) == list(portfolio.contracts)
    assert portfolio_lines_header(tmp_path / "p.jsonl") == attrs.evolve(portfolio, contracts=())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.jsonl"]  # no temporary file left


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=30)
@given(portfolios())
def test_any_portfolio_survives_a_round_trip_through_json_lines(
    tmp_path: pathlib.Path, portfolio: sroi.Portfolio
) -> None:
    path = tmp_path / "any.jsonl"
    dump_portfolio_lines(portfolio, path)
    assert load_portfolio_lines(path) == portfolio
    # the same contracts as the JSON document holds, line for line
    document = json.loads(sroi.dump_portfolio(portfolio))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines[1:]] == document.get("contracts", [])


def test_contracts_can_be_streamed_from_one_file_into_another(tmp_path: pathlib.Path) -> None:
    source = tmp_path / "in.jsonl"
    dump_portfolio_lines(three_contracts(), source)
    header = portfolio_lines_header(source)
    count = dump_portfolio_lines(
        header, tmp_path / "out.jsonl", contracts=iter_portfolio_lines(source)
    )
    assert count == 3
    assert (tmp_path / "out.jsonl").read_bytes() == source.read_bytes()


def test_the_example_portfolio_converts_to_json_lines_and_back(tmp_path: pathlib.Path) -> None:
    portfolio = sroi.load_portfolio(EXAMPLE)
    dump_portfolio_lines(portfolio, tmp_path / "mg.jsonl")
    assert load_portfolio_lines(tmp_path / "mg.jsonl") == portfolio
    assert load_portfolio_file(tmp_path / "mg.jsonl") == portfolio
    assert load_portfolio_file(EXAMPLE) == portfolio


def test_a_number_written_twice_is_refused_and_nothing_is_replaced(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "p.jsonl"
    target.write_text("old\n", encoding="utf-8")
    portfolio = three_contracts()
    with pytest.raises(sroi.InvalidValueError) as caught:
        dump_portfolio_lines(portfolio, target, contracts=[portfolio.contracts[1]])
    assert caught.value.field == "contracts (line 5)"
    assert caught.value.value == "2024-B"
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.jsonl"]


# --- problems, named by line ------------------------------------------------------------------


def test_every_bad_line_is_reported_with_its_number_and_the_path_inside_it(
    tmp_path: pathlib.Path,
) -> None:
    header, *contracts = written(tmp_path, three_contracts())
    bad_hours = json.loads(json.dumps(contracts[0]))
    bad_hours["events"][3]["placement"]["hours_per_week"] = "-4"
    bad_date = json.loads(json.dumps(contracts[1]))
    bad_date["registration"]["contract"]["award_date"] = "2023-13-01"
    bad_date["events"][0]["typo"] = True
    bad_replay = json.loads(json.dumps(contracts[2]))
    bad_replay["events"][8]["item_id"] = "P7"
    again = [contracts[1]]  # a number that line 3 has too
    path = write_lines(
        tmp_path / "bad.jsonl",
        [header, bad_hours, contracts[1], "", bad_date, '{"registration": ', bad_replay, *again],
    )
    found = problems(path)
    assert [line.split(": ")[0] for line in found] == [
        "line 2, events[3].placement.hours_per_week",
        "line 5, registration.contract.award_date",
        "line 5, events[0].typo",
        "line 6, column 18",
        "line 7, events[8].item_id",
        "line 8, registration.contract.number",
    ]
    assert (
        found[0]
        == "line 2, events[3].placement.hours_per_week: -4, expected a Decimal >= 0 and <= 168"
    )
    assert found[-1].endswith("(line 3 has it too)")


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        (
            {"format": "sroi.portfolio/1"},
            "line 1, format: 'sroi.portfolio/1', expected 'sroi.portfolio-lines/1'",
        ),
        (
            {"format": "sroi.portfolio-lines/9"},
            "(written by a newer sroi? upgrade sroi to read it)",
        ),
        ([1, 2], "line 1: a list of 2 items, expected a JSON object"),
        (
            {"format": LINES_FORMAT, "contracts": []},
            "line 1, contracts: a list of 0 items, expected no contracts",
        ),
        (
            {"format": LINES_FORMAT, "organisations": [{"name": "X", "kvk": "1"}]},
            "line 1, organisations[0].kvk: '1'",
        ),
        (
            {"format": LINES_FORMAT, "rule_files": ["/abs.toml"]},
            "line 1, rule_files[0]: '/abs.toml'",
        ),
        ("\n" + json.dumps({"format": LINES_FORMAT}), "line 1: a blank line, expected the header"),
    ],
)
def test_a_bad_header_is_reported_at_line_one(
    tmp_path: pathlib.Path, first: Any, expected: str
) -> None:
    path = write_lines(tmp_path / "h.jsonl", [first])
    (line,) = problems(path)
    assert expected in line


def test_an_empty_file_names_the_missing_header(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    (line,) = problems(path)
    assert line.startswith("line 1: an empty file, expected a header line")


def test_rule_files_of_the_header_load_relative_to_the_file(tmp_path: pathlib.Path) -> None:
    (tmp_path / "rules").mkdir()
    shutil.copy(MG_RULES, tmp_path / "rules" / "mg.toml")
    header = {"format": LINES_FORMAT, "rule_files": ["rules/mg.toml", "rules/gone.toml"]}
    path = write_lines(tmp_path / "r.jsonl", [header])
    (line,) = problems(path)
    assert line.startswith("line 1, rule_files[1]:")
    write_lines(path, [{"format": LINES_FORMAT, "rule_files": ["rules/mg.toml"]}])
    assert load_portfolio_lines(path).rule_files == ("rules/mg.toml",)


# --- lazy, constant-memory iteration ----------------------------------------------------------


def test_iteration_yields_each_contract_before_reading_the_next_line(
    tmp_path: pathlib.Path,
) -> None:
    header, first, second, third = written(tmp_path, three_contracts())
    broken = json.loads(json.dumps(third))
    broken["registration"]["contract"]["title"] = 5
    path = write_lines(tmp_path / "late.jsonl", [header, first, second, broken])
    contracts = iter_portfolio_lines(path)
    assert next(contracts).number == "2024-A"  # the broken last line is not read yet
    assert next(contracts).number == "2024-B"
    with pytest.raises(sroi.ValidationError) as caught:
        next(contracts)
    assert [error.field for error in caught.value.errors] == ["line 4, registration.contract.title"]


def test_after_a_bad_line_nothing_more_is_yielded_but_every_problem_is_listed(
    tmp_path: pathlib.Path,
) -> None:
    header, first, second, third = written(tmp_path, three_contracts())
    path = write_lines(tmp_path / "mid.jsonl", [header, first, "[]", second, "{", third])
    yielded = []
    with pytest.raises(sroi.ValidationError) as caught:
        yielded.extend(history.number for history in iter_portfolio_lines(path))
    assert yielded == ["2024-A"]
    assert [error.field.split(",")[0] for error in caught.value.errors] == ["line 3", "line 5"]


def test_iteration_keeps_no_contract_it_has_yielded(tmp_path: pathlib.Path) -> None:
    portfolio = three_contracts()
    many = [renumbered(portfolio.contracts[0], f"N-{chr(97 + n)}") for n in range(12)]
    path = tmp_path / "many.jsonl"
    dump_portfolio_lines(attrs.evolve(portfolio, contracts=()), path, contracts=iter(many))
    del many
    alive: list[weakref.ref[lc.ContractHistory]] = []
    for history in iter_portfolio_lines(path):
        alive.append(weakref.ref(history))
        del history
        gc.collect()
        assert sum(ref() is not None for ref in alive) <= 1
    assert len(alive) == 12


def test_writing_consumes_the_contracts_one_at_a_time(tmp_path: pathlib.Path) -> None:
    taken: list[str] = []

    def contracts() -> Iterator[lc.ContractHistory]:
        for name in "abc":
            history = renumbered(example_portfolio().contracts[0], f"W-{name}")
            taken.append(history.number)
            yield history

    header = attrs.evolve(example_portfolio(), contracts=())
    assert dump_portfolio_lines(header, tmp_path / "w.jsonl", contracts=contracts()) == 3
    assert taken == ["W-a", "W-b", "W-c"]
    assert [h.number for h in iter_portfolio_lines(tmp_path / "w.jsonl")] == taken


# --- telling the forms apart, the schema, the command line ------------------------------------


def test_a_json_lines_file_is_known_by_its_suffix_or_its_header(tmp_path: pathlib.Path) -> None:
    dump_portfolio_lines(three_contracts(), tmp_path / "p.jsonl")
    shutil.copy(tmp_path / "p.jsonl", tmp_path / "p.txt")
    sroi.dump_portfolio(three_contracts(), tmp_path / "p.json")
    assert is_portfolio_lines(tmp_path / "p.jsonl")
    assert is_portfolio_lines(tmp_path / "p.txt")
    assert not is_portfolio_lines(tmp_path / "p.json")
    assert not is_portfolio_lines(tmp_path / "missing.json")
    assert load_portfolio_file(tmp_path / "p.txt") == load_portfolio_file(tmp_path / "p.json")


@pytest.mark.parametrize("kind", ["header", "contract"])
def test_the_shipped_line_schemas_are_the_generated_ones(kind: str) -> None:
    # Regenerate after a model change: see test_schema.py, with portfolio_lines_json_schema()
    shipped = json.loads(
        files("sroi").joinpath(f"schemas/portfolio-lines-{kind}.schema.json").read_text("utf-8")
    )
    assert portfolio_lines_json_schema()[kind] == shipped


def test_every_written_line_conforms_to_its_schema(tmp_path: pathlib.Path) -> None:
    schemas = portfolio_lines_json_schema()
    header, *contracts = written(tmp_path, sroi.load_portfolio(EXAMPLE))
    assert violations(header, schemas["header"], schemas["header"]) == []
    for line in contracts:
        assert violations(line, schemas["contract"], schemas["contract"]) == []
    assert violations({**header, "contracts": []}, schemas["header"], schemas["header"]) == [
        "$: unexpected contracts"
    ]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().out


def test_sroi_report_gives_the_same_report_for_both_forms(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    portfolio = sroi.load_portfolio(EXAMPLE)
    sroi.dump_portfolio(portfolio, tmp_path / "mg.json")
    dump_portfolio_lines(portfolio, tmp_path / "mg.jsonl")
    dates = ("--at", "2025-06-30", "--as-of", "2025-06-30")
    for form in ("text", "json", "csv"):
        json_code, from_json = run_cli(
            capsys, "report", str(tmp_path / "mg.json"), *dates, "--format", form
        )
        lines_code, from_lines = run_cli(
            capsys, "report", str(tmp_path / "mg.jsonl"), *dates, "--format", form
        )
        assert json_code == lines_code == 0
        assert from_lines.replace("mg.jsonl", "mg.json") == from_json
        assert "MG-2024-001" in from_lines


def test_sroi_validate_lists_the_bad_lines(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump_portfolio_lines(sroi.load_portfolio(EXAMPLE), tmp_path / "mg.jsonl")
    code, out = run_cli(capsys, "validate", str(tmp_path / "mg.jsonl"))
    assert (code, out) == (
        0,
        f"{tmp_path / 'mg.jsonl'}: valid (3 contracts, 18 items, 45 events, 6 organisations)\n",
    )
    header, *contracts = written(tmp_path, three_contracts())
    path = write_lines(tmp_path / "bad.jsonl", [header, contracts[0], "nope", contracts[0]])
    code, out = run_cli(capsys, "validate", str(path))
    assert code == 1
    assert out.splitlines() == [
        f"{path}: 2 problem(s):",
        "  - line 3, column 1: Expecting value, expected valid JSON",
        "  - line 4, registration.contract.number: '2024-A', expected a contract number used "
        "once in the portfolio (line 2 has it too)",
    ]


def test_an_absurdly_nested_line_is_a_problem_of_that_line(tmp_path: pathlib.Path) -> None:
    header = {"format": LINES_FORMAT}
    path = write_lines(tmp_path / "deep.jsonl", [header, "[" * 100_000 + "]" * 100_000])
    (line,) = problems(path)
    assert line.startswith("line 2: ")
    assert "nested at most 64 levels deep" in line
    assert not is_portfolio_lines(write_lines(tmp_path / "deep.json", ["[" * 100_000]))


def test_loaded_contracts_come_with_their_replayed_state(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading replays every event to check it; a report does not replay them a second time."""
    portfolio = sroi.load_portfolio(EXAMPLE)
    dump_portfolio_lines(portfolio, tmp_path / "mg.jsonl")
    from_lines = load_portfolio_lines(tmp_path / "mg.jsonl")
    streamed = list(iter_portfolio_lines(tmp_path / "mg.jsonl"))

    def no_replay(*args: object) -> None:
        raise AssertionError("replayed again")

    monkeypatch.setattr(lc.history, "_replay", no_replay)
    for histories in (portfolio.contracts, from_lines.contracts, streamed):
        states = [lc.state(history) for history in histories]
        assert [len(state.items) for state in states] == [11, 4, 3]
