"""The organisation directory: pick a contractor by a few letters, add one that is missing."""

from __future__ import annotations

import pytest

import sroi
from sroi.directory import MIN_QUERY_LENGTH, Directory, fold

HEIJ = sroi.Organisation(
    "Heijmans Infra B.V.",
    kvk="16062338",
    locations=(
        sroi.Location("Regio Oost", city="Arnhem"),
        sroi.Location("Regio Noord", city="Zwolle"),
    ),
)
DIRECTORY = Directory(
    (
        sroi.Organisation("Sociale Werkplaats 't Hooft", kvk="22222222"),
        HEIJ,
        sroi.Organisation("Groenbedrijf Hänze", kvk="33333333"),
        sroi.Organisation("Bouwbedrijf Hänze-Oost", kvk="44444444"),
        sroi.Organisation("Infra Heijmans Services"),
    )
)


def labels(text: str, limit: int = 10) -> list[str]:
    return [row.label for row in DIRECTORY.search(text, limit)]


def test_each_location_of_an_organisation_is_its_own_row() -> None:
    assert labels("heijmans infra b") == [
        "Heijmans Infra B.V. (16062338), Regio Noord, Zwolle",
        "Heijmans Infra B.V. (16062338), Regio Oost, Arnhem",
    ]


def test_a_name_that_starts_with_the_text_ranks_before_a_word_that_does() -> None:
    rows = DIRECTORY.search("heij")
    assert [(row.organisation.name, row.rank) for row in rows] == [
        ("Heijmans Infra B.V.", 0),
        ("Heijmans Infra B.V.", 0),
        ("Infra Heijmans Services", 1),
    ]


def test_search_ignores_case_and_accents() -> None:
    assert (
        labels("HANZE")
        == labels("hänze")
        == [
            "Bouwbedrijf Hänze-Oost (44444444)",
            "Groenbedrijf Hänze (33333333)",
        ]
    )


def test_typed_words_match_word_beginnings_in_any_order() -> None:
    assert labels("oost hanz") == ["Bouwbedrijf Hänze-Oost (44444444)"]
    assert labels("hooft soc") == ["Sociale Werkplaats 't Hooft (22222222)"]


def test_a_city_or_location_narrows_an_organisation_to_that_location() -> None:
    rows = DIRECTORY.search("heijmans arnh")
    assert [(row.label, row.rank) for row in rows] == [
        ("Heijmans Infra B.V. (16062338), Regio Oost, Arnhem", 2)
    ]


def test_letters_inside_a_name_rank_last() -> None:
    rows = DIRECTORY.search("bedrijf")
    assert [(row.organisation.name, row.rank) for row in rows] == [
        ("Bouwbedrijf Hänze-Oost", 3),
        ("Groenbedrijf Hänze", 3),
    ]


def test_the_first_digits_of_a_kvk_number_find_the_organisation() -> None:
    assert labels("1606")[0].startswith("Heijmans Infra B.V. (16062338)")


def test_more_letters_give_a_shorter_list_and_limit_cuts_it() -> None:
    assert len(labels("hei")) > len(labels("heijmans r")) > len(labels("heijmans regio n")) == 1
    assert len(labels("hei", limit=2)) == 2


def test_too_short_a_text_or_a_bad_limit_is_refused() -> None:
    assert MIN_QUERY_LENGTH == 2
    with pytest.raises(sroi.InvalidValueError, match="at least 2"):
        DIRECTORY.search("h")
    with pytest.raises(sroi.InvalidValueError, match="at least 2"):
        DIRECTORY.search(" .-")
    with pytest.raises(sroi.InvalidValueError, match="limit"):
        DIRECTORY.search("heij", limit=0)


def test_a_selected_row_gives_the_organisation_with_that_location_only() -> None:
    row = DIRECTORY.search("heijmans zwol")[0]
    assert row.selection == sroi.Organisation(
        "Heijmans Infra B.V.",
        kvk="16062338",
        locations=(sroi.Location("Regio Noord", city="Zwolle"),),
    )
    plain = DIRECTORY.search("groen")[0]
    assert plain.location is None
    assert plain.selection is plain.organisation


def test_a_missing_organisation_is_added_and_the_old_directory_is_unchanged() -> None:
    added = DIRECTORY.add(sroi.Organisation("Nieuw Groen B.V.", kvk="55555555"))
    assert labels("nieuw") == []
    assert [row.label for row in added.search("nieuw")] == ["Nieuw Groen B.V. (55555555)"]
    assert added.get("55555555") is not None
    assert DIRECTORY.get("55555555") is None


def test_an_organisation_already_listed_is_refused() -> None:
    with pytest.raises(sroi.DuplicateOrganisationError, match="Heijmans Infra"):
        DIRECTORY.add(sroi.Organisation("Heijmans Infrastructuur", kvk="16062338"))
    with pytest.raises(sroi.DuplicateOrganisationError, match="name"):
        DIRECTORY.add(sroi.Organisation("infra heijmans services"))
    with pytest.raises(sroi.DuplicateOrganisationError, match=r"organisations\[1\]"):
        Directory((HEIJ, HEIJ))
    # Two companies of the same name with different KvK numbers are both kept.
    twins = Directory(
        (
            sroi.Organisation("Jansen B.V.", kvk="10000001"),
            sroi.Organisation("Jansen B.V.", kvk="10000002"),
        )
    )
    assert len(twins.search("jansen")) == 2


def test_only_company_data_can_be_added() -> None:
    with pytest.raises(sroi.InvalidValueError, match="organisation"):
        DIRECTORY.add("Heijmans")  # type: ignore[arg-type]
    with pytest.raises(sroi.PrivacyError):
        sroi.Organisation("Nieuw B.V.", locations=(sroi.Location("Contact 0612345678"),))


def test_fold_strips_accents_and_case() -> None:
    assert fold("ÉLAN Ærø Straße") == "elan ærø strasse"
