"""Writing a portfolio document to a file safely, and its JSON Schema."""

from __future__ import annotations

import json
import os
import pathlib
import stat
import tempfile
from collections.abc import Iterable
from typing import Any

from sroi import _validators as v
from sroi import serde
from sroi.exceptions import InvalidValueError, ValidationError
from sroi.portfolio.document import FORMAT, Portfolio
from sroi.schema import json_schema

__all__ = ["dump_portfolio", "portfolio_json_schema"]


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
