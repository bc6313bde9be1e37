"""Privacy checks: sroi stores a person as initials, target group and birth date, nothing more.

These checks refuse what looks like a full name or a personal identifier before it is stored:

* :func:`check_initials` accepts letters with optional dots, spaces or hyphens, at most
  :data:`MAX_INITIALS_LETTERS` letters, and no run of three or more letters (which reads as a name).
* :func:`check_free_text` refuses a 9-digit number that passes the BSN eleven-test, an e-mail
  address and a phone number in any free-text field (descriptions, notes, references).
"""

from __future__ import annotations

import re

from sroi.exceptions import PrivacyError

__all__ = [
    "MAX_INITIALS_LETTERS",
    "check_free_text",
    "check_initials",
    "find_personal_identifier",
    "is_bsn",
]

MAX_INITIALS_LETTERS = 6
"""The most letters initials may have ("J.P.M. v.d. B." has six)."""

_INITIALS = re.compile(rf"^[^\W\d_](?:[ .\-]*[^\W\d_]){{0,{MAX_INITIALS_LETTERS - 1}}}\.?$")
_NAME_RUN = re.compile(r"[^\W\d_]{3,}")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_NINE_DIGITS = re.compile(r"(?<![\d])(\d[\d .\-]{7,12}\d)(?![\d])")
_PHONE = re.compile(r"(?<![\w+])(?:\+31[ \-]?|0031[ \-]?|0)(?:[1-9](?:[ \-]?\d){8})(?!\d)")


def check_initials(value: object, field: str = "initials") -> str:
    """Return ``value`` stripped if it looks like initials, else raise :class:`PrivacyError`.

    >>> check_initials("J.P.")
    'J.P.'
    >>> check_initials("Jan Jansen")
    Traceback (most recent call last):
    ...
    sroi.exceptions.PrivacyError: initials: 'Jan Jansen', expected initials only...
    """
    expected = (
        f"initials only: letters with optional dots, spaces or hyphens, at most "
        f"{MAX_INITIALS_LETTERS} letters (never a name)"
    )
    if not isinstance(value, str):
        raise PrivacyError(field, value, expected)
    text = value.strip()
    if not text or _NAME_RUN.search(text) or not _INITIALS.match(text):
        raise PrivacyError(field, value, expected)
    return text


def is_bsn(digits: str) -> bool:
    """Whether nine digits pass the BSN eleven-test (``9a + 8b + ... + 2h - i`` divisible by 11).

    >>> is_bsn("111222333")
    True
    >>> is_bsn("123456789")
    False
    """
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0


def find_personal_identifier(text: str) -> str | None:
    """Return a short description of the first personal identifier found in ``text``, if any."""
    if _EMAIL.search(text):
        return "an e-mail address"
    if _PHONE.search(text):
        return "a phone number"
    for match in _NINE_DIGITS.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        if is_bsn(digits):
            return "a citizen service number (BSN)"
    return None


def check_free_text(value: str, field: str) -> str:
    """Return ``value`` unless it holds a personal identifier; then raise :class:`PrivacyError`."""
    found = find_personal_identifier(value)
    if found is not None:
        raise PrivacyError(
            field,
            value,
            "text without personal identifiers",
            hint=f"it contains {found}; sroi never stores personal data",
        )
    return value
