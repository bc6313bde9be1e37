"""The converter's hooks: strict readers of texts, numbers, decimals, dates, enums and tuples.

Each hook refuses what a document must not hold (a float for money, a date with a time, a string
taken for a list) with an :class:`~sroi.exceptions.InvalidValueError`; the description of each
type it expects comes from :func:`describe_type`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import functools
import re
import types
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from sroi import _decimal
from sroi import _validators as v
from sroi.exceptions import InvalidValueError

__all__ = [
    "DATE_EXPECTED",
    "DECIMAL_EXPECTED",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_INT",
    "describe_type",
    "parse_date",
    "parse_decimal",
]

MAX_DIGITS = 30
"""The most digits a decimal string may have (before and after the point together)."""
MAX_INT = 10**15
"""The largest integer (in absolute value) a document may hold."""
MAX_DEPTH = 64
"""The deepest nesting of arrays and objects a document may have."""

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}")
DECIMAL_EXPECTED = 'a decimal string such as "1234.56"'
DATE_EXPECTED = 'an ISO 8601 date "YYYY-MM-DD"'


# --- descriptions -----------------------------------------------------------------------------


def _is_union(tp: object) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def _is_homogeneous_tuple(tp: object) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def describe_type(tp: Any) -> str:
    """Describe what a document must hold for the type ``tp``, for error messages.

    >>> describe_type(Decimal)
    'a decimal string such as "1234.56"'
    >>> describe_type(tuple[str, ...])
    'a list of texts'
    """
    if tp is str:
        return "a text"
    if tp is bool:
        return "true or false"
    if tp is int:
        return "an integer"
    if tp is Decimal:
        return DECIMAL_EXPECTED
    if tp is dt.date:
        return DATE_EXPECTED
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "one of " + ", ".join(repr(m.value) for m in tp)
    if _is_union(tp):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return f"{describe_type(args[0])} or null"
        return "an object tagged with 'type'"
    if _is_homogeneous_tuple(tp):
        item = get_args(tp)[0]
        if attrs.has(item):
            return f"a list of {item.__name__} objects"
        inner = describe_type(item)
        if inner.startswith(("a ", "an ")) and " " not in inner.split(" ", 1)[1]:
            return f"a list of {inner.split(' ', 1)[1]}s"
        return f"a list, each item {inner}"
    if get_origin(tp) in (dict, Mapping) or tp in (dict, Mapping):
        return "an object"
    if attrs.has(tp):
        return f"an object ({tp.__name__})"
    return getattr(tp, "__name__", str(tp))


# --- hooks --------------------------------------------------------------------------------------


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise InvalidValueError("", value, "a text")
    if v.has_lone_surrogate(value):
        raise InvalidValueError(
            "", value, "a text without lone surrogates (U+D800..U+DFFF; not UTF-8)"
        )
    return value


def _structure_int(value: object, _: type) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        hint = "write it without a decimal point" if isinstance(value, float) else ""
        raise InvalidValueError("", value, "an integer", hint=hint)
    if abs(value) > MAX_INT:
        raise InvalidValueError("", value, f"an integer of at most {MAX_INT} in absolute value")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise InvalidValueError("", value, "true or false")
    return value


def parse_decimal(value: object) -> Decimal:
    """Parse a decimal string strictly, by the grammar of :mod:`sroi._decimal`.

    An optional minus, ASCII digits, an optional point and digits; at most 15 digits before and
    15 after the point (:data:`MAX_DIGITS` together).

    Raises:
        InvalidValueError: for a number (never exact enough for money), an exponent, an
            underscore, spaces, a comma, digits of another script, or too many digits.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise InvalidValueError(
            "",
            value,
            DECIMAL_EXPECTED,
            hint=f'write the number in quotes, "{value}": a JSON number may not be exact',
        )
    return _decimal.parse_decimal(value, _decimal.ANY)


def _structure_decimal(value: object, _: type) -> Decimal:
    return parse_decimal(value)


def _unstructure_decimal(value: Decimal) -> str:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InvalidValueError("", value, "a finite Decimal to write to a document")
    text = format(value, "f")
    try:  # what is written must read back: the same grammar and bounds
        _decimal.parse_decimal(text, _decimal.ANY)
    except InvalidValueError as error:
        raise InvalidValueError(
            "", value, f"a decimal that can be written to a document: {error.expected}"
        ) from None
    return text


def parse_date(value: object) -> dt.date:
    """Parse an ISO 8601 calendar date ``"YYYY-MM-DD"`` strictly, in the supported range.

    Raises:
        InvalidValueError: for anything else, naming a date with a time, a day that does not
            exist (``"2023-02-29"``) or one outside ``1900-01-01 .. 2199-12-31``.
    """
    if value.__class__ is str and value in _parsed_dates:
        return _parsed_dates[value]
    if not isinstance(value, str):
        raise InvalidValueError("", value, DATE_EXPECTED)
    if _DATETIME.match(value):
        raise InvalidValueError("", value, DATE_EXPECTED, hint="a date without a time")
    if not _DATE.fullmatch(value):
        raise InvalidValueError("", value, DATE_EXPECTED)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as error:
        raise InvalidValueError("", value, "an existing calendar date", hint=str(error)) from None
    v.check_date_range("", day)
    if len(_parsed_dates) >= _PARSED_DATES_MAX:
        _parsed_dates.clear()
    _parsed_dates[value] = day
    return day


_PARSED_DATES_MAX = 65536
"""How many parsed dates are remembered: a portfolio names the same days again and again."""
_parsed_dates: dict[str, dt.date] = {}


def _structure_date(value: object, _: type) -> dt.date:
    if value.__class__ is str and value in _parsed_dates:
        return _parsed_dates[value]
    return parse_date(value)


def _unstructure_date(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        raise InvalidValueError("", value, "a calendar date (datetime.date, no time)")
    return value.isoformat()


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    by_value = {member.value: member for member in cls}
    expected = describe_type(cls)

    def hook(value: object, _: type) -> enum.Enum:
        try:
            return by_value[value]
        except (KeyError, TypeError):
            close = difflib.get_close_matches(str(value), [str(v) for v in by_value], n=1)
            hint = f"did you mean {close[0]!r}?" if close else ""
            raise InvalidValueError("", value, expected, hint=hint) from None

    return hook


def _every(steps: Iterable[tuple[str, Any, Any, Callable[[], Any]]], tp: Any) -> list[Any]:
    """Run every step and return the results; or raise with every step's error, each noted.

    A step is ``(label, index, type, run)``: the note on its error names the label and index,
    so that the detailed converter reports every problem of a collection with its path.
    """
    results = []
    errors: list[Exception] = []
    for label, index, item_type, run in steps:
        try:
            results.append(run())
        except Exception as error:
            error.__notes__ = [
                *getattr(error, "__notes__", []),
                IterableValidationNote(label, index, item_type),
            ]
            errors.append(error)
    if errors:
        raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
    return results


def _tuple_hook(conv: cattrs.Converter) -> Callable[[Any], Callable[[object, type], Any]]:
    """The factory of tuple hooks of ``conv``: every item's error kept, with its index."""

    def factory(tp: Any) -> Callable[[object, type], tuple[Any, ...]]:
        item_type = get_args(tp)[0]
        expected = describe_type(tp)

        def hook(value: object, _: type) -> tuple[Any, ...]:
            if not isinstance(value, (list, tuple)):
                raise InvalidValueError("", value, expected)
            steps = (
                (
                    f"item {index}",
                    index,
                    item_type,
                    functools.partial(conv.structure, item, item_type),
                )
                for index, item in enumerate(value)
            )
            return tuple(_every(steps, tp))

        return hook

    return factory


def _fast_tuple_hook(conv: cattrs.Converter) -> Callable[[Any], Callable[[object, type], Any]]:
    """The factory of tuple hooks of the fast converter: the first error stops it."""

    def factory(tp: Any) -> Callable[[object, type], tuple[Any, ...]]:
        item_type = get_args(tp)[0]
        expected = describe_type(tp)
        structure_item = conv.get_structure_hook(item_type)

        def hook(value: object, _: type) -> tuple[Any, ...]:
            if not isinstance(value, (list, tuple)):
                raise InvalidValueError("", value, expected)
            return tuple([structure_item(item, item_type) for item in value])

        return hook

    return factory


def _mapping_hook(conv: cattrs.Converter) -> Callable[[Any], Callable[[object, type], Any]]:
    """The factory of mapping hooks of ``conv``: every key's error kept."""

    def factory(tp: Any) -> Callable[[object, type], dict[str, Any]]:
        key_type, value_type = get_args(tp) or (str, Any)

        def hook(value: object, _: type) -> dict[str, Any]:
            if not isinstance(value, dict):
                raise InvalidValueError("", value, "an object")

            def entry(key: object, item: object) -> tuple[Any, Any]:
                structured = conv.structure(item, value_type)  # the value first, as before
                return conv.structure(key, key_type), structured

            steps = (
                (f"key {key!r}", key, value_type, functools.partial(entry, key, item))
                for key, item in value.items()
            )
            return dict(_every(steps, tp))

        return hook

    return factory


def _validated(
    conv: cattrs.Converter, attribute: attrs.Attribute[Any]
) -> Callable[[object, Any], Any]:
    """A field hook that structures the value, then runs the field's own validator.

    Running each validator as its field is read reports every invalid field of an object at
    once, not only the first one its ``__init__`` would stop at. A validator that needs the
    instance fails here with another exception; it is skipped and runs in ``__init__``.
    """

    def hook(value: object, tp: Any) -> Any:
        result = conv.structure(value, tp)
        if attribute.validator is not None:
            try:
                attribute.validator(None, attribute, result)
            except InvalidValueError:
                raise
            except Exception:
                pass
        return result

    return hook


def _attrs_hook(
    conv: cattrs.Converter, *, detailed: bool
) -> Callable[[Any], Callable[[object, type], Any]]:
    """The factory of attrs-class hooks of ``conv``.

    The detailed converter runs each field's validator as the field is read (to report every
    invalid field); the fast one leaves validation to the class's ``__init__``, which runs
    every validator anyway and stops at the first problem.
    """

    def factory(cls: type[Any]) -> Callable[[object, type], Any]:
        attrs.resolve_types(cls)
        fields = attrs.fields(cls)
        overrides = (
            {a.name: override(struct_hook=_validated(conv, a)) for a in fields if a.init}
            if detailed
            else {}
        )
        inner = make_dict_structure_fn(cls, conv, **overrides)  # type: ignore[arg-type]
        expected = f"an object ({cls.__name__})"

        def hook(value: object, _: type) -> Any:
            if not isinstance(value, dict):
                raise InvalidValueError("", value, expected)
            return inner(value, cls)

        return hook

    return factory


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def _is_mapping(tp: Any) -> bool:
    return get_origin(tp) in (dict, Mapping)
