"""Fulfilment reports against hand-computed scenarios kept as case files.

Each file in ``tests/cases/fulfilment/`` holds one scenario: a contract, its items with their
review status, the report date and as-of date, and every number of the report worked out by hand
in the file's comments. Two scenarios use the regions' real rule files; one uses the verified test
rule set below. A failing comparison names the file, the scenario and the field.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import warnings
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import sroi
from sroi.fulfilment import FulfilmentReport, fulfilment_report
from sroi.lifecycle import ItemRecord, ReviewStatus
from sroi.rulefile import load_rule_file

CASES = Path(__file__).parent / "cases" / "fulfilment"
PLUGINS = Path(__file__).parent.parent / "plugins"
RULE_FILES = {
    "midden-gelderland": PLUGINS
    / "sroi-midden-gelderland/src/sroi_midden_gelderland/rules/2023-04-01.toml",
    "noord-holland": PLUGINS / "sroi-noord-holland/src/sroi_noord_holland/rules/2016-01-01.toml",
}
VERIFIED = sroi.Provenance("sroi test table", sroi.Status.VERIFIED)


def test_rules() -> sroi.RuleSet:
    """A small verified rule set with one block of every unit, two bonuses, two adjustments."""
    candidate, yearly = sroi.Route.CANDIDATE, sroi.Unit.PER_YEAR_FULL_TIME
    blocks = [
        sroi.BuildingBlock(
            "pw", "Participatiewet", "Social assistance", candidate, yearly, Decimal(30000),
            VERIFIED, max_months=24, bonuses=("age-50", "permanent"),
        ),
        sroi.BuildingBlock(
            "ww", "WW < 1 jaar", "WW benefit < 1 year", candidate, yearly, Decimal(10000),
            VERIFIED, max_months=12, bonuses=("age-50", "permanent"),
        ),
        sroi.BuildingBlock(
            "wep", "Werkervaringsplek", "Work-experience place", candidate,
            sroi.Unit.PER_MONTH, Decimal(750), VERIFIED,
        ),
        sroi.BuildingBlock(
            "bol", "BOL-stage", "MBO internship", candidate, sroi.Unit.PER_PERIOD,
            Decimal(5000), VERIFIED, max_months=6, bonuses=("permanent",),
        ),
        sroi.BuildingBlock(
            "one", "Baan na VSO", "Job after VSO", candidate, sroi.Unit.ONE_OFF, Decimal(2000),
            VERIFIED,
        ),
        sroi.BuildingBlock(
            "pso", "PSO trede 3", "PSO level 3", sroi.Route.PURCHASE,
            sroi.Unit.SHARE_OF_INVOICE, Decimal("0.30"), VERIFIED,
        ),
        sroi.BuildingBlock(
            "sw", "SW-bedrijf", "Sheltered company", sroi.Route.PURCHASE,
            sroi.Unit.SHARE_OF_INVOICE, Decimal(1), VERIFIED,
        ),
        sroi.BuildingBlock(
            "mvo", "MVO-activiteit", "SR activity", sroi.Route.PROJECT, sroi.Unit.PER_HOUR,
            Decimal(100), VERIFIED,
        ),
    ]  # fmt: skip
    bonuses = [
        sroi.Bonus("age-50", "50+", "Aged 50 or over", sroi.BonusKind.AGE, Decimal(5000),
                   VERIFIED, min_age=50),
        sroi.Bonus("permanent", "Vast contract", "Permanent contract", sroi.BonusKind.ONE_OFF,
                   Decimal(10000), VERIFIED),
    ]  # fmt: skip
    adjustments = [
        sroi.ObligationAdjustment("pso-1", "PSO trede 1", "PSO level 1",
                                  sroi.AdjustmentKind.DISCOUNT, Decimal("0.10"), VERIFIED),
        sroi.ObligationAdjustment("pso-30", "PSO 30+", "PSO 30+",
                                  sroi.AdjustmentKind.EXEMPTION, Decimal(1), VERIFIED),
    ]  # fmt: skip
    return sroi.RuleSet.build(
        "test",
        "T1",
        dt.date(2020, 1, 1),
        blocks=blocks,
        bonuses=bonuses,
        adjustments=adjustments,
        full_time_hours=sroi.Parameter(Decimal(36), VERIFIED),
        sr_percentage=sroi.Parameter(Decimal(5), VERIFIED),
    )


test_rules.__test__ = False  # type: ignore[attr-defined]  # a builder, not a test


def rules_named(name: str) -> sroi.RuleSet:
    """The test rule set, or a region's real rule file."""
    return test_rules() if name == "test" else load_rule_file(RULE_FILES[name])


def _item(data: dict[str, Any]) -> sroi.Placement | sroi.SocialPurchase | sroi.SrProject:
    kind = data["kind"]
    if kind == "placement":
        return sroi.Placement(
            sroi.Candidate(data["initials"], data["target_group"], data["birth_date"]),
            sroi.PlacementKind(data.get("placement_kind", "job")),
            data["block"],
            sroi.Period(data["start"], data["end"]),
            Decimal(data["hours_per_week"]),
            exit_date=data.get("exit_date"),
            bonuses=tuple(
                sroi.BonusGrant(grant["code"], grant["granted_on"])
                for grant in data.get("bonuses", [])
            ),
        )
    if kind == "purchase":
        return sroi.SocialPurchase(
            sroi.Organisation(data["supplier"]),
            data["category"],
            data["invoice_date"],
            Decimal(data["amount"]),
        )
    return sroi.SrProject(
        data["description"],
        sroi.Period(data["start"], data["end"]),
        data["block"],
        hours=Decimal(data["hours"]) if "hours" in data else None,
        agreed_amount=Decimal(data["agreed_amount"]) if "agreed_amount" in data else None,
    )


def load_case(path: Path) -> dict[str, Any]:
    """Read a scenario file."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def build(case: dict[str, Any]) -> tuple[sroi.Contract, list[ItemRecord], sroi.RuleSet, Any]:
    """The contract, item records, rule set and contract-value function of a scenario."""
    data = case["contract"]
    contract = sroi.Contract(
        data["number"],
        data["title"],
        sroi.Period(data["start"], data["end"]),
        sroi.Organisation(data["contractor"]),
        value_excl_vat=Decimal(data["value"]),
        sr_percentage=Decimal(data["sr_percentage"]) if "sr_percentage" in data else None,
        region=data.get("region"),
        adjustments=tuple(data.get("adjustments", ())),
        buyer=sroi.Organisation(data["buyer"]) if "buyer" in data else None,
    )
    changes = sorted(
        (change["from"], Decimal(change["value"])) for change in data.get("value_changes", [])
    )
    value_on: Callable[[dt.date], Decimal] | None = None
    if changes:

        def value_on(day: dt.date) -> Decimal:
            value = Decimal(data["value"])
            for start, changed in changes:
                if start <= day:
                    value = changed
            return value

    routes = {"placement": sroi.Route.CANDIDATE, "purchase": sroi.Route.PURCHASE}
    records = [
        ItemRecord(
            entry["id"],
            routes.get(entry["kind"], sroi.Route.PROJECT),
            ReviewStatus(entry["status"]),
            _item(entry),
            proposed_on=entry.get("recorded_on", case["scenario"]["as_of"]),
        )
        for entry in case.get("item", [])
    ]
    return contract, records, rules_named(case["scenario"]["rules"]), value_on


def run(case: dict[str, Any]) -> FulfilmentReport:
    """The report a scenario describes; warnings about unverified values are silenced here."""
    contract, records, rules, value_on = build(case)
    scenario = case["scenario"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = fulfilment_report(
            contract,
            records,
            rules,
            at=scenario["at"],
            as_of=scenario["as_of"],
            contract_value_on=value_on,
        )
    warned = any(issubclass(w.category, sroi.ProvisionalRuleWarning) for w in caught)
    assert warned == scenario.get("expect_warning", False), "ProvisionalRuleWarning expected"
    return report


def _differences(case: dict[str, Any], report: FulfilmentReport) -> list[str]:
    expected = case["expected"]
    found: list[str] = []

    def check(field: str, actual: object, wanted: object) -> None:
        if actual != wanted:
            found.append(f"{field}: {actual} != expected {wanted}")

    totals = report.totals
    check("obligation", report.obligation.amount, Decimal(expected["obligation"]))
    check("realised", totals.realised, Decimal(expected["realised"]))
    check("pending", totals.pending, Decimal(expected["pending"]))
    check("forecast", totals.forecast, Decimal(expected["forecast"]))
    check("realised_percentage", report.realised_percentage,
          Decimal(expected["realised_percentage"]))  # fmt: skip
    check("forecast_percentage", report.forecast_percentage,
          Decimal(expected["forecast_percentage"]))  # fmt: skip
    check("remaining", report.remaining, Decimal(expected["remaining"]))
    check("remaining_after_forecast", report.remaining_after_forecast,
          Decimal(expected["remaining_after_forecast"]))  # fmt: skip
    check("lines", [line.item_id for line in report.lines], expected["lines"])
    for key, table in (("by_route", report.by_route), ("by_block", report.by_block)):
        for name, amounts in expected.get(key, {}).items():
            actual = table[sroi.Route(name)] if key == "by_route" else table[name]
            for part in ("realised", "pending", "forecast"):
                check(f"{key}.{name}.{part}", getattr(actual, part), Decimal(amounts[part]))
    moments = expected["moment"]
    check("moments", len(report.moments), len(moments))
    for index, (moment, wanted) in enumerate(zip(report.moments, moments, strict=False)):
        prefix = f"moment[{index}]"
        check(f"{prefix}.date", moment.date, wanted["date"])
        check(f"{prefix}.target", moment.target, Decimal(wanted["target"]))
        realised = Decimal(wanted["realised"]) if "realised" in wanted else None
        check(f"{prefix}.realised", moment.realised, realised)
        check(f"{prefix}.forecast", moment.forecast, Decimal(wanted["forecast"]))
        check(f"{prefix}.state", moment.state.value, wanted["state"])
    return found


CASE_FILES = sorted(CASES.glob("*.toml"))


@pytest.mark.parametrize("path", CASE_FILES, ids=[path.stem for path in CASE_FILES])
def test_report_matches_the_hand_computed_scenario(path: Path) -> None:
    case = load_case(path)
    report = run(case)
    problems = _differences(case, report)
    name = case["scenario"]["name"]
    assert not problems, "\n".join(f"{path.name}::{name}: {problem}" for problem in problems)


@pytest.mark.parametrize("path", CASE_FILES, ids=[path.stem for path in CASE_FILES])
def test_every_amount_of_the_scenario_explains_and_recomputes(path: Path) -> None:
    report = run(load_case(path))
    explanations = [report.explain("obligation"), report.explain("remaining")]
    for what in ("realised", "pending", "forecast"):
        explanations.append(report.explain(what))  # type: ignore[arg-type]
        for line in report.lines:
            if getattr(line, what) is not None:
                explanations.append(report.explain(what, item_id=line.item_id))  # type: ignore[arg-type]
    explanations += [report.explain("target", moment=i) for i in range(len(report.moments))]
    for explanation in explanations:
        assert explanation.recompute() == explanation.amount, explanation.to_text("en")
        assert f"€ {explanation.amount:,.2f}" in explanation.to_text("en").splitlines()[0]


def test_the_scenarios_cover_both_regions_and_every_moment_state() -> None:
    cases = [load_case(path) for path in CASE_FILES]
    assert {case["scenario"]["rules"] for case in cases} >= {"midden-gelderland", "noord-holland"}
    states = {m["state"] for case in cases for m in case["expected"]["moment"]}
    assert states == {"ahead", "on_track", "behind", "not_yet_reached"}


def test_a_case_file_mismatch_names_the_field() -> None:
    case = load_case(CASES / "amended-contract.toml")
    report = run(case)
    case["expected"]["realised"] = "1.00"
    assert _differences(case, report) == ["realised: 25500.00 != expected 1.00"]
