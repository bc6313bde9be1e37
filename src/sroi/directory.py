"""A directory of organisations to pick a contractor from, by typing a few letters of its name.

As in the buyer's manual: type part of the contractor's name and the list gets shorter with each
letter; an organisation with several locations or units shows each of them on its own row, so
the right one can be picked; a missing organisation can be added (company data only).

Search ignores case and accents ("Hanze" finds "Hänze"), matches the beginnings of words and
ranks the results:

0. the name starts with what was typed ("wegen" finds "Wegenbouw Oost");
1. every typed word starts a word of the name, in any order ("oost weg"), or the typed digits
   start the KvK number;
2. every typed word starts a word of the name or of the location's name or city ("weg arn" finds
   the Arnhem location of "Wegenbouw Oost");
3. what was typed occurs inside the name ("bouw" finds "Wegenbouw Oost").

Within a rank, results are in alphabetical order of name, then location.

>>> directory = Directory((
...     Organisation("Wegenbouw Oost B.V.", kvk="12345678", locations=(
...         Location("Vestiging Arnhem", city="Arnhem"),
...         Location("Vestiging Zwolle", city="Zwolle"))),
...     Organisation("Groenvoorziening Élan", kvk="87654321"),
... ))
>>> for row in directory.search("wegen"):
...     print(row.label)
Wegenbouw Oost B.V. (12345678), Vestiging Arnhem, Arnhem
Wegenbouw Oost B.V. (12345678), Vestiging Zwolle, Zwolle
>>> [row.label for row in directory.search("weg arn")]
['Wegenbouw Oost B.V. (12345678), Vestiging Arnhem, Arnhem']
>>> [row.label for row in directory.search("ELAN")]
['Groenvoorziening Élan (87654321)']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import attrs

from sroi import _validators as v
from sroi.exceptions import DuplicateOrganisationError, InvalidValueError
from sroi.model import Location, Organisation

__all__ = ["MIN_QUERY_LENGTH", "Directory", "SearchResult", "fold"]

MIN_QUERY_LENGTH = 2
"""The fewest letters or digits a search needs (one letter would list half the country)."""

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its accents, for comparing names.

    >>> fold("Hänze Élan")
    'hanze elan'
    """
    if not isinstance(text, str):
        raise InvalidValueError("text", text, "a text")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _prefixes_all(query: list[str], words: list[str]) -> bool:
    return all(any(word.startswith(q) for word in words) for q in query)


@attrs.frozen
class SearchResult:
    """One row of a search: an organisation, or one of its locations, and how well it matched."""

    organisation: Organisation
    """The organisation found."""
    location: Location | None
    """The location or unit of this row; None for an organisation without locations."""
    rank: int
    """How it matched: 0 (name starts with the text) to 3 (text inside the name); lower first."""

    @property
    def label(self) -> str:
        """The row as a list shows it: name (KvK), location, city."""
        parts = [self.organisation.name]
        if self.organisation.kvk is not None:
            parts[0] += f" ({self.organisation.kvk})"
        if self.location is not None:
            parts.append(self.location.name)
            if self.location.city is not None:
                parts.append(self.location.city)
        return ", ".join(parts)

    @property
    def selection(self) -> Organisation:
        """The organisation narrowed to this row's location, e.g. as a contract's contractor."""
        if self.location is None:
            return self.organisation
        return attrs.evolve(self.organisation, locations=(self.location,))


def _duplicate_of(new: Organisation, existing: Organisation) -> bool:
    if new.kvk is not None and existing.kvk is not None:
        return new.kvk == existing.kvk
    return _words(new.name) == _words(existing.name)


def _unique(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    v.tuple_of(v.instance(Organisation, "an Organisation"), "Organisation")(
        instance, attribute, value
    )
    assert isinstance(value, tuple)
    for index, organisation in enumerate(value):
        for earlier in value[:index]:
            if _duplicate_of(organisation, earlier):
                raise _duplicate(f"{attribute.name}[{index}]", organisation, earlier)


def _duplicate(field: str, new: Organisation, existing: Organisation) -> DuplicateOrganisationError:
    if new.kvk is not None and new.kvk == existing.kvk:
        return DuplicateOrganisationError(
            f"{field}.kvk",
            new.kvk,
            "a KvK number not yet in the directory",
            hint=f"it belongs to {existing.name!r}",
        )
    return DuplicateOrganisationError(
        f"{field}.name",
        new.name,
        "a name not yet in the directory, or a KvK number to tell them apart",
        hint=f"{existing.name!r} is already listed",
    )


@attrs.frozen
class Directory:
    """Organisations to pick a contractor, buyer or supplier from.

    Two organisations with the same KvK number, or the same name where one has no KvK number, are
    refused as duplicates. :meth:`add` returns a new directory; the old one stays as it was.
    """

    organisations: tuple[Organisation, ...] = attrs.field(default=(), validator=_unique)
    """The organisations, in the order added."""

    def add(self, organisation: Organisation) -> Directory:
        """Return a directory with ``organisation`` added (company data only).

        The organisation's own validation already refuses personal identifiers in its name,
        locations and addresses.

        Raises:
            DuplicateOrganisationError: when it is already in the directory.
            InvalidValueError: when ``organisation`` is not an :class:`~sroi.model.Organisation`.
        """
        if not isinstance(organisation, Organisation):
            raise InvalidValueError("organisation", organisation, "an Organisation")
        for existing in self.organisations:
            if _duplicate_of(organisation, existing):
                raise _duplicate("organisation", organisation, existing)
        return Directory((*self.organisations, organisation))

    def get(self, kvk: str) -> Organisation | None:
        """The organisation with KvK number ``kvk``, or None."""
        return next((o for o in self.organisations if o.kvk is not None and o.kvk == kvk), None)

    def search(self, text: str, limit: int = 10) -> tuple[SearchResult, ...]:
        """Find organisations by a few letters of their name (or digits of their KvK number).

        Args:
            text: what was typed; case and accents do not matter.
            limit: the most rows to return.

        Returns:
            Ranked rows, one per location (one per organisation without locations).

        Raises:
            InvalidValueError: when ``text`` has fewer than :data:`MIN_QUERY_LENGTH` letters or
                digits, or ``limit`` is less than 1.
        """
        query = _words(text) if isinstance(text, str) else []
        if sum(len(word) for word in query) < MIN_QUERY_LENGTH:
            raise InvalidValueError(
                "text", text, f"at least {MIN_QUERY_LENGTH} letters or digits of a name"
            )
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise InvalidValueError("limit", limit, "an integer >= 1")
        joined = " ".join(query)
        compact = "".join(query)
        rows: list[tuple[int, str, str, SearchResult]] = []
        for organisation in self.organisations:
            name_words = _words(organisation.name)
            if " ".join(name_words).startswith(joined):
                rank: int | None = 0
            elif _prefixes_all(query, name_words) or (
                compact.isdigit() and (organisation.kvk or "").startswith(compact)
            ):
                rank = 1
            elif compact in "".join(name_words):
                rank = 3
            else:
                rank = None
            locations: Iterable[Location | None] = organisation.locations or (None,)
            for location in locations:
                row_rank = rank
                if location is not None and (row_rank is None or row_rank > 2):
                    place = _words(location.name) + _words(location.city or "")
                    if _prefixes_all(query, name_words + place):
                        row_rank = 2
                if row_rank is None:
                    continue
                key = fold(location.name) if location is not None else ""
                result = SearchResult(organisation, location, row_rank)
                rows.append((row_rank, fold(organisation.name), key, result))
        rows.sort(key=lambda row: row[:3])
        return tuple(row[3] for row in rows[:limit])
