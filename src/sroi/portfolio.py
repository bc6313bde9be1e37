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
"""

from __future__ import annotations

import json
import os
import pathlib
import stat
import tempfile
from collections.abc import Iterator
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
    "MAX_BYTES",
    "Portfolio",
    "dump_portfolio",
    "load_portfolio",
    "portfolio_json_schema",
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


def _replay_problems(histories: tuple[ContractHistory, ...]) -> Iterator[InvalidValueError]:
    """Replay every contract's history event by event, yielding what does not fit, with paths."""
    for index, history in enumerate(histories):
        where = f"contracts[{index}]"
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
            yield _at(error, f"{where}.registration")
            continue
        for number, event in enumerate(history.events):
            try:
                current = apply(current, event)
            except (InvalidValueError, LookupError) as error:
                if isinstance(error, InvalidValueError):
                    yield _at(error, f"{where}.events[{number}]")
                else:  # pragma: no cover - apply raises InvalidValueError subclasses
                    yield serde.problem(f"{where}.events[{number}]", event, str(error))
                break  # later events depend on this one; report the first per contract


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
    errors = list(_replay_problems(portfolio.contracts))
    if base is not None:
        folder = v.check_path("base", base)
    _, rule_errors = _load_rule_files(portfolio.rule_files, folder)
    errors += rule_errors
    if errors:
        raise ValidationError(errors, source=label)
    return portfolio


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
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(encoded)
                handle.flush()
                os.fsync(handle.fileno())
            # mkstemp creates the file private (0600); give it the mode a new file would get
            os.chmod(temporary, _existing_mode(target))
            os.replace(temporary, target)
        except BaseException:
            pathlib.Path(temporary).unlink(missing_ok=True)
            raise
        _fsync_folder(target.parent)
    return text


def portfolio_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of portfolio documents, as shipped in ``sroi/schemas``."""
    return json_schema(
        Portfolio,
        title="sroi portfolio",
        header={"format": {"const": FORMAT, "description": "The document format and version."}},
    )
