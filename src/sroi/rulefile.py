"""Rule files: one TOML file per rule-set version, read with :mod:`tomllib` and validated.

The format is described in ``docs/reference/rule-files.md``. Money, rates, hours and fractions are
quoted decimal strings (``"30000"``, ``"0.10"``); a TOML float or a bare integer there is refused,
as are unknown keys. Every problem of a file (or of every file of a directory) is reported at once
in one :class:`~sroi.exceptions.RuleFileError`, each naming its file, table and key; nothing is
returned when there is any.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import tomllib
from collections.abc import Callable, Mapping
from decimal import Decimal
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

from sroi._decimal import FRACTION, RULE_VALUE, parse_decimal
from sroi._validators import DATE_RANGE, MAX_DATE, MIN_DATE, check_path
from sroi.exceptions import (
    MISSING,
    InvalidValueError,
    RuleFileError,
    RuleFileProblem,
    SroiError,
    UnknownBlockError,
)
from sroi.model import _CODE
from sroi.ruleset import (
    AdjustmentKind,
    Bonus,
    BonusKind,
    BuildingBlock,
    ObligationAdjustment,
    Parameter,
    Proration,
    Provenance,
    Route,
    RuleSet,
    SettlementKind,
    SettlementRule,
    Status,
    Unit,
)

__all__ = ["FORMAT", "PathLike", "load_rule_file", "load_rule_files"]

FORMAT = 1
"""The rule-file format version this loader reads (the ``format`` key)."""

PathLike = str | os.PathLike[str] | Traversable
"""A file system path, or a file inside a package (``importlib.resources.files(...) / "x"``)."""

_T = TypeVar("_T")

_TOP = {
    "format",
    "region",
    "version",
    "valid_from",
    "valid_until",
    "source",
    "proration",
    "sources",
    "full_time_hours",
    "minimum_hours",
    "sr_percentage",
    "measurement",
    "blocks",
    "bonuses",
    "adjustments",
    "settlement",
}
_SETTLEMENT = {
    "kind",
    "share",
    "recovery_months",
    "waived_when_not_at_fault",
    "status",
    "source",
    "note",
}
_PARAMETER = {"value", "status", "source", "note"}
_MEASUREMENT = {"fractions", "status", "source", "note"}
_LABELS = {"label_nl", "label_en"}
_PROVENANCE = {"value", "status", "source", "note"}
_BLOCK = {
    *_LABELS,
    *_PROVENANCE,
    "route",
    "unit",
    "max_months",
    "duration_status",
    "duration_source",
    "duration_note",
    "bonuses",
}
_BONUS = {*_LABELS, *_PROVENANCE, "kind", "min_age"}
_ADJUSTMENT = {*_LABELS, *_PROVENANCE, "kind"}


def _choices(kind: type[Any]) -> str:
    return " | ".join(f'"{member.value}"' for member in kind)


class _Reader:
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
        return self.get(table, data, key, _text, "a non-empty string", required=required)

    def status(self, table: str, data: Mapping[str, Any], key: str = "status") -> Status | None:
        return self.get(table, data, key, _enum(Status), f"one of {_choices(Status)}")

    def source(self, table: str, data: Mapping[str, Any], key: str = "source") -> str | None:
        """A source: free text, or the key of an entry in the file's ``[sources]`` table."""
        text = self.text(table, data, key)
        return self.sources.get(text, text) if text is not None else None

    def provenance(
        self, table: str, data: Mapping[str, Any], prefix: str = ""
    ) -> Provenance | None:
        status = self.status(table, data, f"{prefix}status")
        source = self.source(table, data, f"{prefix}source")
        note = self.get(table, data, f"{prefix}note", _any_text, "a string", required=False)
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


def _fraction(value: object) -> Decimal | None:
    try:
        return parse_decimal(value, FRACTION)
    except InvalidValueError:
        return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _any_text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _integer(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value if MIN_DATE <= value <= MAX_DATE else None
    return None


def _code(value: object) -> str | None:
    return value if isinstance(value, str) and _CODE.match(value) else None


def _enum(kind: Callable[[str], _T]) -> Callable[[object], _T | None]:
    def check(value: object) -> _T | None:
        if not isinstance(value, str):
            return None
        try:
            return kind(value)
        except ValueError:
            return None

    return check


def _code_list(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        return None
    codes = tuple(_code(item) for item in value)
    return codes if all(code is not None for code in codes) else None  # type: ignore[return-value]


def _fraction_list(value: object) -> tuple[Decimal, ...] | None:
    if not isinstance(value, list) or not value:
        return None
    numbers = tuple(_fraction(item) for item in value)
    if any(number is None or not 0 < number <= 1 for number in numbers):
        return None
    return numbers  # type: ignore[return-value]


def _parameter(reader: _Reader, data: Mapping[str, Any], key: str) -> Parameter | None:
    table = reader.table("", data, key)
    if table is None:
        return None
    reader.keys(key, table, _PARAMETER)
    value = reader.decimal(key, table, "value")
    provenance = reader.provenance(key, table)
    if value is None or provenance is None:
        return None
    return reader.build(key, "value", Parameter, value, provenance)


def _labels(reader: _Reader, table: str, data: Mapping[str, Any]) -> tuple[str, str] | None:
    label_nl = reader.text(table, data, "label_nl")
    label_en = reader.text(table, data, "label_en")
    if label_nl is None or label_en is None:
        return None
    return label_nl, label_en


def _items(
    reader: _Reader,
    data: Mapping[str, Any],
    group: str,
    read: Callable[[_Reader, str, str, dict[str, Any]], _T | None],
) -> tuple[dict[str, _T], bool]:
    """Read every item of ``[group.*]``; return them and whether all were valid."""
    tables = reader.table("", data, group)
    items: dict[str, _T] = {}
    if tables is None:
        return items, True
    complete = True
    for code, body in tables.items():
        name = f"{group}.{code}"
        if _code(code) is None:
            reader.problem(name, "", code, "a code of lower-case letters, digits, '-', '_' or '.'")
            complete = False
            continue
        if not isinstance(body, dict):
            reader.problem(group, code, body, "a table")
            complete = False
            continue
        item = read(reader, name, code, body)
        if item is None:
            complete = False
        else:
            items[code] = item
    return items, complete


def _block(reader: _Reader, table: str, code: str, data: dict[str, Any]) -> BuildingBlock | None:
    reader.keys(table, data, _BLOCK)
    labels = _labels(reader, table, data)
    route = reader.get(table, data, "route", _enum(Route), f"one of {_choices(Route)}")
    unit = reader.get(table, data, "unit", _enum(Unit), f"one of {_choices(Unit)}")
    value = reader.decimal(table, data, "value")
    provenance = reader.provenance(table, data)
    max_months = reader.get(
        table, data, "max_months", _positive, "a whole number of months >= 1", required=False
    )
    duration: Provenance | None = None
    if any(key.startswith("duration_") for key in data):
        duration = _duration(reader, table, data)
        if duration is None:
            return None
    bonuses = reader.get(
        table, data, "bonuses", _code_list, "a list of bonus codes", required=False
    )
    if None in (labels, route, unit, value, provenance):
        return None
    assert labels is not None
    return reader.build(
        table,
        "",
        BuildingBlock,
        code,
        *labels,
        route,
        unit,
        value,
        provenance,
        max_months=max_months,
        duration_provenance=duration,
        bonuses=bonuses or (),
    )


def _duration(reader: _Reader, table: str, data: dict[str, Any]) -> Provenance | None:
    """The provenance of a block's maximum duration.

    ``duration_status``, ``duration_source`` (default: the block's source), ``duration_note``.
    """
    status = reader.status(table, data, "duration_status")
    if "duration_source" in data:
        source = reader.source(table, data, "duration_source")
    else:
        source = reader.source(table, data) if "source" in data else None
    note = reader.get(table, data, "duration_note", _any_text, "a string", required=False)
    if status is None or source is None:
        return None
    return reader.build(table, "duration_status", Provenance, source, status, note or "")


def _positive(value: object) -> int | None:
    number = _integer(value)
    return number if number is not None and number >= 1 else None


def _bonus(reader: _Reader, table: str, code: str, data: dict[str, Any]) -> Bonus | None:
    reader.keys(table, data, _BONUS)
    labels = _labels(reader, table, data)
    kind = reader.get(table, data, "kind", _enum(BonusKind), f"one of {_choices(BonusKind)}")
    value = reader.decimal(table, data, "value")
    provenance = reader.provenance(table, data)
    min_age = reader.get(
        table,
        data,
        "min_age",
        _integer,
        'a whole number of years (only for kind = "age")',
        required=kind is BonusKind.AGE,
    )
    if kind is not None and kind is not BonusKind.AGE and "min_age" in data:
        reader.problem(table, "min_age", data["min_age"], 'no min_age unless kind = "age"')
        return None
    if None in (labels, kind, value, provenance):
        return None
    assert labels is not None
    return reader.build(table, "", Bonus, code, *labels, kind, value, provenance, min_age=min_age)


def _adjustment(
    reader: _Reader, table: str, code: str, data: dict[str, Any]
) -> ObligationAdjustment | None:
    reader.keys(table, data, _ADJUSTMENT)
    labels = _labels(reader, table, data)
    kind = reader.get(
        table, data, "kind", _enum(AdjustmentKind), f"one of {_choices(AdjustmentKind)}"
    )
    value = reader.decimal(table, data, "value")
    provenance = reader.provenance(table, data)
    if None in (labels, kind, value, provenance):
        return None
    assert labels is not None
    return reader.build(table, "", ObligationAdjustment, code, *labels, kind, value, provenance)


def _check_bonus_references(reader: _Reader, data: Mapping[str, Any]) -> None:
    """Every bonus code a block names must have a ``[bonuses.<code>]`` table."""
    blocks, bonuses = data.get("blocks"), data.get("bonuses", {})
    if not isinstance(blocks, dict) or not isinstance(bonuses, dict):
        return
    for code, body in blocks.items():
        names = body.get("bonuses") if isinstance(body, dict) else None
        for name in names if isinstance(names, list) else ():
            if isinstance(name, str) and name not in bonuses:
                known = ", ".join(sorted(bonuses)) or "none in this file"
                reader.problem(
                    f"blocks.{code}", "bonuses", name, f"a code of a [bonuses.*] table ({known})"
                )


def _boolean(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _settlement(reader: _Reader, data: Mapping[str, Any]) -> SettlementRule | None:
    """The ``[settlement]`` table: what follows a shortfall at the end of the term."""
    table = reader.table("", data, "settlement")
    if table is None:
        return None
    reader.keys("settlement", table, _SETTLEMENT)
    kind = reader.get(
        "settlement", table, "kind", _enum(SettlementKind), f"one of {_choices(SettlementKind)}"
    )
    options: dict[str, Any] = {}
    if "share" in table:
        options["share"] = reader.decimal("settlement", table, "share")
    recovery = reader.get(
        "settlement",
        table,
        "recovery_months",
        _integer,
        "a whole number of months (0 or more)",
        required=False,
    )
    if recovery is not None:
        options["recovery_months"] = recovery
    waived = reader.get(
        "settlement", table, "waived_when_not_at_fault", _boolean, "true or false", required=False
    )
    if waived is not None:
        options["waived_when_not_at_fault"] = waived
    provenance = reader.provenance("settlement", table)
    if kind is None or provenance is None or options.get("share", Decimal(1)) is None:
        return None
    return reader.build("settlement", "kind", SettlementRule, kind, provenance, **options)


def _read(data: dict[str, Any], reader: _Reader) -> RuleSet | None:
    reader.keys("", data, _TOP)
    file_format = reader.get("", data, "format", _integer, f"the format number {FORMAT}")
    if file_format is not None and file_format != FORMAT:
        reader.problem("", "format", file_format, f"the format number {FORMAT}")
    sources = reader.table("", data, "sources")
    if sources is not None:
        for key, text in sources.items():
            if _text(text) is None:
                reader.problem("sources", key, text, "a non-empty string")
        reader.sources = {key: text for key, text in sources.items() if _text(text) is not None}

    region = reader.get("", data, "region", _code, 'a region code such as "noord-holland"')
    version = reader.text("", data, "version")
    valid_from = reader.get(
        "", data, "valid_from", _date, f"a TOML date such as 2024-01-01 ({DATE_RANGE})"
    )
    valid_until = reader.get(
        "",
        data,
        "valid_until",
        _date,
        f"a TOML date such as 2024-12-31 ({DATE_RANGE})",
        required=False,
    )
    if valid_from and valid_until and valid_until < valid_from:
        reader.problem("", "valid_until", valid_until, f"on or after valid_from ({valid_from})")
    source = reader.source("", data)
    proration = reader.get(
        "", data, "proration", _enum(Proration), f"one of {_choices(Proration)}", required=False
    )
    options: dict[str, Any] = {}
    for key in ("full_time_hours", "minimum_hours", "sr_percentage"):
        parameter = _parameter(reader, data, key)
        if parameter is not None:
            options[key] = parameter
    measurement = reader.table("", data, "measurement")
    if measurement is not None:
        reader.keys("measurement", measurement, _MEASUREMENT)
        fractions = reader.get(
            "measurement",
            measurement,
            "fractions",
            _fraction_list,
            'a list of quoted decimal fractions in (0, 1] such as ["0.25", "0.5"]',
        )
        provenance = reader.provenance("measurement", measurement)
        if fractions is not None and provenance is not None:
            options["measurement_fractions"] = tuple(sorted(fractions))
            options["measurement_provenance"] = provenance

    if "blocks" not in data:
        reader.problem("", "blocks", MISSING, "a [blocks.<code>] table for each building block")
    blocks, blocks_ok = _items(reader, data, "blocks", _block)
    bonuses, bonuses_ok = _items(reader, data, "bonuses", _bonus)
    adjustments, _ = _items(reader, data, "adjustments", _adjustment)
    settlement = _settlement(reader, data)
    if settlement is not None:
        options["settlement"] = settlement
    _check_bonus_references(reader, data)
    if reader.problems or not (blocks_ok and bonuses_ok):
        return None
    assert region is not None
    assert version is not None
    assert valid_from is not None
    return reader.build(
        "",
        "",
        RuleSet,
        region,
        version,
        valid_from,
        blocks,
        valid_until=valid_until,
        bonuses=bonuses,
        adjustments=adjustments,
        proration=proration or Proration.MONTHLY,
        source=source or "",
        **options,
    )


def _open(path: PathLike) -> Traversable:
    if isinstance(path, str | os.PathLike):
        return check_path("path", path)
    if not isinstance(path, Traversable):
        raise InvalidValueError(
            "path", path, "a file system path (str or os.PathLike) or an importlib Traversable"
        )
    return path


def _label(path: PathLike) -> str:
    return os.fspath(path) if isinstance(path, str | os.PathLike) else str(path)


def _load(path: PathLike) -> tuple[RuleSet | None, list[RuleFileProblem]]:
    label = _label(path)
    reader = _Reader(label)
    try:
        raw = _open(path).read_bytes()
    except OSError as error:
        reader.problem("", "", label, f"a readable rule file ({error.strerror or error})")
        return None, reader.problems
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        reader.problem("", "", f"bytes {error.start}..{error.end}", "UTF-8 text")
        return None, reader.problems
    except tomllib.TOMLDecodeError as error:
        reader.problem("", "", str(error), "valid TOML")
        return None, reader.problems
    except RecursionError:
        reader.problem("", "", "arrays or tables nested too deeply", "a TOML document of rules")
        return None, reader.problems
    except ValueError as error:  # e.g. an integer of more than 4300 digits
        reader.problem("", "", str(error), "valid TOML with numbers of sensible size")
        return None, reader.problems
    try:
        rules = _read(data, reader)
    except SroiError as error:  # pragma: no cover - a gap in the checks above
        reader.problem("", "", str(error), "a valid rule set")
        return None, reader.problems
    return rules, reader.problems


def load_rule_file(path: PathLike) -> RuleSet:
    """Read one rule file (one version of a region's rules).

    Args:
        path: a file path, or a file inside a package
            (``importlib.resources.files("sroi_x") / "rules" / "2024-01-01.toml"``).

    Returns:
        The rule set, every value with its provenance and status.

    Raises:
        RuleFileError: listing every problem of the file, each with its table and key.
        InvalidValueError: when ``path`` is not a usable path (another type, a NUL character or
            a lone surrogate in it).
    """
    rules, problems = _load(path)
    if problems or rules is None:
        raise RuleFileError(_label(path), problems)
    return rules


def load_rule_files(directory: PathLike) -> tuple[RuleSet, ...]:
    """Read every ``*.toml`` file of a directory, sorted by ``valid_from``.

    Args:
        directory: a directory path, or a directory inside a package
            (``importlib.resources.files("sroi_x") / "rules"``).

    Returns:
        The rule sets, oldest first.

    Raises:
        RuleFileError: listing every problem of every file together (or that the directory
            cannot be read or holds no rule file); nothing is returned then.
        InvalidValueError: when ``directory`` is not a usable path.
    """
    label = _label(directory)
    folder = _open(directory)
    try:
        entries = sorted(
            (entry for entry in folder.iterdir() if entry.name.endswith(".toml")),
            key=lambda entry: entry.name,
        )
    except OSError as error:
        problem = RuleFileProblem(label, "", "", label, f"a directory of rule files ({error})")
        raise RuleFileError(label, [problem]) from None
    if not entries:
        problem = RuleFileProblem(label, "", "", label, "a directory with at least one *.toml file")
        raise RuleFileError(label, [problem])
    found: list[RuleSet] = []
    problems: list[RuleFileProblem] = []
    for entry in entries:
        rules, file_problems = _load(entry)
        problems += file_problems
        if rules is not None:
            found.append(rules)
    if problems:
        raise RuleFileError(label, problems)
    return tuple(sorted(found, key=lambda rules: (rules.region, rules.valid_from)))
