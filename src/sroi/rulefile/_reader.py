"""Reading the values of a rule file: one reader collects every problem of a file.

Each converter returns the value, or None when it does not fit; the reader then records a
:class:`~sroi.exceptions.RuleFileProblem` naming the table, key, value and what was expected.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from sroi._decimal import FRACTION, RULE_VALUE, parse_decimal
from sroi._validators import MAX_DATE, MIN_DATE
from sroi.exceptions import (
    MISSING,
    InvalidValueError,
    RuleFileProblem,
    UnknownBlockError,
)
from sroi.model import _CODE
from sroi.ruleset import (
    Provenance,
    Status,
)

_T = TypeVar("_T")


def choices(kind: type[Any]) -> str:
    return " | ".join(f'"{member.value}"' for member in kind)


class Reader:
    """Collects the problems of one file while reading its values."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[RuleFileProblem] = []
        self.sources: Mapping[str, str] = {}

    def problem(self, table: str, key: str, value: object, expected: str) -> None:
        self.problems.append(RuleFileProblem(self.path, table, key, value, expected))

    def keys(self, table: str, data: Mapping[str, Any], allowed: set[str]) -> None:
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                known = ", ".join(sorted(allowed))
                self.problem(table, key, data[key], f"no unknown key: one of {known}{hint}")

    def get(
        self,
        table: str,
        data: Mapping[str, Any],
        key: str,
        check: Callable[[object], _T | None],
        expected: str,
        *,
        required: bool = True,
    ) -> _T | None:
        """Return ``check(data[key])``; record a problem when it is missing or invalid."""
        if key not in data:
            if required:
                self.problem(table, key, MISSING, expected)
            return None
        value = data[key]
        result = check(value)
        if result is None:
            self.problem(table, key, value, expected)
        return result

    def table(self, table: str, data: Mapping[str, Any], key: str) -> dict[str, Any] | None:
        """Return the sub-table ``data[key]`` (None when absent or not a table)."""
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, dict):
            self.problem(table, key, value, "a table")
            return None
        return value

    def decimal(self, table: str, data: Mapping[str, Any], key: str) -> Decimal | None:
        """The decimal ``data[key]`` by the one grammar (:mod:`sroi._decimal`), never negative."""
        if key not in data:
            self.problem(table, key, MISSING, RULE_VALUE.description)
            return None
        try:
            return parse_decimal(data[key], RULE_VALUE)
        except InvalidValueError as error:
            self.problem(table, key, data[key], error.expected)
            return None

    def text(
        self, table: str, data: Mapping[str, Any], key: str, *, required: bool = True
    ) -> str | None:
        return self.get(table, data, key, read_text, "a non-empty string", required=required)

    def status(self, table: str, data: Mapping[str, Any], key: str = "status") -> Status | None:
        return self.get(table, data, key, read_enum(Status), f"one of {choices(Status)}")

    def source(self, table: str, data: Mapping[str, Any], key: str = "source") -> str | None:
        """A source: free text, or the key of an entry in the file's ``[sources]`` table."""
        text = self.text(table, data, key)
        return self.sources.get(text, text) if text is not None else None

    def provenance(
        self, table: str, data: Mapping[str, Any], prefix: str = ""
    ) -> Provenance | None:
        status = self.status(table, data, f"{prefix}status")
        source = self.source(table, data, f"{prefix}source")
        note = self.get(table, data, f"{prefix}note", read_any_text, "a string", required=False)
        if status is None or source is None:
            return None
        return self.build(table, "", Provenance, source, status, note or "")

    def build(
        self, table: str, key: str, kind: Callable[..., _T], *args: Any, **kwargs: Any
    ) -> _T | None:
        """Call ``kind(*args, **kwargs)``; record its validation error as a problem."""
        try:
            return kind(*args, **kwargs)
        except InvalidValueError as error:
            field = error.field.split(".")[-1] if error.field else key
            self.problem(table, field, error.value, error.expected)
        except UnknownBlockError as error:
            self.problem(table, "bonuses", error.code, str(error).split("; ", 1)[-1])
        return None


def read_fraction(value: object) -> Decimal | None:
    try:
        return parse_decimal(value, FRACTION)
    except InvalidValueError:
        return None


def read_text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def read_any_text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def read_integer(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def read_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value if MIN_DATE <= value <= MAX_DATE else None
    return None


def read_code(value: object) -> str | None:
    return value if isinstance(value, str) and _CODE.match(value) else None


def read_enum(kind: Callable[[str], _T]) -> Callable[[object], _T | None]:
    def check(value: object) -> _T | None:
        if not isinstance(value, str):
            return None
        try:
            return kind(value)
        except ValueError:
            return None

    return check


def read_code_list(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        return None
    codes = tuple(read_code(item) for item in value)
    return codes if all(code is not None for code in codes) else None  # type: ignore[return-value]


def read_fraction_list(value: object) -> tuple[Decimal, ...] | None:
    if not isinstance(value, list) or not value:
        return None
    numbers = tuple(read_fraction(item) for item in value)
    if any(number is None or not 0 < number <= 1 for number in numbers):
        return None
    return numbers  # type: ignore[return-value]
