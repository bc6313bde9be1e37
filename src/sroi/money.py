"""Money: exact decimals in euros, rounded to whole cents half up per line item.

sroi never uses floats for money. Intermediate results keep full precision (a 60-digit decimal
context); each line item is rounded to cents with :func:`round_cents`, and totals are sums of
rounded line items so that a report always adds up on paper.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal

from sroi.exceptions import InvalidValueError

__all__ = ["CENT", "PRECISION", "as_money", "round_cents"]

CENT = Decimal("0.01")
"""One euro cent, the unit every line item is rounded to."""

PRECISION = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""The decimal context of intermediate results: 60 significant digits, so no cent is lost."""


def round_cents(amount: Decimal) -> Decimal:
    """Round ``amount`` to whole cents, half up (``0.005`` becomes ``0.01``).

    >>> round_cents(Decimal("2577.8615"))
    Decimal('2577.86')
    >>> round_cents(Decimal("0.005"))
    Decimal('0.01')
    """
    return amount.quantize(CENT, rounding=ROUND_HALF_UP, context=PRECISION)


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
