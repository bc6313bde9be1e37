"""The one converter: strict, complete error reports with paths, exact round trips."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sroi
from sroi import serde
from sroi.lifecycle import Approve, Role
from sroi.testing import strategies as sst

Item = sroi.Placement | sroi.SocialPurchase | sroi.SrProject


def placement_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "candidate": {"initials": "J.P.", "target_group": "ww", "birth_date": "1980-01-01"},
        "kind": "job",
        "block": "ww-lt1",
        "period": {"first": "2024-01-01", "last": "2024-12-31"},
        "hours_per_week": "36",
    }
    data.update(changes)
    return data


def problems(data: object, cls: Any) -> list[str]:
    with pytest.raises(sroi.ValidationError) as caught:
        serde.structure(data, cls)
    return [str(error) for error in caught.value.errors]


def test_a_valid_placement_is_built_with_decimals_and_dates() -> None:
    placement = serde.structure(placement_data(), sroi.Placement)
    assert placement.hours_per_week == Decimal(36)
    assert placement.period.last == dt.date(2024, 12, 31)
    assert placement.kind is sroi.PlacementKind.JOB


def test_negative_hours_are_reported_at_their_path_with_a_plain_value() -> None:
    assert problems(placement_data(hours_per_week="-4"), sroi.Placement) == [
        "hours_per_week: -4, expected a Decimal >= 0 and <= 168"
    ]


def test_every_problem_of_an_object_is_reported_at_once() -> None:
    data = placement_data(
        candidate={"initials": "Jan Jansen", "target_group": "WW", "birth_date": "1980-02-30"},
        kind="jobb",
        hours_per_week="-4",
        exit_date=5,
        colour="red",
    )
    reported = problems(data, sroi.Placement)
    assert [line.split(":")[0] for line in reported] == [
        "candidate.initials",
        "candidate.target_group",
        "candidate.birth_date",
        "kind",
        "hours_per_week",
        "exit_date",
        "colour",
    ]
    assert "did you mean 'job'?" in reported[3]
    assert reported[6].startswith("colour: unknown field")


def test_a_name_for_initials_keeps_its_privacy_error_type() -> None:
    data = placement_data(
        candidate={"initials": "Jan Jansen", "target_group": "ww", "birth_date": "1980-01-01"}
    )
    with pytest.raises(sroi.ValidationError) as caught:
        serde.structure(data, sroi.Placement)
    (error,) = caught.value.errors
    assert isinstance(error, sroi.PrivacyError)
    assert error.field == "candidate.initials"


def test_a_cross_field_check_names_the_field_inside_the_object() -> None:
    data = placement_data(period={"first": "2024-01-01", "last": "2023-12-31"})
    assert problems(data, sroi.Placement)[0].startswith("period.last: 2023-12-31, expected on or")


def test_a_missing_required_field_says_what_it_should_hold() -> None:
    data = placement_data()
    del data["block"]
    assert problems(data, sroi.Placement) == ["block: missing, expected a text (a required field)"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (36.5, 'write the number in quotes, "36.5"'),
        (36, 'write the number in quotes, "36"'),
        ("1e2", 'a decimal string such as "1234.56"'),
        ("36,5", "use a point as the decimal separator"),
        (" 36", 'a decimal string such as "1234.56"'),
        ("NaN", 'a decimal string such as "1234.56"'),
        ("1" * 31, "at most 15 digits before the point"),
        (True, 'a decimal string such as "1234.56"'),
    ],
)
def test_money_and_hours_are_decimal_strings_only(value: object, expected: str) -> None:
    (line,) = problems(placement_data(hours_per_week=value), sroi.Placement)
    assert line.startswith("hours_per_week: ")
    assert expected in line


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-01T00:00", "a date without a time"),
        ("2023-02-29", "an existing calendar date"),
        ("01-01-2024", 'an ISO 8601 date "YYYY-MM-DD"'),
        ("20240101", 'an ISO 8601 date "YYYY-MM-DD"'),
        (20240101, 'an ISO 8601 date "YYYY-MM-DD"'),
    ],
)
def test_dates_are_iso_calendar_dates_only(value: object, expected: str) -> None:
    (line,) = problems(placement_data(exit_date=value), sroi.Placement)
    assert line.startswith("exit_date: ")
    assert expected in line


def test_texts_integers_and_lists_are_not_coerced() -> None:
    assert problems({"name": 12345678}, sroi.Organisation) == ["name: 12345678, expected a text"]
    assert problems({"name": "Groen & Co", "locations": "Arnhem"}, sroi.Organisation) == [
        "locations: 'Arnhem', expected a list of Location objects"
    ]
    assert problems([], sroi.Organisation) == [
        "(document): a list of 0 items, expected an object (Organisation)"
    ]


def test_huge_integers_are_refused() -> None:
    data = {"file_name": "a.pdf", "media_type": "application/pdf", "size": 10**30, "sha256": "0"}
    assert problems(data, sroi.lifecycle.Attachment)[0].startswith(
        "size: 1000000000000000000000000000000, expected an integer of at most"
    )


def test_deep_nesting_is_refused_without_recursing() -> None:
    data: object = "x"
    for _ in range(5000):
        data = [data]
    assert problems({"name": data}, sroi.Organisation) == [
        "(document): an object with keys name, expected data nested at most 64 levels deep"
    ]


def test_errors_in_a_list_name_the_index() -> None:
    data = [placement_data(), placement_data(hours_per_week="200")]
    assert problems(data, tuple[sroi.Placement, ...]) == [
        "[1].hours_per_week: 200, expected a Decimal >= 0 and <= 168"
    ]


def test_items_are_tagged_with_their_type() -> None:
    project = sroi.SrProject.on(dt.date(2024, 5, 1), "Gastles", "gastles", hours=Decimal(3))
    data = serde.unstructure(project, Item)
    assert data["type"] == "sr-project"
    assert serde.structure(data, Item) == project
    assert problems({**data, "type": "sr-projekt"}, Item) == [
        "type: 'sr-projekt', expected one of 'placement', 'social-purchase', 'sr-project' "
        "(did you mean 'sr-project'?)"
    ]
    assert problems({**data, "type": ["sr-project"]}, Item)[0].startswith("type: a list of 1 item")


def test_an_event_keeps_its_effective_day_only_when_it_differs() -> None:
    same = Approve(recorded_on=dt.date(2024, 3, 4), role=Role.SR_COORDINATOR, item_id="P1")
    later = Approve(
        recorded_on=dt.date(2024, 3, 4),
        role=Role.SR_COORDINATOR,
        item_id="P1",
        effective_on=dt.date(2024, 4, 1),
    )
    assert "effective_on" not in serde.unstructure(same)
    assert serde.unstructure(later)["effective_on"] == "2024-04-01"
    tagged = serde.unstructure(later, sroi.lifecycle.Event)
    assert tagged["type"] == "approve"
    assert serde.structure(tagged, sroi.lifecycle.Event) == later


def test_dumping_a_value_too_long_for_a_document_is_refused() -> None:
    with pytest.raises(sroi.InvalidValueError, match="at most 15 digits before the point"):
        serde.unstructure(Decimal("1E+40"))


def test_loads_reports_the_line_and_column_of_broken_json() -> None:
    with pytest.raises(sroi.ValidationError) as caught:
        serde.loads('{\n  "name": "Groen",,\n}', source="org.json")
    assert caught.value.source == "org.json"
    assert caught.value.errors[0].field == "line 2, column 19"


@pytest.mark.parametrize("text", ["NaN", '{"a": Infinity}', "[" * 100_000 + "]" * 100_000])
def test_loads_refuses_what_json_should_not_hold(text: str) -> None:
    with pytest.raises(sroi.ValidationError):
        serde.loads(text)


@given(st.data())
def test_every_core_object_survives_a_trip_through_json(data: st.DataObject) -> None:
    rules = data.draw(sst.rule_sets())
    items = data.draw(
        st.lists(
            st.one_of(sst.placements(rules), sst.purchases(rules), sst.projects(rules)),
            max_size=4,
        )
    )
    contract = data.draw(sst.contracts(rules))
    text = json.dumps(
        {"contract": serde.unstructure(contract), "items": serde.unstructure(items, list[Item])}
    )
    back = json.loads(text)
    assert serde.structure(back["contract"], sroi.Contract) == contract
    assert serde.structure(back["items"], tuple[Item, ...]) == tuple(items)
