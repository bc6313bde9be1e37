"""``sroi plan``: what if, what it takes and the settlement from the command line."""

from __future__ import annotations

import json
import pathlib
from decimal import Decimal

import pytest

from sroi.cli import main

EXAMPLE = pathlib.Path(__file__).parents[1] / "examples" / "midden-gelderland.json"
DATES = ["--at", "2025-06-01", "--as-of", "2025-06-01"]


def test_plan_adds_a_planned_placement_and_says_what_more_it_takes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["plan", str(EXAMPLE), "MG-2024-014", *DATES, "--format", "json", "--settle"]
    assert main(argv) == 0
    before = json.loads(capsys.readouterr().out)
    planned = ["--add-placement", "participatiewet-lt2:2025-06-01:2025-12-31:36"]
    assert main([*argv, *planned]) == 0
    after = json.loads(capsys.readouterr().out)
    assert after["what_if"]["planned"] == ["plan-1"]
    moment = after["what_if"]["moments"][2]
    assert moment["date"] == after["what_it_takes"]["target_date"] == "2025-09-01"
    # 30,000 a year full time = 2,500 a placement month; through 2025-09-01 that is 3 months and
    # 1 day of the fourth (2025-09-01 t/m 2025-09-30, 30 days): 2,500 × (3 + 1/30) = 7,583.33.
    added = Decimal(moment["forecast_with_plan"]) - Decimal(moment["forecast"])
    assert added == Decimal("7583.33")
    assert after["what_it_takes"]["forecast"] == moment["forecast_with_plan"]
    gap_before = Decimal(before["what_it_takes"]["gap"])
    assert Decimal(after["what_it_takes"]["gap"]) == gap_before - added
    assert after["settlement"]["kind"] == "none"
    assert after["settlement"]["published"] is False
    assert "No published settlement rule was found" in after["settlement"]["text_en"]


def test_plan_text_in_dutch_marks_the_planned_items(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["plan", str(EXAMPLE), "MG-2024-014", *DATES, "--lang", "nl"]
    assert main([*argv, "--add-purchase", "sw-company:2025-07-01:10000"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Gepland (niet opgeslagen): plan-1")
    assert "Doel t/m 2025-09-01" in out


def test_a_bad_plan_spec_names_the_option_and_the_expected_form(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["plan", str(EXAMPLE), "MG-2024-014", *DATES, "--add-project", "mvo:2025-07-01"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "--add-project" in err
    assert "BLOCK:DATE:HOURS" in err


@pytest.mark.parametrize("hours", ["1e2", "NaN", "36,5", "Infinity", "0x24"])
def test_hours_in_a_plan_spec_are_read_by_the_one_decimal_grammar(
    hours: str, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = f"participatiewet-lt2:2025-06-01:2025-12-31:{hours}"
    argv = ["plan", str(EXAMPLE), "MG-2024-014", *DATES, "--add-placement", spec]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "--add-placement" in err
    assert "a decimal number such as 36 or 12500.50" in err
