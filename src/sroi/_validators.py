"""attrs validators that raise :class:`~sroi.exceptions.InvalidValueError`.

The standard attrs validators raise ``TypeError``/``ValueError`` with attrs' own wording; these
name the field, the value and what was expected, in sroi's exception hierarchy.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import pathlib
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from sroi.exceptions import InvalidValueError, Withheld
from sroi.privacy import check_free_text, find_full_name

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

MIN_DATE = dt.date(1900, 1, 1)
"""The first date sroi supports; earlier dates are refused where data enters."""
MAX_DATE = dt.date(2199, 12, 31)
"""The last date sroi supports; later dates are refused where data enters.

Month arithmetic (cap windows, placement months) then stays far from the year 9999 that
:class:`datetime.date` cannot pass.
"""
DATE_RANGE = f"a date from {MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"

_SURROGATE = re.compile("[\ud800-\udfff]")


def check_date_range(field: str, value: dt.date) -> dt.date:
    """Return ``value`` if it lies in the supported range :data:`MIN_DATE` .. :data:`MAX_DATE`.

    Args:
        field: the name (or path) of the field, for the error.
        value: a calendar date.

    Raises:
        InvalidValueError: naming ``field`` when ``value`` is not a calendar date or lies outside
            the range.
    """
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidValueError(field, value, "a calendar date (datetime.date, no time)")
    if not MIN_DATE <= value <= MAX_DATE:
        raise InvalidValueError(
            field, value, DATE_RANGE, hint="sroi supports dates in this range only"
        )
    return value


def supported_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A validator for a calendar date within :data:`MIN_DATE` .. :data:`MAX_DATE`."""
    if value.__class__ is dt.date and MIN_DATE <= value <= MAX_DATE:
        return
    calendar_date(instance, attribute, value)


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (U+D800..U+DFFF), which UTF-8 cannot encode."""
    return not text.isascii() and _SURROGATE.search(text) is not None


def surrogate_paths(data: object, path: str = "") -> Iterator[str]:
    """The paths (``contracts[0].registration.contract.title``) of texts with lone surrogates.

    ``data`` is plain data: dicts, lists, strings and other scalars.
    """
    stack: list[tuple[str, object]] = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            if has_lone_surrogate(value):
                yield where or "(document)"
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and has_lone_surrogate(key):
                    yield f"{where}.{key!a}" if where else f"{key!a}"
                stack.append((f"{where}.{key}" if where else str(key), item))
        elif isinstance(value, (list, tuple)):
            stack.extend((f"{where}[{index}]", item) for index, item in enumerate(value))


def check_path(field: str, value: object) -> pathlib.Path:
    """Return ``value`` as a :class:`pathlib.Path` if it is a usable file system path.

    Args:
        field: the name of the argument, for the error.
        value: a ``str`` or :class:`os.PathLike` of ``str``.

    Raises:
        InvalidValueError: naming ``field`` for another type, an empty path, a NUL character or
            a lone surrogate (U+D800..U+DFFF) in the path.
    """
    expected = "a file system path (str or os.PathLike)"
    if not isinstance(value, str | os.PathLike):
        raise InvalidValueError(field, value, expected)
    try:
        text = os.fspath(value)
    except TypeError:
        raise InvalidValueError(field, value, expected) from None
    if not isinstance(text, str):
        raise InvalidValueError(field, value, "a path given as text, not bytes")
    if not text:
        raise InvalidValueError(field, value, "a non-empty path")
    if "\0" in text:
        raise InvalidValueError(field, text, "a path without a NUL character")
    if has_lone_surrogate(text):
        raise InvalidValueError(field, text, "a path without lone surrogates (U+D800..U+DFFF)")
    return pathlib.Path(text)


def decimal_range(
    low: Decimal | None = None,
    high: Decimal | None = None,
    *,
    low_inclusive: bool = True,
) -> Validator:
    """A validator for a finite ``Decimal`` in ``[low, high]`` (``(low, high]`` if exclusive)."""
    parts = []
    if low is not None:
        parts.append(f"{'>=' if low_inclusive else '>'} {low}")
    if high is not None:
        parts.append(f"<= {high}")
    bounds = " and ".join(parts)
    expected = f"a Decimal{' ' + bounds if bounds else ''}"

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Decimal) or not value.is_finite():
            hint = "use Decimal('...') for exact amounts" if isinstance(value, float) else ""
            raise InvalidValueError(attribute.name, value, expected, hint=hint)
        if low is not None and (value < low if low_inclusive else value <= low):
            raise InvalidValueError(attribute.name, value, expected)
        if high is not None and value > high:
            raise InvalidValueError(attribute.name, value, expected)

    return check


def int_range(low: int, high: int | None = None) -> Validator:
    """A validator for an ``int`` (not a bool) within ``[low, high]``."""
    expected = f"an integer >= {low}" + (f" and <= {high}" if high is not None else "")

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or value < low
            or (high is not None and value > high)
        ):
            raise InvalidValueError(attribute.name, value, expected)

    return check


REMEMBERED = 65536
"""How many accepted values one validator remembers (portfolios repeat the same few)."""


def remember(accepted: set[str], value: str) -> None:
    """Add ``value`` to the values known to pass a check; forget them all when the set is full.

    Only a value that passed every check, and whose checks depend on the value alone, may be
    remembered; a refused value is checked (and refused) again every time.
    """
    if len(accepted) >= REMEMBERED:
        accepted.clear()
    accepted.add(value)


def text(
    max_length: int = 200, *, free: bool = True, allow_empty: bool = False, names: bool = True
) -> Validator:
    """A validator for a stripped, non-empty string of at most ``max_length`` characters.

    With ``free=True`` the text is also checked for personal identifiers
    (:func:`sroi.privacy.check_free_text`), and with ``names=True`` as well it warns when the text
    looks like it holds a full name. A refused text is never repeated in the error (it may be
    personal data): the error shows a :class:`~sroi.exceptions.Withheld` stand-in.
    """
    expected = f"a {'' if allow_empty else 'non-empty '}text of at most {max_length} characters"

    accepted: set[str] = set()

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value.__class__ is str and value in accepted:
            return
        if not isinstance(value, str):
            raise InvalidValueError(attribute.name, value, expected)
        if len(value) > max_length:
            raise InvalidValueError(attribute.name, Withheld.of(value) if free else value, expected)
        if not allow_empty and not value.strip():
            raise InvalidValueError(attribute.name, value, expected)
        if value != value.strip():
            raise InvalidValueError(
                attribute.name,
                Withheld.of(value) if free else value,
                "text without leading or trailing spaces",
            )
        if free:
            check_free_text(value, attribute.name, names=names)
            if names and find_full_name(value) is not None:
                return  # it warns each time it is stored, so it is not remembered
        remember(accepted, value)

    return check


def calendar_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A validator for a ``datetime.date`` that is not a ``datetime``, in the supported range."""
    if value.__class__ is dt.date and MIN_DATE <= value <= MAX_DATE:
        return  # the common case, decided without a call
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidValueError(attribute.name, value, "a calendar date (datetime.date, no time)")
    check_date_range(attribute.name, value)


def member(enum_type: type[enum.Enum]) -> Validator:
    """A validator for a member of ``enum_type``."""
    names = ", ".join(f"{enum_type.__name__}.{m.name}" for m in enum_type)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, enum_type):
            raise InvalidValueError(attribute.name, value, f"one of {names}")

    return check


def instance(kind: type[Any], description: str) -> Validator:
    """A validator for an instance of ``kind``, described as ``description`` in errors."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise InvalidValueError(attribute.name, value, description)

    return check


def optional(validator: Validator) -> Validator:
    """Accept ``None`` or whatever ``validator`` accepts."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return check


def tuple_of(validator: Validator, description: str) -> Validator:
    """A validator for a tuple whose every element passes ``validator``.

    Errors name the element's index, as in ``bonuses[2]``.
    """

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            raise InvalidValueError(attribute.name, value, f"a tuple of {description}")
        for index, element in enumerate(value):
            try:
                validator(instance, attribute, element)
            except InvalidValueError as error:
                raise type(error)(
                    f"{attribute.name}[{index}]", error.value, error.expected, hint=error.hint
                ) from None

    return check
