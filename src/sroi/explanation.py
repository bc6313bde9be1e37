"""Explanations: every amount expands into the chain of steps that produced it.

:func:`explain` turns a :class:`~sroi.engine.Valuation` (one line item) or an
:class:`~sroi.engine.ObligationValuation` into an :class:`Explanation`: an ordered list of
:class:`Step` s (contract → item → block → rule value with its version, source and status → size
factor → months and days counted → cap window → bonuses → rounding), each with a key, Dutch and
English labels, the number or data it stands for, and readable text in both languages.
:func:`explain_report` does the same for any amount of a fulfilment report: a line, a total (the
sum of its lines, each with its own chain), the obligation, a measurement moment's target, or
what remains.

An explanation is data for applications (:meth:`Explanation.to_dict`) and readable text
(:meth:`Explanation.to_text`). :meth:`Explanation.recompute` computes the amount again from the
steps' numbers alone, so the chain provably produces the amount::

    >>> import datetime as dt
    >>> from decimal import Decimal
    >>> import sroi
    >>> src = sroi.Provenance("demo table", sroi.Status.VERIFIED)
    >>> pw = sroi.BuildingBlock("pw", "Participatiewet", "Social assistance",
    ...     sroi.Route.CANDIDATE, sroi.Unit.PER_YEAR_FULL_TIME, Decimal(30000), src)
    >>> rules = sroi.RuleSet.build("demo", "1", dt.date(2020, 1, 1), blocks=[pw],
    ...     full_time_hours=sroi.Parameter(Decimal(36), src))
    >>> placement = sroi.Placement(sroi.Candidate("J.P.", "pw", dt.date(1990, 5, 1)),
    ...     sroi.PlacementKind.JOB, "pw",
    ...     sroi.Period(dt.date(2024, 1, 15), dt.date(2024, 3, 20)), Decimal(36))
    >>> explanation = sroi.explain(sroi.value_placement(placement, rules), rules=rules)
    >>> explanation.recompute()
    Decimal('5483.87')
    >>> print(explanation.step("months").text_en)
    m1 2024-01-15 1, m2 2024-02-15 1, m3 2024-03-15 6/31 = 2.1935… months

Months are placement months counted from the placement's first day (``m1`` starts on it).
Numbers that have no short decimal form (a size factor of 32/36) are shown to four places with
``…``; the steps hold them exactly, as :class:`~fractions.Fraction` s.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import attrs

from sroi.engine import ObligationValuation, Valuation
from sroi.exceptions import InvalidValueError
from sroi.model import Contract, Item, Placement, SrProject
from sroi.money import PRECISION, exact_decimal, round_cents
from sroi.period import MonthShare, Period
from sroi.ruleset import AdjustmentKind, BonusKind, Provenance, Route, RuleSet, Unit

if TYPE_CHECKING:
    from sroi.fulfilment import FulfilmentReport, ReportLine

__all__ = ["Explanation", "Step", "explain", "explain_report"]

Language = Literal["nl", "en", "both"]
Formula = Literal["placement", "purchase", "project", "obligation", "sum", "target", "remaining"]
_ZERO = Decimal(0)
_F0 = Fraction(0)
_F1 = Fraction(1)
_HUNDRED = Decimal(100)
_PLACES = 4
Number = Decimal | Fraction | int


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
    formula: Formula
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
        compute = getattr(self, f"_recompute_{self.formula}")
        result: Fraction = compute()
        return result

    def _recompute_placement(self) -> Fraction:
        if self.has("minimum"):
            return _F0  # below the region's minimum hours: the placement counts nothing
        unit = self.step("unit").value
        value = self._number("rule_value")
        size = self._number("size") if self.has("size") else _F1
        if unit in (Unit.PER_YEAR_FULL_TIME, Unit.PER_MONTH):
            months = _months_sum(self.step("months").value)
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
                kind, rule_value, months = step.value
                if kind == BonusKind.ONE_OFF.value:
                    exact += Fraction(rule_value) if months is not None else _F0  # the grant day
                else:
                    exact += Fraction(rule_value) * months * size / 12
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
                kind, fraction = step.value
                if kind == AdjustmentKind.EXEMPTION.value:
                    amount = _F0
                else:
                    amount *= 1 - Fraction(fraction)
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
        yield f"{indent}{self.subject(lang)}: {_money(self.amount, 'en' if lang == 'en' else 'nl')}"
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
            "formula": self.formula,
            "steps": [
                {
                    "key": step.key,
                    "label_nl": step.label_nl,
                    "label_en": step.label_en,
                    "value": _plain_data(step.value),
                    "text_nl": step.text_nl,
                    "text_en": step.text_en,
                    "detail": step.detail.to_dict() if step.detail is not None else None,
                }
                for step in self.steps
            ],
        }


# --- formatting ------------------------------------------------------------------------------


def _plain_data(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Fraction):
        return _fraction_text(value)
    if isinstance(value, (dt.date, Period)):
        return str(value) if isinstance(value, Period) else value.isoformat()
    if isinstance(value, MonthShare):
        return {
            "index": value.index,
            "first": value.first.isoformat(),
            "last": value.last.isoformat(),
            "days_counted": value.days_counted,
            "days_in_month": value.days_in_month,
        }
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [_plain_data(element) for element in value]
    return value


def _fraction_text(value: Fraction) -> str:
    """An exact number as plain data: a decimal string where it has one, else ``"n/d"``."""
    try:
        return str(exact_decimal(value))
    except InvalidValueError:
        return f"{value.numerator}/{value.denominator}"


def _num(value: Number) -> str:
    """A plain decimal with at most four places; ``…`` marks a shortened number."""
    if isinstance(value, Fraction):
        scale = 10**_PLACES
        shortened_f = Fraction(round(value * scale), scale)
        if shortened_f == value:
            return _num(exact_decimal(value))
        return format(exact_decimal(shortened_f).quantize(Decimal(1).scaleb(-_PLACES)), "f") + "…"
    if isinstance(value, int):
        return str(value)
    shortened = value.quantize(Decimal(1).scaleb(-_PLACES), context=PRECISION)
    if shortened == value:
        text = format(value.normalize(context=PRECISION), "f")
        return text if "." not in text else text.rstrip("0").rstrip(".")
    return format(shortened, "f") + "…"


def _money(value: Decimal, lang: Literal["nl", "en"]) -> str:
    text = format(round_cents(value), ",.2f")
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
        return f"€ {text}"
    return f"€ {text}"


def _period(period: Period | None, lang: Literal["nl", "en"]) -> str:
    if period is None:
        return "geen" if lang == "nl" else "none"
    if period.first == period.last:
        return period.first.isoformat()
    join = "t/m" if lang == "nl" else "to"
    return f"{period.first.isoformat()} {join} {period.last.isoformat()}"


def _provenance(provenance: Provenance, version: str | None, lang: Literal["nl", "en"]) -> str:
    source = "bron" if lang == "nl" else "source"
    head = f"{version}, " if version else ""
    return f"{head}{source}: {provenance.source}, status: {provenance.status.value}"


_UNIT_TEXT = {
    Unit.PER_YEAR_FULL_TIME: ("per jaar voltijd", "per year full time"),
    Unit.PER_MONTH: ("per maand", "per month"),
    Unit.PER_PERIOD: ("per periode", "per period"),
    Unit.ONE_OFF: ("eenmalig", "one-off"),
    Unit.PER_HOUR: ("per uur", "per hour"),
    Unit.SHARE_OF_INVOICE: ("van de factuur excl. btw", "of the invoice excl. VAT"),
}

_ROUTE_TEXT = {
    Route.CANDIDATE: ("kandidaat", "candidate"),
    Route.PURCHASE: ("sociaal inkopen", "social purchase"),
    Route.PROJECT: ("SR-project", "SR project"),
}


def _shares_text(shares: Sequence[MonthShare]) -> str:
    """Placement months as text: part months one by one, three or more whole ones as a run.

    ``m1 2024-01-15 1, m2 2024-02-15 1, m3 2024-03-15 6/31``; ``m1-m10 10 × 1`` for a run.
    """
    parts: list[str] = []
    run: list[MonthShare] = []

    def flush() -> None:
        if len(run) >= 3:
            parts.append(f"m{run[0].index}-m{run[-1].index} {len(run)} × 1")
        else:
            parts.extend(str(share) for share in run)
        run.clear()

    for share in shares:
        if share.days_counted == share.days_in_month:
            run.append(share)
            continue
        flush()
        parts.append(str(share))
    flush()
    return ", ".join(parts) or "-"


def _months_sum(shares: Sequence[MonthShare]) -> Fraction:
    return sum((Fraction(share.days_counted, share.days_in_month) for share in shares), _F0)


def _money_step(
    key: str, label_nl: str, label_en: str, amount: Decimal, detail: Explanation | None = None
) -> Step:
    """A step whose value is an amount in euros, written in Dutch and English notation."""
    return _both(
        key, label_nl, label_en, amount, _money(amount, "nl"), _money(amount, "en"), detail
    )


def _both(  # noqa: PLR0917 - a private builder mirroring Step's fields
    key: str,
    label_nl: str,
    label_en: str,
    value: Any,
    text_nl: str,
    text_en: str | None = None,
    detail: Explanation | None = None,
) -> Step:
    return Step(
        key, label_nl, label_en, value, text_nl, text_nl if text_en is None else text_en, detail
    )


def _rounding(exact: Number, amount: Decimal) -> Step:
    text = f"{_num(exact)} → {amount}"
    return _both("rounding", "Afronding", "Rounding", amount, text)


# --- explain valuations ----------------------------------------------------------------------


def _context(
    contract: Contract | None, item_id: str | None, status: enum.Enum | None, route: Route
) -> list[Step]:
    steps = []
    if contract is not None:
        text = f"{contract.number} ({contract.title})"
        steps.append(_both("contract", "Contract", "Contract", contract.number, text))
    route_nl, route_en = _ROUTE_TEXT[route]
    label = item_id or "-"
    status_text = f", status: {status.value}" if status is not None else ""
    steps.append(
        _both(
            "item",
            "Inzet",
            "Item",
            item_id,
            f"{label} ({route_nl}{status_text})",
            f"{label} ({route_en}{status_text})",
        )
    )
    return steps


def _block_step(valuation: Valuation, rules: RuleSet | None) -> Step:
    block = rules.blocks.get(valuation.block) if rules is not None else None
    nl = f"{valuation.block} ({block.label_nl})" if block else valuation.block
    en = f"{valuation.block} ({block.label_en})" if block else valuation.block
    return _both("block", "Bouwblok", "Building block", valuation.block, nl, en)


def _value_steps(valuation: Valuation) -> list[Step]:
    unit_nl, unit_en = _UNIT_TEXT[valuation.unit]
    if valuation.unit is Unit.SHARE_OF_INVOICE:
        shown = f"{_num(valuation.rule_value * _HUNDRED)}%"
        nl = en = shown
    else:
        nl, en = _money(valuation.rule_value, "nl"), _money(valuation.rule_value, "en")
    return [
        _both(
            "rule_value",
            "Waarde",
            "Rule value",
            valuation.rule_value,
            f"{nl} {unit_nl} ({_provenance(valuation.provenance, valuation.version, 'nl')})",
            f"{en} {unit_en} ({_provenance(valuation.provenance, valuation.version, 'en')})",
        ),
        _both("unit", "Eenheid", "Unit", valuation.unit, unit_nl, unit_en),
    ]


def _window_step(valuation: Valuation) -> Step:
    return _both(
        "window",
        "Gevraagde periode",
        "Window asked for",
        valuation.window,
        _period(valuation.window, "nl") if valuation.window else "hele periode",
        _period(valuation.window, "en") if valuation.window else "whole period",
    )


def _days_step(valuation: Valuation) -> Step:
    return _both(
        "days",
        "Dagen geteld",
        "Days counted",
        valuation.days_counted,
        f"{_period(valuation.counted, 'nl')} ({valuation.days_counted} "
        f"{'dag' if valuation.days_counted == 1 else 'dagen'})",
        f"{_period(valuation.counted, 'en')} ({valuation.days_counted} "
        f"{'day' if valuation.days_counted == 1 else 'days'})",
    )


def _placement_steps(valuation: Valuation, rules: RuleSet | None, item: Item | None) -> list[Step]:
    steps = [_block_step(valuation, rules), *_value_steps(valuation)]
    sized = valuation.unit in (Unit.PER_YEAR_FULL_TIME, Unit.PER_MONTH)
    if sized:
        hours, full = valuation.hours_per_week, valuation.full_time_hours
        formula = f"{_num(hours)} / {_num(full)}" if hours is not None and full else ""
        note = f" ({valuation.note})" if valuation.note else ""
        known = valuation.full_time_provenance
        status = f"; voltijd status: {known.status.value}" if known else ""
        status_en = f"; full time status: {known.status.value}" if known else ""
        factor = _num(valuation.size_factor)
        steps.append(
            _both(
                "size",
                "Omvang",
                "Size factor",
                valuation.size_factor,
                f"{formula} uur per week = {factor} (max. 1{status}){note}",
                f"{formula} hours per week = {factor} (at most 1{status_en}){note}",
            )
        )
    if valuation.below_minimum:
        below = _num(valuation.hours_per_week or _ZERO)
        steps.append(
            _both(
                "minimum",
                "Minimum uren",
                "Minimum hours",
                valuation.hours_per_week,
                f"{below} uur per week, onder het minimum: telt niet",
                f"{below} hours per week, below the minimum: counts nothing",
            )
        )
    steps.append(_window_step(valuation))
    if sized:
        shares = _shares_text(valuation.months)
        total = _num(valuation.months_counted)
        steps.append(
            _both(
                "months",
                "Maanden",
                "Months",
                valuation.months,
                f"{shares} = {total} maanden",
                f"{shares} = {total} months",
            )
        )
    steps.append(_days_step(valuation))
    if valuation.cap_window is not None:
        block = rules.blocks.get(valuation.block) if rules is not None else None
        months = f"{block.max_months} " if block is not None else ""
        status = valuation.cap_provenance.status.value if valuation.cap_provenance else "-"
        steps.append(
            _both(
                "cap",
                "Maximale duur",
                "Cap window",
                valuation.cap_window,
                f"{_period(valuation.cap_window, 'nl')} ({months}maanden, status: {status})",
                f"{_period(valuation.cap_window, 'en')} ({months}months, status: {status})",
            )
        )
    else:
        steps.append(_both("cap", "Maximale duur", "Cap window", None, "geen", "none"))
    if valuation.unit is Unit.PER_PERIOD and isinstance(item, Placement):
        agreed = item.period
        if valuation.cap_window is not None:
            agreed = agreed.intersection(valuation.cap_window) or agreed
        steps.append(
            _both(
                "share",
                "Deel van de afgesproken periode",
                "Share of the agreed period",
                (valuation.days_counted, agreed.days),
                f"{valuation.days_counted} / {agreed.days} dagen",
                f"{valuation.days_counted} / {agreed.days} days",
            )
        )
    base_value = _num(valuation.rule_value)
    if valuation.unit is Unit.PER_YEAR_FULL_TIME:
        formula_text = (
            f"{base_value} × {_num(valuation.months_counted)} × {_num(valuation.size_factor)}"
            f" / 12 = {_num(valuation.base)}"
        )
    elif valuation.unit is Unit.PER_MONTH:
        formula_text = (
            f"{base_value} × {_num(valuation.months_counted)} × {_num(valuation.size_factor)}"
            f" = {_num(valuation.base)}"
        )
    else:
        formula_text = _num(valuation.base)
    steps.append(_both("base", "Bouwblokwaarde", "Block value", valuation.base, formula_text))
    for part in valuation.bonuses:
        bonus = rules.bonuses.get(part.code) if rules is not None else None
        name_nl = f"{part.code} ({bonus.label_nl})" if bonus else part.code
        name_en = f"{part.code} ({bonus.label_en})" if bonus else part.code
        source_nl = _provenance(part.provenance, None, "nl")
        source_en = _provenance(part.provenance, None, "en")
        if part.kind is BonusKind.ONE_OFF:
            when_nl = f"op {_period(part.counted, 'nl')}" if part.counted else "niet in periode"
            when_en = f"on {_period(part.counted, 'en')}" if part.counted else "not in window"
            added = _num(part.amount)
            nl = f"{name_nl}: {_money(part.rule_value, 'nl')} eenmalig, {when_nl} = {added}"
            en = f"{name_en}: {_money(part.rule_value, 'en')} one-off, {when_en} = {added}"
            data: tuple[Any, ...] = (part.kind.value, part.rule_value, part.counted)
        else:
            calc = (
                f"{_num(part.rule_value)} × {_num(part.months)} × "
                f"{_num(valuation.size_factor)} / 12 = {_num(part.amount)}"
            )
            nl = f"{name_nl}: {_money(part.rule_value, 'nl')} per jaar; {calc}"
            en = f"{name_en}: {_money(part.rule_value, 'en')} per year; {calc}"
            data = (part.kind.value, part.rule_value, part.months)
        steps.append(
            _both(
                f"bonus:{part.code}",
                "Bonus",
                "Bonus",
                data,
                f"{nl} ({source_nl})",
                f"{en} ({source_en})",
            )
        )
    return steps


def _purchase_steps(valuation: Valuation, rules: RuleSet | None) -> list[Step]:
    invoice = valuation.quantity if valuation.quantity is not None else _ZERO
    return [
        _block_step(valuation, rules),
        *_value_steps(valuation),
        _money_step("invoice", "Factuurbedrag excl. btw", "Invoice excl. VAT", invoice),
        _window_step(valuation),
        _days_step(valuation),
        _both(
            "base",
            "Waarde",
            "Value",
            valuation.base,
            f"{_num(invoice)} × {_num(valuation.rule_value)} = {_num(valuation.base)}",
        ),
    ]


def _project_steps(valuation: Valuation, rules: RuleSet | None, item: Item | None) -> list[Step]:
    steps = [_block_step(valuation, rules), *_value_steps(valuation)]
    if valuation.quantity is not None:
        steps.append(
            _both(
                "hours",
                "Uren",
                "Hours",
                valuation.quantity,
                f"{_num(valuation.quantity)} uur",
                f"{_num(valuation.quantity)} hours",
            )
        )
    elif isinstance(item, SrProject) and item.agreed_amount is not None:
        steps.append(
            _money_step("agreed", "Afgesproken bedrag", "Agreed amount", item.agreed_amount)
        )
    steps += [_window_step(valuation), _days_step(valuation)]
    if isinstance(item, SrProject):
        of = item.period.days
        steps.append(
            _both(
                "spread",
                "Spreiding over de dagen",
                "Spread over the days",
                (valuation.days_counted, of),
                f"{valuation.days_counted} / {of} dagen",
                f"{valuation.days_counted} / {of} days",
            )
        )
    elif valuation.quantity is not None:
        steps.append(
            _both(
                "spread",
                "Spreiding over de dagen",
                "Spread over the days",
                (valuation.days_counted, valuation.days_counted),
                "hele activiteit",
                "whole activity",
            )
        )
    steps.append(_both("base", "Waarde", "Value", valuation.base, _num(valuation.base)))
    return steps


def _explain_valuation(
    valuation: Valuation,
    *,
    rules: RuleSet | None,
    item: Item | None,
    contract: Contract | None,
    item_id: str | None,
    status: enum.Enum | None,
    subject: tuple[str, str] | None,
) -> Explanation:
    steps = _context(contract, item_id, status, valuation.route)
    if valuation.route is Route.CANDIDATE:
        steps += _placement_steps(valuation, rules, item)
        formula: Formula = "placement"
    elif valuation.route is Route.PURCHASE:
        steps += _purchase_steps(valuation, rules)
        formula = "purchase"
    else:
        steps += _project_steps(valuation, rules, item)
        formula = "project"
    steps.append(
        _both(
            "exact",
            "Totaal onafgerond",
            "Exact total",
            valuation.exact,
            _num(valuation.exact),
        )
    )
    steps.append(_rounding(valuation.exact, valuation.amount))
    nl, en = subject or (
        f"Waarde {item_id or valuation.block}",
        f"Value {item_id or valuation.block}",
    )
    return Explanation(nl, en, valuation.amount, formula, tuple(steps))


def _explain_obligation(
    valuation: ObligationValuation,
    *,
    rules: RuleSet | None,
    contract: Contract | None,
    on: dt.date | None,
) -> Explanation:
    steps: list[Step] = []
    if contract is not None:
        text = f"{contract.number} ({contract.title})"
        steps.append(_both("contract", "Contract", "Contract", contract.number, text))
    if on is not None:
        steps.append(_both("on", "Peildatum", "Reference date", on, on.isoformat()))
    steps.append(
        _money_step(
            "contract_value",
            "Opdrachtwaarde excl. btw",
            "Contract value excl. VAT",
            valuation.contract_value,
        )
    )
    if valuation.percentage_provenance is None:
        origin_nl, origin_en = "afgesproken in het contract", "set in the contract"
    else:
        version = rules.version if rules is not None else None
        origin_nl = _provenance(valuation.percentage_provenance, version, "nl")
        origin_en = _provenance(valuation.percentage_provenance, version, "en")
    steps.append(
        _both(
            "percentage",
            "SR-percentage",
            "SR percentage",
            valuation.percentage,
            f"{_num(valuation.percentage)}% ({origin_nl})",
            f"{_num(valuation.percentage)}% ({origin_en})",
        )
    )
    steps.append(
        _both(
            "before_adjustments",
            "Verplichting vóór aanpassingen",
            "Obligation before adjustments",
            valuation.before_adjustments,
            f"{_num(valuation.contract_value)} × {_num(valuation.percentage)} / 100 = "
            f"{_num(valuation.before_adjustments)}",
        )
    )
    for part in valuation.adjustments:
        adjustment = rules.adjustments.get(part.code) if rules is not None else None
        name_nl = f"{part.code} ({adjustment.label_nl})" if adjustment else part.code
        name_en = f"{part.code} ({adjustment.label_en})" if adjustment else part.code
        if part.kind is AdjustmentKind.EXEMPTION:
            effect_nl, effect_en = "vrijstelling", "exemption"
        else:
            effect_nl = effect_en = f"−{_num(part.value * _HUNDRED)}%"
        steps.append(
            _both(
                f"adjustment:{part.code}",
                "Aanpassing",
                "Adjustment",
                (part.kind.value, part.value),
                f"{name_nl}: {effect_nl} → {_num(part.after)} "
                f"({_provenance(part.provenance, None, 'nl')})",
                f"{name_en}: {effect_en} → {_num(part.after)} "
                f"({_provenance(part.provenance, None, 'en')})",
            )
        )
    exact = (
        valuation.adjustments[-1].after if valuation.adjustments else valuation.before_adjustments
    )
    steps.append(_rounding(exact, valuation.amount))
    suffix_nl = f" op {on.isoformat()}" if on is not None else ""
    suffix_en = f" on {on.isoformat()}" if on is not None else ""
    return Explanation(
        f"Verplichting{suffix_nl}",
        f"Obligation{suffix_en}",
        valuation.amount,
        "obligation",
        tuple(steps),
    )


def explain(
    valuation: Valuation | ObligationValuation,
    *,
    rules: RuleSet | None = None,
    item: Item | None = None,
    contract: Contract | None = None,
    item_id: str | None = None,
    status: enum.Enum | None = None,
    on: dt.date | None = None,
) -> Explanation:
    """Explain a valuation: the chain of steps that produced its amount.

    Args:
        valuation: a line item's :class:`~sroi.engine.Valuation` or an
            :class:`~sroi.engine.ObligationValuation`.
        rules: the rule set used, for the labels of blocks, bonuses and adjustments.
        item: the placement, purchase or project valued; needed to recompute a value spread over
            an agreed period (per-period blocks, agreed project amounts).
        contract: the contract, shown as the first step.
        item_id: the item's id, shown in the item step.
        status: the item's review status, shown in the item step.
        on: for an obligation, the date whose contract value was used.

    Raises:
        InvalidValueError: when ``valuation`` is neither kind.
    """
    if isinstance(valuation, Valuation):
        return _explain_valuation(
            valuation,
            rules=rules,
            item=item,
            contract=contract,
            item_id=item_id,
            status=status,
            subject=None,
        )
    if isinstance(valuation, ObligationValuation):
        return _explain_obligation(valuation, rules=rules, contract=contract, on=on)
    raise InvalidValueError("valuation", valuation, "a Valuation or an ObligationValuation")


# --- explain report amounts ------------------------------------------------------------------

_MEASURE_TEXT = {
    "realised": ("Gerealiseerd t/m {d}", "Realised through {d}"),
    "pending": ("In behandeling t/m {d}", "Pending through {d}"),
    "forecast": ("Verwacht (hele periode)", "Forecast (whole period)"),
}


def _line_explanation(report: FulfilmentReport, line: ReportLine, what: str) -> Explanation | None:
    valuation: Valuation | None = getattr(line, what)
    if valuation is None:
        return None
    nl, en = _MEASURE_TEXT[what]
    day = report.at.isoformat()
    return _explain_valuation(
        valuation,
        rules=report.rules,
        item=line.item,
        contract=report.contract,
        item_id=line.item_id,
        status=line.status,
        subject=(f"{nl.format(d=day)}: {line.item_id}", f"{en.format(d=day)}: {line.item_id}"),
    )


def explain_report(
    report: FulfilmentReport,
    what: Literal["obligation", "realised", "pending", "forecast", "remaining", "target"],
    *,
    item_id: str | None = None,
    route: Route | None = None,
    block: str | None = None,
    moment: int | None = None,
) -> Explanation:
    """Explain one amount of a fulfilment report.

    Args:
        report: the report.
        what: which amount: ``"obligation"``; ``"realised"``, ``"pending"`` or ``"forecast"`` (of
            one item with ``item_id``, else the total, optionally of one ``route`` or ``block``);
            ``"remaining"``; or ``"target"`` of the measurement moment with index ``moment``.
        item_id: explain one line instead of a total.
        route: restrict a total to one route.
        block: restrict a total to one building block.
        moment: the index of the measurement moment (for ``"target"``).

    Raises:
        InvalidValueError: for an unknown ``what``, item id or moment index, or when the item does
            not count in ``what`` (e.g. a rejected item's realised value).
    """
    from sroi.fulfilment import FulfilmentReport  # noqa: PLC0415 - fulfilment imports this module

    if not isinstance(report, FulfilmentReport):
        raise InvalidValueError("report", report, "a FulfilmentReport")
    day = report.at.isoformat()
    if what == "obligation":
        return _explain_obligation(
            report.obligation, rules=report.rules, contract=report.contract, on=report.at
        )
    if what in _MEASURE_TEXT:
        if item_id is not None:
            line = report.line(item_id)
            explained = _line_explanation(report, line, what)
            if explained is None:
                raise InvalidValueError(
                    "item_id",
                    item_id,
                    f"an item that counts in {what}",
                    hint=f"its status is {line.status.value}",
                )
            return explained
        steps = []
        total = _ZERO
        for line in report.lines:
            if route is not None and line.route is not route:
                continue
            if block is not None and line.block != block:
                continue
            detail = _line_explanation(report, line, what)
            if detail is None:
                continue
            total += detail.amount
            steps.append(
                _both(
                    f"line:{line.item_id}",
                    "Regel",
                    "Line",
                    detail.amount,
                    f"{line.item_id} ({line.block}): {_money(detail.amount, 'nl')}",
                    f"{line.item_id} ({line.block}): {_money(detail.amount, 'en')}",
                    detail,
                )
            )
        steps.append(
            _money_step("total", "Som van afgeronde regels", "Sum of rounded lines", total)
        )
        nl, en = _MEASURE_TEXT[what]
        scope = f" ({route.value})" if route is not None else ""
        scope += f" ({block})" if block is not None else ""
        return Explanation(
            f"{nl.format(d=day)}, totaal{scope}",
            f"{en.format(d=day)}, total{scope}",
            total,
            "sum",
            tuple(steps),
        )
    if what == "remaining":
        owed = _explain_obligation(
            report.obligation, rules=report.rules, contract=report.contract, on=report.at
        )
        done = explain_report(report, "realised")
        remaining = report.remaining
        steps = [
            _money_step("obligation", "Verplichting", "Obligation", owed.amount, owed),
            _money_step("realised", "Gerealiseerd", "Realised", done.amount, done),
            _both(
                "remaining",
                "Resteert (niet onder nul)",
                "Remaining (never below zero)",
                remaining,
                f"{owed.amount} − {done.amount} = {remaining}",
            ),
        ]
        return Explanation(
            f"Resteert op {day}", f"Remaining on {day}", remaining, "remaining", tuple(steps)
        )
    if what == "target":
        if moment is None or not 0 <= moment < len(report.moments):
            raise InvalidValueError(
                "moment", moment, f"an index from 0 to {len(report.moments) - 1}"
            )
        status = report.moments[moment]
        owed = _explain_obligation(
            status.obligation, rules=report.rules, contract=report.contract, on=status.date
        )
        steps = [
            _both(
                "moment",
                "Meetmoment",
                "Measurement moment",
                status.date,
                f"{status.date.isoformat()} ({_num(status.fraction * _HUNDRED)}% van de looptijd)",
                f"{status.date.isoformat()} ({_num(status.fraction * _HUNDRED)}% of the term)",
            ),
            _money_step(
                "obligation",
                "Verplichting op die dag",
                "Obligation on that day",
                status.obligation.amount,
                owed,
            ),
            _both("fraction", "Fractie", "Fraction", status.fraction, _num(status.fraction)),
            _rounding(
                Fraction(status.obligation.amount) * Fraction(status.fraction), status.target
            ),
        ]
        return Explanation(
            f"Doel meetmoment {status.date.isoformat()}",
            f"Target at {status.date.isoformat()}",
            status.target,
            "target",
            tuple(steps),
        )
    raise InvalidValueError(
        "what", what, "'obligation', 'realised', 'pending', 'forecast', 'remaining' or 'target'"
    )
