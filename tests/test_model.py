"""The domain model validates every value on construction and never changes afterwards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest

import sroi
from sroi import (
    BonusGrant,
    Candidate,
    Contract,
    InvalidValueError,
    Location,
    Organisation,
    Period,
    Placement,
    PlacementKind,
    PrivacyError,
    SocialPurchase,
    SrProject,
    model,
)
from sroi.exceptions import Withheld
from sroi.model import MAX_WORKING_AGE, MIN_WORKING_AGE, age_on

D = dt.date
TERM = Period(D(2024, 1, 1), D(2025, 12, 31))
CONTRACTOR = Organisation("Bouwbedrijf De Linge BV", kvk="12345678")
CANDIDATE = Candidate("J.P.", "participatiewet", D(1980, 6, 15))


def _contract(**changes: Any) -> Contract:
    fields: dict[str, Any] = {
        "number": "2024-017",
        "title": "Onderhoud openbaar groen",
        "term": TERM,
        "contractor": CONTRACTOR,
        "value_excl_vat": Decimal(1_000_000),
        "sr_percentage": Decimal(5),
    }
    fields.update(changes)
    return Contract(**fields)


def _placement(**changes: Any) -> Placement:
    fields: dict[str, Any] = {
        "candidate": CANDIDATE,
        "kind": PlacementKind.JOB,
        "block": "participatiewet-lt2",
        "period": Period(D(2024, 3, 1), D(2025, 2, 28)),
        "hours_per_week": Decimal(32),
    }
    fields.update(changes)
    return Placement(**fields)


# Contracts ---------------------------------------------------------------------------------------


def test_a_contract_needs_number_title_term_and_contractor_only() -> None:
    contract = Contract("2024-017", "Schoonmaak", TERM, CONTRACTOR)
    assert contract.value_excl_vat is None
    assert contract.sr_percentage is None
    assert contract.adjustments == ()


def test_an_sr_percentage_of_120_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        _contract(sr_percentage=Decimal(120))
    assert caught.value.field == "sr_percentage"
    assert caught.value.value == Decimal(120)
    assert "<= 100" in caught.value.expected


@pytest.mark.parametrize("value", [Decimal(-1), Decimal("NaN"), 5.0, "5"])
def test_an_sr_percentage_must_be_a_finite_decimal_from_0_to_100(value: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        _contract(sr_percentage=value)
    assert caught.value.field == "sr_percentage"


def test_a_float_contract_value_is_refused_with_a_hint_to_use_decimal() -> None:
    with pytest.raises(InvalidValueError) as caught:
        _contract(value_excl_vat=1_000_000.0)
    assert caught.value.field == "value_excl_vat"
    assert "Decimal" in caught.value.hint


def test_a_negative_contract_value_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        _contract(value_excl_vat=Decimal("-0.01"))
    assert caught.value.field == "value_excl_vat"
    assert caught.value.expected == "a Decimal >= 0"


def test_a_contract_term_must_be_a_period() -> None:
    with pytest.raises(InvalidValueError) as caught:
        _contract(term=(D(2024, 1, 1), D(2025, 12, 31)))
    assert caught.value.field == "term"


def test_an_award_date_must_be_a_calendar_date() -> None:
    with pytest.raises(InvalidValueError) as caught:
        _contract(award_date=dt.datetime(2023, 11, 1, 9, 30))
    assert caught.value.field == "award_date"


@pytest.mark.parametrize("fractions", [(Decimal(0),), (Decimal("1.01"),), (Decimal("0.5"), 0.75)])
def test_agreed_measurement_fractions_must_lie_in_0_exclusive_to_1(fractions: tuple[Any]) -> None:
    with pytest.raises(InvalidValueError) as caught:
        _contract(measurement_fractions=fractions)
    assert caught.value.field.startswith("measurement_fractions[")


def test_an_adjustment_code_must_be_a_code() -> None:
    with pytest.raises(InvalidValueError) as caught:
        _contract(adjustments=("pso-2", "PSO Level 3"))
    assert caught.value.field == "adjustments[1]"
    # words with spaces may be a name: the error says so without repeating them
    assert caught.value.value == Withheld("str", 11)
    assert "PSO" not in str(caught.value)
    assert "spaces" in caught.value.hint


def test_a_misspelt_code_is_shown_in_the_error() -> None:
    with pytest.raises(InvalidValueError) as caught:
        _contract(adjustments=("PSO-3",))
    assert caught.value.value == "PSO-3"
    assert "'PSO-3'" in str(caught.value)


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("description", "Contactpersoon: j.jansen@example.nl"),
        ("description", "Bel de kandidaat op 06-12345678"),
        ("description", "Kandidaat met BSN 111222333"),
        ("title", "Schoonmaak, contact 0612345678"),
    ],
)
def test_free_text_with_personal_identifiers_is_refused(field: str, text: str) -> None:
    with pytest.raises(PrivacyError) as caught:
        _contract(**{field: text})
    assert caught.value.field == field
    assert caught.value.value == Withheld("str", len(text))
    assert text not in str(caught.value)


@pytest.mark.parametrize("text", ["", "   ", " Schoonmaak", "x" * 301])
def test_a_title_is_non_empty_stripped_and_not_too_long(text: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        _contract(title=text)
    assert caught.value.field == "title"


# Organisations -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a", "12 34 56 78", 12345678])
def test_a_kvk_number_must_be_exactly_eight_digits(kvk: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Organisation("Groen & Co", kvk=kvk)
    assert caught.value.field == "kvk"
    if kvk == "1234567a":  # a text with letters may be a name: not repeated
        assert caught.value.value == Withheld("str", 8)
    else:
        assert caught.value.value == kvk
    assert "8-digit" in caught.value.expected


def test_an_organisation_with_locations() -> None:
    organisation = Organisation(
        "Groen & Co", kvk="00012345", locations=(Location("Vestiging Arnhem", city="Arnhem"),)
    )
    assert organisation.locations[0].city == "Arnhem"


def test_locations_must_be_location_objects() -> None:
    with pytest.raises(InvalidValueError) as caught:
        Organisation("Groen & Co", locations=(Location("Arnhem"), "Zevenaar"))
    assert caught.value.field == "locations[1]"


# Candidates --------------------------------------------------------------------------------------


@pytest.mark.parametrize("initials", ["Jan Jansen", "Jansen", "J. de Vries"])
def test_initials_that_look_like_a_full_name_are_a_privacy_error(initials: str) -> None:
    with pytest.raises(PrivacyError) as caught:
        Candidate(initials, "participatiewet", D(1980, 1, 1))
    assert caught.value.field == "initials"
    assert caught.value.value == Withheld("str", len(initials))
    assert initials not in str(caught.value)


def test_a_candidate_is_only_initials_target_group_and_birth_date() -> None:
    assert [field.name for field in attrs.fields(Candidate)] == [
        "initials",
        "target_group",
        "birth_date",
    ]


@pytest.mark.parametrize("group", ["Participatiewet", "ww benefit", ""])
def test_a_target_group_is_a_code(group: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Candidate("J.P.", group, D(1980, 1, 1))
    assert caught.value.field == "target_group"


def test_age_is_in_whole_years_and_changes_on_the_birthday() -> None:
    assert age_on(D(1974, 3, 1), D(2024, 2, 29)) == 49
    assert age_on(D(1974, 3, 1), D(2024, 3, 1)) == 50
    # Someone born on a leap day turns a year older on 1 March in other years.
    assert age_on(D(2004, 2, 29), D(2023, 2, 28)) == 18
    assert age_on(D(2004, 2, 29), D(2023, 3, 1)) == 19


# Placements --------------------------------------------------------------------------------------


def test_a_placement_with_plausible_values() -> None:
    placement = _placement()
    assert placement.active_period == placement.period


@pytest.mark.parametrize("hours", [Decimal(-1), Decimal("-0.5"), Decimal("168.5"), Decimal(200)])
def test_hours_per_week_must_lie_from_0_to_168(hours: Decimal) -> None:
    with pytest.raises(InvalidValueError) as caught:
        _placement(hours_per_week=hours)
    assert caught.value.field == "hours_per_week"
    assert caught.value.value == hours
    assert caught.value.expected == "a Decimal >= 0 and <= 168"


@pytest.mark.parametrize("hours", [Decimal(0), Decimal(168), Decimal("12.75")])
def test_hours_per_week_at_the_bounds_are_accepted(hours: Decimal) -> None:
    assert _placement(hours_per_week=hours).hours_per_week == hours


def test_hours_per_week_as_a_float_are_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        _placement(hours_per_week=32.0)
    assert caught.value.field == "hours_per_week"


def test_a_placement_kind_must_be_a_placement_kind() -> None:
    with pytest.raises(InvalidValueError) as caught:
        _placement(kind="job")
    assert caught.value.field == "kind"
    assert "PlacementKind.JOB" in caught.value.expected


@pytest.mark.parametrize(
    ("birth_date", "age"),
    [(D(2009, 3, 2), 14), (D(1948, 3, 1), 76), (D(1900, 1, 1), 124), (D(2024, 1, 1), 0)],
)
def test_an_implausible_age_on_the_first_day_is_refused(birth_date: dt.date, age: int) -> None:
    candidate = Candidate("J.P.", "participatiewet", birth_date)
    with pytest.raises(InvalidValueError) as caught:
        _placement(candidate=candidate)
    assert caught.value.field == "candidate.birth_date"
    assert caught.value.value == birth_date
    assert f"not {age}" in caught.value.expected


@pytest.mark.parametrize("birth_date", [D(2009, 3, 1), D(1948, 3, 2)])
def test_ages_of_15_and_75_on_the_first_day_are_plausible(birth_date: dt.date) -> None:
    candidate = Candidate("J.P.", "participatiewet", birth_date)
    placement = _placement(candidate=candidate)
    assert MIN_WORKING_AGE <= age_on(birth_date, placement.period.first) <= MAX_WORKING_AGE


@pytest.mark.parametrize("exit_date", [D(2024, 2, 29), D(2025, 3, 1)])
def test_an_exit_date_outside_the_period_is_refused(exit_date: dt.date) -> None:
    with pytest.raises(InvalidValueError) as caught:
        _placement(exit_date=exit_date)
    assert caught.value.field == "exit_date"
    assert caught.value.value == exit_date
    assert "2024-03-01..2025-02-28" in caught.value.expected


def test_an_early_exit_ends_the_active_period_on_the_exit_day() -> None:
    placement = _placement(exit_date=D(2024, 6, 14))
    assert placement.active_period == Period(D(2024, 3, 1), D(2024, 6, 14))
    assert placement.period == Period(D(2024, 3, 1), D(2025, 2, 28))


def test_an_exit_on_the_first_day_leaves_one_active_day() -> None:
    placement = _placement(exit_date=D(2024, 3, 1))
    assert placement.active_period == Period.day(D(2024, 3, 1))


def test_a_bonus_granted_outside_the_active_period_is_refused() -> None:
    grant = BonusGrant("permanent-contract", D(2024, 7, 1))
    with pytest.raises(InvalidValueError) as caught:
        _placement(exit_date=D(2024, 6, 30), bonuses=(grant,))
    assert caught.value.field == "bonuses[0].granted_on"
    assert caught.value.value == D(2024, 7, 1)
    assert "2024-03-01..2024-06-30" in caught.value.expected


def test_a_bonus_granted_before_the_first_day_is_refused() -> None:
    grants = (BonusGrant("a", D(2024, 3, 1)), BonusGrant("b", D(2024, 2, 1)))
    with pytest.raises(InvalidValueError) as caught:
        _placement(bonuses=grants)
    assert caught.value.field == "bonuses[1].granted_on"


def test_a_bonus_granted_on_the_exit_day_is_accepted() -> None:
    grant = BonusGrant("permanent-contract", D(2024, 6, 30))
    assert _placement(exit_date=D(2024, 6, 30), bonuses=(grant,)).bonuses == (grant,)


def test_bonuses_must_be_bonus_grants() -> None:
    with pytest.raises(InvalidValueError) as caught:
        _placement(bonuses=("permanent-contract",))
    assert caught.value.field == "bonuses[0]"


def test_a_bonus_grant_date_must_be_a_calendar_date() -> None:
    with pytest.raises(InvalidValueError) as caught:
        BonusGrant("permanent-contract", dt.datetime(2024, 5, 1, 8, 0))
    assert caught.value.field == "granted_on"


# Purchases and projects --------------------------------------------------------------------------


def test_a_social_purchase_refuses_a_negative_amount() -> None:
    with pytest.raises(InvalidValueError) as caught:
        SocialPurchase(CONTRACTOR, "sw-bedrijf", D(2024, 5, 1), Decimal(-10))
    assert caught.value.field == "amount_excl_vat"


def test_a_social_purchase_reference_may_not_hold_an_email_address() -> None:
    with pytest.raises(PrivacyError) as caught:
        SocialPurchase(
            CONTRACTOR, "sw-bedrijf", D(2024, 5, 1), Decimal(10), reference="a.b@example.org"
        )
    assert caught.value.field == "reference"


@pytest.mark.parametrize(
    ("hours", "agreed"), [(None, None), (Decimal(4), Decimal(400))], ids=["neither", "both"]
)
def test_an_sr_project_needs_exactly_one_of_hours_and_agreed_amount(
    hours: Decimal | None, agreed: Decimal | None
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        SrProject.on(D(2024, 5, 1), "Gastles", "mvo", hours=hours, agreed_amount=agreed)
    assert caught.value.field == "hours"
    assert caught.value.expected == "exactly one of hours and agreed_amount"


def test_an_sr_project_with_hours_or_with_an_agreed_amount() -> None:
    by_hours = SrProject.on(D(2024, 5, 1), "Gastles", "mvo", hours=Decimal(4))
    agreed = SrProject.on(D(2024, 5, 1), "Gastles", "mvo", agreed_amount=Decimal(400))
    assert by_hours.period == Period.day(D(2024, 5, 1))
    assert agreed.agreed_amount == Decimal(400)


def test_an_sr_project_description_may_not_hold_a_phone_number() -> None:
    with pytest.raises(PrivacyError) as caught:
        SrProject.on(D(2024, 5, 1), "Coaching, bel 06-12345678", "mvo", hours=Decimal(2))
    assert caught.value.field == "description"


# Frozen values and evolve ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "field", "new"),
    [
        (CANDIDATE, "initials", "K."),
        (_contract(), "sr_percentage", Decimal(6)),
        (_placement(), "hours_per_week", Decimal(36)),
        (CONTRACTOR, "kvk", "87654321"),
    ],
)
def test_model_values_are_frozen(value: object, field: str, new: object) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(value, field, new)


def test_evolve_makes_a_changed_copy() -> None:
    placement = _placement()
    extended = attrs.evolve(placement, period=Period(D(2024, 3, 1), D(2025, 8, 31)))
    assert extended.period.last == D(2025, 8, 31)
    assert placement.period.last == D(2025, 2, 28)


def test_evolve_validates_the_copy_again() -> None:
    with pytest.raises(InvalidValueError) as caught:
        attrs.evolve(_placement(), hours_per_week=Decimal(-4))
    assert caught.value.field == "hours_per_week"
    with pytest.raises(InvalidValueError) as caught:
        attrs.evolve(
            _placement(exit_date=D(2024, 6, 1)), period=Period(D(2024, 7, 1), D(2025, 6, 30))
        )
    assert caught.value.field == "exit_date"
    with pytest.raises(InvalidValueError) as caught:
        attrs.evolve(_contract(), sr_percentage=Decimal(120))
    assert caught.value.field == "sr_percentage"


def test_remembered_codes_and_initials_change_no_verdict() -> None:
    """Accepted codes and initials are remembered to skip repeated checks; refusals never are."""
    for _ in range(2):  # the second round is answered from what the first remembered
        assert Candidate("J.P.", "pw-lt2", dt.date(1990, 1, 1)).target_group == "pw-lt2"
        with pytest.raises(PrivacyError):
            Candidate("J.P.", "bsn-111222333", dt.date(1990, 1, 1))
        with pytest.raises(PrivacyError):
            Candidate("Jan", "pw-lt2", dt.date(1990, 1, 1))
    assert "pw-lt2" in model._accepted_codes
    assert "bsn-111222333" not in model._accepted_codes
    assert "Jan" not in model._accepted_initials


def test_the_memory_of_accepted_codes_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model.v, "REMEMBERED", 3)
    model._accepted_codes.clear()
    for index in range(5):
        Candidate("J.P.", f"group-{index}", dt.date(1990, 1, 1))
        assert len(model._accepted_codes) <= 3
    assert "group-4" in model._accepted_codes


def test_a_text_that_may_hold_a_name_warns_every_time_it_is_stored() -> None:
    """Remembering accepted texts never silences the warning about a full name."""
    for _ in range(3):
        with pytest.warns(sroi.PersonalDataWarning, match="full name"):
            SocialPurchase(
                Organisation("Sociaal Werkbedrijf"),
                "sw",
                D(2024, 3, 1),
                Decimal(100),
                reference="Factuur voor Jan de Vries",
            )
    with pytest.raises(PrivacyError):  # a refusal is never remembered either
        SocialPurchase(
            Organisation("Sociaal Werkbedrijf"),
            "sw",
            D(2024, 3, 1),
            Decimal(1),
            reference="111222333",
        )
