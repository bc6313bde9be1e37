"""Privacy checks: sroi stores a person as initials, target group and birth date, nothing more.

These checks refuse what looks like a full name or a personal identifier before it is stored,
and never repeat the refused value in the error (see :class:`~sroi.exceptions.PrivacyError`):

* :func:`check_initials` accepts initials only: letters each followed by a dot (``"J.P."``),
  optionally with a name prefix (``"J.P. van"``, ``"C. de V."``, ``"T.v.D."``), at most
  :data:`MAX_INITIALS_LETTERS` letters. A name, even a short one (``"Li Wu"``), is refused.
* :func:`check_free_text` refuses a citizen service number (BSN), an e-mail address and a phone
  number in any free-text field (descriptions, notes, references, file names, media types), and
  warns with :class:`~sroi.exceptions.PersonalDataWarning` when the text looks like it holds a
  full name (:func:`find_full_name`).
* :func:`check_code` refuses a code (target group, block, region ...) that holds a run of nine or
  more digits or a personal identifier.

How a BSN is found (:func:`find_bsn`): a BSN is nine digits that pass the eleven-test. They are
looked for in every run of digits, also inside a longer run (``"0111222333"``), and across digit
groups joined by a space, ``.``, ``-``, ``/`` or ``_`` (``"111-222-333"``, ``"1112.22.333"``)
when the groups add up to nine digits exactly.
"""

from __future__ import annotations

import functools
import re
import warnings

from sroi._caller import caller_level
from sroi._personal import (
    LETTER,
    MAX_CODE_DIGITS,
    NAME_PREFIXES,
    find_bsn,
    find_full_name,
    find_identifier,
    find_personal_identifier,
    is_bsn,
)
from sroi.exceptions import PersonalDataWarning, PrivacyError

__all__ = [
    "MAX_CODE_DIGITS",
    "MAX_INITIALS_LETTERS",
    "NAME_PREFIXES",
    "check_code",
    "check_free_text",
    "check_initials",
    "find_bsn",
    "find_full_name",
    "find_personal_identifier",
    "is_bsn",
]

MAX_INITIALS_LETTERS = 6
"""The most letters initials may have ("J.P.M. v.d. B." has six); prefix words do not count."""

# one initial: a letter followed by a dot, or by a hyphen and the next initial ("A-M.")
_INITIAL = rf"{LETTER}(?:\.|-(?={LETTER}))"
_PREFIX = "|".join(re.escape(word) for word in sorted(NAME_PREFIXES, key=len, reverse=True))
_INITIALS = re.compile(
    rf"^(?:{_INITIAL} ?)+(?:(?<= )(?:{_PREFIX})(?: (?:{_PREFIX}))*(?: (?:{_INITIAL} ?)+)?)?$"
)
_WORD_RUN = re.compile(rf"{LETTER}{{2,}}")
_DIGIT_RUN = re.compile(rf"\d{{{MAX_CODE_DIGITS + 1},}}")


def check_initials(value: object, field: str = "initials") -> str:
    """Return ``value`` stripped if it is initials, else raise :class:`PrivacyError`.

    Initials are letters each followed by a dot (``"J.P."``, ``"J. P."``; ``"A-M."`` for a
    double name), at most :data:`MAX_INITIALS_LETTERS` letters, optionally with a name prefix
    written out (``"J.P. van"``, ``"C. de V."``) or abbreviated (``"J.P.M. v.d. B."``). Anything
    else, such as ``"Jan"``, ``"Li Wu"`` or ``"JP"``, is refused; the error does not repeat it.

    >>> check_initials("J.P.")
    'J.P.'
    >>> check_initials("Li Wu")
    Traceback (most recent call last):
    ...
    sroi.exceptions.PrivacyError: initials: <a text of 5 characters, not shown>, expected ...
    """
    expected = (
        "initials only: letters each followed by a dot such as 'J.P.', at most "
        f"{MAX_INITIALS_LETTERS} letters, optionally with a name prefix such as 'J.P. van' or "
        "'C. de V.' (never a name)"
    )
    if not isinstance(value, str):
        raise PrivacyError(field, value, expected, hint="it is not a text")
    text = value.strip()
    problem = _initials_problem(text)
    if problem:
        raise PrivacyError(field, value, expected, hint=problem)
    return text


def _initials_problem(text: str) -> str:
    """What is wrong with ``text`` as initials, or ``""`` when nothing is."""
    if not text:
        return "it is empty"
    words = [word for word in _WORD_RUN.findall(text) if word not in NAME_PREFIXES]
    if words:
        return "it has a word of two or more letters, which reads as a name"
    if not _INITIALS.match(text):
        return "every letter must be followed by a dot"
    letters = sum(char.isalpha() for char in _strip_prefixes(text))
    if letters > MAX_INITIALS_LETTERS:
        return f"it has {letters} letters"
    return ""


def _strip_prefixes(text: str) -> str:
    return " ".join(word for word in text.split(" ") if word not in NAME_PREFIXES)


def _at(start: int, end: int) -> str:
    return f"at characters {start + 1} to {end}"


_CACHED = 256
"""Texts up to this length have their verdict cached (portfolios repeat names and texts)."""


def _judge(value: str, names: bool) -> tuple[tuple[str, int, int] | None, tuple[int, int] | None]:
    """The identifier found in ``value`` (or None) and, if none and ``names``, a name's span."""
    found = find_identifier(value)
    span = find_full_name(value) if names and found is None else None
    return found, span


_verdict = functools.lru_cache(maxsize=8192)(_judge)


def check_free_text(value: str, field: str, *, names: bool = True) -> str:
    """Return ``value`` unless it holds a personal identifier; then raise :class:`PrivacyError`.

    With ``names`` (the default) a text that looks like it holds a full name
    (:func:`find_full_name`) is stored, but with a
    :class:`~sroi.exceptions.PersonalDataWarning` that names the field and the position.
    """
    found, span = _verdict(value, names) if len(value) <= _CACHED else _judge(value, names)
    if found is not None:
        kind, start, end = found
        raise PrivacyError(
            field,
            value,
            "text without personal identifiers",
            hint=f"it contains {kind} {_at(start, end)}; sroi never stores personal data",
        )
    if names and span is not None:
        warnings.warn(
            PersonalDataWarning(
                f"{field}: the text may hold a full name (capitalised words {_at(*span)}); "
                "sroi stores a person as initials only"
            ),
            stacklevel=caller_level(),
        )
    return value


def check_code(value: str, field: str) -> str:
    """Return ``value`` unless a code holds personal data; then raise :class:`PrivacyError`.

    A code (target group, building block, bonus, adjustment, region ...) has no reason to hold
    a run of more than :data:`MAX_CODE_DIGITS` digits, a BSN, an e-mail address or a phone
    number. The grammar of codes themselves is checked by the caller.
    """
    found = find_identifier(value)
    run = _DIGIT_RUN.search(value)
    if found is None and run is not None:
        found = (f"a run of more than {MAX_CODE_DIGITS} digits", run.start(), run.end())
    if found is not None:
        kind, start, end = found
        raise PrivacyError(
            field,
            value,
            f"a code without personal data and without runs of more than {MAX_CODE_DIGITS} digits",
            hint=f"it contains {kind} {_at(start, end)}",
        )
    return value
