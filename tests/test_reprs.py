"""Rule sets, contract histories and portfolios show a short one-line ``repr``.

The attrs default spells out every field, thousands of characters for a real portfolio; the short
form says what the object is and counts its parts.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sroi
from sroi.lifecycle import ContractHistory, register
from sroi.portfolio import Portfolio, load_portfolio
from sroi.ruleset import RuleSet, Status
from sroi.testing import strategies as sst

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"
MG = EXAMPLES / "midden-gelderland.json"
MG_RULES = re.compile(
    r"<RuleSet midden-gelderland '[^'\n]+' \d{4}-\d{2}-\d{2}\.\.(\d{4}-\d{2}-\d{2})?: "
    r"\d+ blocks?, \d+ bonus(es)?, \d+ adjustments?, \d+ values? not verified>"
)


def _one_line(text: str) -> bool:
    return "\n" not in text and len(text) <= 200


@given(
    sst.rule_sets(statuses=tuple(Status)),
    st.sampled_from([Status.VERIFIED, Status.ASSUMED]),
)
def test_a_rule_sets_repr_counts_its_parts_and_the_values_not_verified(
    rules: RuleSet, moments: Status
) -> None:
    rules = attrs.evolve(
        rules, measurement_provenance=sroi.Provenance("the region's table", moments)
    )
    not_verified = sum(not provenance.verified for _, provenance in rules.provenances())
    text = repr(rules)
    assert _one_line(text)
    assert text.startswith(f"<RuleSet {rules.region} {rules.version!r} {rules.period_label}: ")
    assert f"{len(rules.blocks)} blocks, " in text
    assert text.endswith(f", {not_verified} values not verified>") or (
        not_verified == 1 and text.endswith(", 1 value not verified>")
    )


def test_the_repr_of_an_installed_region_names_its_version() -> None:
    if "midden-gelderland" not in {info.code for info in sroi.regions()}:
        pytest.skip("the midden-gelderland plugin is not installed")
    rules = sroi.rules("midden-gelderland", dt.date(2025, 1, 1))
    assert MG_RULES.fullmatch(repr(rules)), repr(rules)
    # the measurement default is assumed, so at least that value is not verified
    assert not repr(rules).endswith(" 0 values not verified>")


def test_a_history_without_events_says_so() -> None:
    contract = sroi.Contract(
        "MG-2025-001",
        "Onderhoud groen",
        sroi.Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        sroi.Organisation("Groen B.V."),
    )
    history = register(contract, recorded_on=dt.date(2024, 12, 15))
    assert repr(history) == "<ContractHistory 'MG-2025-001' registered 2024-12-15, no events>"


def test_a_portfolios_repr_counts_its_parts_and_its_histories_count_their_events() -> None:
    portfolio = load_portfolio(MG)
    numbers = [history.number for history in portfolio.contracts]
    assert len(numbers) == 3
    assert repr(portfolio) == (
        f"<Portfolio 3 contracts {tuple(numbers)!r}, "
        f"{len(portfolio.organisations)} organisations, 0 rule files>"
    )
    for history in portfolio.contracts:
        last = max(event.recorded_on for event in history.events)
        assert repr(history) == (
            f"<ContractHistory {history.number!r} registered "
            f"{history.registration.recorded_on.isoformat()}, {len(history.events)} events "
            f"through {last.isoformat()}>"
        )


def test_a_portfolio_with_many_contracts_shows_the_first_three_numbers() -> None:
    portfolio = load_portfolio(MG)
    histories: list[ContractHistory] = []
    for index in range(12):
        contract = attrs.evolve(
            portfolio.contracts[0].registration.contract, number=f"MG-2025-{index:03}"
        )
        histories.append(register(contract, recorded_on=dt.date(2025, 1, 1)))
    many = Portfolio(portfolio.organisations, tuple(histories), ("extra.toml",))
    assert repr(many) == (
        "<Portfolio 12 contracts ('MG-2025-000', 'MG-2025-001', 'MG-2025-002', ...), "
        f"{len(portfolio.organisations)} organisations, 1 rule file>"
    )
