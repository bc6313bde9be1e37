"""Plain data: the one way sroi turns its values into JSON-like data.

Every JSON-like output (``--format json`` on the command line, :meth:`Explanation.to_dict
<sroi.explanation.Explanation.to_dict>`, region listings, notebook tables) goes through
:func:`to_plain`, so a decimal, a fraction, a date or a period is written the same way
everywhere:

>>> import datetime as dt
>>> from decimal import Decimal
>>> from fractions import Fraction
>>> to_plain({"amount": Decimal("1234.50"), "share": Fraction(6, 31), "day": dt.date(2024, 1, 15)})
{'amount': '1234.50', 'share': '6/31', 'day': '2024-01-15'}

This module sits at the bottom of the house: it imports only the period and money modules, so
that any layer may use it. Structuring (reading plain data back into sroi's types, with
validation) is the rest of ``sroi.serde``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from sroi.exceptions import InvalidValueError
from sroi.money import exact_decimal
from sroi.period import Period

__all__ = ["fraction_text", "to_plain"]


def fraction_text(value: Fraction) -> str:
    """An exact number as text: a decimal string where it has one, else ``"n/d"``.

    >>> fraction_text(Fraction(1, 4)), fraction_text(Fraction(6, 31)), fraction_text(Fraction(3))
    ('0.25', '6/31', '3')
    """
    try:
        return str(exact_decimal(value))
    except InvalidValueError:
        return f"{value.numerator}/{value.denominator}"


def to_plain(value: object) -> Any:
    """``value`` as plain data: strings, integers, booleans, None, lists and dicts.

    * a :class:`~decimal.Decimal` becomes its plain string (``"1234.50"``, never an exponent);
    * a :class:`~fractions.Fraction` becomes :func:`fraction_text`;
    * a date becomes its ISO string; a :class:`~sroi.period.Period` becomes ``"first..last"``;
    * an enum member becomes its value;
    * an attrs instance becomes a dict of its public fields, a mapping a dict with string keys,
      and a list, tuple, set or frozenset a list (sets sorted);
    * strings, integers, booleans and None stay as they are.

    Raises:
        InvalidValueError: for a float (sroi never writes money as a float) or any other type.
    """
    if value is None or isinstance(value, (str, bool, int)):
        return value.value if isinstance(value, enum.Enum) else value
    if isinstance(value, enum.Enum):
        return to_plain(value.value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Fraction):
        return fraction_text(value)
    if isinstance(value, dt.datetime):
        raise InvalidValueError("value", value, "a calendar date, not a date and time")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Period):
        return str(value)
    kind = type(value)
    if attrs.has(kind):
        return {
            field.name: to_plain(getattr(value, field.name))
            for field in attrs.fields(kind)
            if not field.name.startswith("_")
        }
    if isinstance(value, Mapping):
        return {str(to_plain(key)): to_plain(element) for key, element in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((to_plain(element) for element in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [to_plain(element) for element in value]
    raise InvalidValueError("value", value, "a value sroi can write as plain data")
