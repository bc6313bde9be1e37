"""The portfolio file: a versioned JSON document with everything a team monitors.

A portfolio holds the organisations of the directory, each contract's history (its registration
and every event after it, see :mod:`sroi.lifecycle`) and the rule files that override or add to
the regions' rules. It is read and written through the one converter of :mod:`sroi.serde`:

.. code-block:: json

    {
      "format": "sroi.portfolio/1",
      "organisations": [{"name": "Wegenbouw Oost B.V.", "kvk": "12345678"}],
      "contracts": [
        {
          "registration": {"recorded_on": "2023-12-01", "role": "buyer", "contract": {...}},
          "events": [{"type": "propose-placement", "recorded_on": "2024-02-20", ...}]
        }
      ],
      "rule_files": ["rules/my-region-2024.toml"]
    }

Loading validates everything before it returns: the JSON, every field (money as decimal strings,
dates as ``YYYY-MM-DD``), every event replayed on its contract, the organisations (no duplicates),
the contract numbers (each once) and the rule files (each must load). Every problem is reported
with its path in one :class:`~sroi.exceptions.ValidationError`, and nothing is returned.

A portfolio too large for one document is written as JSON Lines (``sroi.portfolio-lines/1``): a
header line with the format, organisations and rule files, then one contract history per line.
:func:`iter_portfolio_lines` reads it one contract at a time; problems are named by line and
path (``line 3, events[0].recorded_on``).
"""

from __future__ import annotations

import itertools
import json
import os
import pathlib
import stat
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from sroi import _validators as v
from sroi import serde
from sroi._repr import count, few
from sroi.directory import Directory
from sroi.exceptions import InvalidValueError, RuleFileError, ValidationError
from sroi.lifecycle import ContractHistory, apply, register
from sroi.model import Organisation
from sroi.rulefile import load_rule_file
from sroi.ruleset import RuleSet
from sroi.schema import json_schema

__all__ = [
    "FORMAT",
    "LINES_FORMAT",
    "LINES_SUFFIX",
    "MAX_BYTES",
    "Portfolio",
    "dump_portfolio",
    "dump_portfolio_lines",
    "is_portfolio_lines",
    "iter_portfolio_lines",
    "load_portfolio",
    "load_portfolio_file",
    "load_portfolio_lines",
    "portfolio_json_schema",
    "portfolio_lines_header",
    "portfolio_lines_json_schema",
]

FORMAT = "sroi.portfolio/1"
"""The format of the documents this version of sroi reads and writes."""
MAX_BYTES = 64 * 1024 * 1024
"""The largest portfolio file :func:`load_portfolio` reads (64 MiB)."""


def _organisations(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    Directory(value)  # type: ignore[arg-type]  # validates: Organisations, no duplicates


def _rule_file(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    v.text(500, free=False)(instance, attribute, value)
    assert isinstance(value, str)
    path = pathlib.PurePosixPath(value)
    expected = "a relative path to a .toml rule file, with '/' between folders"
    if "\\" in value or path.is_absolute() or path.suffix != ".toml":
        raise InvalidValueError(
            attribute.name, value, expected, hint="paths are relative to the portfolio file"
        )
    if ".." in value.split("/") or ":" in value:
        raise InvalidValueError(
            attribute.name,
            value,
            f"{expected}, inside the portfolio's folder",
            hint="'..' would leave the portfolio's folder; copy the rule file next to it",
        )
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value) or v.has_lone_surrogate(value):
        raise InvalidValueError(
            attribute.name, value, f"{expected}, without control characters or surrogates"
        )


def _histories(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    v.tuple_of(v.instance(ContractHistory, "a ContractHistory"), "ContractHistory")(
        instance, attribute, value
    )


@attrs.frozen
class Portfolio:
    """A portfolio document: organisations, contracts with their histories, and rule files.

    Build one in code, or read one with :func:`load_portfolio`; write it with
    :func:`dump_portfolio`. Contract numbers are unique within a portfolio.
    """

    organisations: tuple[Organisation, ...] = attrs.field(default=(), validator=_organisations)
    """The directory of organisations (contractors, buyers, suppliers); no duplicates."""
    contracts: tuple[ContractHistory, ...] = attrs.field(default=(), validator=_histories)
    """Each contract's history: its registration and the events after it, oldest first."""
    rule_files: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(_rule_file, "relative paths of .toml rule files")
    )
    """Rule files (TOML, one rule-set version each) that add to or override the regions' rules,
    as paths relative to the portfolio file."""

    def __attrs_post_init__(self) -> None:
        seen: dict[str, int] = {}
        for index, history in enumerate(self.contracts):
            number = history.number
            if number in seen:
                raise InvalidValueError(
                    f"contracts[{index}].registration.contract.number",
                    number,
                    "a contract number used once in the portfolio",
                    hint=f"contracts[{seen[number]}] has it too",
                )
            seen[number] = index

    def __repr__(self) -> str:
        """One line: the contracts (the first few numbers), organisations and rule files.

        >>> Portfolio()
        <Portfolio 0 contracts (), 0 organisations, 0 rule files>
        """
        numbers = few(history.number for history in self.contracts)
        return (
            f"<Portfolio {count(len(self.contracts), 'contract')} {numbers}, "
            f"{count(len(self.organisations), 'organisation')}, "
            f"{count(len(self.rule_files), 'rule file')}>"
        )

    @property
    def directory(self) -> Directory:
        """The organisations as a searchable :class:`~sroi.directory.Directory`."""
        return Directory(self.organisations)

    def contract(self, number: str) -> ContractHistory:
        """The history of the contract with ``number``.

        Raises:
            InvalidValueError: when no contract has that number (the message lists them).
        """
        for history in self.contracts:
            if history.number == number:
                return history
        known = ", ".join(repr(h.number) for h in self.contracts) or "(none)"
        raise InvalidValueError("number", number, f"one of the contract numbers: {known}")

    def rule_sets(self, base: str | os.PathLike[str] = ".") -> tuple[RuleSet, ...]:
        """Load the portfolio's rule files, relative to ``base`` (the portfolio file's folder).

        Raises:
            ValidationError: listing every problem of every rule file, at ``rule_files[i]``.
            InvalidValueError: when ``base`` is not a usable path.
        """
        rule_sets, errors = _load_rule_files(self.rule_files, v.check_path("base", base))
        if errors:
            raise ValidationError(errors, source=os.fspath(base))
        return rule_sets


def _load_rule_files(
    paths: tuple[str, ...], base: pathlib.Path
) -> tuple[tuple[RuleSet, ...], list[InvalidValueError]]:
    rule_sets: list[RuleSet] = []
    errors: list[InvalidValueError] = []
    for index, name in enumerate(paths):
        where = f"rule_files[{index}]"
        try:
            rule_sets.append(load_rule_file(base / name))
        except RuleFileError as error:
            errors += [
                serde.problem(where, problem.value, problem.expected, shown=str(problem))
                for problem in error.problems
            ]
    return tuple(rule_sets), errors


def _replay_all(
    histories: tuple[ContractHistory, ...],
) -> tuple[tuple[ContractHistory, ...], list[InvalidValueError]]:
    """Replay every contract's history: the replayed histories, and what does not fit."""
    replayed: list[ContractHistory] = []
    errors: list[InvalidValueError] = []
    for index, history in enumerate(histories):
        again, problems = _replay_one(history, f"contracts[{index}]")
        replayed.append(again)
        errors += problems
    return tuple(replayed), errors


def _replay_one(
    history: ContractHistory, where: str
) -> tuple[ContractHistory, list[InvalidValueError]]:
    """Replay one history event by event: the first event that does not fit, at ``where``.

    Returns the replayed history (equal to ``history``, with its latest state already known,
    so a report does not replay it again) and the problem, if any.
    """
    first = history.registration
    try:
        current = register(
            first.contract,
            recorded_on=first.recorded_on,
            role=first.role,
            contacts=first.contacts,
            attachments=first.attachments,
            effective_on=first.effective_on,
        )
    except InvalidValueError as error:
        return history, [_at(error, _inside(where, "registration"))]
    for number, event in enumerate(history.events):
        try:
            current = apply(current, event)
        except (InvalidValueError, LookupError) as error:
            at = _inside(where, f"events[{number}]")
            if isinstance(error, InvalidValueError):
                return history, [_at(error, at)]
            return history, [serde.problem(at, event, str(error))]  # pragma: no cover
    # the replayed history when it is the same (register keeps what it is given), so that the
    # caller gets its latest state with it
    return (current if current == history else history), []


def _inside(where: str, step: str) -> str:
    return f"{where}.{step}" if where else step


def _at(error: InvalidValueError, prefix: str) -> InvalidValueError:
    field = error.field
    path = prefix if not field else f"{prefix}.{field}"
    return serde.problem(path, error.value, error.expected, hint=error.hint, kind=type(error))


def _read_source(source: str | bytes | os.PathLike[str]) -> tuple[str | bytes, str, pathlib.Path]:
    """The document's text, its label for errors and the folder its rule files are relative to."""
    if isinstance(source, bytes) or (
        isinstance(source, str) and source.lstrip().startswith(("{", "["))
    ):
        return source, "", pathlib.Path()
    path = v.check_path("source", source)
    label = os.fspath(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValidationError(
                [
                    serde.problem(
                        "", size, f"a file of at most {MAX_BYTES} bytes", shown=f"{size} bytes"
                    )
                ],
                source=label,
            )
        return path.read_bytes(), label, path.parent
    except OSError as error:
        problem = serde.problem("", label, f"a readable file ({error.strerror or error})")
        raise ValidationError([problem], source=label) from None


def load_portfolio(
    source: str | bytes | os.PathLike[str], *, base: str | os.PathLike[str] | None = None
) -> Portfolio:
    """Read and validate a portfolio document.

    Args:
        source: a path to a ``.json`` file, or the JSON text itself (a string starting with
            ``{`` or ``[``, or bytes).
        base: the folder the rule files are relative to; by default the file's folder (the
            current folder for text).

    Returns:
        The portfolio, every contract's history replayed and every rule file loaded once to check
        it.

    Raises:
        ValidationError: listing every problem with its path (``contracts[3].events[0]...``),
            and ``.source`` the file; nothing is returned.
        InvalidValueError: when ``source`` or ``base`` is not a usable path (another type, a NUL
            character or a lone surrogate in it).
    """
    if base is not None:
        v.check_path("base", base)
    text, label, folder = _read_source(source)
    if len(text) > MAX_BYTES:
        problem = serde.problem("", len(text), f"at most {MAX_BYTES} bytes", shown="the text")
        raise ValidationError([problem], source=label)
    data = serde.loads(text, source=label)
    if not isinstance(data, dict):
        raise ValidationError(
            [serde.problem("", data, f'a JSON object with "format": "{FORMAT}"')], source=label
        )
    version = data.get("format", serde.MISSING)
    if version != FORMAT:
        hint = (
            "written by a newer sroi? upgrade sroi to read it"
            if isinstance(version, str) and version.startswith("sroi.portfolio/")
            else ""
        )
        raise ValidationError(
            [serde.problem("format", version, repr(FORMAT), hint=hint)], source=label
        )
    body = {key: value for key, value in data.items() if key != "format"}
    portfolio: Portfolio = serde.structure(body, Portfolio, source=label)
    replayed, errors = _replay_all(portfolio.contracts)
    if base is not None:
        folder = v.check_path("base", base)
    _, rule_errors = _load_rule_files(portfolio.rule_files, folder)
    errors += rule_errors
    if errors:
        raise ValidationError(errors, source=label)
    return attrs.evolve(portfolio, contracts=replayed)


def _existing_mode(target: pathlib.Path) -> int:
    """The mode of ``target`` if it exists, else 0666 less the process's umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _resolve_target(path: pathlib.Path) -> pathlib.Path:
    """The file that writing to ``path`` updates: ``path``, or the end of its symlink chain.

    A dangling link resolves to the path it names, so the first write creates the file there.
    """
    try:
        return pathlib.Path(os.path.realpath(path, strict=False))
    except OSError as error:  # e.g. a symlink loop
        raise InvalidValueError(
            "path", os.fspath(path), f"a path that can be written ({error.strerror or error})"
        ) from None


def _fsync_folder(folder: pathlib.Path) -> None:
    """Flush a folder's entries (a renamed file) to disk; a no-op where folders cannot be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows, where a folder cannot be opened
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover - some file systems refuse fsync on a folder
        pass
    finally:
        os.close(descriptor)


def dump_portfolio(portfolio: Portfolio, path: str | os.PathLike[str] | None = None) -> str:
    """Write a portfolio as JSON text (``"format"`` first), and to ``path`` when given.

    The file is written whole or not at all: to a temporary file next to it, flushed to disk,
    then renamed over it, and the folder is flushed too before this returns. When ``path`` is a
    symbolic link the link is kept and the file it points to is replaced.

    Raises:
        InvalidValueError: when ``portfolio`` is not a :class:`Portfolio` or ``path`` is not a
            usable path.
        ValidationError: naming every text that holds a lone surrogate (UTF-8 cannot hold it).
        OSError: when the file system refuses the write (the old file is then left as it was).
    """
    if not isinstance(portfolio, Portfolio):
        raise InvalidValueError("portfolio", portfolio, "a Portfolio")
    target = None if path is None else _resolve_target(v.check_path("path", path))
    data = {"format": FORMAT, **serde.unstructure(portfolio, Portfolio)}
    bad = list(v.surrogate_paths(data))
    if bad:
        raise ValidationError(
            [
                serde.problem(
                    where,
                    "",
                    "text that can be written as UTF-8 (no lone surrogates U+D800..U+DFFF)",
                    shown="a text with a lone surrogate",
                )
                for where in sorted(bad)
            ]
        )
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    encoded = text.encode("utf-8")
    if target is not None:
        _write_atomically(target, [encoded])
    return text


def _write_atomically(target: pathlib.Path, chunks: Iterable[bytes]) -> int:
    """Write ``chunks`` to ``target`` whole or not at all; return how many were written.

    A temporary file beside the target is written, fsynced, given the target's mode and renamed
    over it; then the folder is fsynced. On any error the temporary file is removed.
    """
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    written = 0
    try:
        with os.fdopen(descriptor, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
                written += 1
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file private (0600); give it the mode a new file would get
        os.chmod(temporary, _existing_mode(target))
        os.replace(temporary, target)
    except BaseException:
        pathlib.Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)
    return written


def portfolio_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of portfolio documents, as shipped in ``sroi/schemas``."""
    return json_schema(
        Portfolio,
        title="sroi portfolio",
        header={"format": {"const": FORMAT, "description": "The document format and version."}},
    )


# --- JSON Lines ---------------------------------------------------------------------------------

LINES_FORMAT = "sroi.portfolio-lines/1"
"""The format of portfolio files in JSON Lines: a header line, then one contract per line."""
LINES_SUFFIX = ".jsonl"
"""The file suffix by which :func:`load_portfolio_file` knows a JSON Lines portfolio."""


def _lines_header(raw: bytes, label: str) -> dict[str, Any]:
    """The header line's data without ``"format"``, or a ValidationError naming line 1."""
    data = _line_data(raw, 1, label)
    if not isinstance(data, dict):
        expected = f'a JSON object with "format": "{LINES_FORMAT}"'
        raise ValidationError([serde.problem("line 1", data, expected)], source=label)
    version = data.get("format", serde.MISSING)
    if version != LINES_FORMAT:
        hint = (
            "written by a newer sroi? upgrade sroi to read it"
            if isinstance(version, str) and version.startswith("sroi.portfolio-lines/")
            else ""
        )
        raise ValidationError(
            [serde.problem("line 1, format", version, repr(LINES_FORMAT), hint=hint)],
            source=label,
        )
    body = {key: value for key, value in data.items() if key != "format"}
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
        history: ContractHistory = serde.structure(data, ContractHistory, source=label)
    except ValidationError as error:
        return None, [
            problem if problem.field.startswith("line ") else _on_line(problem, number)
            for problem in error.errors
        ]
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
