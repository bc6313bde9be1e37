"""The one decimal grammar of sroi's documents: portfolios, rule files and CSV files.

A decimal in a document is ASCII digits with an optional point and more digits (``"1234.56"``),
with a leading minus only where the kind of value may be negative. Not accepted anywhere: an
exponent (``"1E+58"``), underscores (``"1_000"``), a plus sign, spaces, digits of other scripts
(``"１２"``), ``NaN`` or ``Infinity``, a point without digits on both sides (``".5"``, ``"5."``).

The CSV importer reads Dutch spreadsheet numbers with ``dutch=True``: a comma as the decimal
separator, dots (grouping by three) as thousands separators, a euro sign and spaces around.

Each kind of value (:class:`DecimalKind`) bounds the size and the number of decimals, so that a
document cannot hold ``10**500`` euros. The bounds are generous; the fields' own validators check
the domain's ranges (a percentage at most 100, hours at most 168 ...).
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from sroi.exceptions import InvalidValueError

_PLAIN = re.compile(r"(-?)([0-9]+)(?:\.([0-9]+))?")
_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_DIGITS = re.compile(r"[0-9]+")


@attrs.frozen
class DecimalKind:
    """What a kind of decimal value may be: its sign, its size and its number of decimals."""

    description: str
    """How the value is described in errors, e.g. ``"a decimal string such as \"1234.56\""``."""
    signed: bool = False
    """Whether a leading minus is allowed."""
    max_integer_digits: int = 15
    """The most digits before the point (15: up to 999 999 999 999 999)."""
    max_places: int = 15
    """The most digits after the point."""


ANY = DecimalKind('a decimal string such as "1234.56"', signed=True)
"""A decimal of a portfolio document: money, hours, percentages, fractions (fields check more)."""
RULE_VALUE = DecimalKind(
    'a quoted decimal string such as "10000"', max_integer_digits=12, max_places=10
)
"""A value of a rule file: an amount, a rate, hours or a percentage; never negative."""
FRACTION = DecimalKind(
    'a quoted decimal fraction such as "0.25"', max_integer_digits=1, max_places=10
)
"""A fraction of a rule file, such as a measurement moment."""
CSV_NUMBER = DecimalKind(
    "a number such as 1234,56 or 1.234,56 or 1234.56",
    signed=True,
    max_integer_digits=12,
    max_places=10,
)
"""A number in a spreadsheet cell (read with ``dutch=True``)."""


def parse_decimal(
    text: object, kind: DecimalKind = ANY, *, field: str = "", dutch: bool = False
) -> Decimal:
    """Read ``text`` as a decimal of ``kind``, by the grammar of this module.

    Args:
        text: the text from the document (anything else is refused).
        kind: what kind of value it is: its sign, size and decimals.
        field: the field's name or path, for the error.
        dutch: read a spreadsheet number (decimal comma, thousands dots, a euro sign).

    Returns:
        The exact value, with the decimals as written (``"1.50"`` keeps its two places).

    Raises:
        InvalidValueError: naming ``field``, the text and the kind of value expected.
    """
    if not isinstance(text, str):
        hint = ""
        if isinstance(text, int | float) and not isinstance(text, bool):
            hint = f'write the number in quotes, "{text}": a bare number may not be exact'
        raise InvalidValueError(field, text, kind.description, hint=hint)
    plain = _dutch(text, kind, field) if dutch else text
    match = _PLAIN.fullmatch(plain)
    if match is None:
        hint = "use a point as the decimal separator" if "," in text and not dutch else ""
        raise InvalidValueError(field, text, kind.description, hint=hint)
    sign, whole, places = match.groups()
    if sign and not kind.signed:
        raise InvalidValueError(field, text, f"{kind.description}, not negative")
    if len(whole.lstrip("0")) > kind.max_integer_digits:
        raise InvalidValueError(
            field,
            text,
            f"{kind.description} with at most {kind.max_integer_digits} digits before the point",
        )
    if places is not None and len(places) > kind.max_places:
        raise InvalidValueError(
            field, text, f"{kind.description} with at most {kind.max_places} decimals"
        )
    return Decimal(plain)


def _dutch(text: str, kind: DecimalKind, field: str) -> str:
    """A spreadsheet number as plain decimal text (see :mod:`sroi.csvimport` for the rule)."""
    value = text.strip().removeprefix("€").strip()
    sign = ""
    if value.startswith("-"):
        sign, value = "-", value[1:].strip()
    if "," in value:
        whole, _, places = value.partition(",")
        if (whole and not (_DIGITS.fullmatch(whole) or _GROUPED.fullmatch(whole))) or not (
            _DIGITS.fullmatch(places)
        ):
            raise InvalidValueError(field, text, kind.description)
        return f"{sign}{whole.replace('.', '') or '0'}.{places}"
    if value.count(".") > 1:
        if not _GROUPED.fullmatch(value):
            raise InvalidValueError(field, text, kind.description)
        return sign + value.replace(".", "")
    return sign + value
