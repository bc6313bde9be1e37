"""The one cattrs converter: sroi objects to plain data (for JSON) and back, strictly.

Conversion lives here, at the edge; the domain classes never import this module.

* Decimals (money, hours, percentages, fractions) are **strings** in plain decimal notation:
  ``"1234.56"``, ``"-4"``, ``"36"``. A JSON number is refused, because a float cannot hold most
  cent amounts exactly; so are exponents (``"1e3"``), spaces, a comma and more than
  :data:`MAX_DIGITS` digits.
* Dates are ISO 8601 calendar dates ``"YYYY-MM-DD"``; a date with a time is refused.
* Enums are their values (``"job"``, ``"verified"``); tuples are JSON arrays (a string is never
  taken for a list of characters); texts must be strings and integers must be integers.
* A :class:`~sroi.period.Period` is ``{"first": "2024-01-01", "last": "2024-12-31"}``.
* Unions of classes are tagged with a ``"type"`` key (see :func:`register_tagged_union`).
* Unknown keys are refused; a field with a default may be left out (and is left out on dump).

Every problem in the data is reported at once, each with its path, in one
:class:`~sroi.exceptions.ValidationError`; nothing is built unless everything is valid::

    >>> import sroi
    >>> structure({"name": "Sociaal Werkbedrijf", "kvk": "1234"}, sroi.Organisation)
    Traceback (most recent call last):
    ...
    sroi.exceptions.ValidationError: 1 problem(s):
      - kvk: '1234', expected an 8-digit KvK number such as '12345678'
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import json
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from sroi import _decimal
from sroi import _validators as v
from sroi.exceptions import InvalidValueError, ValidationError, withhold_personal

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_INT",
    "converter",
    "describe_type",
    "dumps",
    "event_classes",
    "loads",
    "register_tagged_union",
    "structure",
    "tagged_unions",
    "unstructure",
]

T = TypeVar("T")

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


class _Missing:
    """The value of a required field that is not there."""

    def __repr__(self) -> str:
        return "missing"


MISSING = _Missing()


# --- errors -----------------------------------------------------------------------------------


def show(value: object) -> str:
    """Render a value for an error message the way a reader of the document would write it.

    >>> show(Decimal("-4")), show(dt.date(2024, 2, 29)), show("J.P."), show([1, 2])
    ('-4', '2024-02-29', "'J.P.'", 'a list of 2 items')
    """
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return repr(value.value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return repr(text)
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        keys = ", ".join(str(key) for key in list(value)[:5])
        more = ", ..." if len(value) > 5 else ""
        return f"an object with keys {keys}{more}" if value else "an empty object"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def problem(
    path: str,
    value: object,
    expected: str,
    *,
    hint: str = "",
    shown: str | None = None,
    kind: type[InvalidValueError] = InvalidValueError,
) -> InvalidValueError:
    """Return an :class:`InvalidValueError` at ``path`` whose message renders ``value`` plainly.

    The error keeps ``value`` as it is (``.value``); only the message shows it the way the
    document writes it (``-4`` rather than ``Decimal('-4')``), or as ``shown`` when given.
    """
    value = withhold_personal(value)  # a refused personal text is never repeated
    # built with a stand-in value, so that a large or deeply nested value is never repr()'d
    error = kind(path, None, expected, hint=hint)
    error.value = value
    message = f"{path or '(document)'}: {shown if shown is not None else show(value)}"
    message += f", expected {expected}"
    if hint:
        message += f" ({hint})"
    error.args = (message,)
    return error


def _join(path: str, step: str) -> str:
    if step.startswith("["):
        return f"{path}{step}"
    return f"{path}.{step}" if path else step


def _field_path(path: str, name: str, field: str) -> str:
    """The path of an error raised for ``field`` while structuring the attribute ``name``."""
    if not field:
        return _join(path, name)
    if field == name or field.startswith((f"{name}[", f"{name}.")):
        return _join(path, field)
    return _join(_join(path, name), field)


def _note(exc: BaseException) -> AttributeValidationNote | IterableValidationNote | None:
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, (AttributeValidationNote, IterableValidationNote)):
            return note
    return None


def _problems(exc: BaseException, path: str, data: object) -> Iterator[InvalidValueError]:
    """Walk a cattrs exception tree, yielding one error with a full path per problem."""
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        for sub in exc.exceptions:
            note = _note(sub)
            if isinstance(note, AttributeValidationNote):
                sub_data = data.get(note.name, MISSING) if isinstance(data, dict) else MISSING
                if isinstance(sub, KeyError):
                    yield problem(
                        _join(path, note.name),
                        MISSING,
                        f"{describe_type(note.type)} (a required field)",
                    )
                elif isinstance(sub, InvalidValueError):
                    yield _located(sub, _field_path(path, note.name, sub.field))
                else:
                    yield from _problems(sub, _join(path, note.name), sub_data)
            elif isinstance(note, IterableValidationNote):
                step = f"[{note.index!r}]" if isinstance(note.index, str) else f"[{note.index}]"
                sub_data = _item(data, note.index)
                yield from _problems(sub, _join(path, step), sub_data)
            else:
                yield from _problems(sub, path, data)
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = sorted(a.alias for a in attrs.fields(exc.cl) if a.init)
        for key in sorted(exc.extra_fields):
            close = difflib.get_close_matches(key, known, n=1)
            yield problem(
                _join(path, key),
                key,
                f"one of the fields of {exc.cl.__name__}: {', '.join(known)}",
                hint=f"did you mean {close[0]!r}?" if close else "",
                shown="unknown field",
            )
    elif isinstance(exc, InvalidValueError):
        yield _located(exc, _join(path, exc.field) if exc.field else path)
    else:
        yield problem(path, data, f"valid data ({type(exc).__name__}: {exc})")


def _item(data: object, index: int | str) -> object:
    try:
        return data[index]  # type: ignore[index]
    except (LookupError, TypeError):
        return MISSING


def _located(error: InvalidValueError, path: str) -> InvalidValueError:
    return problem(path, error.value, error.expected, hint=error.hint, kind=type(error))


def _validation_error(exc: BaseException, data: object, source: str) -> ValidationError:
    return ValidationError(list(_problems(exc, "", data)), source=source)


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


def _tuple_hook(conv: cattrs.Converter) -> Callable[[Any], Callable[[object, type], Any]]:
    """The factory of tuple hooks of ``conv``: every item's error kept, with its index."""

    def factory(tp: Any) -> Callable[[object, type], tuple[Any, ...]]:
        item_type = get_args(tp)[0]
        expected = describe_type(tp)

        def hook(value: object, _: type) -> tuple[Any, ...]:
            if not isinstance(value, (list, tuple)):
                raise InvalidValueError("", value, expected)
            result = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    result.append(conv.structure(item, item_type))
                except Exception as error:
                    error.__notes__ = [
                        *getattr(error, "__notes__", []),
                        IterableValidationNote(f"item {index}", index, item_type),
                    ]
                    errors.append(error)
            if errors:
                raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
            return tuple(result)

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
            result = {}
            errors: list[Exception] = []
            for key, item in value.items():
                try:
                    result[conv.structure(key, key_type)] = conv.structure(item, value_type)
                except Exception as error:
                    error.__notes__ = [
                        *getattr(error, "__notes__", []),
                        IterableValidationNote(f"key {key!r}", key, value_type),
                    ]
                    errors.append(error)
            if errors:
                raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
            return result

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


# --- tagged unions ----------------------------------------------------------------------------

TAG = "type"
"""The key that names the class of a member of a union of classes."""

_tags: dict[type[Any], str] = {}
_unions: list[tuple[Any, dict[str, type[Any]]]] = []


def _default_tag(cls: type[Any]) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", cls.__name__).lower()


def _is_exactly(target: Any) -> Callable[[Any], bool]:
    def check(tp: Any) -> bool:
        return bool(tp == target)

    return check


def register_tagged_union(
    *classes: type[Any],
    tags: Mapping[type[Any], str] | None = None,
    base: type[Any] | None = None,
) -> Any:
    """Register the union of ``classes`` (attrs classes) as a tagged union on the converter.

    In a document each member is an object with a ``"type"`` key naming its class (by default
    the class name in kebab case: ``SocialPurchase`` is ``"social-purchase"``). With ``base``,
    a field annotated with that base class (``tuple[Event, ...]``) reads and writes the union
    too. Return the union type, to use in annotations or with :func:`structure`.
    """
    names = {cls: (tags or {}).get(cls) or _default_tag(cls) for cls in classes}
    by_tag = {tag: cls for cls, tag in names.items()}
    union: Any = Union[tuple(classes)]  # noqa: UP007
    _tags.update(names)
    expected = "an object with a 'type' of " + ", ".join(repr(t) for t in by_tag)

    def structure_member(conv: cattrs.Converter) -> Callable[[object, type], Any]:
        def hook(value: object, _: type) -> Any:
            if not isinstance(value, dict):
                raise InvalidValueError("", value, expected)
            tag = value.get(TAG, MISSING)
            if not isinstance(tag, str) or tag not in by_tag:
                close = difflib.get_close_matches(str(tag), list(by_tag), n=1)
                hint = f"did you mean {close[0]!r}?" if close else ""
                raise InvalidValueError(
                    TAG, tag, f"one of {', '.join(map(repr, by_tag))}", hint=hint
                )
            rest = {key: item for key, item in value.items() if key != TAG}
            return conv.structure(rest, by_tag[tag])

        return hook

    def unstructure_member(value: Any) -> dict[str, Any]:
        return {TAG: names[type(value)], **converter.unstructure(value, type(value))}

    for target in (union,) if base is None else (union, base):
        # by predicate, not by class: a class hook would also catch the subclasses of ``base``
        for conv in (converter, _fast):
            conv.register_structure_hook_func(_is_exactly(target), structure_member(conv))
        converter.register_unstructure_hook_func(_is_exactly(target), unstructure_member)
    _unions.append((union if base is None else base, by_tag))
    return union


def tagged_unions() -> list[tuple[Any, dict[str, type[Any]]]]:
    """The registered tagged unions, each as ``(union type, {tag: class})`` (for the schema)."""
    return list(_unions)


# --- the converter ------------------------------------------------------------------------------


def _make_converter(*, detailed: bool) -> cattrs.Converter:
    conv = cattrs.Converter(
        forbid_extra_keys=True,
        detailed_validation=detailed,
        omit_if_default=True,
        unstruct_collection_overrides={tuple: list, Sequence: list},
    )
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, _unstructure_date)
    conv.register_structure_hook_factory(_is_enum, _enum_hook)
    tuples = _tuple_hook(conv) if detailed else _fast_tuple_hook(conv)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, tuples)
    conv.register_structure_hook_factory(_is_mapping, _mapping_hook(conv))
    conv.register_structure_hook_factory(attrs.has, _attrs_hook(conv, detailed=detailed))
    return conv


converter: cattrs.Converter = _make_converter(detailed=True)
"""The one converter between sroi objects and plain data; use :func:`structure` for errors."""
_fast: cattrs.Converter = _make_converter(detailed=False)
"""The same hooks without the per-path bookkeeping: :func:`structure` tries it first, and
re-runs :data:`converter` only when it fails, to report every problem with its path."""


def event_classes() -> tuple[type[Any], ...]:
    """The concrete event classes of :mod:`sroi.lifecycle`, in the order of its ``__all__``.

    The base classes (``Event``, ``ItemEvent`` ...) and ``RegisterContract`` (which starts a
    history, and is not one of its events) are left out.
    """
    from sroi import lifecycle  # noqa: PLC0415

    exported = [getattr(lifecycle, name) for name in lifecycle.__all__]
    events = [c for c in exported if isinstance(c, type) and issubclass(c, lifecycle.Event)]
    return tuple(
        c
        for c in events
        if c is not lifecycle.RegisterContract
        and not any(other is not c and issubclass(other, c) for other in events)
    )


def _register_core_unions() -> None:
    from sroi.lifecycle import Event  # noqa: PLC0415
    from sroi.model import Placement, SocialPurchase, SrProject  # noqa: PLC0415

    register_tagged_union(Placement, SocialPurchase, SrProject)
    register_tagged_union(*event_classes(), base=Event)


_register_core_unions()


def structure(data: object, cls: type[T] | Any, *, source: str = "") -> T:
    """Build an instance of ``cls`` from plain data (as read from JSON), validating everything.

    Args:
        data: dicts, lists, strings, numbers, booleans and None.
        cls: the type to build, e.g. ``sroi.Contract`` or ``tuple[sroi.Placement, ...]``.
        source: where the data comes from (a file name), for the error.

    Valid data is built by a converter without per-path bookkeeping (fast); only when that
    fails is the data checked for its depth and structured again, field by field, to report
    every problem with its path. The model classes' own validators run on both paths.

    Raises:
        ValidationError: listing every problem with its path; nothing is returned.
    """
    try:  # the fast path: valid data is built once, without per-path bookkeeping
        return typing.cast(T, _fast.structure(data, cls))
    except Exception:  # re-run below, to report every problem with its path
        pass
    try:
        too_deep = _depth_exceeds(data, MAX_DEPTH)
    except RecursionError:  # pragma: no cover - only with a tiny recursion limit
        too_deep = True
    if too_deep:
        raise ValidationError(
            [problem("", data, f"data nested at most {MAX_DEPTH} levels deep")], source=source
        )
    try:
        return typing.cast(T, converter.structure(data, cls))
    except (ClassValidationError, IterableValidationError, InvalidValueError) as error:
        raise _validation_error(error, data, source) from None
    except RecursionError:  # pragma: no cover - guarded by the depth check above
        raise ValidationError(
            [problem("", data, "data that is not nested so deeply")], source=source
        ) from None


def unstructure(obj: object, cls: Any = None) -> Any:
    """Turn an sroi object into plain data (dicts, lists, strings, booleans, None) for JSON.

    Decimals become strings, dates ISO 8601 strings, enums their values and tuples lists.
    Fields left at their default are omitted.
    """
    return converter.unstructure(obj, cls) if cls is not None else converter.unstructure(obj)


def _depth_exceeds(data: object, limit: int) -> bool:
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, (list, tuple)):
            children = value
        else:
            continue
        if depth >= limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _refuse_constant(name: str) -> object:
    raise InvalidValueError("", name, "a JSON value (NaN and Infinity are not JSON)")


def loads(text: str | bytes, *, source: str = "") -> Any:
    """Parse JSON text into plain data, refusing NaN, Infinity and absurd nesting.

    Raises:
        ValidationError: for text that is not JSON, naming the line and column.
    """
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except InvalidValueError as error:
        raise ValidationError([problem("", error.value, error.expected)], source=source) from None
    except json.JSONDecodeError as error:
        raise ValidationError(
            [
                problem(
                    f"line {error.lineno}, column {error.colno}",
                    error.msg,
                    "valid JSON",
                    shown=error.msg,
                )
            ],
            source=source,
        ) from None
    except UnicodeDecodeError as error:
        raise ValidationError(
            [problem("", str(error), "UTF-8 text", shown="bytes that are not UTF-8")],
            source=source,
        ) from None
    except RecursionError:
        raise ValidationError(
            [problem("", "...", f"data nested at most {MAX_DEPTH} levels deep", shown="JSON")],
            source=source,
        ) from None
    except ValueError as error:  # e.g. an integer of more than 4300 digits
        raise ValidationError(
            [problem("", str(error), "valid JSON with numbers of sensible size", shown="JSON")],
            source=source,
        ) from None


def dumps(obj: object, cls: Any = None) -> str:
    """Write an sroi object as JSON text: two-space indents, UTF-8 kept, a final newline."""
    return json.dumps(unstructure(obj, cls), indent=2, ensure_ascii=False) + "\n"
