"""Explanations: every amount expands into a chain of steps that recomputes it."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sroi
from sroi.explanation import Explanation
from sroi.fulfilment import fulfilment_report
from sroi.lifecycle import ItemRecord, ReviewStatus
from sroi.testing import strategies as sst

D = dt.date
VERIFIED = sroi.Provenance("test table", sroi.Status.VERIFIED)
UNVERIFIED = sroi.Provenance("secondary copy", sroi.Status.UNVERIFIED)


def make_rules() -> sroi.RuleSet:
    """Annual blocks of 30,000 and 10,000 (capped at 12 months), an age and a one-off bonus."""
    blocks = [
        sroi.BuildingBlock(
            "pw",
            "Participatiewet",
            "Social assistance",
            sroi.Route.CANDIDATE,
            sroi.Unit.PER_YEAR_FULL_TIME,
            Decimal(30000),
            VERIFIED,
        ),
        sroi.BuildingBlock(
            "ww-lt1",
            "WW < 1 jaar",
            "WW benefit < 1 year",
            sroi.Route.CANDIDATE,
            sroi.Unit.PER_YEAR_FULL_TIME,
            Decimal(10000),
            VERIFIED,
            max_months=12,
            bonuses=("age-50", "permanent"),
        ),
        sroi.BuildingBlock(
            "bol",
            "BOL-stage",
            "MBO internship",
            sroi.Route.CANDIDATE,
            sroi.Unit.PER_PERIOD,
            Decimal(5000),
            VERIFIED,
        ),
        sroi.BuildingBlock(
            "pso-2",
            "PSO trede 2",
            "PSO level 2",
            sroi.Route.PURCHASE,
            sroi.Unit.SHARE_OF_INVOICE,
            Decimal("0.20"),
            VERIFIED,
        ),
        sroi.BuildingBlock(
            "mvo",
            "MVO-activiteit",
            "SR activity",
            sroi.Route.PROJECT,
            sroi.Unit.PER_HOUR,
            Decimal(100),
            VERIFIED,
        ),
    ]
    bonuses = [
        sroi.Bonus(
            "age-50",
            "50 jaar of ouder",
            "Aged 50 or over",
            sroi.BonusKind.AGE,
            Decimal(5000),
            VERIFIED,
            min_age=50,
        ),
        sroi.Bonus(
            "permanent",
            "Vast contract",
            "Permanent contract",
            sroi.BonusKind.ONE_OFF,
            Decimal(10000),
            VERIFIED,
        ),
    ]
    adjustments = [
        sroi.ObligationAdjustment("pso-2", "PSO trede 2", "PSO level 2",
                                  sroi.AdjustmentKind.DISCOUNT, Decimal("0.25"), VERIFIED),
    ]  # fmt: skip
    return sroi.RuleSet.build(
        "test",
        "V05",
        D(2020, 1, 1),
        blocks=blocks,
        bonuses=bonuses,
        adjustments=adjustments,
        full_time_hours=sroi.Parameter(Decimal(36), VERIFIED),
    )


RULES = make_rules()
BORN = D(1990, 5, 1)


def candidate(born: D = BORN) -> sroi.Candidate:
    """A candidate in the Participatiewet target group."""
    return sroi.Candidate("J.P.", "participatiewet", born)


def conventions_example() -> sroi.Valuation:
    """The conventions' worked example: 30,000 a year from 15 January to 20 March 2024."""
    placement = sroi.Placement(
        candidate(),
        sroi.PlacementKind.JOB,
        "pw",
        sroi.Period(D(2024, 1, 15), D(2024, 3, 20)),
        Decimal(36),
    )
    return sroi.value_placement(placement, RULES)


def test_the_conventions_example_explains_step_by_step_in_both_languages() -> None:
    text = sroi.explain(conventions_example(), rules=RULES, item_id="P1").to_text("both")
    lines = text.splitlines()
    assert lines[0] == "Waarde P1 / Value P1: € 5.483,87"
    assert "- Bouwblok / Building block: pw (Participatiewet)" in lines
    assert (
        "- Waarde / Rule value: € 30.000,00 per jaar voltijd "
        "(V05, bron: test table, status: verified)" in lines
    )
    assert (
        "- Omvang / Size factor: 36 / 36 uur per week = 1 (max. 1; voltijd status: verified)"
        in lines
    )
    assert (
        "- Maanden / Months: m1 2024-01-15 1, m2 2024-02-15 1, m3 2024-03-15 6/31 = 2.1935… maanden"
        in lines
    )
    assert "- Maximale duur / Cap window: geen" in lines
    # 2,500 x (2 + 6/31) = 5,483.870967...
    assert lines[-1] == "- Afronding / Rounding: 5483.8710… → 5483.87"


def test_english_text_uses_english_labels_values_and_money() -> None:
    text = sroi.explain(conventions_example(), rules=RULES).to_text("en")
    assert text.splitlines()[0] == "Value pw: € 5,483.87"
    assert "- Rule value: € 30,000.00 per year full time (V05, source: test table" in text
    assert "- Days counted: 2024-01-15 to 2024-03-20 (66 days)" in text


def test_the_steps_follow_the_chain_from_block_to_rounding() -> None:
    explanation = sroi.explain(conventions_example(), rules=RULES)
    assert [step.key for step in explanation.steps] == [
        "item",
        "block",
        "rule_value",
        "unit",
        "size",
        "window",
        "months",
        "days",
        "cap",
        "base",
        "exact",
        "rounding",
    ]
    assert explanation.recompute() == Decimal("5483.87")


def test_a_capped_placement_with_bonuses_shows_the_cap_window_and_each_bonus() -> None:
    placement = sroi.Placement(
        candidate(D(1970, 1, 1)),
        sroi.PlacementKind.JOB,
        "ww-lt1",
        sroi.Period(D(2024, 3, 15), D(2025, 12, 31)),
        Decimal(18),
        bonuses=(sroi.BonusGrant("permanent", D(2024, 9, 1)),),
    )
    explanation = sroi.explain(sroi.value_placement(placement, RULES), rules=RULES)
    cap = explanation.step("cap")
    assert cap.value == sroi.Period(D(2024, 3, 15), D(2025, 3, 14))
    assert cap.text_en == "2024-03-15 to 2025-03-14 (12 months, status: verified)"
    assert explanation.step("bonus:age-50").text_en.startswith(
        "age-50 (Aged 50 or over): € 5,000.00 per year; 5000 × 12 × 0.5 / 12 = 2500"
    )
    assert explanation.step("bonus:permanent").text_nl.startswith(
        "permanent (Vast contract): € 10.000,00 eenmalig, op 2024-09-01 = 10000"
    )
    # 10,000 x 0.5 + 5,000 x 0.5 + 10,000
    assert explanation.amount == explanation.recompute() == Decimal("17500.00")


def test_recomputing_reads_the_steps_so_a_changed_step_changes_the_result() -> None:
    explanation = sroi.explain(conventions_example(), rules=RULES)
    steps = tuple(
        attrs.evolve(step, value=Decimal(60000)) if step.key == "rule_value" else step
        for step in explanation.steps
    )
    assert attrs.evolve(explanation, steps=steps).recompute() == Decimal("10967.74")


def test_a_purchase_explains_invoice_times_share() -> None:
    purchase = sroi.SocialPurchase(
        sroi.Organisation("Werkbedrijf"), "pso-2", D(2024, 3, 1), Decimal("1234.56")
    )
    explanation = sroi.explain(sroi.value_purchase(purchase, RULES), rules=RULES)
    assert explanation.step("rule_value").text_nl.startswith("20% van de factuur excl. btw")
    assert explanation.step("base").text_en == "1234.56 × 0.2 = 246.912"
    assert explanation.recompute() == Decimal("246.91")


def test_a_project_spread_over_days_needs_the_item_to_show_the_share() -> None:
    project = sroi.SrProject(
        "Coaching", sroi.Period(D(2024, 9, 1), D(2024, 10, 31)), "mvo", hours=Decimal(10)
    )
    valuation = sroi.value_project(project, RULES, sroi.Period(D(2024, 9, 1), D(2024, 10, 1)))
    explanation = sroi.explain(valuation, rules=RULES, item=project)
    assert explanation.step("spread").value == (31, 61)
    assert explanation.recompute() == valuation.amount == Decimal("508.20")


def test_an_agreed_project_amount_is_a_step_of_its_own() -> None:
    project = sroi.SrProject.on(D(2024, 5, 1), "Sponsoring", "mvo", agreed_amount=Decimal(750))
    explanation = sroi.explain(sroi.value_project(project, RULES), rules=RULES, item=project)
    assert explanation.step("agreed").text_nl == "€ 750,00"
    assert explanation.recompute() == Decimal("750.00")


def test_an_internship_per_period_explains_its_share_of_the_agreed_period() -> None:
    internship = sroi.Placement(
        sroi.Candidate("Y.", "bol", D(2005, 5, 5)),
        sroi.PlacementKind.BOL_INTERNSHIP,
        "bol",
        sroi.Period(D(2024, 9, 1), D(2024, 11, 30)),
        Decimal(32),
    )
    valuation = sroi.value_placement(internship, RULES, sroi.Period(D(2024, 9, 1), D(2024, 9, 30)))
    explanation = sroi.explain(valuation, rules=RULES, item=internship)
    assert explanation.step("share").text_en == "30 / 91 days"
    assert explanation.recompute() == Decimal("1648.35")
    # without the item the share is not known, and the block value stands as given
    assert sroi.explain(valuation, rules=RULES).recompute() == Decimal("1648.35")


def test_an_obligation_explains_value_percentage_and_adjustments() -> None:
    contract = sroi.Contract(
        "C-1",
        "Schoonmaak",
        sroi.Period(D(2024, 1, 1), D(2024, 12, 31)),
        sroi.Organisation("Schoon BV"),
        value_excl_vat=Decimal("333333.33"),
        sr_percentage=Decimal(5),
        adjustments=("pso-2",),
    )
    explanation = sroi.explain(sroi.obligation(contract, RULES), rules=RULES, contract=contract)
    assert explanation.step("percentage").text_en == "5% (set in the contract)"
    assert explanation.step("adjustment:pso-2").text_nl.startswith(
        "pso-2 (PSO trede 2): −25% → 12499.9999…"  # 12,499.999875
    )
    assert explanation.amount == explanation.recompute() == Decimal("12500.00")


def test_explanations_are_plain_data_for_applications() -> None:
    data = sroi.explain(conventions_example(), rules=RULES).to_dict()
    assert json.loads(json.dumps(data)) == data
    months = next(step for step in data["steps"] if step["key"] == "months")
    assert months["value"][2] == {
        "index": 3,
        "first": "2024-03-15",
        "last": "2024-04-14",
        "days_counted": 6,
        "days_in_month": 31,
    }
    assert data["amount"] == "5483.87"


def test_only_valuations_can_be_explained_in_known_languages() -> None:
    with pytest.raises(sroi.InvalidValueError, match="valuation"):
        sroi.explain(Decimal(1))  # type: ignore[arg-type]
    with pytest.raises(sroi.InvalidValueError, match="lang"):
        sroi.explain(conventions_example()).to_text("de")  # type: ignore[arg-type]
    with pytest.raises(sroi.InvalidValueError, match="rounding"):
        sroi.explain(conventions_example()).step("nothing")


# --- report amounts ---------------------------------------------------------------------------


def report() -> sroi.FulfilmentReport:
    contract = sroi.Contract(
        "C-1",
        "Schoonmaak",
        sroi.Period(D(2024, 1, 1), D(2024, 12, 31)),
        sroi.Organisation("Schoon BV"),
        value_excl_vat=Decimal(200000),
        sr_percentage=Decimal(5),
    )
    placement = sroi.Placement(
        candidate(), sroi.PlacementKind.JOB, "pw", sroi.Period(D(2024, 1, 15), D(2024, 2, 14)),
        Decimal(36),
    )  # fmt: skip
    purchase = sroi.SocialPurchase(
        sroi.Organisation("Werkbedrijf"), "pso-2", D(2024, 3, 1), Decimal("1234.56")
    )
    records = [
        ItemRecord("P1", sroi.Route.CANDIDATE, ReviewStatus.APPROVED, placement, D(2024, 1, 1)),
        ItemRecord("S1", sroi.Route.PURCHASE, ReviewStatus.APPROVED, purchase, D(2024, 1, 1)),
        ItemRecord("S2", sroi.Route.PURCHASE, ReviewStatus.REJECTED, purchase, D(2024, 1, 1)),
    ]
    return fulfilment_report(contract, records, RULES, at=D(2024, 6, 30), as_of=D(2024, 6, 30))


def test_a_total_is_the_sum_of_its_lines_each_with_its_own_chain() -> None:
    explanation = report().explain("realised")
    assert [step.key for step in explanation.steps] == ["line:P1", "line:S1", "total"]
    assert explanation.amount == Decimal("2500.00") + Decimal("246.91")
    detail = explanation.step("line:P1").detail
    assert detail is not None
    assert detail.step("contract").text_nl == "C-1 (Schoonmaak)"
    assert detail.step("item").text_en == "P1 (candidate, status: approved)"
    assert explanation.recompute() == explanation.amount


def test_a_total_of_one_route_or_block_explains_only_its_lines() -> None:
    by_route = report().explain("realised", route=sroi.Route.PURCHASE)
    assert [step.key for step in by_route.steps] == ["line:S1", "total"]
    by_block = report().explain("forecast", block="pw")
    assert by_block.amount == Decimal("2500.00")


def test_the_target_and_the_remaining_amount_explain_through_the_obligation() -> None:
    target = report().explain("target", moment=1)
    assert target.step("moment").text_en == "2024-07-01 (50% of the term)"
    assert target.amount == target.recompute() == Decimal(5000)
    remaining = report().explain("remaining")
    assert remaining.amount == remaining.recompute() == Decimal(10000) - Decimal("2746.91")


def test_a_line_that_does_not_count_cannot_be_explained_as_realised() -> None:
    with pytest.raises(sroi.InvalidValueError, match="rejected"):
        report().explain("realised", item_id="S2")
    with pytest.raises(sroi.InvalidValueError, match="moment"):
        report().explain("target", moment=9)
    with pytest.raises(sroi.InvalidValueError, match="what"):
        report().explain("colour")  # type: ignore[arg-type]


# --- every generated amount recomputes: the one property check of recompute() -----------------


@st.composite
def valued(draw: st.DrawFn) -> tuple[Explanation, Decimal]:
    """An engine amount (a line item's value or a contract's obligation) and its explanation."""
    rules = draw(sst.rule_sets(minimum_hours=None))
    if draw(st.booleans()):
        contract = draw(sst.contracts(rules))
        owed = sroi.obligation(contract, rules, warn=False)
        return sroi.explain(owed, rules=rules, contract=contract), owed.amount
    item = draw(st.one_of(sst.placements(rules), sst.purchases(rules), sst.projects(rules)))
    first = draw(sst.dates())
    window = draw(st.none() | st.builds(lambda days: sroi.Period(first, first + dt.timedelta(days)),
                                         st.integers(0, 800)))  # fmt: skip
    valuation = sroi.value_item(item, rules, window)
    return sroi.explain(valuation, rules=rules, item=item), valuation.amount


@given(valued())
def test_every_engine_amount_recomputes_from_its_explanation(
    generated: tuple[Explanation, Decimal],
) -> None:
    """recompute() reads only the steps' numbers; it must reach the engine's amount, always."""
    explanation, amount = generated
    assert explanation.recompute() == amount
    if explanation.has("exact"):  # a line item: the exact sum before rounding, too
        assert explanation.recompute_exact() == explanation.step("exact").value
