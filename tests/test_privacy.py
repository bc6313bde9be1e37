"""Privacy: a person is initials, target group and birth date; nothing that identifies them."""

from __future__ import annotations

import datetime as dt
import itertools
import warnings
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sroi
from sroi import InvalidValueError, PersonalDataWarning, PrivacyError
from sroi.exceptions import Withheld
from sroi.privacy import (
    MAX_INITIALS_LETTERS,
    check_code,
    check_free_text,
    check_initials,
    find_bsn,
    find_full_name,
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
    "digits", ["123456789", "000000000", "11122233", "1112223334", "11122233a", "11122233²"]
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
        ("bsn １１１２２２３３３", BSN),
        ("bsn ١١١٢٢٢٣٣٣", BSN),
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


# BSN: inside longer runs and across separators --------------------------------------------------


def _bsns() -> st.SearchStrategy[str]:
    """Nine digits that pass the eleven-test (the ninth digit is computed from the eight)."""

    def complete(first: list[int]) -> str | None:
        last = sum(d * w for d, w in zip(first, range(9, 1, -1), strict=True)) % 11
        digits = "".join(map(str, [*first, last]))
        return digits if last < 10 and is_bsn(digits) else None

    eight = st.lists(st.integers(0, 9), min_size=8, max_size=8)
    return eight.map(complete).filter(lambda digits: digits is not None)  # type: ignore[return-value]


@given(
    bsn=_bsns(),
    before=st.text("0123456789", max_size=4),
    after=st.text("0123456789", max_size=4),
    prefix=st.sampled_from(["", "bsn ", "nr. ", "x"]),
)
def test_a_bsn_is_found_inside_a_longer_run_of_digits(
    bsn: str, before: str, after: str, prefix: str
) -> None:
    text = f"{prefix}{before}{bsn}{after} gezien"
    assert find_bsn(text) is not None
    assert find_personal_identifier(text) is not None
    with pytest.raises(PrivacyError):
        check_free_text(text, "note")


@given(
    bsn=_bsns(),
    cuts=st.sets(st.integers(1, 8), max_size=4),
    separator=st.sampled_from([" ", ".", "-", "/", "_"]),
)
def test_a_bsn_is_found_when_its_digits_are_grouped(
    bsn: str, cuts: set[int], separator: str
) -> None:
    bounds = [0, *sorted(cuts), 9]
    written = separator.join(bsn[a:b] for a, b in itertools.pairwise(bounds))
    span = find_bsn(f"BSN: {written}.")
    assert span == (5, 5 + len(written))


@given(st.text(max_size=60))
def test_what_find_bsn_reports_holds_nine_digits_that_pass_the_eleven_test(text: str) -> None:
    span = find_bsn(text)
    if span is not None:
        digits = "".join(char for char in text[span[0] : span[1]] if char.isdigit())
        assert len(digits) >= 9
        assert any(is_bsn(digits[i : i + 9]) for i in range(len(digits) - 8))


# Codes -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["participatiewet", "ww-lt1", "bbl-1-2", "nh-2024-01-01", "v20240101"]
)
def test_ordinary_codes_pass(code: str) -> None:
    assert check_code(code, "block") == code


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ("ww-111222333", "BSN"),
        ("ww-111.222.333", "BSN"),
        ("ww-123456789", "more than 8 digits"),
        ("x-0612345678", "phone"),
        ("jan@bakker.nl", "e-mail"),
    ],
)
def test_a_code_with_personal_data_is_refused(code: str, found: str) -> None:
    with pytest.raises(PrivacyError) as caught:
        check_code(code, "target_group")
    assert found in caught.value.hint
    assert caught.value.value == Withheld("str", len(code))


# Full names in free text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Overleg met Jan Bakker over de planning", "Jan Bakker"),
        ("Gesprek met Li Wu.", "Li Wu"),
        ("Jan de Vries is gestopt", "Jan de Vries"),
        ("kandidaat Piet van der Berg", "Piet van der Berg"),
        ("met Anne-Marie Jansen gebeld", "Anne-Marie Jansen"),
        ("Uitgevallen: Mo Ali, zie dossier", None),
        ("en toen Mo Ali, zie dossier", "Mo Ali"),
    ],
)
def test_a_likely_full_name_is_found(text: str, name: str | None) -> None:
    span = find_full_name(text)
    if name is None:  # at the start of a sentence two words need a prefix to count
        assert span is None
    else:
        assert span is not None
        assert text[span[0] : span[1]] == name


@pytest.mark.parametrize(
    "text",
    [
        "Gastles op het ROC Rijn IJssel",
        "Gastles Rijnstate",
        "Aanleg moestuin buurthuis De Kring (afgesproken bedrag)",
        "Groenvoorziening De Linge B.V.",
        "Inkoop bij Gemeente Arnhem en Werkbedrijf Rivierenland",
        "Plan van Aanpak.pdf",
        "Overleg in Den Haag op Maandag 3 Maart",
        "Social Return in Midden Nederland",
        "UWV decision",
        "De kandidaat is gestart.",
        "",
    ],
)
def test_ordinary_descriptions_are_not_taken_for_names(text: str) -> None:
    assert find_full_name(text) is None


def test_a_name_at_the_start_counts_when_the_text_should_hold_no_words() -> None:
    assert find_full_name("Jan Bakker woont hier") is None
    assert find_full_name("Jan Bakker woont hier", anywhere=True) == (0, 10)


def test_free_text_with_a_likely_name_warns_but_is_kept() -> None:
    with pytest.warns(PersonalDataWarning, match=r"^note: .* characters 13 to 22"):
        assert check_free_text("Overleg met Jan Bakker", "note") == "Overleg met Jan Bakker"


def test_the_name_warning_can_be_left_out() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert check_free_text("Jan Bakker B.V.", "name", names=False) == "Jan Bakker B.V."


def test_the_warning_is_a_user_warning_exported_from_sroi() -> None:
    assert issubclass(sroi.PersonalDataWarning, UserWarning)
    assert "PersonalDataWarning" in sroi.__all__


@given(st.text(max_size=80))
def test_the_privacy_checks_never_fail_on_odd_text(text: str) -> None:
    find_full_name(text)
    found = find_personal_identifier(text)
    if found is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PersonalDataWarning)
            assert check_free_text(text, "note") == text
    else:
        with pytest.raises(PrivacyError) as caught:
            check_free_text(text, "note")
        assert caught.value.value == Withheld("str", len(text))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("bsn 111-222-333 gezien", "at characters 5 to 15"),
        ("mail j@x.nl", "at characters 6 to 11"),
        ("bel 0612345678", "at characters 5 to 14"),
    ],
)
def test_the_error_says_where_in_the_text_the_identifier_is(text: str, where: str) -> None:
    with pytest.raises(PrivacyError) as caught:
        check_free_text(text, "note")
    assert where in caught.value.hint


def test_the_error_says_where_in_a_code_the_digits_are() -> None:
    with pytest.raises(PrivacyError) as caught:
        check_code("ww-123456789", "block")
    assert caught.value.hint == "it contains a run of more than 8 digits at characters 4 to 12"


def test_the_full_name_warning_points_at_the_users_own_line() -> None:
    """Like the rule warnings: the first frame outside sroi, not a validator inside it."""
    with pytest.warns(PersonalDataWarning) as caught:
        sroi.SocialPurchase(
            sroi.Organisation("Sociaal Werkbedrijf"),
            "sw",
            dt.date(2024, 3, 1),
            Decimal(100),
            reference="Factuur voor Jan de Vries",
        )
    assert [warning.filename for warning in caught] == [__file__]
