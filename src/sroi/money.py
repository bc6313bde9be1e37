"""Money: exact amounts in euros, rounded to whole cents half up per line item.

sroi never uses floats for money. Rule values and inputs are exact decimals; intermediate results
are exact rational numbers (:class:`~fractions.Fraction`, or integer numerator and denominator in
the hot loop), never a rounded decimal quotient. Each line item is rounded once to cents with
:func:`round_cents`, an exact half cent going up, and totals are sums of rounded line items so
that a report always adds up on paper.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

from sroi.exceptions import InvalidValueError

__all__ = [
    "CENT",
    "PRECISION",
    "as_money",
    "cents_half_up",
    "exact_decimal",
    "format_euro",
    "format_number",
    "from_cents",
    "round_cents",
]

CENT = Decimal("0.01")
"""One euro cent, the unit every line item is rounded to."""

PRECISION = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""A decimal context for exact decimal products and for quantizing (60 significant digits).

It is never used to divide amounts: quotients are :class:`~fractions.Fraction` s.
"""


def cents_half_up(numerator: int, denominator: int) -> int:
    """Whole cents of the euro amount ``numerator / denominator``, rounded half up.

    Half up as :data:`decimal.ROUND_HALF_UP`: an exact half cent goes away from zero.

    >>> cents_half_up(8609375, 1000)   # € 8.609,375
    860938
    >>> cents_half_up(-1, 200)         # - € 0,005
    -1
    """
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    if numerator >= 0:
        return (200 * numerator + denominator) // (2 * denominator)
    return -((-200 * numerator + denominator) // (2 * denominator))


def from_cents(cents: int) -> Decimal:
    """Whole cents as a ``Decimal`` amount in euros with two places.

    >>> from_cents(860938)
    Decimal('8609.38')
    """
    return Decimal(cents).scaleb(-2)


def round_cents(amount: Decimal | Fraction | int) -> Decimal:
    """Round an exact ``amount`` to whole cents, half up (``0.005`` becomes ``0.01``).

    >>> round_cents(Decimal("2577.8615"))
    Decimal('2577.86')
    >>> round_cents(Decimal("0.005"))
    Decimal('0.01')
    >>> round_cents(Fraction(68875, 8))   # exactly 8609.375
    Decimal('8609.38')

    Raises:
        InvalidValueError: when ``amount`` is not a finite number of one of those types.
    """
    if isinstance(amount, Decimal) and amount.is_finite():
        return amount.quantize(CENT, rounding=ROUND_HALF_UP, context=PRECISION)
    if isinstance(amount, int) and not isinstance(amount, bool):
        return from_cents(100 * amount)
    if isinstance(amount, Fraction):
        return from_cents(cents_half_up(amount.numerator, amount.denominator))
    raise InvalidValueError("amount", amount, "a finite Decimal, a Fraction or an int")


def exact_decimal(value: Fraction | int) -> Decimal:
    """``value`` as a ``Decimal``, exactly; for rationals whose decimal expansion ends.

    Raises:
        InvalidValueError: when ``value`` has no finite decimal expansion (e.g. 1/3).

    >>> exact_decimal(Fraction(17, 8))
    Decimal('2.125')
    """
    fraction = Fraction(value)
    denominator, twos, fives = fraction.denominator, 0, 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        raise InvalidValueError("value", fraction, "a rational number with a finite decimal form")
    places = max(twos, fives)
    scaled = fraction.numerator * 10**places // fraction.denominator
    # Built from its digits, not with scaleb: a context would round beyond its precision.
    digits = tuple(int(digit) for digit in str(abs(scaled)))
    return Decimal((int(scaled < 0), digits, -places))


def as_money(value: object, field: str = "amount") -> Decimal:
    """Return ``value`` as a finite ``Decimal``, refusing floats and anything inexact.

    Accepts a ``Decimal``, an ``int`` or a decimal string such as ``"1234.56"``. A ``float`` is
    refused because it cannot hold most cent amounts exactly.

    Raises:
        InvalidValueError: naming ``field``, the value and what was expected.
    """
    expected = "a Decimal, an int or a decimal string (never a float)"
    if isinstance(value, (bool, float)):
        raise InvalidValueError(field, value, expected)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except decimal.InvalidOperation:
            raise InvalidValueError(field, value, expected) from None
    else:
        raise InvalidValueError(field, value, expected)
    if not result.is_finite():
        raise InvalidValueError(field, value, "a finite amount")
    return result


def _dutch(text: str) -> str:
    """Swap English separators for Dutch ones: ``1,234.56`` becomes ``1.234,56``."""
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def format_euro(amount: Decimal | Fraction, lang: Literal["nl", "en"] = "nl") -> str:
    """An amount in euros, rounded to cents half up: ``€ 1.234,56`` (Dutch) or ``€ 1,234.56``.

    This is the one place sroi writes money for people. Negative amounts keep their sign after
    the euro sign (``€ -1.234,56``) and an amount that rounds to zero is never ``€ -0,00``.

    >>> format_euro(Decimal("0.005")), format_euro(Decimal("-0.001")), format_euro(Decimal(0))
    ('€ 0,01', '€ 0,00', '€ 0,00')
    >>> format_euro(Decimal("1234.5"), "en")
    '€ 1,234.50'

    Raises:
        InvalidValueError: when ``amount`` is a float or not a finite decimal.
    """
    cents = round_cents(amount if isinstance(amount, Fraction) else as_money(amount))
    if cents == 0:
        cents = abs(cents)  # no "€ -0,00"
    text = format(cents, ",.2f")
    return f"€ {_dutch(text) if lang == 'nl' else text}"


def format_number(value: Decimal, lang: Literal["nl", "en"] = "nl") -> str:
    """A decimal with the places it has, in Dutch (``1.500,25``) or English (``1,500.25``).

    >>> format_number(Decimal("1500.25")), format_number(Decimal("0.5"), "en")
    ('1.500,25', '0.5')

    Raises:
        InvalidValueError: when ``value`` is a float or not a finite decimal.
    """
    number = as_money(value, "value")
    places = max(0, -int(number.as_tuple().exponent))
    text = format(number, f",.{places}f")
    return _dutch(text) if lang == "nl" else text
