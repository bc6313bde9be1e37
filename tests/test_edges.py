"""Issue 10, part 1: inputs that used to escape as Python exceptions now raise SroiError.

One test per known escape; each names the field (or file and key) that was refused.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import pathlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sroi
from sroi import _decimal, serde
from sroi import _validators as v
from sroi import lifecycle as lc
from sroi.cli import main
from sroi.csvimport import parse_number

EXAMPLES = pathlib.Path(__file__).parents[1] / "examples"
MG_RULES = pathlib.Path(__file__).parents[1] / (
    "plugins/sroi-midden-gelderland/src/sroi_midden_gelderland/rules/2023-04-01.toml"
)
CSV_HEADER = "Initialen;Doelgroep;Geboortedatum;Soort;Bouwblok;Startdatum;Einddatum;Uren per week"


def _example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "midden-gelderland.json").read_text("utf-8"))
    return data


def _placement_path(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The first proposed placement of the example, and its path in the document."""
    for c, contract in enumerate(data["contracts"]):
        for e, event in enumerate(contract["events"]):
            if event["type"] == "propose-placement":
                return event["placement"], f"contracts[{c}].events[{e}].placement"
    raise AssertionError("the example has no placement")  # pragma: no cover


def _fields(error: sroi.ValidationError) -> list[str]:
    return [problem.field for problem in error.errors]


# --- the supported date range ------------------------------------------------------------


def test_the_supported_range_is_1900_to_2199() -> None:
    assert dt.date(1900, 1, 1) == v.MIN_DATE
    assert dt.date(2199, 12, 31) == v.MAX_DATE
    assert v.check_date_range("x", v.MIN_DATE) == v.MIN_DATE
    assert v.check_date_range("x", v.MAX_DATE) == v.MAX_DATE
    for outside in (dt.date(1899, 12, 31), dt.date(2200, 1, 1), dt.date(9999, 12, 31)):
        with pytest.raises(sroi.InvalidValueError) as caught:
            v.check_date_range("period.last", outside)
        assert caught.value.field == "period.last"
        assert "1900-01-01" in str(caught.value)


def test_a_placement_near_the_year_9999_in_a_portfolio_is_refused_at_its_field() -> None:
    data = _example()
    placement, where = _placement_path(data)
    placement["period"] = {"first": "9999-01-01", "last": "9999-12-31"}
    with pytest.raises(sroi.ValidationError) as caught:
        sroi.load_portfolio(json.dumps(data))
    assert f"{where}.period.first" in _fields(caught.value)
    assert f"{where}.period.last" in _fields(caught.value)


def test_a_date_outside_the_range_in_a_csv_file_names_its_cell() -> None:
    text = f"{CSV_HEADER}\nJ.P.;participatiewet;01-05-1890;baan;pw-lt2;01-01-2024;31-12-9999;32\n"
    with pytest.raises(sroi.ValidationError) as caught:
        sroi.read_placements_csv(io.StringIO(text))
    fields = _fields(caught.value)
    assert "row 2, column Geboortedatum" in fields
    assert "row 2, column Einddatum" in fields


def test_a_rule_file_valid_from_outside_the_range_names_the_key(tmp_path: pathlib.Path) -> None:
    text = MG_RULES.read_text("utf-8").replace("valid_from = 2023-04-01", "valid_from = 9999-12-01")
    path = tmp_path / "far.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(sroi.RuleFileError) as caught:
        sroi.load_rule_file(path)
    assert [p.key for p in caught.value.problems] == ["valid_from"]


@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31", "２０２４-０１-０１"])
def test_a_cli_date_outside_the_range_is_a_usage_error(
    day: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules", "midden-gelderland", "--on", day]) == 2
    assert day in capsys.readouterr().err


# --- the one decimal grammar -------------------------------------------------------------


BAD_DECIMALS = ["1E+58", "1e3", "1_000", "１２３", "٣", "+5", ".5", "5.", " 5", "NaN", "Infinity"]


@pytest.mark.parametrize("text", BAD_DECIMALS)
def test_a_decimal_outside_the_grammar_is_refused_everywhere(
    text: str, tmp_path: pathlib.Path
) -> None:
    with pytest.raises(sroi.InvalidValueError):
        _decimal.parse_decimal(text, field="x")
    with pytest.raises(sroi.InvalidValueError):
        serde.parse_decimal(text)
    # a rule file
    rules = MG_RULES.read_text("utf-8").replace('value = "30000"', f'value = "{text}"', 1)
    path = tmp_path / "rules.toml"
    path.write_text(rules, "utf-8")
    with pytest.raises(sroi.RuleFileError) as caught:
        sroi.load_rule_file(path)
    assert [p.key for p in caught.value.problems] == ["value"]
    # a portfolio
    data = _example()
    placement, where = _placement_path(data)
    placement["hours_per_week"] = text
    with pytest.raises(sroi.ValidationError) as refused:
        sroi.load_portfolio(json.dumps(data))
    assert _fields(refused.value) == [f"{where}.hours_per_week"]
    # a CSV cell (where spaces around a number are allowed)
    with pytest.raises(sroi.InvalidValueError):
        parse_number(text + "x" if text != text.strip() else text)


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (_decimal.ANY, "1" * 16),
        (_decimal.ANY, "0." + "1" * 16),
        (_decimal.RULE_VALUE, "-1"),
        (_decimal.RULE_VALUE, "1" * 13),
        (_decimal.FRACTION, "10"),
        (_decimal.CSV_NUMBER, "1" * 13),
    ],
)
def test_each_kind_of_value_has_a_sane_range(kind: _decimal.DecimalKind, text: str) -> None:
    with pytest.raises(sroi.InvalidValueError) as caught:
        _decimal.parse_decimal(text, kind, field="value")
    assert caught.value.field == "value"


def test_the_dutch_comma_is_read_only_with_the_flag() -> None:
    assert _decimal.parse_decimal("1.234,56", _decimal.CSV_NUMBER, dutch=True) == Decimal("1234.56")
    with pytest.raises(sroi.InvalidValueError, match="decimal separator"):
        _decimal.parse_decimal("1234,56")


@given(st.decimals(-(10**10), 10**10, allow_nan=False, allow_infinity=False, places=4))
def test_every_decimal_written_reads_back(value: Decimal) -> None:
    assert _decimal.parse_decimal(format(value, "f")) == value


# --- deep nesting, paths and surrogates ----------------------------------------------------


def test_a_deeply_nested_rule_file_is_a_rule_file_error(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
    with pytest.raises(sroi.RuleFileError) as caught:
        sroi.load_rule_file(path)
    assert "nested too deeply" in str(caught.value)


@pytest.mark.parametrize("path", ["a\0b.json", f"bad{chr(0xD800)}.json", f"bad{chr(0xDCFF)}.json"])
def test_a_path_with_nul_or_a_lone_surrogate_is_refused(path: str) -> None:
    with pytest.raises(sroi.InvalidValueError) as caught:
        sroi.load_portfolio(path)
    assert caught.value.field == "source"
    with pytest.raises(sroi.InvalidValueError):
        sroi.read_placements_csv(path)
    with pytest.raises(sroi.InvalidValueError):
        sroi.load_rule_file(path.replace(".json", ".toml"))
    with pytest.raises(sroi.InvalidValueError):
        sroi.load_rule_files(path)
    with pytest.raises(sroi.InvalidValueError):
        sroi.dump_portfolio(sroi.Portfolio(), path)


def test_a_lone_surrogate_in_a_document_is_refused_when_loading() -> None:
    data = _example()
    data["contracts"][0]["registration"]["contract"]["title"] = "Onderhoud \ud83d"
    with pytest.raises(sroi.ValidationError) as caught:
        sroi.load_portfolio(json.dumps(data))  # JSON's \\ud83d escape: a lone surrogate
    assert _fields(caught.value) == ["contracts[0].registration.contract.title"]


def test_a_lone_surrogate_in_a_text_is_refused_when_saving() -> None:
    portfolio = sroi.load_portfolio(EXAMPLES / "midden-gelderland.json")
    organisations = (sroi.Organisation("Bouw \udc80 BV"), *portfolio.organisations)
    broken = sroi.Portfolio(organisations, portfolio.contracts)
    with pytest.raises(sroi.ValidationError) as caught:
        sroi.dump_portfolio(broken)
    assert _fields(caught.value) == ["organisations[0].name"]


# --- events, rule-file paths and argument types -------------------------------------------


@pytest.mark.parametrize(
    "event",
    [
        lc.ContractChange(recorded_on=dt.date(2024, 6, 1), role=lc.Role.BUYER),
        lc.Proposal(recorded_on=dt.date(2024, 6, 1), role=lc.Role.CONTRACTOR),
        lc.ItemChange(recorded_on=dt.date(2024, 6, 1), role=lc.Role.CONTRACTOR, item_id="P1"),
        lc.ItemEvent(recorded_on=dt.date(2024, 6, 1), role=lc.Role.CONTRACTOR, item_id="P1"),
        lc.Event(recorded_on=dt.date(2024, 6, 1), role=lc.Role.BUYER),
    ],
    ids=lambda event: type(event).__name__,
)
def test_an_abstract_event_reaching_apply_is_an_invalid_value(event: lc.Event) -> None:
    history = sroi.load_portfolio(EXAMPLES / "midden-gelderland.json").contracts[0]
    with pytest.raises(sroi.InvalidValueError) as caught:
        lc.apply(history, event)
    assert caught.value.field == "event"
    assert type(event).__name__ in str(caught.value)


@pytest.mark.parametrize(
    "path", ["../rules.toml", "rules/../../x.toml", "a/../b.toml", "C:rules.toml", "r\0.toml"]
)
def test_a_rule_file_path_leaving_the_portfolio_folder_is_refused(path: str) -> None:
    with pytest.raises(sroi.InvalidValueError) as caught:
        sroi.Portfolio(rule_files=(path,))
    assert caught.value.field == "rule_files[0]"
    text = json.dumps({"format": "sroi.portfolio/1", "rule_files": [path]})
    with pytest.raises(sroi.ValidationError) as refused:
        sroi.load_portfolio(text)
    assert _fields(refused.value) == ["rule_files[0]"]


@pytest.mark.parametrize("wrong", [None, 42, 4.5, ["a.json"], {"format": 1}, object()])
def test_wrong_argument_types_are_invalid_values(wrong: object) -> None:
    history = sroi.load_portfolio(EXAMPLES / "midden-gelderland.json").contracts[0]
    calls = [
        lambda: sroi.load_portfolio(wrong),  # type: ignore[arg-type]
        lambda: sroi.load_portfolio("{}", base=wrong),  # type: ignore[arg-type]
        lambda: sroi.read_placements_csv(wrong),  # type: ignore[arg-type]
        lambda: sroi.read_purchases_csv(wrong),  # type: ignore[arg-type]
        lambda: sroi.load_rule_file(wrong),  # type: ignore[arg-type]
        lambda: sroi.load_rule_files(wrong),  # type: ignore[arg-type]
        lambda: sroi.Portfolio().rule_sets(wrong),  # type: ignore[arg-type]
        lambda: lc.apply(
            wrong,
            lc.Approve(  # type: ignore[arg-type]
                recorded_on=dt.date(2024, 6, 1), role=lc.Role.BUYER, item_id="P1"
            ),
        ),
        lambda: lc.apply(history, wrong),  # type: ignore[arg-type]
        lambda: lc.apply_all(history, wrong),  # type: ignore[arg-type]
        lambda: lc.state(wrong),  # type: ignore[arg-type]
        lambda: lc.register(
            history.registration.contract,
            recorded_on=dt.date(2024, 1, 1),
            contacts=wrong if wrong is not None else 42,  # type: ignore[arg-type]
        ),
        lambda: sroi.directory.fold(wrong),  # type: ignore[arg-type]
        lambda: sroi.missing_evidence(wrong),  # type: ignore[arg-type]
        lambda: sroi.registry.Registry(rule_paths=[wrong]).add_rule_files(),  # type: ignore[list-item]
    ]
    for index, call in enumerate(calls):
        if wrong is None and index == 1:
            continue  # base=None is the default
        with pytest.raises(sroi.InvalidValueError):
            call()


@pytest.mark.parametrize(
    "build",
    [
        lambda day: lc.ExtendPlacement(
            recorded_on=dt.date(2024, 6, 1), role=lc.Role.CONTRACTOR, item_id="P1", new_last=day
        ),
        lambda day: lc.Approve(recorded_on=day, role=lc.Role.SR_COORDINATOR, item_id="P1"),
        lambda day: sroi.EvidenceItem(sroi.EvidenceKind.SIGNED_AGREEMENT, "contract", day),
    ],
    ids=["new_last", "recorded_on", "dated"],
)
def test_event_rule_set_and_evidence_dates_outside_the_range_are_refused(
    build: Callable[[dt.date], object],
) -> None:
    for day in (dt.date(9999, 12, 31), dt.date(1, 1, 1)):
        with pytest.raises(sroi.InvalidValueError, match="1900-01-01"):
            build(day)
    assert build(dt.date(2199, 12, 31)) is not None
    rules = sroi.load_rule_file(MG_RULES)
    with pytest.raises(sroi.InvalidValueError) as caught:
        attrs.evolve(rules, valid_until=dt.date(2200, 1, 1))
    assert caught.value.field == "valid_until"


@pytest.mark.parametrize("bad", ["x\0.json", f"x{chr(0xDCFF)}.json"])
def test_the_command_line_refuses_unusable_paths_with_exit_1(
    bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", bad]) == 1
    assert "source" in capsys.readouterr().err
    pytest.importorskip("matplotlib")
    example = str(EXAMPLES / "midden-gelderland.json")
    assert main(["plot", example, "MG-2024-001", "-o", bad.replace(".json", ".png")]) == 1
    assert "--output" in capsys.readouterr().err
