"""The one plain-data edge: every JSON-like output writes values the same way."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sroi import Period, Route, SroiError
from sroi.period import MonthShare
from sroi.serde.plain import fraction_text, to_plain


def test_values_become_strings_the_same_way_everywhere() -> None:
    share = MonthShare(3, dt.date(2024, 3, 15), dt.date(2024, 3, 20), 6, 31)
    data = to_plain(
        {
            "amount": Decimal("1E+3"),
            "share": Fraction(6, 31),
            "period": Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
            "route": Route.CANDIDATE,
            "months": (share,),
            "codes": frozenset({"b", "a"}),
            "none": None,
        }
    )
    assert data == {
        "amount": "1000",
        "share": "6/31",
        "period": "2024-01-01..2024-12-31",
        "route": "candidate",
        "months": [
            {
                "index": 3,
                "first": "2024-03-15",
                "last": "2024-03-20",
                "days_counted": 6,
                "days_in_month": 31,
            }
        ],
        "codes": ["a", "b"],
        "none": None,
    }
    json.dumps(data)  # plain data is JSON as it stands


@given(st.fractions(max_denominator=10**6))
def test_a_fraction_reads_back_exactly(value: Fraction) -> None:
    text = fraction_text(value)
    assert Fraction(text) == value
    denominator = value.denominator
    for factor in (2, 5):
        while denominator % factor == 0:
            denominator //= factor
    assert ("/" in text) == (denominator != 1)  # a decimal string exactly when one exists


@pytest.mark.parametrize("value", [1.5, dt.datetime(2024, 1, 1), object()])
def test_what_cannot_be_plain_data_is_refused(value: object) -> None:
    with pytest.raises(SroiError, match="value"):
        to_plain({"x": value})
