"""Dutch money notation, aligned tables and the text, HTML and plain-data views of reports."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import attrs
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
    unverified_values,
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


# --- provenance: the values not verified that a report used ------------------------------------

UNVERIFIED = sroi.Provenance("a copy of the table", sroi.Status.UNVERIFIED)
ASSUMED = sroi.Provenance("our own choice", sroi.Status.ASSUMED)


def _doubtful_report(*, own_moments: bool = False, number: str = "T-1") -> sroi.FulfilmentReport:
    """The report of ``_report`` valued with an unverified purchase block, assumed full-time
    hours, a percentage and a discount from the rules (unverified) and assumed moments."""
    rules = _rules()
    sw = attrs.evolve(rules.block("sw"), provenance=UNVERIFIED)
    pso = sroi.ObligationAdjustment(
        "pso-1",
        "PSO trede 1",
        "PSO level 1",
        sroi.AdjustmentKind.DISCOUNT,
        Decimal("0.1"),
        UNVERIFIED,
    )
    doubtful = sroi.RuleSet.build(
        "testland",
        "T1",
        dt.date(2020, 1, 1),
        blocks=[rules.block("pw"), sw],
        adjustments=[pso],
        full_time_hours=sroi.Parameter(Decimal(36), ASSUMED),
        sr_percentage=sroi.Parameter(Decimal(5), UNVERIFIED),
        measurement_provenance=ASSUMED,
    )
    report = _report()
    history = register(
        attrs.evolve(
            report.contract,
            number=number,
            sr_percentage=None,
            adjustments=("pso-1",),
            measurement_fractions=(Decimal("0.5"), Decimal(1)) if own_moments else None,
        ),
        recorded_on=dt.date(2023, 12, 1),
    )
    placement = report.line("P1").item
    purchase = report.line("S1").item
    assert isinstance(placement, sroi.Placement)
    assert isinstance(purchase, sroi.SocialPurchase)
    events = [
        ProposePlacement(
            recorded_on=dt.date(2023, 12, 20), role=Role.CONTRACTOR, placement=placement
        ),
        Approve(recorded_on=dt.date(2024, 1, 5), role=Role.SR_COORDINATOR, item_id="P1"),
        ProposePurchase(recorded_on=dt.date(2024, 3, 4), role=Role.CONTRACTOR, purchase=purchase),
        ProposePurchase(recorded_on=dt.date(2024, 3, 5), role=Role.CONTRACTOR, purchase=purchase),
        Reject(
            recorded_on=dt.date(2024, 3, 11), role=Role.SR_COORDINATOR, item_id="S1", reason="no"
        ),
    ]
    for event in events:
        history = apply(history, event)
    return sroi.report(
        history, doubtful, at=dt.date(2024, 6, 30), as_of=dt.date(2024, 6, 30), warn=False
    )


def test_every_value_not_verified_that_a_report_used_is_listed_with_what_uses_it() -> None:
    values = unverified_values(_doubtful_report())
    assert [(value.key, value.status, value.used_by) for value in values] == [
        ("adjustments.pso-1", sroi.Status.UNVERIFIED, ("obligation",)),
        # S1 was rejected: it counts nowhere, so only the pending S2 uses the block
        ("blocks.sw", sroi.Status.UNVERIFIED, ("S2",)),
        ("full_time_hours", sroi.Status.ASSUMED, ("P1",)),
        ("measurement_fractions", sroi.Status.ASSUMED, ("moments",)),
        ("sr_percentage", sroi.Status.UNVERIFIED, ("obligation",)),
    ]
    assert {value.source for value in values} == {"a copy of the table", "our own choice"}


def test_moments_agreed_in_the_contract_do_not_rest_on_the_default() -> None:
    keys = [value.key for value in unverified_values(_doubtful_report(own_moments=True))]
    assert "measurement_fractions" not in keys
    assert keys == ["adjustments.pso-1", "blocks.sw", "full_time_hours", "sr_percentage"]


def test_a_report_on_verified_values_lists_none() -> None:
    report = _report()
    verified = attrs.evolve(report.rules, measurement_provenance=VERIFIED)
    again = sroi.fulfilment_report(
        report.contract,
        [],
        verified,
        at=report.at,
        as_of=report.as_of,
    )
    assert unverified_values(again) == ()
    assert "Every rule value used is verified." in report_html(again)
    assert report_data(again)["unverified"] == []


def test_the_json_report_carries_the_status_of_every_value_not_verified() -> None:
    report = _doubtful_report()
    data = report_data(report)
    assert json.loads(json.dumps(data)) == data
    assert data["unverified"][1] == {
        "key": "blocks.sw",
        "status": "unverified",
        "source": "a copy of the table",
        "used_by": ["S2"],
    }
    assert [value["key"] for value in data["unverified"]] == [
        value.key for value in unverified_values(report)
    ]
    items = {item["item_id"]: item["unverified"] for item in data["items"]}
    assert items == {"P1": ["full_time_hours"], "S1": [], "S2": ["blocks.sw"]}
    assert [
        item["item_id"]
        for item in consolidated_data(sroi.consolidate([report]))["contracts"][0]["items"]
    ] == ["P1", "S1", "S2"]


def test_the_html_report_indents_blocks_marks_the_total_and_values_not_verified() -> None:
    report = _doubtful_report()
    html = report_html(report)
    rows = re.findall(r'<tr class="sroi-(route|block|total)"[^>]*>(.*?)</tr>', html)
    assert [(kind, re.sub(r"<[^>]+>", "", cells)[:12]) for kind, cells in rows][:3] == [
        ("route", "candidates*€"),
        ("block", "pw*€ 15.000,"),
        ("route", "purchases*€ "),
    ]
    assert rows[-1][0] == "total"
    assert 'class="sroi-total" style="font-weight: bold; border-top' in html
    assert re.search(r'<tr class="sroi-block"[^>]*><td style="padding-left: 2em">pw<sup', html)
    # the mark names what the amount rests on
    assert 'title="rests on values not verified: full_time_hours"' in html
    assert 'title="rests on values not verified: adjustments.pso-1, sr_percentage"' in html
    # the items: the rejected S1 uses nothing and is not marked
    assert ">S1</td>" in html
    assert ">S2<sup" in html
    # the last table lists every such value with its status and source
    table = html[html.index("Rests on rule values that are not verified") :]
    for value in unverified_values(report):
        assert f"<td>{value.key}</td><td>{value.status.value}</td>" in table
    assert "<td>our own choice</td>" in table


def test_the_html_report_marks_nothing_when_every_value_is_verified() -> None:
    report = _report()
    verified = attrs.evolve(report.rules, measurement_provenance=VERIFIED)
    again = sroi.fulfilment_report(report.contract, [], verified, at=report.at, as_of=report.as_of)
    assert "sroi-unverified" not in report_html(again)


def test_the_consolidated_html_marks_the_total_and_names_contracts_on_unverified_values() -> None:
    report = _report()
    verified = attrs.evolve(report.rules, measurement_provenance=VERIFIED)
    sure = sroi.fulfilment_report(report.contract, [], verified, at=report.at, as_of=report.as_of)
    consolidated = sroi.consolidate([sure, _doubtful_report(number="T-2")], by="contractor")
    html = consolidated_html(consolidated)
    totals = re.findall(r'<tr class="sroi-total"[^>]*>(.*?)</tr>', html)
    assert len(totals) == 1
    assert totals[0].startswith("<td>total</td>")
    assert html.index('class="sroi-total"') > html.rindex("<tr>")
    assert "1 of 2 contracts rest on rule values that are not verified" in html
    assert "verified: T-2 (their own reports list them)" in html
    assert "T-1" not in html


def test_the_consolidated_html_has_no_note_when_every_value_is_verified() -> None:
    report = _report()
    verified = attrs.evolve(report.rules, measurement_provenance=VERIFIED)
    again = sroi.fulfilment_report(report.contract, [], verified, at=report.at, as_of=report.as_of)
    assert "sroi-unverified" not in consolidated_html(sroi.consolidate([again]))


def test_route_and_moment_names_are_read_only_and_come_from_the_label_catalogue() -> None:
    from sroi.formatting import MOMENT_LABELS, ROUTE_LABELS
    from sroi.labels import label

    assert dict(ROUTE_LABELS) == {
        sroi.Route.CANDIDATE: "candidates",
        sroi.Route.PURCHASE: "purchases",
        sroi.Route.PROJECT: "projects",
    }
    assert MOMENT_LABELS["not_yet_reached"] == label(sroi.MomentState.NOT_YET_REACHED, "en")
    assert MOMENT_LABELS["on_track"] == "on track"
    with pytest.raises(TypeError):
        ROUTE_LABELS[sroi.Route.CANDIDATE] = "people"  # type: ignore[index]


def test_an_item_sent_back_for_changes_is_named_in_words_in_the_text_report() -> None:
    from sroi.lifecycle import RequestChanges

    contract = _report().contract
    placement = sroi.Placement(
        sroi.Candidate("A.B.", "pw", dt.date(1990, 5, 1)),
        sroi.PlacementKind.JOB,
        "pw",
        sroi.Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        Decimal(36),
    )
    history = register(contract, recorded_on=dt.date(2023, 12, 1))
    for event in (
        ProposePlacement(
            recorded_on=dt.date(2023, 12, 20), role=Role.CONTRACTOR, placement=placement
        ),
        RequestChanges(
            recorded_on=dt.date(2024, 1, 5),
            role=Role.SR_COORDINATOR,
            item_id="P1",
            reason="hours unclear",
        ),
    ):
        history = apply(history, event)
    report = sroi.report(history, _rules(), at=dt.date(2024, 6, 30), as_of=dt.date(2024, 6, 30))
    item_line = next(line for line in report_text(report).splitlines() if line.startswith("P1 "))
    assert "changes requested" in item_line
    assert "changes_requested" not in report_text(report)
