"""The chain type: an :class:`Explanation` is an ordered tuple of :class:`Step` s.

Each step has a stable key, Dutch and English labels, the number or data it stands for and that
value as text. What a step's value is depends on its key; the steps whose value is more than one
number carry a small typed payload (:class:`BonusData`, :class:`AdjustmentData`,
:class:`DayShare`), named tuples so that they still compare equal to, and are written as, the plain
tuples they replace. :attr:`Explanation.formula` (a :class:`Formula`) says how the steps combine.

:meth:`Explanation.recompute` is a second computation, independent of the engine: it reads only
the numbers the steps show and combines them by the formula, so a test can check that the chain
really produces the amount.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, NamedTuple

import attrs

from sroi.exceptions import InvalidValueError
from sroi.explanation._text import Number, num
from sroi.money import format_euro, round_cents
from sroi.period import MonthShare, Period
from sroi.ruleset import AdjustmentKind, BonusKind, Unit
from sroi.serde.plain import to_plain

__all__ = [
    "AdjustmentData",
    "BonusData",
    "DayShare",
    "Explanation",
    "Formula",
    "Language",
    "Step",
]

Language = Literal["nl", "en", "both"]
"""The language of a text: Dutch, English, or both (bilingual labels, Dutch values)."""

_F0 = Fraction(0)
_F1 = Fraction(1)


class Formula(enum.StrEnum):
    """How the steps of an explanation combine into its amount."""

    PLACEMENT = "placement"
    """Rule value × months × size factor (per year: / 12), plus bonuses."""
    PURCHASE = "purchase"
    """Invoice amount × the share of the invoice that counts."""
    PROJECT = "project"
    """Hours × rule value, or the agreed amount, spread over the days counted."""
    OBLIGATION = "obligation"
    """Contract value × percentage / 100, then each adjustment."""
    SUM = "sum"
    """The sum of the rounded lines."""
    TARGET = "target"
    """The obligation on the moment's date × the moment's fraction."""
    REMAINING = "remaining"
    """Obligation − realised, never below zero."""


class BonusData(NamedTuple):
    """The value of a ``bonus:<code>`` step."""

    kind: BonusKind
    """How the bonus counts (one-off or per year)."""
    rule_value: Decimal
    """The bonus's rule value."""
    when: Fraction | Period | None
    """Per-year bonuses: the months counted; one-off: the grant day counted, or None."""


class AdjustmentData(NamedTuple):
    """The value of an ``adjustment:<code>`` step."""

    kind: AdjustmentKind
    """Discount or exemption."""
    fraction: Decimal
    """The share taken off (for a discount)."""


class DayShare(NamedTuple):
    """The value of a ``share`` or ``spread`` step: days counted out of a number of days."""

    days: int
    """The days counted."""
    of: int
    """The days the value is spread over."""


def months_sum(shares: Sequence[MonthShare]) -> Fraction:
    """The placement months that ``shares`` cover, exactly."""
    return sum((Fraction(share.days_counted, share.days_in_month) for share in shares), _F0)


@attrs.frozen
class Step:
    """One link in the chain that produced an amount."""

    key: str
    """A stable key, e.g. ``"rule_value"``, ``"months"`` or ``"bonus:age-50"``."""
    label_nl: str
    """The Dutch label, e.g. ``"Bouwblok"``."""
    label_en: str
    """The English label, e.g. ``"Building block"``."""
    value: Any
    """The number or data this step stands for (a ``Decimal`` or an exact ``Fraction``, a
    ``Period``, placement-month shares ...)."""
    text_nl: str
    """The value as Dutch text."""
    text_en: str
    """The value as English text."""
    detail: Explanation | None = None
    """The explanation of this step's own amount, when it has one (a line in a total)."""

    def label(self, lang: Language = "both") -> str:
        """The label in ``lang`` (``"both"``: ``"Dutch / English"``)."""
        if lang == "nl":
            return self.label_nl
        if lang == "en":
            return self.label_en
        if self.label_nl == self.label_en:
            return self.label_nl
        return f"{self.label_nl} / {self.label_en}"

    def text(self, lang: Language = "both") -> str:
        """The value as text in ``lang`` (``"both"`` uses the Dutch text)."""
        return self.text_en if lang == "en" else self.text_nl


@attrs.frozen
class Explanation:
    """How an amount was produced: an ordered chain of steps that recomputes it."""

    subject_nl: str
    """What is explained, in Dutch."""
    subject_en: str
    """What is explained, in English."""
    amount: Decimal
    """The amount explained (rounded to cents)."""
    formula: Formula = attrs.field(converter=Formula)
    """How the steps combine: placement, purchase, project, obligation, sum, target, remaining."""
    steps: tuple[Step, ...]
    """The steps in order."""

    def step(self, key: str) -> Step:
        """The step with ``key``.

        Raises:
            InvalidValueError: when there is none (the message lists the keys).
        """
        for step in self.steps:
            if step.key == key:
                return step
        known = ", ".join(step.key for step in self.steps)
        raise InvalidValueError("key", key, f"one of the steps: {known}")

    def has(self, key: str) -> bool:
        """Whether a step with ``key`` exists."""
        return any(step.key == key for step in self.steps)

    def _number(self, key: str) -> Fraction:
        value = self.step(key).value
        if isinstance(value, bool) or not isinstance(value, (Decimal, Fraction, int)):
            raise InvalidValueError(key, value, "a number (Decimal or Fraction) step value")
        return Fraction(value)

    def recompute(self) -> Decimal:
        """Compute the amount again from the steps' numbers alone (rounded to cents, half up).

        An independent second computation: it reads only the numbers the steps show (rule value,
        size factor, placement-month shares, days, bonuses ...), never the engine's result. For a
        total, each line's own chain is recomputed first.
        """
        return round_cents(self.recompute_exact())

    def recompute_exact(self) -> Fraction:
        """The exact amount computed from the steps' numbers (a sum of rounded lines for totals)."""
        computations: dict[Formula, Callable[[], Fraction]] = {
            Formula.PLACEMENT: self._recompute_placement,
            Formula.PURCHASE: self._recompute_purchase,
            Formula.PROJECT: self._recompute_project,
            Formula.OBLIGATION: self._recompute_obligation,
            Formula.SUM: self._recompute_sum,
            Formula.TARGET: self._recompute_target,
            Formula.REMAINING: self._recompute_remaining,
        }
        return computations[self.formula]()

    def _recompute_placement(self) -> Fraction:
        if self.has("minimum"):
            return _F0  # below the region's minimum hours: the placement counts nothing
        unit = self.step("unit").value
        value = self._number("rule_value")
        size = self._number("size") if self.has("size") else _F1
        if unit.is_sized:
            months = months_sum(self.step("months").value)
            base = value * months * size
            if unit is Unit.PER_YEAR_FULL_TIME:
                base /= 12
        elif unit is Unit.PER_PERIOD:
            if self.has("share"):
                days, agreed = self.step("share").value
                base = value * Fraction(days, agreed)
            else:
                base = self._number("base")
        else:
            base = value if self.step("days").value else _F0
        exact = base
        for step in self.steps:
            if step.key.startswith("bonus:"):
                bonus: BonusData = step.value
                if bonus.kind is BonusKind.ONE_OFF:
                    counted = bonus.when is not None  # the grant day is in the window
                    exact += Fraction(bonus.rule_value) if counted else _F0
                else:
                    assert isinstance(bonus.when, Fraction)
                    exact += Fraction(bonus.rule_value) * bonus.when * size / 12
        return exact

    def _recompute_purchase(self) -> Fraction:
        if not self.step("days").value:
            return _F0
        return self._number("invoice") * self._number("rule_value")

    def _recompute_project(self) -> Fraction:
        if self.has("hours"):
            total = self._number("hours") * self._number("rule_value")
        elif self.has("agreed"):
            total = self._number("agreed")
        else:
            return self._number("base")
        days, of = self.step("spread").value
        if days == of:
            return total
        return total * Fraction(days, of)

    def _recompute_obligation(self) -> Fraction:
        amount = self._number("contract_value") * self._number("percentage") / 100
        for step in self.steps:
            if step.key.startswith("adjustment:"):
                adjustment: AdjustmentData = step.value
                if adjustment.kind is AdjustmentKind.EXEMPTION:
                    amount = _F0
                else:
                    amount *= 1 - Fraction(adjustment.fraction)
        return amount

    def _recompute_sum(self) -> Fraction:
        total = _F0
        for step in self.steps:
            if step.key.startswith("line:"):
                line = step.detail.recompute() if step.detail is not None else step.value
                total += Fraction(line)
        return total

    def _recompute_target(self) -> Fraction:
        obligation_step = self.step("obligation")
        base = (
            Fraction(obligation_step.detail.recompute())
            if obligation_step.detail is not None
            else self._number("obligation")
        )
        return base * self._number("fraction")

    def _recompute_remaining(self) -> Fraction:
        obligation_step, realised_step = self.step("obligation"), self.step("realised")
        owed = (
            Fraction(obligation_step.detail.recompute())
            if obligation_step.detail is not None
            else self._number("obligation")
        )
        done = (
            Fraction(realised_step.detail.recompute())
            if realised_step.detail is not None
            else self._number("realised")
        )
        return max(_F0, owed - done)

    def subject(self, lang: Language = "both") -> str:
        """What is explained in ``lang``."""
        if lang == "nl":
            return self.subject_nl
        if lang == "en":
            return self.subject_en
        return f"{self.subject_nl} / {self.subject_en}"

    def _lines(self, lang: Language, depth: int) -> Iterator[str]:
        indent = "  " * depth
        amount = format_euro(self.amount, "en" if lang == "en" else "nl")
        yield f"{indent}{self.subject(lang)}: {amount}"
        for step in self.steps:
            yield f"{indent}- {step.label(lang)}: {step.text(lang)}"
            if step.detail is not None:
                yield from step.detail._lines(lang, depth + 2)

    def __str__(self) -> str:
        """The explanation as text, bilingual labels with Dutch values: ``to_text("both")``."""
        return self.to_text()

    def to_text(self, lang: Language = "both") -> str:
        """The explanation as readable text: one line per step, nested chains indented.

        Args:
            lang: ``"nl"``, ``"en"`` or ``"both"`` (bilingual labels, Dutch values).
        """
        if lang not in ("nl", "en", "both"):
            raise InvalidValueError("lang", lang, "'nl', 'en' or 'both'")
        return "\n".join(self._lines(lang, 0))

    def to_dict(self) -> dict[str, Any]:
        """The explanation as plain data (strings, numbers as decimal strings, lists, dicts)."""
        return {
            "subject_nl": self.subject_nl,
            "subject_en": self.subject_en,
            "amount": str(self.amount),
            "formula": self.formula.value,
            "steps": [
                {
                    "key": step.key,
                    "label_nl": step.label_nl,
                    "label_en": step.label_en,
                    "value": to_plain(step.value),
                    "text_nl": step.text_nl,
                    "text_en": step.text_en,
                    "detail": step.detail.to_dict() if step.detail is not None else None,
                }
                for step in self.steps
            ],
        }


# --- formatting ------------------------------------------------------------------------------


def money_step(
    key: str, label_nl: str, label_en: str, amount: Decimal, detail: Explanation | None = None
) -> Step:
    """A step whose value is an amount in euros, written in Dutch and English notation."""
    return both(
        key,
        label_nl,
        label_en,
        amount,
        format_euro(amount, "nl"),
        format_euro(amount, "en"),
        detail,
    )


def both(  # noqa: PLR0917 - a builder mirroring Step's fields
    key: str,
    label_nl: str,
    label_en: str,
    value: Any,
    text_nl: str,
    text_en: str | None = None,
    detail: Explanation | None = None,
) -> Step:
    """A step; its English text is the Dutch one when not given (numbers read the same)."""
    return Step(
        key, label_nl, label_en, value, text_nl, text_nl if text_en is None else text_en, detail
    )


def rounding(exact: Number, amount: Decimal) -> Step:
    """The last step of a chain: the exact amount rounded to cents."""
    return both("rounding", "Afronding", "Rounding", amount, f"{num(exact)} → {amount}")
