"""Hand-computed "what it takes" scenarios per region, from ``tests/cases/plan/*.toml``.

Each case gives a contract, its known placements and a report date; the expected target, forecast,
gap and the options it lists were computed by hand (the arithmetic is in the file's comments).
A failure names the file, the case and the field that differs.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import tomllib
from decimal import Decimal
from typing import Any

import pytest

import sroi
from sroi.lifecycle import Approve, ContractHistory, ProposePlacement, Role, apply_all, register
from sroi.plan import Effort, what_it_takes

CASES = pathlib.Path(__file__).parent / "cases" / "plan"


def _cases() -> list[Any]:
    found = []
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found.extend(
            pytest.param(path.name, case, id=f"{path.stem}: {case['name']}")
            for case in data["cases"]
        )
    return found


def _history(case: dict[str, Any]) -> ContractHistory:
    first, last = case["term"]
    contract = sroi.Contract(
        "CASE-1",
        case["name"][:100],
        sroi.Period(first, last),
        sroi.Organisation("Case BV"),
        value_excl_vat=Decimal(case["contract_value"]),
        sr_percentage=Decimal(case["sr_percentage"]),
        region=case["region"],
    )
    history = register(contract, recorded_on=first)
    events: list[Any] = []
    for index, entry in enumerate(case.get("placements", []), start=1):
        placement = sroi.Placement(
            sroi.Candidate("A.B.", entry["block"], entry["birth_date"]),
            sroi.PlacementKind.JOB,
            entry["block"],
            sroi.Period(entry["first"], entry["last"]),
            Decimal(entry["hours"]),
        )
        events.append(
            ProposePlacement(recorded_on=first, role=Role.CONTRACTOR, placement=placement)
        )
        if entry["status"] == "approved":
            events.append(Approve(recorded_on=first, role=Role.SR_COORDINATOR, item_id=f"P{index}"))
    return apply_all(history, events)


@pytest.mark.parametrize(("file", "case"), _cases())
def test_what_it_takes_matches_the_hand_computed_case(file: str, case: dict[str, Any]) -> None:
    at: dt.date = case["at"]
    rules = sroi.rules(case["region"], case["term"][0])
    taken = what_it_takes(
        _history(case), at=at, as_of=at, rules=rules, birth_date=case.get("birth_date"), warn=False
    )
    where = f"{file}, case {case['name']!r}"
    expect = case["expect"]
    assert taken.target_date == expect["target_date"], f"{where}: target_date"
    for field in ("target", "forecast", "gap"):
        assert getattr(taken, field) == Decimal(expect[field]), f"{where}: {field}"
    for wanted in expect["options"]:
        option = taken.option(wanted["block"], Effort(wanted["effort"]))
        label = f"{where}, option {wanted['block']}/{wanted['effort']}"
        assert option.closes is wanted.get("closes", True), f"{label}: closes"
        assert option.gives == Decimal(wanted["gives"]), f"{label}: gives"
        if "quantity" in wanted:
            assert option.quantity == Decimal(wanted["quantity"]), f"{label}: quantity"
        if "start" in wanted:
            assert option.start == wanted["start"], f"{label}: start"
        if "text_en" in wanted:
            assert option.text_en == wanted["text_en"], f"{label}: text_en"
