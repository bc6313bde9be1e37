"""Every text and code field of the model and the lifecycle events refuses personal data.

The table below names each field that holds a string and what kind of field it is; a test checks
that the table is complete, so a new field cannot skip the privacy checks unnoticed.
"""

from __future__ import annotations

import datetime as dt
import inspect
import warnings
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import sroi
import sroi.evidence
import sroi.model
from sroi import InvalidValueError, PersonalDataWarning, PrivacyError
from sroi.exceptions import Withheld
from sroi.lifecycle import Role, events, parties

D = dt.date
TERM = sroi.Period(D(2024, 1, 1), D(2026, 12, 31))
ORG = sroi.Organisation("Wegenbouw Oost B.V.")
CANDIDATE = sroi.Candidate("J.P.", "participatiewet", D(1990, 1, 1))
PLACEMENT = sroi.Placement(
    CANDIDATE,
    sroi.PlacementKind.JOB,
    "ww-lt1",
    sroi.Period(D(2024, 3, 1), D(2025, 2, 28)),
    Decimal(32),
)
EVENT = {"recorded_on": D(2024, 3, 1), "role": Role.SR_COORDINATOR}
ITEM = {**EVENT, "item_id": "P1"}

Factory = Callable[..., object]

# (class, how to build a valid one from keyword arguments, {field: kind})
# kinds: "text" free text that also warns about full names; "name" free text that names an
# organisation, place or contract (no name warning); "code"; "codes" (a tuple of codes);
# "initials"; "media_type".
FIELDS: list[tuple[type[Any], Factory, dict[str, str]]] = [
    (sroi.Location, lambda **kw: sroi.Location(**{"name": "Vestiging Arnhem", **kw}),
     {"name": "name", "city": "name", "address": "name"}),
    (sroi.Organisation, lambda **kw: sroi.Organisation(**{"name": "Groen B.V.", **kw}),
     {"name": "name", "kvk": "kvk"}),
    (sroi.Contract,
     lambda **kw: sroi.Contract(**{"number": "INK-1", "title": "Onderhoud", "term": TERM,
                                   "contractor": ORG, **kw}),
     {"number": "name", "title": "name", "region": "code", "adjustments": "codes",
      "description": "text"}),
    (sroi.Candidate,
     lambda **kw: sroi.Candidate(**{"initials": "J.P.", "target_group": "participatiewet",
                                    "birth_date": D(1990, 1, 1), **kw}),
     {"initials": "initials", "target_group": "code"}),
    (sroi.BonusGrant,
     lambda **kw: sroi.BonusGrant(**{"code": "permanent-contract", "granted_on": D(2024, 5, 1),
                                     **kw}),
     {"code": "code"}),
    (sroi.Placement, lambda **kw: attrs.evolve(PLACEMENT, **kw), {"block": "code"}),
    (sroi.SocialPurchase,
     lambda **kw: sroi.SocialPurchase(**{"supplier": ORG, "category": "sw-bedrijf",
                                         "invoice_date": D(2024, 5, 1),
                                         "amount_excl_vat": Decimal(100), **kw}),
     {"category": "code", "reference": "text"}),
    (sroi.SrProject,
     lambda **kw: sroi.SrProject(**{"description": "Gastles", "period": TERM, "block": "project",
                                    "hours": Decimal(4), **kw}),
     {"description": "text", "block": "code"}),
    (sroi.EvidenceItem,
     lambda **kw: sroi.EvidenceItem(**{"kind": sroi.EvidenceKind.SIGNED_AGREEMENT,
                                       "document_kind": "BBL agreement", "dated": D(2024, 2, 1),
                                       **kw}),
     {"document_kind": "text"}),
    (parties.ContactPerson,
     lambda **kw: parties.ContactPerson(**{"role": Role.BUYER, "initials": "A.B.", **kw}),
     {"initials": "initials"}),
    (parties.Attachment,
     lambda **kw: parties.Attachment(**{"file_name": "plan.pdf", "media_type": "application/pdf",
                                        "size": 1, "sha256": "0" * 64, **kw}),
     {"file_name": "text", "media_type": "media_type"}),
    (events.AgreePlan, lambda **kw: events.AgreePlan(**EVENT, **kw),
     {"adjustments": "codes", "notes": "text"}),
    (events.AmendContract,
     lambda **kw: events.AmendContract(**EVENT, **{"sr_percentage": Decimal(5), **kw}),
     {"adjustments": "codes", "note": "text"}),
    (events.Reject, lambda **kw: events.Reject(**ITEM, **{"reason": "Nee", **kw}),
     {"reason": "text"}),
    (events.RequestChanges, lambda **kw: events.RequestChanges(**ITEM, **{"reason": "Uren", **kw}),
     {"reason": "text"}),
    (events.Resubmit, lambda **kw: events.Resubmit(**ITEM, **kw), {"note": "text"}),
    (events.Withdraw, lambda **kw: events.Withdraw(**ITEM, **kw), {"reason": "text"}),
    (events.CorrectPlacement,
     lambda **kw: events.CorrectPlacement(**ITEM, **{"block": "ww-lt1", **kw}),
     {"block": "code"}),
    (events.ApplyBonus,
     lambda **kw: events.ApplyBonus(**ITEM, **{"code": "permanent", "granted_on": D(2024, 4, 1),
                                               **kw}),
     {"code": "code"}),
    (events.EditCandidate, lambda **kw: events.EditCandidate(**ITEM, **{"initials": "J.P.", **kw}),
     {"initials": "initials", "target_group": "code"}),
]  # fmt: skip

NOT_CHECKED = {
    "sha256": "64 hexadecimal characters: a digest, not text",
    "item_id": "a letter and a number given by sroi ('P1')",
}
"""String fields that hold no text a person writes, and why."""

CASES = [
    (cls, factory, field, kind) for cls, factory, fields in FIELDS for field, kind in fields.items()
]


def _id(case: tuple[type[Any], Factory, str, str]) -> str:
    return f"{case[0].__name__}.{case[2]}"


def _with(factory: Factory, field: str, kind: str, value: str) -> object:
    return factory(**{field: (value,) if kind == "codes" else value})


def test_every_string_field_of_the_model_and_the_events_is_checked() -> None:
    checked = {(cls, field) for cls, _, field, _ in CASES}
    missed = []
    for module in (sroi.model, sroi.evidence, parties, events):
        for cls in vars(module).values():
            if not (inspect.isclass(cls) and attrs.has(cls) and cls.__module__ == module.__name__):
                continue
            if inspect.isabstract(cls) or cls.__name__ in {"ItemEvent", "ItemChange"}:
                continue
            for field in attrs.fields(cls):
                if "str" not in str(field.type) or field.name in NOT_CHECKED:
                    continue
                if (cls, field.name) not in checked:
                    missed.append(f"{cls.__name__}.{field.name}")
    assert not missed, f"add these fields to FIELDS: {missed}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_the_valid_example_of_each_field_is_accepted(
    case: tuple[type[Any], Factory, str, str],
) -> None:
    cls, factory, _, _ = case
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert isinstance(factory(), cls)


IDENTIFIERS = [
    ("111222333", "BSN"),
    ("111 222 333", "BSN"),
    ("111.222.333", "BSN"),
    ("111-222-333", "BSN"),
    ("111/222/333", "BSN"),
    ("111_222_333", "BSN"),
    ("4111222333", "BSN"),
    ("11122233344", "BSN"),
    ("j.jansen@example.nl", "e-mail"),
    ("06-12345678", "phone"),
    ("+31 6 12345678", "phone"),
]

# in a code, the identifier is part of an otherwise valid code; an e-mail address in lower case
CODE_IDENTIFIERS = [
    ("ww-111222333", "BSN"),
    ("ww-111.222.333", "BSN"),
    ("ww-111-222-333", "BSN"),
    ("ww-111_222_333", "BSN"),
    ("ww-123456789", "digits"),
    ("ww.0612345678", "phone"),
    ("j.jansen@example.nl", "e-mail"),
]


def _assert_withheld(error: InvalidValueError, value: str, field: str) -> None:
    assert error.value == Withheld("str", len(value))
    shown = str(error).split(", expected")[0]
    assert shown.endswith(f"<a text of {len(value)} characters, not shown>")
    assert error.field.startswith(field)
    message = str(error).replace(error.expected, "")  # the expected text is the field's own
    for part in ("111", "222", "jansen", "1234", "Wu", "Vries"):
        assert part not in message


TEXT_CASES = [case for case in CASES if case[3] in {"text", "name"}]


@pytest.mark.parametrize(("payload", "kind"), IDENTIFIERS)
@pytest.mark.parametrize("case", TEXT_CASES, ids=_id)
def test_a_personal_identifier_in_free_text_is_refused_without_repeating_it(
    case: tuple[type[Any], Factory, str, str], payload: str, kind: str
) -> None:
    _, factory, field, field_kind = case
    value = f"zie {payload}"
    with pytest.raises(PrivacyError) as caught:
        _with(factory, field, field_kind, value)
    assert kind in caught.value.hint
    _assert_withheld(caught.value, value, field)


CODE_CASES = [case for case in CASES if case[3] in {"code", "codes"}]


@pytest.mark.parametrize(("payload", "kind"), CODE_IDENTIFIERS)
@pytest.mark.parametrize("case", CODE_CASES, ids=_id)
def test_a_personal_identifier_in_a_code_is_refused_without_repeating_it(
    case: tuple[type[Any], Factory, str, str], payload: str, kind: str
) -> None:
    _, factory, field, field_kind = case
    with pytest.raises(PrivacyError) as caught:
        _with(factory, field, field_kind, payload)
    assert kind in caught.value.hint
    _assert_withheld(caught.value, payload, field)


@pytest.mark.parametrize("case", CODE_CASES, ids=_id)
def test_words_with_spaces_in_a_code_are_refused_without_repeating_them(
    case: tuple[type[Any], Factory, str, str],
) -> None:
    _, factory, field, field_kind = case
    with pytest.raises(InvalidValueError) as caught:
        _with(factory, field, field_kind, "Jan de Vries")
    _assert_withheld(caught.value, "Jan de Vries", field)


INITIALS_CASES = [case for case in CASES if case[3] == "initials"]


@pytest.mark.parametrize(
    "payload", ["Li Wu", "Jan de Vries", "Jan", "JP", "J. Jansen", "111222333", "j@x.nl"]
)
@pytest.mark.parametrize("case", INITIALS_CASES, ids=_id)
def test_a_name_or_an_identifier_is_refused_as_initials_without_repeating_it(
    case: tuple[type[Any], Factory, str, str], payload: str
) -> None:
    _, factory, field, field_kind = case
    with pytest.raises(PrivacyError) as caught:
        _with(factory, field, field_kind, payload)
    _assert_withheld(caught.value, payload, field)


@pytest.mark.parametrize(("payload", "kind"), [*IDENTIFIERS, ("Jan de Vries", "")])
def test_personal_data_in_a_kvk_number_is_refused_without_repeating_it(
    payload: str, kind: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        sroi.Organisation("Groen B.V.", kvk=payload)
    assert kind in caught.value.hint
    assert isinstance(caught.value, PrivacyError) == bool(kind)
    _assert_withheld(caught.value, payload, "kvk")


MEDIA_TYPE_CASES = [case for case in CASES if case[3] == "media_type"]


@pytest.mark.parametrize(
    "payload", ["application/111222333", "application/111-222-333", "text/x-0612345678"]
)
@pytest.mark.parametrize("case", MEDIA_TYPE_CASES, ids=_id)
def test_a_personal_identifier_in_a_media_type_is_refused(
    case: tuple[type[Any], Factory, str, str], payload: str
) -> None:
    _, factory, field, field_kind = case
    with pytest.raises(PrivacyError) as caught:
        _with(factory, field, field_kind, payload)
    _assert_withheld(caught.value, payload, field)


@pytest.mark.parametrize("case", [c for c in CASES if c[3] == "text"], ids=_id)
def test_a_likely_full_name_in_free_text_warns_without_repeating_it(
    case: tuple[type[Any], Factory, str, str],
) -> None:
    _, factory, field, field_kind = case
    value = "Overleg met Jan Bakker.pdf" if field == "file_name" else "Overleg met Jan Bakker"
    with pytest.warns(PersonalDataWarning) as caught:
        made = _with(factory, field, field_kind, value)
    assert getattr(made, field) == value  # a warning: the value is stored all the same
    (warning,) = caught
    message = str(warning.message)
    assert message.startswith(f"{field}: ")
    assert "characters 13 to 22" in message
    assert "Jan" not in message
    assert "Bakker" not in message


@pytest.mark.parametrize("case", [c for c in CASES if c[3] == "name"], ids=_id)
def test_names_of_organisations_places_and_contracts_do_not_warn(
    case: tuple[type[Any], Factory, str, str],
) -> None:
    _, factory, field, field_kind = case
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        made = _with(factory, field, field_kind, "Sociaal Werkbedrijf Rijn Gelderse Vallei")
    assert getattr(made, field) == "Sociaal Werkbedrijf Rijn Gelderse Vallei"


def test_a_document_with_a_name_in_it_is_refused_without_repeating_it() -> None:
    data = {"initials": "Jan Bakker", "target_group": "participatiewet", "birth_date": "1990-01-01"}
    with pytest.raises(sroi.ValidationError) as caught:
        sroi.serde.structure(data, sroi.Candidate, source="portfolio.json")
    (error,) = caught.value.errors
    assert isinstance(error, PrivacyError)
    assert error.field == "initials"
    assert "Jan" not in str(caught.value)
    assert "Bakker" not in str(caught.value)


@st.composite
def _written_bsns(draw: st.DrawFn) -> str:
    """A valid BSN, written in one piece, in groups, or inside a longer run of digits."""
    first = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8).filter(any))
    last = sum(d * w for d, w in zip(first, range(9, 1, -1), strict=True)) % 11
    assume(last < 10)
    digits = "".join(map(str, [*first, last]))
    style = draw(st.sampled_from(["plain", "grouped", "inside"]))
    if style == "grouped":
        separator = draw(st.sampled_from([" ", ".", "-", "/", "_"]))
        return separator.join((digits[:3], digits[3:6], digits[6:]))
    if style == "inside":
        return (
            draw(st.text("0123456789", max_size=3))
            + digits
            + draw(st.text("0123456789", max_size=3))
        )
    return digits


@given(
    case=st.sampled_from(TEXT_CASES),
    written=_written_bsns(),
    before=st.sampled_from(["", "nr ", "BSN: "]),
)
def test_any_valid_bsn_is_refused_in_any_free_text_field(
    case: tuple[type[Any], Factory, str, str], written: str, before: str
) -> None:
    _, factory, field, field_kind = case
    value = f"{before}{written} gezien"
    with pytest.raises(PrivacyError) as caught:
        _with(factory, field, field_kind, value)
    assert caught.value.value == Withheld("str", len(value))
    assert written not in str(caught.value)
