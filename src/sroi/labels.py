"""The label catalogue: the Dutch and English name of every enum member sroi shows to people.

One table, keyed by enum members, replaces the per-module label tables and the ``*_nl``/``*_en``
pairs. Renderers (text and HTML reports, explanations, the command line, notebooks) ask
:func:`label` and never spell a name themselves:

>>> from sroi.ruleset import Route
>>> label(Route.PROJECT, "nl"), label(Route.PROJECT, "en"), label(Route.PROJECT, "en", plural=True)
('SR-project', 'SR project', 'projects')
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import attrs

from sroi.exceptions import InvalidValueError
from sroi.ruleset import Route, Unit
from sroi.states import Measure, MomentState, Standing

__all__ = ["LABELS", "Label", "Language", "label"]

Language = Literal["nl", "en"]
"""A language sroi writes in: Dutch or English."""


@attrs.frozen
class Label:
    """The Dutch and English name of one thing, with plural forms where a heading needs them."""

    nl: str
    """The Dutch name."""
    en: str
    """The English name."""
    nl_plural: str | None = None
    """The Dutch plural; the singular when None."""
    en_plural: str | None = None
    """The English plural; the singular when None."""

    def text(self, lang: Language, *, plural: bool = False) -> str:
        """The name in ``lang``, plural when asked and known."""
        if lang == "nl":
            return (self.nl_plural or self.nl) if plural else self.nl
        return (self.en_plural or self.en) if plural else self.en


LABELS: Mapping[enum.Enum, Label] = MappingProxyType(
    {
        Route.CANDIDATE: Label("kandidaat", "candidate", "kandidaten", "candidates"),
        Route.PURCHASE: Label("sociaal inkopen", "social purchase", "sociaal inkopen", "purchases"),
        Route.PROJECT: Label("SR-project", "SR project", "SR-projecten", "projects"),
        Unit.PER_YEAR_FULL_TIME: Label("per jaar voltijd", "per year full time"),
        Unit.PER_MONTH: Label("per maand", "per month"),
        Unit.PER_PERIOD: Label("per periode", "per period"),
        Unit.ONE_OFF: Label("eenmalig", "one-off"),
        Unit.PER_HOUR: Label("per uur", "per hour"),
        Unit.SHARE_OF_INVOICE: Label("van de factuur excl. btw", "of the invoice excl. VAT"),
        Measure.OBLIGATION: Label("verplichting", "obligation"),
        Measure.REALISED: Label("gerealiseerd", "realised"),
        Measure.PENDING: Label("in behandeling", "pending"),
        Measure.FORECAST: Label("verwacht", "forecast"),
        MomentState.AHEAD: Label("voor op schema", "ahead"),
        MomentState.ON_TRACK: Label("op schema", "on track"),
        MomentState.BEHIND: Label("achter op schema", "behind"),
        MomentState.NOT_YET_REACHED: Label("nog niet bereikt", "not yet reached"),
        Standing.APPROVED: Label("goedgekeurd", "approved"),
        Standing.PENDING: Label("in behandeling", "pending"),
        Standing.NOT_COUNTED: Label("telt niet mee", "not counted"),
    }
)
"""Every label, keyed by enum member. Add a member's label here when a renderer needs it."""


def label(member: enum.Enum, lang: Language = "en", *, plural: bool = False) -> str:
    """The name of ``member`` in ``lang`` (``"nl"`` or ``"en"``), plural when asked.

    Raises:
        InvalidValueError: when the catalogue has no label for ``member`` or ``lang`` is not
            ``"nl"`` or ``"en"``.
    """
    if lang not in ("nl", "en"):
        raise InvalidValueError("lang", lang, "'nl' or 'en'")
    found = LABELS.get(member)
    if found is None:
        raise InvalidValueError("member", member, "an enum member the label catalogue names")
    return found.text(lang, plural=plural)
