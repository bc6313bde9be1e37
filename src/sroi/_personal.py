"""Finding personal data in a text: the pure detection rules, with no errors and no warnings.

This module imports nothing from sroi, so both :mod:`sroi.exceptions` (which withholds a
refused value that looks personal) and :mod:`sroi.privacy` (which refuses or warns) use the
same rules without importing each other. The public names are documented where they are
re-exported, in :mod:`sroi.privacy`.
"""

from __future__ import annotations

import re

__all__ = [
    "LETTER",
    "MAX_CODE_DIGITS",
    "NAME_PREFIXES",
    "find_bsn",
    "find_full_name",
    "find_identifier",
    "find_personal_identifier",
    "is_bsn",
]

MAX_CODE_DIGITS = 8
"""The longest run of digits a code may hold (a BSN has nine; a date such as 20240101 eight)."""

NAME_PREFIXES = frozenset(
    {"van", "von", "de", "der", "den", "het", "'t", "te", "ter", "ten", "in", "la", "le", "du"}
)
"""Name prefixes (tussenvoegsels) that initials may include as words, e.g. ``"J.P. van der"``."""

LETTER = r"[^\W\d_]"
"""One letter of any script (no digit, no underscore)."""

# each pattern starts only where a run of its characters starts, so a search stays linear
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_PHONE = re.compile(r"(?<![\w+])(?:\+31[ \-]?|0031[ \-]?|0)(?:[1-9](?:[ \-]?\d){8})(?!\d)")
# digit groups joined by single separators: "111 222 333", "111-222-333", "0111222333/2024"
_DIGIT_GROUPS = re.compile(r"\d+(?:[ .\-/_]\d+)*")

_BSN_FOUND = "a citizen service number (BSN)"
_EMAIL_FOUND = "an e-mail address"
_PHONE_FOUND = "a phone number"


def is_bsn(digits: str) -> bool:
    """Whether nine digits pass the BSN eleven-test (``9a + 8b + ... + 2h - i`` divisible by 11).

    >>> is_bsn("111222333")
    True
    >>> is_bsn("123456789")
    False
    """
    if len(digits) != 9 or not digits.isdecimal():  # any script's digits: "１１１２２２３３３"
        return False
    if not any(int(d) for d in digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0


def find_bsn(text: str) -> tuple[int, int] | None:
    """Return where (start, end) in ``text`` a BSN is written, or None.

    Nine digits that pass the eleven-test count as a BSN when they are

    * nine digits in a row, alone or inside a longer run of digits (``"nr 0111222333"``), or
    * digit groups joined by one space, ``.``, ``-``, ``/`` or ``_`` that add up to nine digits
      exactly (``"111 222 333"``, ``"1112.22.333"``, ``"111_222_333"``).

    >>> find_bsn("bsn 111-222-333")
    (4, 15)
    >>> find_bsn("Factuur 2024-0012") is None
    True
    """
    for match in _DIGIT_GROUPS.finditer(text):
        run, base = match.group(), match.start()
        groups = [(group.start(), group.end()) for group in re.finditer(r"\d+", run)]
        for first, last in groups:  # nine digits in a row, alone or inside a longer run
            for offset in range(first, last - 8):
                if is_bsn(run[offset : offset + 9]):
                    return base + offset, base + offset + 9
        for i, (first, _) in enumerate(groups):  # whole groups adding up to nine digits
            digits = ""
            for start, end in (groups[j] for j in range(i, len(groups))):
                digits += run[start:end]
                if len(digits) == 9 and is_bsn(digits):
                    return base + first, base + end
                if len(digits) >= 9:
                    break
    return None


def find_personal_identifier(text: str) -> str | None:
    """Return a short description of the first personal identifier found in ``text``, if any.

    The description says what kind it is (``"an e-mail address"``, ``"a phone number"``,
    ``"a citizen service number (BSN)"``), never the identifier itself.
    """
    found = find_identifier(text)
    return found[0] if found else None


def find_identifier(text: str) -> tuple[str, int, int] | None:
    """The kind of the first personal identifier in ``text`` and where it is, if any."""
    for pattern, kind in ((_EMAIL, _EMAIL_FOUND), (_PHONE, _PHONE_FOUND)):
        match = pattern.search(text)
        if match:
            return kind, match.start(), match.end()
    span = find_bsn(text)
    return (_BSN_FOUND, *span) if span else None


# Capitalised words that are often written in a row in descriptions without being a person's
# name: organisations, places and regions, months and days, documents. Lower case.
_NOT_NAME_LINES = (
    "gemeente gemeenten provincie rijk rijksoverheid ministerie waterschap rijkswaterstaat regio",
    "stichting vereniging coöperatie cooperatie vestiging holding groep group bedrijf bedrijven",
    "werkbedrijf werkgeversservicepunt servicepunt sociaal sociale social return werkplein werk",
    "code uniform model ondernemingen onderneming",
    "school college hogeschool universiteit academie campus centrum zorg ziekenhuis",
    "university foundation municipality province company services ltd inc",
    "nederland holland gelderland overijssel brabant limburg zeeland utrecht friesland groningen",
    "drenthe flevoland noord oost zuid west midden rivierenland achterhoek veluwe twente",
    "rijn maas waal ijssel vallei",
    "amsterdam rotterdam haag arnhem nijmegen ede apeldoorn zwolle eindhoven tilburg breda",
    "haarlem leiden delft zaandam almere amersfoort enschede maastricht",
    "januari februari maart april mei juni juli augustus september oktober november december",
    "january february march may june july august october",
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
    "monday tuesday wednesday thursday friday saturday sunday",
    "plan aanpak overeenkomst contract bijlage verklaring besluit beschikking factuur offerte",
    "rapport verslag agreement decision report invoice statement",
)
_NOT_NAMES = frozenset(word for line in _NOT_NAME_LINES for word in line.split())
_WORDS = re.compile(rf"{LETTER}+(?:['’\-]{LETTER}+)*")
_SENTENCE_END = frozenset(".!?:;\n([\"'")


def _is_name_word(word: str) -> bool:
    """A capitalised word (``Jan``, ``Anne-Marie``, ``D'Souza``) that is not a common word."""
    parts = re.split(r"['’\-]", word)
    return (
        len(word) >= 2
        and word[0].isupper()
        and all(part[1:].islower() or (len(part) == 1 and i == 0) for i, part in enumerate(parts))
        and word.casefold() not in _NOT_NAMES
        and word.casefold() not in NAME_PREFIXES
        and not any(part.casefold() in _NOT_NAMES for part in parts)  # "Oost-Nederland"
    )


def find_full_name(text: str, *, anywhere: bool = False) -> tuple[int, int] | None:
    """Return where (start, end) ``text`` seems to hold a full name, or None.

    The rule is simple, to keep false alarms rare: two or more capitalised words in a row
    (``"Jan Bakker"``), optionally joined by lower-case name prefixes (``"Piet van der Berg"``);
    a capitalised prefix (``"De Linge"``) is read as part of a place or organisation. Words that
    are common in descriptions without being names (organisation words such as ``Gemeente`` or
    ``Stichting``, Dutch regions and large cities, months, days, ``Plan``, ``Social Return``)
    break a run. At the start of a sentence two capitalised words are often a title or a place
    (``"Gastles Rijnstate"``), so there a run counts only when a name prefix joins it
    (``"Jan de Vries"``), unless ``anywhere`` is true (for a text that should hold no words at
    all, such as a date). Words in capitals (``"ROC"``, ``"UWV"``) are never names.

    >>> find_full_name("Overleg met Jan Bakker over de planning")
    (12, 22)
    >>> find_full_name("Gastles op het ROC Rijn IJssel") is None
    True
    """
    words = list(_WORDS.finditer(text))
    index = 0
    while index < len(words):
        if not _is_name_word(words[index].group()):
            index += 1
            continue
        names, joined, last, pending = 1, False, index, False
        cursor = index + 1
        while cursor < len(words):
            gap = text[words[cursor - 1].end() : words[cursor].start()]
            word = words[cursor].group()
            if gap not in (" ", "-"):
                break
            if word in NAME_PREFIXES and gap == " ":
                pending = True
                cursor += 1
                continue
            if not _is_name_word(word):
                break
            names, joined, last, pending = names + 1, joined or pending, cursor, False
            cursor += 1
        gap = text[words[index - 1].end() if index else 0 : words[index].start()]
        starts_sentence = index == 0 or not _SENTENCE_END.isdisjoint(gap)
        if names >= 2 and (joined or anywhere or not starts_sentence):
            return words[index].start(), words[last].end()
        index = last + 1
    return None
