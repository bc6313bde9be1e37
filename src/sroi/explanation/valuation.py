"""Valuation steps: the chain of a line item's value and of a contract's obligation.

:func:`explain` is the public entry; :func:`explain_valuation` and :func:`explain_obligation`
build the chains (the report steps in :mod:`sroi.explanation.report` reuse them with their own
subjects).
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sroi.engine import ObligationValuation, Valuation
from sroi.exceptions import InvalidValueError
from sroi.explanation._text import num, period_text, provenance_text, shares_text
from sroi.explanation.chain import (
    AdjustmentData,
    BonusData,
    DayShare,
    Explanation,
    Formula,
    Step,
    both,
    money_step,
    rounding,
)
from sroi.labels import label
from sroi.model import Contract, Item, Placement, SrProject
from sroi.money import format_euro
from sroi.ruleset import AdjustmentKind, BonusKind, Route, RuleSet, Unit

__all__ = ["explain", "explain_obligation", "explain_valuation"]

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


def _context(
    contract: Contract | None, item_id: str | None, status: enum.Enum | None, route: Route
) -> list[Step]:
    steps = []
    if contract is not None:
        text = f"{contract.number} ({contract.title})"
        steps.append(both("contract", "Contract", "Contract", contract.number, text))
    route_nl, route_en = label(route, "nl"), label(route, "en")
    shown = item_id or "-"
    status_text = f", status: {status.value}" if status is not None else ""
    steps.append(
        both(
            "item",
            "Inzet",
            "Item",
            item_id,
            f"{shown} ({route_nl}{status_text})",
            f"{shown} ({route_en}{status_text})",
        )
    )
    return steps


def _block_step(valuation: Valuation, rules: RuleSet | None) -> Step:
    block = rules.blocks.get(valuation.block) if rules is not None else None
    nl = f"{valuation.block} ({block.label_nl})" if block else valuation.block
    en = f"{valuation.block} ({block.label_en})" if block else valuation.block
    return both("block", "Bouwblok", "Building block", valuation.block, nl, en)


def _value_steps(valuation: Valuation) -> list[Step]:
    unit_nl, unit_en = label(valuation.unit, "nl"), label(valuation.unit, "en")
    if valuation.unit is Unit.SHARE_OF_INVOICE:
        shown = f"{num(valuation.rule_value * _HUNDRED)}%"
        nl = en = shown
    else:
        nl, en = format_euro(valuation.rule_value, "nl"), format_euro(valuation.rule_value, "en")
    return [
        both(
            "rule_value",
            "Waarde",
            "Rule value",
            valuation.rule_value,
            f"{nl} {unit_nl} ({provenance_text(valuation.provenance, valuation.version, 'nl')})",
            f"{en} {unit_en} ({provenance_text(valuation.provenance, valuation.version, 'en')})",
        ),
        both("unit", "Eenheid", "Unit", valuation.unit, unit_nl, unit_en),
    ]


def _window_step(valuation: Valuation) -> Step:
    return both(
        "window",
        "Gevraagde periode",
        "Window asked for",
        valuation.window,
        period_text(valuation.window, "nl") if valuation.window else "hele periode",
        period_text(valuation.window, "en") if valuation.window else "whole period",
    )


def _days_step(valuation: Valuation) -> Step:
    return both(
        "days",
        "Dagen geteld",
        "Days counted",
        valuation.days_counted,
        f"{period_text(valuation.counted, 'nl')} ({valuation.days_counted} "
        f"{'dag' if valuation.days_counted == 1 else 'dagen'})",
        f"{period_text(valuation.counted, 'en')} ({valuation.days_counted} "
        f"{'day' if valuation.days_counted == 1 else 'days'})",
    )


def _placement_steps(valuation: Valuation, rules: RuleSet | None, item: Item | None) -> list[Step]:
    steps = [_block_step(valuation, rules), *_value_steps(valuation)]
    sized = valuation.unit.is_sized
    if sized:
        hours, full = valuation.hours_per_week, valuation.full_time_hours
        formula = f"{num(hours)} / {num(full)}" if hours is not None and full else ""
        note = f" ({valuation.note})" if valuation.note else ""
        known = valuation.full_time_provenance
        status = f"; voltijd status: {known.status.value}" if known else ""
        status_en = f"; full time status: {known.status.value}" if known else ""
        factor = num(valuation.size_factor)
        steps.append(
            both(
                "size",
                "Omvang",
                "Size factor",
                valuation.size_factor,
                f"{formula} uur per week = {factor} (max. 1{status}){note}",
                f"{formula} hours per week = {factor} (at most 1{status_en}){note}",
            )
        )
    if valuation.below_minimum:
        below = num(valuation.hours_per_week or _ZERO)
        steps.append(
            both(
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
        shares = shares_text(valuation.months)
        total = num(valuation.months_counted)
        steps.append(
            both(
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
            both(
                "cap",
                "Maximale duur",
                "Cap window",
                valuation.cap_window,
                f"{period_text(valuation.cap_window, 'nl')} ({months}maanden, status: {status})",
                f"{period_text(valuation.cap_window, 'en')} ({months}months, status: {status})",
            )
        )
    else:
        steps.append(both("cap", "Maximale duur", "Cap window", None, "geen", "none"))
    if valuation.unit is Unit.PER_PERIOD and isinstance(item, Placement):
        agreed = item.period
        if valuation.cap_window is not None:
            agreed = agreed.intersection(valuation.cap_window) or agreed
        steps.append(
            both(
                "share",
                "Deel van de afgesproken periode",
                "Share of the agreed period",
                DayShare(valuation.days_counted, agreed.days),
                f"{valuation.days_counted} / {agreed.days} dagen",
                f"{valuation.days_counted} / {agreed.days} days",
            )
        )
    base_value = num(valuation.rule_value)
    if valuation.unit is Unit.PER_YEAR_FULL_TIME:
        formula_text = (
            f"{base_value} × {num(valuation.months_counted)} × {num(valuation.size_factor)}"
            f" / 12 = {num(valuation.base)}"
        )
    elif valuation.unit is Unit.PER_MONTH:
        formula_text = (
            f"{base_value} × {num(valuation.months_counted)} × {num(valuation.size_factor)}"
            f" = {num(valuation.base)}"
        )
    else:
        formula_text = num(valuation.base)
    steps.append(both("base", "Bouwblokwaarde", "Block value", valuation.base, formula_text))
    for part in valuation.bonuses:
        bonus = rules.bonuses.get(part.code) if rules is not None else None
        name_nl = f"{part.code} ({bonus.label_nl})" if bonus else part.code
        name_en = f"{part.code} ({bonus.label_en})" if bonus else part.code
        source_nl = provenance_text(part.provenance, None, "nl")
        source_en = provenance_text(part.provenance, None, "en")
        if part.kind is BonusKind.ONE_OFF:
            when_nl = f"op {period_text(part.counted, 'nl')}" if part.counted else "niet in periode"
            when_en = f"on {period_text(part.counted, 'en')}" if part.counted else "not in window"
            added = num(part.amount)
            nl = f"{name_nl}: {format_euro(part.rule_value, 'nl')} eenmalig, {when_nl} = {added}"
            en = f"{name_en}: {format_euro(part.rule_value, 'en')} one-off, {when_en} = {added}"
            data = BonusData(part.kind, part.rule_value, part.counted)
        else:
            calc = (
                f"{num(part.rule_value)} × {num(part.months)} × "
                f"{num(valuation.size_factor)} / 12 = {num(part.amount)}"
            )
            nl = f"{name_nl}: {format_euro(part.rule_value, 'nl')} per jaar; {calc}"
            en = f"{name_en}: {format_euro(part.rule_value, 'en')} per year; {calc}"
            data = BonusData(part.kind, part.rule_value, part.months)
        steps.append(
            both(
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
        money_step("invoice", "Factuurbedrag excl. btw", "Invoice excl. VAT", invoice),
        _window_step(valuation),
        _days_step(valuation),
        both(
            "base",
            "Waarde",
            "Value",
            valuation.base,
            f"{num(invoice)} × {num(valuation.rule_value)} = {num(valuation.base)}",
        ),
    ]


def _project_steps(valuation: Valuation, rules: RuleSet | None, item: Item | None) -> list[Step]:
    steps = [_block_step(valuation, rules), *_value_steps(valuation)]
    if valuation.quantity is not None:
        steps.append(
            both(
                "hours",
                "Uren",
                "Hours",
                valuation.quantity,
                f"{num(valuation.quantity)} uur",
                f"{num(valuation.quantity)} hours",
            )
        )
    elif isinstance(item, SrProject) and item.agreed_amount is not None:
        steps.append(
            money_step("agreed", "Afgesproken bedrag", "Agreed amount", item.agreed_amount)
        )
    steps += [_window_step(valuation), _days_step(valuation)]
    if isinstance(item, SrProject):
        of = item.period.days
        steps.append(
            both(
                "spread",
                "Spreiding over de dagen",
                "Spread over the days",
                DayShare(valuation.days_counted, of),
                f"{valuation.days_counted} / {of} dagen",
                f"{valuation.days_counted} / {of} days",
            )
        )
    elif valuation.quantity is not None:
        steps.append(
            both(
                "spread",
                "Spreiding over de dagen",
                "Spread over the days",
                DayShare(valuation.days_counted, valuation.days_counted),
                "hele activiteit",
                "whole activity",
            )
        )
    steps.append(both("base", "Waarde", "Value", valuation.base, num(valuation.base)))
    return steps


def explain_valuation(
    valuation: Valuation,
    *,
    rules: RuleSet | None,
    item: Item | None,
    contract: Contract | None,
    item_id: str | None,
    status: enum.Enum | None,
    subject: tuple[str, str] | None,
) -> Explanation:
    """The chain of a line item's value, under ``subject`` (Dutch, English) when given."""
    steps = _context(contract, item_id, status, valuation.route)
    if valuation.route is Route.CANDIDATE:
        steps += _placement_steps(valuation, rules, item)
        formula = Formula.PLACEMENT
    elif valuation.route is Route.PURCHASE:
        steps += _purchase_steps(valuation, rules)
        formula = Formula.PURCHASE
    else:
        steps += _project_steps(valuation, rules, item)
        formula = Formula.PROJECT
    steps.append(
        both(
            "exact",
            "Totaal onafgerond",
            "Exact total",
            valuation.exact,
            num(valuation.exact),
        )
    )
    steps.append(rounding(valuation.exact, valuation.amount))
    nl, en = subject or (
        f"Waarde {item_id or valuation.block}",
        f"Value {item_id or valuation.block}",
    )
    return Explanation(nl, en, valuation.amount, formula, tuple(steps))


def explain_obligation(
    valuation: ObligationValuation,
    *,
    rules: RuleSet | None,
    contract: Contract | None,
    on: dt.date | None,
) -> Explanation:
    """The chain of an obligation: contract value × percentage, each adjustment, rounding."""
    steps: list[Step] = []
    if contract is not None:
        text = f"{contract.number} ({contract.title})"
        steps.append(both("contract", "Contract", "Contract", contract.number, text))
    if on is not None:
        steps.append(both("on", "Peildatum", "Reference date", on, on.isoformat()))
    steps.append(
        money_step(
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
        origin_nl = provenance_text(valuation.percentage_provenance, version, "nl")
        origin_en = provenance_text(valuation.percentage_provenance, version, "en")
    steps.append(
        both(
            "percentage",
            "SR-percentage",
            "SR percentage",
            valuation.percentage,
            f"{num(valuation.percentage)}% ({origin_nl})",
            f"{num(valuation.percentage)}% ({origin_en})",
        )
    )
    steps.append(
        both(
            "before_adjustments",
            "Verplichting vóór aanpassingen",
            "Obligation before adjustments",
            valuation.before_adjustments,
            f"{num(valuation.contract_value)} × {num(valuation.percentage)} / 100 = "
            f"{num(valuation.before_adjustments)}",
        )
    )
    for part in valuation.adjustments:
        adjustment = rules.adjustments.get(part.code) if rules is not None else None
        name_nl = f"{part.code} ({adjustment.label_nl})" if adjustment else part.code
        name_en = f"{part.code} ({adjustment.label_en})" if adjustment else part.code
        if part.kind is AdjustmentKind.EXEMPTION:
            effect_nl, effect_en = "vrijstelling", "exemption"
        else:
            effect_nl = effect_en = f"−{num(part.value * _HUNDRED)}%"
        steps.append(
            both(
                f"adjustment:{part.code}",
                "Aanpassing",
                "Adjustment",
                AdjustmentData(part.kind, part.value),
                f"{name_nl}: {effect_nl} → {num(part.after)} "
                f"({provenance_text(part.provenance, None, 'nl')})",
                f"{name_en}: {effect_en} → {num(part.after)} "
                f"({provenance_text(part.provenance, None, 'en')})",
            )
        )
    exact = (
        valuation.adjustments[-1].after if valuation.adjustments else valuation.before_adjustments
    )
    steps.append(rounding(exact, valuation.amount))
    suffix_nl = f" op {on.isoformat()}" if on is not None else ""
    suffix_en = f" on {on.isoformat()}" if on is not None else ""
    return Explanation(
        f"Verplichting{suffix_nl}",
        f"Obligation{suffix_en}",
        valuation.amount,
        Formula.OBLIGATION,
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
        return explain_valuation(
            valuation,
            rules=rules,
            item=item,
            contract=contract,
            item_id=item_id,
            status=status,
            subject=None,
        )
    if isinstance(valuation, ObligationValuation):
        return explain_obligation(valuation, rules=rules, contract=contract, on=on)
    raise InvalidValueError("valuation", valuation, "a Valuation or an ObligationValuation")
