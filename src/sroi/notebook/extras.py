"""What the notebook functions need: pandas and matplotlib on demand, and checked arguments."""

from __future__ import annotations

import importlib
from typing import Any

from sroi.exceptions import InvalidValueError, MissingExtraError

__all__ = ["check", "pandas", "require"]


def require(module: str) -> Any:
    """Import ``module`` (e.g. ``"matplotlib.figure"``), or say which extra to install.

    Raises:
        MissingExtraError: when it cannot be imported, naming the ``notebook`` extra to install.
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        package = module.split(".", maxsplit=1)[0]
        raise MissingExtraError(
            package, "notebook", "sroi's notebook functions (pandas and matplotlib)"
        ) from error


def pandas() -> Any:
    """The pandas module, or a :class:`~sroi.exceptions.MissingExtraError` naming the extra."""
    return require("pandas")


def check(value: object, kind: type, name: str, expected: str) -> None:
    """Refuse ``value`` (the argument ``name``) unless it is a ``kind``.

    Raises:
        InvalidValueError: naming ``name``, the value and ``expected``.
    """
    if not isinstance(value, kind):
        raise InvalidValueError(name, value, expected)
