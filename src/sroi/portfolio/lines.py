"""Portfolios as JSON Lines (``sroi.portfolio-lines/1``): a header line, then one contract a line.

:func:`iter_portfolio_lines` reads such a file one contract at a time, in constant memory.
"""

from __future__ import annotations

import itertools
import json
import os
import pathlib
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from sroi import _validators as v
from sroi import serde
from sroi.exceptions import InvalidValueError, ValidationError
from sroi.lifecycle import ContractHistory
from sroi.portfolio.document import (
    MAX_BYTES,
    Portfolio,
    _body,
    _gc_paused,
    _load_rule_files,
    _replay_one,
    load_portfolio,
)
from sroi.portfolio.files import _resolve_target, _write_atomically
from sroi.schema import json_schema

__all__ = [
    "LINES_FORMAT",
    "LINES_SUFFIX",
    "dump_portfolio_lines",
    "is_portfolio_lines",
    "iter_portfolio_lines",
    "load_portfolio_file",
    "load_portfolio_lines",
    "portfolio_lines_header",
    "portfolio_lines_json_schema",
]

LINES_FORMAT = "sroi.portfolio-lines/1"
"""The format of portfolio files in JSON Lines: a header line, then one contract per line."""
LINES_SUFFIX = ".jsonl"
"""The file suffix by which :func:`load_portfolio_file` knows a JSON Lines portfolio."""


def _lines_header(raw: bytes, label: str) -> dict[str, Any]:
    """The header line's data without ``"format"``, or a ValidationError naming line 1."""
    data = _line_data(raw, 1, label)
    body = _body(data, LINES_FORMAT, "line 1", label)
    if "contracts" in body:
        problem = serde.problem(
            "line 1, contracts",
            body["contracts"],
            "no contracts in the header line",
            hint="write each contract on a line of its own after the header",
        )
        raise ValidationError([problem], source=label)
    return body


def _line_data(raw: bytes, number: int, label: str) -> Any:
    """One line's JSON; a problem in it is reported at ``line N``."""
    if len(raw) > MAX_BYTES:
        problem = serde.problem(
            f"line {number}", len(raw), f"a line of at most {MAX_BYTES} bytes", shown="the line"
        )
        raise ValidationError([problem], source=label)
    try:
        return serde.loads(raw.rstrip(b"\r\n"), source=label)
    except ValidationError as error:
        raise ValidationError(
            [_json_on_line(problem, number) for problem in error.errors], source=label
        ) from None


def _json_on_line(error: InvalidValueError, number: int) -> InvalidValueError:
    """A JSON problem of one line: ``line 1, column 7`` of the line is ``line N, column 7``."""
    if error.field.startswith("line 1, column "):
        where = f"line {number}, {error.field.removeprefix('line 1, ')}"
        return serde.problem(where, error.value, error.expected, shown=str(error.value))
    return _on_line(error, number)


def _on_line(error: InvalidValueError, number: int) -> InvalidValueError:
    """``error`` with its path inside line ``number`` (``line 3, events[0].recorded_on``)."""
    field = error.field
    path = f"line {number}, {field}" if field else f"line {number}"
    return serde.problem(path, error.value, error.expected, hint=error.hint, kind=type(error))


def _contract_line(
    raw: bytes, number: int, label: str
) -> tuple[ContractHistory | None, list[InvalidValueError]]:
    """One contract line: its history, or every problem in it, with the line number."""
    try:
        data = _line_data(raw, number, label)
        with _gc_paused():
            history: ContractHistory = serde.structure(data, ContractHistory, source=label)
    except ValidationError as error:
        return None, [
            problem if problem.field.startswith("line ") else _on_line(problem, number)
            for problem in error.errors
        ]
    with _gc_paused():
        replayed, problems = _replay_one(history, "")
    if problems:
        return None, [_on_line(problem, number) for problem in problems]
    return replayed, []


@attrs.frozen
class _LinesReader:
    """Reads a JSON Lines portfolio: the header first, then the contracts one at a time."""

    path: pathlib.Path
    label: str
    folder: pathlib.Path

    @classmethod
    def open(
        cls, source: str | os.PathLike[str], base: str | os.PathLike[str] | None
    ) -> _LinesReader:
        path = v.check_path("source", source)
        folder = path.parent if base is None else v.check_path("base", base)
        return cls(path, os.fspath(path), folder)

    def lines(self) -> Iterator[tuple[int, bytes]]:
        """The file's lines with their numbers (from 1); blank lines are left out."""
        try:
            with self.path.open("rb") as handle:
                number = 0
                while True:
                    raw = handle.readline(MAX_BYTES + 1)
                    if not raw:
                        return
                    number += 1
                    if raw.strip():
                        yield number, raw
        except OSError as error:
            problem = serde.problem("", self.label, f"a readable file ({error.strerror or error})")
            raise ValidationError([problem], source=self.label) from None

    def header(self, lines: Iterator[tuple[int, bytes]]) -> Portfolio:
        """The portfolio-level part (organisations, rule files), rule files checked."""
        first = next(lines, None)
        if first is None:
            expected = f'a header line {{"format": "{LINES_FORMAT}"}}'
            raise ValidationError(
                [serde.problem("line 1", "", expected, shown="an empty file")], source=self.label
            )
        number, raw = first
        if number != 1:
            raise ValidationError(
                [serde.problem("line 1", "", "the header line", shown="a blank line")],
                source=self.label,
            )
        body = _lines_header(raw, self.label)
        try:
            header: Portfolio = serde.structure(body, Portfolio, source=self.label)
        except ValidationError as error:
            raise ValidationError(
                [_on_line(problem, 1) for problem in error.errors], source=self.label
            ) from None
        _, rule_errors = _load_rule_files(header.rule_files, self.folder)
        if rule_errors:
            raise ValidationError([_on_line(e, 1) for e in rule_errors], source=self.label)
        return header

    def contracts(
        self, lines: Iterator[tuple[int, bytes]]
    ) -> Iterator[tuple[ContractHistory | None, list[InvalidValueError]]]:
        """Each contract line's history or problems; a number seen before is a problem."""
        seen: dict[str, int] = {}
        for number, raw in lines:
            history, problems = _contract_line(raw, number, self.label)
            if history is not None:
                if history.number in seen:
                    problems = [
                        serde.problem(
                            f"line {number}, registration.contract.number",
                            history.number,
                            "a contract number used once in the portfolio",
                            hint=f"line {seen[history.number]} has it too",
                        )
                    ]
                    history = None
                else:
                    seen[history.number] = number
            yield history, problems


def iter_portfolio_lines(
    source: str | os.PathLike[str], *, base: str | os.PathLike[str] | None = None
) -> Iterator[ContractHistory]:
    """Read a JSON Lines portfolio one contract at a time, in constant memory.

    The header line is read and checked (with its rule files) when iteration starts; then each
    contract line is read, validated and replayed just before it is yielded, so only one
    contract is held at a time (besides the set of contract numbers seen, to refuse a number
    used twice). Read the header alone with :func:`portfolio_lines_header`.

    Args:
        source: the path of a ``sroi.portfolio-lines/1`` file.
        base: the folder the rule files are relative to; by default the file's folder.

    Yields:
        Each contract's history, in the order of the file.

    Raises:
        ValidationError: at the first line that is not valid, after reading the rest of the file
            (without yielding more) to list every problem, each named ``line N, <path>``; the
            contracts yielded before it were valid.
        InvalidValueError: when ``source`` or ``base`` is not a usable path.
    """
    reader = _LinesReader.open(source, base)
    lines = reader.lines()
    reader.header(lines)
    errors: list[InvalidValueError] = []
    for history, problems in reader.contracts(lines):
        errors += problems
        if history is not None and not errors:
            yield history
    if errors:
        raise ValidationError(errors, source=reader.label)


def portfolio_lines_header(
    source: str | os.PathLike[str], *, base: str | os.PathLike[str] | None = None
) -> Portfolio:
    """The header of a JSON Lines portfolio: a :class:`Portfolio` without contracts.

    Only the first line is read; its rule files are loaded once to check them.

    Raises:
        ValidationError: listing the header's problems at ``line 1, <path>``.
        InvalidValueError: when ``source`` or ``base`` is not a usable path.
    """
    reader = _LinesReader.open(source, base)
    lines = reader.lines()
    try:
        return reader.header(lines)
    finally:
        lines.close()  # type: ignore[attr-defined]


def load_portfolio_lines(
    source: str | os.PathLike[str], *, base: str | os.PathLike[str] | None = None
) -> Portfolio:
    """Read and validate a whole JSON Lines portfolio (``sroi.portfolio-lines/1``).

    The same checks as :func:`load_portfolio`, every problem reported with its line and the
    path inside the line (``line 3, events[0].recorded_on``). Use
    :func:`iter_portfolio_lines` to read a file too large to hold at once.

    Raises:
        ValidationError: listing every problem; nothing is returned.
        InvalidValueError: when ``source`` or ``base`` is not a usable path.
    """
    reader = _LinesReader.open(source, base)
    lines = reader.lines()
    header = reader.header(lines)
    contracts: list[ContractHistory] = []
    errors: list[InvalidValueError] = []
    with _gc_paused():  # for the whole file: the collector would walk every contract held so far
        for history, problems in reader.contracts(lines):
            errors += problems
            if history is not None:
                contracts.append(history)
    if errors:
        raise ValidationError(errors, source=reader.label)
    return attrs.evolve(header, contracts=tuple(contracts))


def is_portfolio_lines(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a JSON Lines portfolio: a ``.jsonl`` suffix, or a header line.

    A file that cannot be read is not one (loading it reports why).
    """
    checked = v.check_path("path", path)
    if checked.suffix.lower() == LINES_SUFFIX:
        return True
    try:
        with checked.open("rb") as handle:
            first = handle.readline(64 * 1024)
    except OSError:
        return False
    if LINES_FORMAT.encode("ascii") not in first:
        return False
    try:
        data = json.loads(first)
    except (ValueError, RecursionError):  # e.g. a line cut at 64 KiB, or absurdly nested
        return False
    return isinstance(data, dict) and data.get("format") == LINES_FORMAT


def load_portfolio_file(
    path: str | os.PathLike[str], *, base: str | os.PathLike[str] | None = None
) -> Portfolio:
    """Load a portfolio file in either form: JSON Lines (see :func:`is_portfolio_lines`) or JSON.

    Raises:
        ValidationError: listing every problem, as :func:`load_portfolio_lines` or
            :func:`load_portfolio` report them.
        InvalidValueError: when ``path`` or ``base`` is not a usable path.
    """
    try:
        lines = is_portfolio_lines(path)
    except InvalidValueError:  # not a usable path: load_portfolio names it
        lines = False
    if lines:
        return load_portfolio_lines(path, base=base)
    return load_portfolio(path, base=base)


def _history_lines(
    portfolio: Portfolio, contracts: Iterable[ContractHistory] | None
) -> Iterator[str]:
    header = {"format": LINES_FORMAT, **serde.unstructure(portfolio, Portfolio)}
    header.pop("contracts", None)
    yield _line(header, "line 1")
    seen: set[str] = set()
    histories: Iterable[object] = itertools.chain(portfolio.contracts, contracts or ())
    for number, history in enumerate(histories, start=2):
        if not isinstance(history, ContractHistory):
            raise InvalidValueError(f"contracts (line {number})", history, "a ContractHistory")
        if history.number in seen:
            raise InvalidValueError(
                f"contracts (line {number})",
                history.number,
                "a contract number used once in the portfolio",
            )
        seen.add(history.number)
        yield _line(serde.unstructure(history, ContractHistory), f"line {number}")


def _line(data: Any, where: str) -> str:
    bad = sorted(v.surrogate_paths(data))
    if bad:
        raise ValidationError(
            [
                serde.problem(
                    f"{where}, {path}" if path else where,
                    "",
                    "text that can be written as UTF-8 (no lone surrogates U+D800..U+DFFF)",
                    shown="a text with a lone surrogate",
                )
                for path in bad
            ]
        )
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def dump_portfolio_lines(
    portfolio: Portfolio,
    path: str | os.PathLike[str],
    *,
    contracts: Iterable[ContractHistory] | None = None,
) -> int:
    """Write a portfolio as JSON Lines: a header line, then one contract per line.

    The header holds ``"format": "sroi.portfolio-lines/1"`` and the portfolio-level fields
    (organisations, rule files). The contracts are ``portfolio.contracts`` followed by
    ``contracts`` when given, which may be any iterable (a generator, e.g. from
    :func:`iter_portfolio_lines`): they are written as they come, so a file of any size is
    written in constant memory. The file is written whole or not at all, as
    :func:`dump_portfolio` writes.

    Returns:
        The number of contracts written.

    Raises:
        InvalidValueError: when ``portfolio`` is not a :class:`Portfolio`, ``path`` is not a
            usable path, a contract is not a ContractHistory or its number was written before.
        ValidationError: naming every text of a line that holds a lone surrogate.
        OSError: when the file system refuses the write (the old file is then left as it was).
    """
    if not isinstance(portfolio, Portfolio):
        raise InvalidValueError("portfolio", portfolio, "a Portfolio")
    target = _resolve_target(v.check_path("path", path))
    lines = (text.encode("utf-8") for text in _history_lines(portfolio, contracts))
    return _write_atomically(target, lines) - 1  # the first line is the header


def portfolio_lines_json_schema() -> dict[str, Any]:
    """The JSON Schemas (draft 2020-12) of a JSON Lines portfolio's lines.

    Returns:
        ``{"header": ..., "contract": ...}``: the schema of the header line (the portfolio
        document without contracts) and of each contract line (one contract history).
    """
    header = json_schema(
        Portfolio,
        title="sroi portfolio lines: the header line",
        header={
            "format": {"const": LINES_FORMAT, "description": "The document format and version."}
        },
    )
    del header["properties"]["contracts"]
    header["description"] = (
        "The first line of a JSON Lines portfolio: its format, organisations and rule files. "
        "Each line after it is one contract's history."
    )
    defs = header["$defs"]
    used = _referenced(header, defs)
    header["$defs"] = {name: schema for name, schema in defs.items() if name in used}
    contract = json_schema(ContractHistory, title="sroi portfolio lines: a contract line")
    return {"header": header, "contract": contract}


def _referenced(schema: Any, defs: dict[str, Any]) -> set[str]:
    """The names under ``$defs`` that ``schema`` uses, directly or through other definitions."""
    found: set[str] = set()
    stack: list[Any] = [{key: value for key, value in schema.items() if key != "$defs"}]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                name = ref.removeprefix("#/$defs/")
                if name not in found:
                    found.add(name)
                    stack.append(defs[name])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found
