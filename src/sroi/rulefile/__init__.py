"""Rule files: one TOML file per rule-set version, read with :mod:`tomllib` and validated.

The format is described in ``docs/reference/rule-files.md``. Money, rates, hours and fractions are
quoted decimal strings (``"30000"``, ``"0.10"``); a TOML float or a bare integer there is refused,
as are unknown keys. Every problem of a file (or of every file of a directory) is reported at once
in one :class:`~sroi.exceptions.RuleFileError`, each naming its file, table and key; nothing is
returned when there is any.
"""

from __future__ import annotations

import os
import tomllib
from importlib.resources.abc import Traversable

from sroi._validators import check_path
from sroi.exceptions import InvalidValueError, RuleFileError, RuleFileProblem, SroiError
from sroi.rulefile._reader import Reader
from sroi.rulefile._tables import FORMAT, read
from sroi.ruleset import RuleSet

__all__ = ["FORMAT", "PathLike", "load_rule_file", "load_rule_files"]

PathLike = str | os.PathLike[str] | Traversable
"""A file system path, or a file inside a package (``importlib.resources.files(...) / "x"``)."""


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
    reader = Reader(label)
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
        rules = read(data, reader)
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
