"""Money: exact decimals, rounded to whole cents half up, never floats."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sroi import InvalidValueError, round_cents
from sroi.money import CENT, PRECISION, as_money, exact_decimal


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("2577.8615", "2577.86"),
        ("0.005", "0.01"),
        ("0.015", "0.02"),
        ("0.025", "0.03"),
        ("0.0049999", "0.00"),
        ("-0.005", "-0.01"),
        ("12", "12.00"),
        ("29999.999999999999999999999999999999999", "30000.00"),
    ],
)
def test_round_cents_rounds_half_up_to_whole_cents(amount: str, expected: str) -> None:
    rounded = round_cents(Decimal(amount))
    assert rounded == Decimal(expected)
    assert rounded.as_tuple().exponent == -2


def test_round_cents_of_a_long_intermediate_keeps_every_digit_before_rounding() -> None:
    # 60 significant digits: a value just under half a cent must not be rounded up twice.
    value = PRECISION.divide(Decimal(1), Decimal(3)) + Decimal("0.001666")
    assert round_cents(value) == Decimal("0.33")


def test_cent_is_one_hundredth_of_a_euro() -> None:
    assert Decimal(100) * CENT == Decimal(1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("1234.56"), Decimal("1234.56")), (1234, Decimal(1234)), (" 12.30 ", Decimal("12.3"))],
)
def test_as_money_accepts_decimals_ints_and_decimal_strings(
    value: object, expected: Decimal
) -> None:
    result = as_money(value)
    assert isinstance(result, Decimal)
    assert result == expected


@pytest.mark.parametrize("value", [0.1, 1234.56, float("nan"), float("inf")])
def test_as_money_refuses_floats(value: float) -> None:
    with pytest.raises(InvalidValueError) as caught:
        as_money(value, "amount_excl_vat")
    assert caught.value.field == "amount_excl_vat"
    assert "float" in caught.value.expected


def test_as_money_refuses_a_bool() -> None:
    with pytest.raises(InvalidValueError):
        as_money(True)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), "-Infinity", "nan"])
def test_as_money_refuses_nan_and_infinity(value: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        as_money(value)
    assert caught.value.expected == "a finite amount"
    assert caught.value.field == "amount"


@pytest.mark.parametrize("value", ["12,50", "twelve", None, [1]])
def test_as_money_refuses_text_that_is_not_a_decimal_and_other_types(value: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        as_money(value, "value")
    assert caught.value.value == value


@given(
    st.integers(min_value=-(10**80), max_value=10**80),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=60),
)
def test_exact_decimal_is_exact_for_any_size(numerator: int, twos: int, fives: int) -> None:
    """No context precision rounds it: 10**28 + 1 stays 10**28 + 1 (a bug once)."""
    value = Fraction(numerator, 2**twos * 5**fives)
    assert Fraction(exact_decimal(value)) == value
