"""Helpers for the one-line ``repr`` of sroi's larger objects (rule sets, histories, portfolios).

A large object's default attrs ``repr`` spells out every field and runs to thousands of
characters; the short form names the object and counts its parts, in the ``<Class ...>`` style
of objects whose repr is not meant to be evaluated.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable

_SHORT = reprlib.Repr()
_SHORT.maxtuple = 3
_SHORT.maxstring = 40
_SHORT.maxother = 40


def count(number: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun: ``"1 block"``, ``"2 blocks"``, ``"0 bonuses"`` (given ``plural``).

    >>> count(1, "block"), count(2, "block"), count(0, "bonus", "bonuses")
    ('1 block', '2 blocks', '0 bonuses')
    """
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def few(values: Iterable[str]) -> str:
    """The first few of ``values`` as a tuple repr, long ones cut short with ``...``.

    >>> few(["A-1", "A-2", "A-3", "A-4"])
    "('A-1', 'A-2', 'A-3', ...)"
    """
    return _SHORT.repr(tuple(values))
