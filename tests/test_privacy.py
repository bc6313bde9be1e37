"""Privacy: a person is initials, target group and birth date; nothing that identifies them."""

from __future__ import annotations

import pytest

from sroi import InvalidValueError, PrivacyError
from sroi.exceptions import Withheld
from sroi.privacy import (
    MAX_INITIALS_LETTERS,
    check_free_text,
    check_initials,
    find_personal_identifier,
    is_bsn,
)

BSN = "a citizen service number (BSN)"


@pytest.mark.parametrize(
    "initials",
    [
        "J.",
        "J.P.",
        "J. P.",
        "J.P.M. v.d. B.",
        "A-M.",
        "É.L.",
        "j.p.",
        "T.v.D.",
        "C. de V.",
        "J.P. van",
        "J.P. van der B.",
        "K. van 't H.",
    ],
)
def test_initials_are_accepted(initials: str) -> None:
    assert check_initials(initials) == initials


def test_initials_are_returned_stripped() -> None:
    assert check_initials("  J.P.  ") == "J.P."


@pytest.mark.parametrize(
    "name",
    [
        "Jan",
        "Jan Jansen",
        "J. Jansen",
        "Piet de Vries",
        "Mo Ali",
        "Li Wu",
        "Jan de Vries",
        "JP",
        "j p",
        "J",
        "van",
        "de V.",
        "J.P. Vries",
        "JPMVDBK",
        "J1",
        "",
        "  ",
        "J.P.!",
    ],
)
def test_what_looks_like_a_name_or_not_like_initials_is_refused(name: str) -> None:
    with pytest.raises(PrivacyError) as caught:
        check_initials(name, "candidate.initials")
    assert caught.value.field == "candidate.initials"
    assert caught.value.value == Withheld("str", len(name))
    assert "initials only" in caught.value.expected
    assert caught.value.hint  # says what is wrong ...
    shown = str(caught.value).split(", expected")[0]
    assert shown == f"candidate.initials: <a text of {len(name)} characters, not shown>"


def test_initials_have_at_most_six_letters() -> None:
    assert MAX_INITIALS_LETTERS == 6
    assert check_initials("A.B.C.D.E.F.") == "A.B.C.D.E.F."
    with pytest.raises(PrivacyError):
        check_initials("A.B.C.D.E.F.G.")


def test_initials_must_be_text() -> None:
    with pytest.raises(PrivacyError):
        check_initials(42)


def test_a_privacy_error_is_an_invalid_value_error() -> None:
    assert issubclass(PrivacyError, InvalidValueError)
    assert issubclass(PrivacyError, ValueError)


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990"])
def test_nine_digits_passing_the_eleven_test_are_a_bsn(bsn: str) -> None:
    assert is_bsn(bsn)


@pytest.mark.parametrize(
    "digits", ["123456789", "000000000", "11122233", "1112223334", "11122233a"]
)
def test_other_digits_are_not_a_bsn(digits: str) -> None:
    assert not is_bsn(digits)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("mail j.jansen@example.nl for details", "an e-mail address"),
        ("bel 06-12345678", "a phone number"),
        ("tel. +31 6 12345678", "a phone number"),
        ("020 123 4567", "a phone number"),
        ("bsn 111222333", BSN),
        ("bsn 1112.22.333", BSN),
        ("bsn 111 222 333", BSN),
        ("bsn 111-222-333", BSN),
        ("bsn 111/222/333", BSN),
        ("bsn 111_222_333", BSN),
        ("dossier 4111222333", BSN),
        ("dossier 1112223334444", BSN),
        ("ref 2024/111222333/01", BSN),
        ("ref x111222333y", BSN),
    ],
)
def test_personal_identifiers_in_free_text_are_found(text: str, found: str) -> None:
    assert find_personal_identifier(text) == found
    with pytest.raises(PrivacyError) as caught:
        check_free_text(text, "description")
    assert caught.value.field == "description"
    assert caught.value.value == Withheld("str", len(text))
    assert found in caught.value.hint
    assert text not in str(caught.value)
    assert not any(part in str(caught.value) for part in ("111", "@", "1234"))


@pytest.mark.parametrize(
    "text",
    [
        "Gastles op het ROC, 12 leerlingen",
        "Factuur 2024-0012",
        "Contract SR-123456789",
        "Bedrag 123456789 euro",
        "Periode 01-01-2024/31-12-2024",
        "Jaren 2024 2025 2026",
        "Contract 2024_0012_33",
        "",
    ],
)
def test_ordinary_free_text_passes(text: str) -> None:
    assert find_personal_identifier(text) is None
    assert check_free_text(text, "description") == text
