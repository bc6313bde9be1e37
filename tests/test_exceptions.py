"""Error messages stay short whatever the input, and personal data is never repeated."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sroi
from sroi.exceptions import (
    MAX_SHOWN,
    RuleFileError,
    RuleFileProblem,
    Withheld,
    bounded_repr,
    withhold_personal,
)

HUGE = "J" * 50_000


@given(st.one_of(st.text(), st.binary(), st.integers(), st.lists(st.text()), st.decimals()))
def test_a_bounded_repr_is_never_longer_than_its_limit(value: object) -> None:
    assert len(bounded_repr(value)) <= MAX_SHOWN
    assert len(bounded_repr(value, 20)) <= 20


@pytest.mark.parametrize("value", ["J.P.", Decimal("-4"), dt.date(2024, 2, 29), 7, None])
def test_a_short_value_is_shown_as_its_repr(value: object) -> None:
    assert bounded_repr(value) == repr(value)


def test_a_long_text_keeps_its_start_and_end() -> None:
    shown = bounded_repr("begin" + "x" * 1000 + "end")
    assert shown.startswith("'begin")
    assert shown.endswith("end'")
    assert "..." in shown


def test_a_value_whose_repr_fails_is_described_by_its_type() -> None:
    class Broken:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    shown = bounded_repr(Broken())
    assert shown.startswith("<Broken ")
    assert len(shown) <= MAX_SHOWN


def test_an_invalid_value_error_bounds_the_value_it_shows_and_keeps_the_value() -> None:
    error = sroi.InvalidValueError("hours_per_week", HUGE, "a Decimal")
    assert error.value == HUGE
    assert len(str(error)) < MAX_SHOWN + 60


def test_a_privacy_error_keeps_and_shows_only_a_stand_in() -> None:
    error = sroi.PrivacyError("initials", "Jan Bakker", "initials only", hint="a name")
    assert error.value == Withheld("str", 10)
    assert str(error) == (
        "initials: <a text of 10 characters, not shown>, expected initials only (a name)"
    )
    moved = error.at("candidate")
    assert moved.field == "candidate.initials"
    assert moved.value == Withheld("str", 10)
    assert repr(Withheld.of(42)) == "<a int, not shown>"


def test_a_free_text_that_is_too_long_is_not_repeated() -> None:
    with pytest.raises(sroi.InvalidValueError) as caught:
        sroi.SrProject.on(dt.date(2024, 1, 1), HUGE, "project", hours=Decimal(1))
    assert caught.value.value == Withheld("str", 50_000)
    assert "JJJ" not in str(caught.value)


def test_a_long_code_is_cut_in_the_message() -> None:
    with pytest.raises(sroi.InvalidValueError) as caught:
        sroi.BonusGrant("x" * 50_000, dt.date(2024, 1, 1))
    assert len(str(caught.value)) < 2 * MAX_SHOWN + 100


def test_errors_naming_codes_and_regions_stay_short() -> None:
    unknown = sroi.UnknownBlockError("y" * 50_000, [f"block-{i}" for i in range(500)])
    assert len(str(unknown)) < 600
    assert "and 488 more" in str(unknown)
    region = sroi.RegionNotFoundError("z" * 50_000, ["midden-gelderland", "noord-holland"])
    assert len(str(region)) < 300
    conflict = sroi.PluginConflictError("r", ("a 1.0", "b 2.0"), "d" * 50_000)
    assert len(str(conflict)) < 600


def test_a_rule_file_problem_shows_a_bounded_value() -> None:
    problem = RuleFileProblem("rules.toml", "blocks.x", "value", "9" * 50_000, "a decimal")
    assert len(str(problem)) < 200
    error = RuleFileError("rules.toml", [problem] * 3)
    assert len(str(error)) < 800


def test_a_privacy_error_survives_pickling_without_the_value() -> None:
    # errors cross process boundaries (multiprocessing, test runners); the value stays withheld
    error = sroi.PrivacyError("note", "bel 0612345678", "text", hint="a phone number")
    copy = pickle.loads(pickle.dumps(error))
    assert copy.value == Withheld("str", 14)
    assert "0612345678" not in pickle.dumps(error).decode("latin-1")


@pytest.mark.parametrize(
    "text", ["bsn 111222333", "mail j.jansen@example.nl", "bel 0612345678", "met Jan Bakker"]
)
def test_a_text_refused_for_another_reason_is_not_repeated_when_it_looks_personal(
    text: str,
) -> None:
    error = sroi.InvalidValueError("birth_date", text, "a calendar date")
    assert error.value == Withheld("str", len(text))
    assert (
        str(error)
        == f"birth_date: <a text of {len(text)} characters, not shown>, expected a calendar date"
    )


def test_a_harmless_refused_text_is_shown() -> None:
    error = sroi.InvalidValueError("birth_date", "31-02-2024", "a calendar date")
    assert error.value == "31-02-2024"
    assert str(error) == "birth_date: '31-02-2024', expected a calendar date"


@pytest.mark.parametrize(
    ("value", "withheld"),
    [
        ("Jan Bakker", True),  # two capitalised words: anywhere in a text that is not free text
        ("x" * 500 + " bsn 111222333", True),  # in the end that a message shows
        ("ww-lt1", False),
        ("2024-02-30", False),
        (Decimal("-4"), False),
    ],
)
def test_withhold_personal_replaces_only_texts_that_look_personal(
    value: object, withheld: bool
) -> None:
    result = withhold_personal(value)
    if withheld:
        assert isinstance(value, str)
        assert result == Withheld("str", len(value))
    else:
        assert result is value
