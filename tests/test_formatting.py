"""Dutch money notation, aligned tables and the text, HTML and plain-data views of reports."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sroi
from sroi.formatting import (
    consolidated_data,
    consolidated_html,
    consolidated_text,
    format_euro,
    format_number,
    format_percentage,
    render_table,
    report_data,
    report_html,
    report_text,
)
from sroi.lifecycle import Approve, ProposePlacement, ProposePurchase, Reject, Role, apply, register

VERIFIED = sroi.Provenance("test table", sroi.Status.VERIFIED)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("1234.56", "€ 1.234,56"),
        ("-1234.56", "€ -1.234,56"),
        ("0", "€ 0,00"),
        ("1000000", "€ 1.000.000,00"),
        ("999.995", "€ 1.000,00"),
        ("0.005", "€ 0,01"),
        ("-0.004", "€ 0,00"),
        ("12.3", "€ 12,30"),
        ("123456789012.34", "€ 123.456.789.012,34"),
    ],
)
def test_euro_amounts_are_written_the_dutch_way_rounded_half_up(amount: str, text: str) -> None:
    assert format_euro(Decimal(amount)) == text


@pytest.mark.parametrize("value", [1234.56, float("nan"), Decimal("NaN"), Decimal("Infinity")])
def test_a_float_or_a_non_finite_amount_is_refused(value: object) -> None:
    with pytest.raises(sroi.InvalidValueError):
        format_euro(value)  # type: ignore[arg-type]


@given(st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, places=4))
def test_reading_a_dutch_amount_back_gives_the_amount_rounded_to_cents(amount: Decimal) -> None:
    text = format_euro(amount)
    assert text.startswith("€ ")
    number = Decimal(text[2:].replace(".", "").replace(",", "."))
    assert number == sroi.round_cents(amount)


def test_percentages_and_numbers_keep_their_places_with_a_decimal_comma() -> None:
    assert format_percentage(Decimal("42.5")) == "42,5%"
    assert format_percentage(Decimal("100")) == "100%"
    assert format_percentage(None) == "-"
    assert format_number(Decimal("1500.25")) == "1.500,25"
    assert format_number(Decimal("36")) == "36"


def test_a_table_aligns_text_left_and_amounts_right() -> None:
    table = render_table(
        ["Block", "Value"], [["ww-lt1", "€ 10.000,00"], ["mvo", "€ 100,00"]], right={1}
    )
    lines = table.splitlines()
    assert lines[0] == "Block         Value"
    assert lines[1] == "------  -----------"
    assert lines[2] == "ww-lt1  € 10.000,00"
    assert lines[3] == "mvo        € 100,00"


def test_a_row_with_the_wrong_number_of_cells_is_refused() -> None:
    with pytest.raises(sroi.InvalidValueError, match=r"rows\[1\]"):
        render_table(["A", "B"], [["1", "2"], ["3"]])


# --- reports ---------------------------------------------------------------------------------


def _rules() -> sroi.RuleSet:
    pw = sroi.BuildingBlock(
        "pw",
        "Participatiewet",
        "Social assistance",
        sroi.Route.CANDIDATE,
        sroi.Unit.PER_YEAR_FULL_TIME,
        Decimal(30000),
        VERIFIED,
    )
    sw = sroi.BuildingBlock(
        "sw",
        "SW-bedrijf",
        "Sheltered company",
        sroi.Route.PURCHASE,
        sroi.Unit.SHARE_OF_INVOICE,
        Decimal(1),
        VERIFIED,
    )
    return sroi.RuleSet.build(
        "testland",
        "T1",
        dt.date(2020, 1, 1),
        blocks=[pw, sw],
        full_time_hours=sroi.Parameter(Decimal(36), VERIFIED),
    )


def _report(title: str = "Groenonderhoud") -> sroi.FulfilmentReport:
    contract = sroi.Contract(
        "T-1",
        title,
        sroi.Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31)),
        sroi.Organisation("Groen & Co B.V.", kvk="90000099"),
        value_excl_vat=Decimal("1000000"),
        sr_percentage=Decimal(5),
        region="testland",
    )
    history = register(contract, recorded_on=dt.date(2023, 12, 1))
    placement = sroi.Placement(
        sroi.Candidate("J.P.", "pw", dt.date(1990, 5, 1)),
        sroi.PlacementKind.JOB,
        "pw",
        sroi.Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        Decimal(36),
    )
    purchase = sroi.SocialPurchase(
        sroi.Organisation("Werkbedrijf"), "sw", dt.date(2024, 3, 1), Decimal("1234.56")
    )
    events = [
        ProposePlacement(
            recorded_on=dt.date(2023, 12, 20), role=Role.CONTRACTOR, placement=placement
        ),
        Approve(recorded_on=dt.date(2024, 1, 5), role=Role.SR_COORDINATOR, item_id="P1"),
        ProposePurchase(recorded_on=dt.date(2024, 3, 4), role=Role.CONTRACTOR, purchase=purchase),
        Reject(
            recorded_on=dt.date(2024, 3, 11),
            role=Role.SR_COORDINATOR,
            item_id="S1",
            reason="no invoice",
        ),
    ]
    for event in events:
        history = apply(history, event)
    return sroi.report(history, _rules(), at=dt.date(2024, 6, 30), as_of=dt.date(2024, 6, 30))


def test_the_text_report_shows_the_header_amounts_items_and_moments() -> None:
    text = report_text(_report())
    assert text.startswith("Contract T-1\n============")
    assert "Contractor:  Groen & Co B.V. (KvK 90000099)" in text
    assert "Obligation:  € 50.000,00 (5% of € 1.000.000,00)" in text
    # 6 whole months of 30,000 a year at full time
    assert "€ 15.000,00" in text
    assert "rejected" in text
    assert "Realised 30,0% of the obligation" in text
    moments = text[text.index("Moment") :].splitlines()
    assert moments[2].split()[:2] == ["2024-07-01", "25%"]
    assert moments[2].endswith("not yet reached")


def test_the_html_report_escapes_text_from_the_data() -> None:
    html = report_html(_report(title="<script>alert('x')</script>"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<table>" in html
    assert html == _report(title="<script>alert('x')</script>")._repr_html_()


def test_plain_data_holds_amounts_as_decimal_strings() -> None:
    report = _report()
    data = report_data(report)
    assert json.loads(json.dumps(data)) == data
    assert data["obligation"]["amount"] == "50000.00"
    assert data["totals"]["realised"] == "15000.00"
    assert Decimal(data["totals"]["realised"]) == report.totals.realised
    assert [item["status"] for item in data["items"]] == ["approved", "rejected"]
    assert data["moments"][0]["realised"] is None


def test_consolidated_views_add_up_the_reports() -> None:
    consolidated = sroi.consolidate([_report()], by="contract")
    data = consolidated_data(consolidated)
    assert data["total"]["realised"] == "15000.00"
    assert data["groups"][0]["key"] == "T-1"
    assert "All contracts on 2024-06-30" in consolidated_text(consolidated)
    assert "€ 50.000,00" in consolidated_html(consolidated)
    assert consolidated._repr_html_() == consolidated_html(consolidated)
