"""The portfolio document (``sroi.portfolio/1``): the :class:`Portfolio` and how it is loaded.

Loading validates everything before it returns; see :mod:`sroi.portfolio`.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pathlib
from collections.abc import Iterator
from typing import Any

import attrs

from sroi import _validators as v
from sroi import serde
from sroi._repr import count, few
from sroi.directory import Directory
from sroi.exceptions import InvalidValueError, RuleFileError, ValidationError
from sroi.lifecycle import ContractHistory
from sroi.lifecycle.history import check_history
from sroi.model import Organisation
from sroi.rulefile import load_rule_file
from sroi.ruleset import RuleSet

__all__ = ["FORMAT", "MAX_BYTES", "Portfolio", "load_portfolio"]

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
    checked, step, error = check_history(history)
    if error is None:
        return checked, []
    at = _inside(where, step)
    if isinstance(error, InvalidValueError):
        return history, [_at(error, at)]
    return history, [serde.problem(at, history, str(error))]  # pragma: no cover


def _inside(where: str, step: str) -> str:
    return f"{where}.{step}" if where else step


def _at(error: InvalidValueError, prefix: str) -> InvalidValueError:
    field = error.field
    path = prefix if not field else f"{prefix}.{field}"
    return serde.problem(path, error.value, error.expected, hint=error.hint, kind=type(error))


def _body(data: object, version: str, where: str, label: str) -> dict[str, Any]:
    """The data without its ``"format"``, once checked to be an object of format ``version``.

    ``where`` is the path of the object in the file (``""``, or ``"line 1"`` in JSON Lines).
    """
    if not isinstance(data, dict):
        expected = f'a JSON object with "format": "{version}"'
        raise ValidationError([serde.problem(where, data, expected)], source=label)
    given = data.get("format", serde.MISSING)
    if given != version:
        family = version.rsplit("/", 1)[0] + "/"
        hint = (
            "written by a newer sroi? upgrade sroi to read it"
            if isinstance(given, str) and given.startswith(family)
            else ""
        )
        at = f"{where}, format" if where else "format"
        raise ValidationError([serde.problem(at, given, repr(version), hint=hint)], source=label)
    return {key: value for key, value in data.items() if key != "format"}


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a portfolio is built.

    Building one allocates hundreds of thousands of objects, none of them in a reference cycle,
    and every few hundred allocations would make the collector walk them all again: about half
    the time of a large load. Reference counting still frees everything as usual.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


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
    body = _body(data, FORMAT, "", label)
    with _gc_paused():
        portfolio: Portfolio = serde.structure(body, Portfolio, source=label)
        replayed, errors = _replay_all(portfolio.contracts)
    if base is not None:
        folder = v.check_path("base", base)
    _, rule_errors = _load_rule_files(portfolio.rule_files, folder)
    errors += rule_errors
    if errors:
        raise ValidationError(errors, source=label)
    return attrs.evolve(portfolio, contracts=replayed)
