"""How the converter's errors become :class:`~sroi.exceptions.ValidationError` problems with paths.

cattrs collects nested errors with notes saying where each happened; this module walks them and
names each problem by its path in the data (``contracts[3].events[0].recorded_on``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
from collections.abc import Iterator
from decimal import Decimal

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from sroi.exceptions import InvalidValueError, ValidationError, withhold_personal
from sroi.serde.hooks import describe_type

__all__ = ["MISSING", "problem", "show"]


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
