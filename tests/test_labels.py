"""The label catalogue names every member of the enums sroi shows, in Dutch and English."""

from __future__ import annotations

import enum

import pytest

from sroi import InvalidValueError, Measure, MomentState, Route, Standing, Unit
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


def test_an_unknown_member_or_language_is_refused() -> None:
    unknown = next(status for status in ReviewStatus if status not in LABELS)
    with pytest.raises(InvalidValueError, match="member"):
        label(unknown)
    with pytest.raises(InvalidValueError, match="lang"):
        label(Route.CANDIDATE, "de")  # type: ignore[arg-type]
