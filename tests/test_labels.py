"""The label catalogue names every member of the enums sroi shows, in Dutch and English."""

from __future__ import annotations

import enum

import pytest

from sroi import InvalidValueError, Measure, MomentState, Route, Standing, Unit
from sroi.evidence import EvidenceKind
from sroi.labels import LABELS, label
from sroi.lifecycle import ReviewStatus


@pytest.mark.parametrize("kind", [Route, Unit, Measure, MomentState, Standing])
def test_every_member_has_a_dutch_and_an_english_name(kind: type[enum.Enum]) -> None:
    for member in kind:
        for lang in ("nl", "en"):
            for plural in (False, True):
                assert label(member, lang, plural=plural).strip()
    assert len({label(member, "en") for member in kind}) == len(kind)  # no two alike


def test_plural_falls_back_to_the_singular() -> None:
    assert label(Unit.ONE_OFF, "nl", plural=True) == label(Unit.ONE_OFF, "nl") == "eenmalig"
    assert label(Route.CANDIDATE, "en", plural=True) == "candidates"


class _Unnamed(enum.Enum):
    NOBODY = "nobody"


def test_an_unknown_member_or_language_is_refused() -> None:
    assert _Unnamed.NOBODY not in LABELS
    with pytest.raises(InvalidValueError, match="member"):
        label(_Unnamed.NOBODY)
    with pytest.raises(InvalidValueError, match="lang"):
        label(Route.CANDIDATE, "de")  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", [ReviewStatus, EvidenceKind])
def test_the_enums_of_higher_layers_are_named_by_class_and_value(kind: type[enum.Enum]) -> None:
    for member in kind:
        assert member.value.replace("_", " ") == label(member, "en")
        assert label(member, "nl").strip()
    assert label(ReviewStatus.CHANGES_REQUESTED, "nl") == "wijziging gevraagd"


def test_a_form_gives_another_wording_and_falls_back_to_the_name() -> None:
    assert label(MomentState.AHEAD, "nl", form="short") == "voor"
    assert label(MomentState.ON_TRACK, "nl", form="short") == label(MomentState.ON_TRACK, "nl")
    assert label(Unit.PER_PERIOD, "en", form="rules") == "per agreed period"
    assert label(Unit.PER_PERIOD, "en") == "per period"
    assert label(Unit.SHARE_OF_INVOICE, "en", form="rules") == "of the invoice"
