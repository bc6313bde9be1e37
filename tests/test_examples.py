"""The example portfolios: committed exactly as the script builds them, and realistic."""

from __future__ import annotations

import datetime as dt
import importlib.util
import pathlib
from types import ModuleType

import pytest

import sroi
from sroi.lifecycle import (
    AmendContract,
    ApplyBonus,
    CorrectPlacement,
    CorrectPurchase,
    ExtendPlacement,
    ReportEarlyExit,
    ReviewStatus,
    state,
)

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"
FILES = ("midden-gelderland.json", "noord-holland.json")

pytestmark = pytest.mark.skipif(
    {info.code for info in sroi.regions()} < {"midden-gelderland", "noord-holland"},
    reason="the region plugins are not installed",
)


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_examples", EXAMPLES / "build_examples.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", FILES)
def test_the_committed_example_is_what_the_script_builds(script: ModuleType, name: str) -> None:
    built = sroi.dump_portfolio(script.EXAMPLES[name]())
    committed = (EXAMPLES / name).read_text(encoding="utf-8")
    assert committed == built, f"run `python examples/build_examples.py` to update {name}"


def _portfolio(name: str) -> sroi.Portfolio:
    return sroi.load_portfolio(EXAMPLES / name)


def _events(portfolio: sroi.Portfolio) -> list[object]:
    return [event for history in portfolio.contracts for event in history.events]


@pytest.mark.parametrize("name", FILES)
def test_an_example_has_several_contracts_awarded_in_2024(name: str) -> None:
    portfolio = _portfolio(name)
    assert len(portfolio.contracts) >= 2
    for history in portfolio.contracts:
        contract = history.registration.contract
        assert contract.award_date is not None
        assert contract.award_date.year == 2024


@pytest.mark.parametrize(
    ("name", "version"),
    [("midden-gelderland.json", "V05 (april 2023)"), ("noord-holland.json", "provisional")],
)
def test_the_contracts_are_valued_with_the_rules_of_their_award(name: str, version: str) -> None:
    for history in _portfolio(name).contracts:
        assert sroi.rules_for(history.registration.contract).version.startswith(version)


@pytest.mark.parametrize("name", FILES)
def test_an_example_has_what_a_team_meets_in_practice(name: str) -> None:
    portfolio = _portfolio(name)
    records = [record for history in portfolio.contracts for record in state(history).items]
    assert 10 <= len(records) <= 30
    statuses = {record.status for record in records}
    assert {ReviewStatus.APPROVED, ReviewStatus.REJECTED, ReviewStatus.WITHDRAWN} <= statuses
    assert ReviewStatus.PROPOSED in statuses  # something still waits for review
    kinds = {type(event) for event in _events(portfolio)}
    assert {CorrectPlacement, ExtendPlacement, ReportEarlyExit, ApplyBonus, AmendContract} <= kinds
    purchases = [r.item for r in records if isinstance(r.item, sroi.SocialPurchase)]
    assert "sw-company" in {purchase.category for purchase in purchases}
    projects = [r.item for r in records if isinstance(r.item, sroi.SrProject)]
    assert any(project.hours is not None for project in projects)
    assert any(project.agreed_amount is not None for project in projects)
    bonuses = {
        grant.code
        for r in records
        if isinstance(r.item, sroi.Placement)
        for grant in r.item.bonuses
    }
    assert "permanent-contract" in bonuses
    assert any(sroi.missing_evidence(state(history)) for history in portfolio.contracts)


def test_midden_gelderland_buys_from_a_pso_company_and_corrects_a_purchase() -> None:
    portfolio = _portfolio("midden-gelderland.json")
    records = [record for history in portfolio.contracts for record in state(history).items]
    categories = {r.item.category for r in records if isinstance(r.item, sroi.SocialPurchase)}
    assert {"sw-company", "pso-2"} <= categories
    assert CorrectPurchase in {type(event) for event in _events(portfolio)}


@pytest.mark.parametrize("name", FILES)
def test_an_example_names_people_by_initials_only(name: str) -> None:
    for history in _portfolio(name).contracts:
        for record in state(history).placements():
            initials = record.placement.candidate.initials
            assert sum(ch.isalpha() for ch in initials) <= 4


@pytest.mark.filterwarnings("ignore::sroi.ProvisionalRuleWarning")
@pytest.mark.parametrize("name", FILES)
def test_an_example_reports_on_the_readme_date(name: str) -> None:
    day = dt.date(2025, 6, 30)
    reports = [sroi.report(history, at=day, as_of=day) for history in _portfolio(name).contracts]
    total = sroi.consolidate(reports).total
    assert total.amounts.realised > 0
    assert total.amounts.pending > 0
    assert total.obligation > total.amounts.realised
