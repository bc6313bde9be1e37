"""The label catalogue: the Dutch and English name of every enum member sroi shows to people.

One table, keyed by enum members, replaces the per-module label tables and the ``*_nl``/``*_en``
pairs. Renderers (text and HTML reports, explanations, the command line, notebooks) ask
:func:`label` and never spell a name themselves:

>>> from sroi.ruleset import Route
>>> label(Route.PROJECT, "nl"), label(Route.PROJECT, "en"), label(Route.PROJECT, "en", plural=True)
('SR-project', 'SR project', 'projects')

Some views word a name their own way; a label keeps those wordings as named *forms* (the chart's
short moment states, the rule listing's units), asked for with ``form=``:

>>> label(MomentState.BEHIND, "nl"), label(MomentState.BEHIND, "nl", form="short")
('achter op schema', 'achter')
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import attrs

from sroi.exceptions import InvalidValueError
from sroi.model import EvidenceKind
from sroi.ruleset import Route, Unit
from sroi.states import Measure, MomentState, ReviewStatus, Standing

__all__ = ["LABELS", "Label", "Language", "label"]

Language = Literal["nl", "en"]
"""A language sroi writes in: Dutch or English."""


def _frozen_forms(forms: Mapping[str, tuple[str, str]]) -> Mapping[str, tuple[str, str]]:
    """A read-only copy of a label's other wordings."""
    return MappingProxyType(dict(forms))


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
    forms: Mapping[str, tuple[str, str]] = attrs.field(factory=dict, converter=_frozen_forms)
    """Other wordings by the name of the form that uses them: ``(Dutch, English)``."""

    def text(self, lang: Language, *, plural: bool = False, form: str | None = None) -> str:
        """The name in ``lang``: plural when asked and known, or in ``form`` when it has one."""
        if form is not None and form in self.forms:
            return self.forms[form][0 if lang == "nl" else 1]
        if lang == "nl":
            return (self.nl_plural or self.nl) if plural else self.nl
        return (self.en_plural or self.en) if plural else self.en


_SHORT = "short"
_RULES = "rules"


LABELS: Mapping[enum.Enum, Label] = MappingProxyType(
    {
        Route.CANDIDATE: Label("kandidaat", "candidate", "kandidaten", "candidates"),
        Route.PURCHASE: Label("sociaal inkopen", "social purchase", "sociaal inkopen", "purchases"),
        Route.PROJECT: Label("SR-project", "SR project", "SR-projecten", "projects"),
        Unit.PER_YEAR_FULL_TIME: Label("per jaar voltijd", "per year full time"),
        Unit.PER_MONTH: Label("per maand", "per month"),
        Unit.PER_PERIOD: Label(
            "per periode",
            "per period",
            forms={_RULES: ("per afgesproken periode", "per agreed period")},
        ),
        Unit.ONE_OFF: Label("eenmalig", "one-off"),
        Unit.PER_HOUR: Label("per uur", "per hour"),
        Unit.SHARE_OF_INVOICE: Label(
            "van de factuur excl. btw",
            "of the invoice excl. VAT",
            forms={_RULES: ("van de factuur", "of the invoice")},
        ),
        Measure.OBLIGATION: Label("verplichting", "obligation"),
        Measure.REALISED: Label("gerealiseerd", "realised"),
        Measure.PENDING: Label("in behandeling", "pending"),
        Measure.FORECAST: Label("verwacht", "forecast"),
        MomentState.AHEAD: Label("voor op schema", "ahead", forms={_SHORT: ("voor", "ahead")}),
        MomentState.ON_TRACK: Label("op schema", "on track"),
        MomentState.BEHIND: Label(
            "achter op schema", "behind", forms={_SHORT: ("achter", "behind")}
        ),
        MomentState.NOT_YET_REACHED: Label("nog niet bereikt", "not yet reached"),
        Standing.APPROVED: Label("goedgekeurd", "approved"),
        Standing.PENDING: Label("in behandeling", "pending"),
        Standing.NOT_COUNTED: Label("telt niet mee", "not counted"),
        ReviewStatus.PROPOSED: Label("voorgedragen", "proposed"),
        ReviewStatus.APPROVED: Label("goedgekeurd", "approved"),
        ReviewStatus.REJECTED: Label("afgekeurd", "rejected"),
        ReviewStatus.CHANGES_REQUESTED: Label("wijziging gevraagd", "changes requested"),
        ReviewStatus.WITHDRAWN: Label("ingetrokken", "withdrawn"),
        EvidenceKind.STARTING_POSITION: Label("uitgangspositie", "starting position"),
        EvidenceKind.SIGNED_AGREEMENT: Label("getekende overeenkomst", "signed agreement"),
    }
)
"""Every label, keyed by enum member. Add a member's label here when a renderer needs it.

Forms: ``"short"`` is the chart's wording of a moment state, ``"rules"`` the wording of a unit in
the rule listing of ``sroi rules``.
"""


def label(
    member: enum.Enum, lang: Language = "en", *, plural: bool = False, form: str | None = None
) -> str:
    """The name of ``member`` in ``lang`` (``"nl"`` or ``"en"``), plural when asked.

    ``form`` asks for another wording of the name where the label has one (``"short"``,
    ``"rules"``); the usual name otherwise.

    Raises:
        InvalidValueError: when the catalogue has no label for ``member`` or ``lang`` is not
            ``"nl"`` or ``"en"``.
    """
    if lang not in ("nl", "en"):
        raise InvalidValueError("lang", lang, "'nl' or 'en'")
    found = LABELS.get(member)
    if found is None:
        raise InvalidValueError("member", member, "an enum member the label catalogue names")
    return found.text(lang, plural=plural, form=form)
