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
import json
import re
import typing
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar, Union

import attrs
import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError

from sroi.exceptions import InvalidValueError, ValidationError
from sroi.serde.errors import (
    MISSING as MISSING,
)
from sroi.serde.errors import (
    _validation_error,
)
from sroi.serde.errors import (
    problem as problem,
)
from sroi.serde.errors import (
    show as show,
)
from sroi.serde.hooks import (
    DATE_EXPECTED as DATE_EXPECTED,
)
from sroi.serde.hooks import (
    DECIMAL_EXPECTED as DECIMAL_EXPECTED,
)
from sroi.serde.hooks import (
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_INT,
    _attrs_hook,
    _enum_hook,
    _fast_tuple_hook,
    _is_enum,
    _is_homogeneous_tuple,
    _is_mapping,
    _mapping_hook,
    _structure_bool,
    _structure_date,
    _structure_decimal,
    _structure_int,
    _structure_str,
    _tuple_hook,
    _unstructure_date,
    _unstructure_decimal,
    describe_type,
)
from sroi.serde.hooks import (
    parse_date as parse_date,
)
from sroi.serde.hooks import (
    parse_decimal as parse_decimal,
)

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
        members: dict[str, Callable[[Any, Any], Any]] = {}  # each member's hook, once looked up

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
            rest = dict(value)
            del rest[TAG]
            cls = by_tag[tag]
            structure_cls = members.get(tag)
            if structure_cls is None:
                structure_cls = members[tag] = conv.get_structure_hook(cls)
            return structure_cls(rest, cls)

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
