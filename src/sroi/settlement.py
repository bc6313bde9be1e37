"""Settling at the end of the term: the shortfall, and what the region's rule makes of it.

At the end of the term (or at any day, as a projection) the *shortfall* is the obligation minus
what is realised, never negative. What follows is the region's settlement rule
(:class:`sroi.ruleset.SettlementRule`, the ``[settlement]`` table of its rule file, with
provenance like every value):

* ``none``: the shortfall is only reported;
* ``withhold``: ``shortfall × share`` (rounded to cents, half up) is withheld from the last
  payment, after a recovery period of N months in which the contractor may still make up the
  shortfall, and not when the rule waives it for a contractor who shows it was not at fault;
* ``carry-over``: the shortfall moves to a separate agreement; no money is settled;
* ``cash``: ``shortfall × share`` is settled in money, after the recovery period.

A plugin computes what a table cannot express through the hook ``sroi_settlement``. When the rule
set states no rule, or its rule is only assumed, the settlement says that no published rule was
found.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs

from sroi.exceptions import InvalidValueError
from sroi.explanation import Explanation, explain_report
from sroi.explanation.chain import both, money_step
from sroi.explanation.report import remaining_steps
from sroi.fulfilment import FulfilmentReport, Standing
from sroi.lifecycle import ContractHistory, ContractState, state
from sroi.money import format_euro, round_cents
from sroi.period import Period
from sroi.registry import default
from sroi.reporting import report
from sroi.ruleset import RuleSet, SettlementKind, SettlementRule, Status

__all__ = ["Settlement", "settle", "settlement"]

_ZERO = Decimal("0.00")
_MONEY_KINDS = (SettlementKind.WITHHOLD, SettlementKind.CASH)
_KIND_TEXT = {
    SettlementKind.NONE: ("geen (alleen het tekort melden)", "none (report the shortfall only)"),
    SettlementKind.WITHHOLD: ("inhouden op de laatste betaling", "withheld from the last payment"),
    SettlementKind.CARRY_OVER: ("aparte afspraak voor de rest", "a separate agreement"),
    SettlementKind.CASH: ("afrekenen in geld", "settled in money"),
}


@attrs.frozen
class Settlement:
    """A contract's shortfall on a day, and what the settlement rule makes of it."""

    contract: str
    """The contract's number."""
    region: str
    """The region whose rule applies."""
    at: dt.date
    """The day settled (the term's last day, or an earlier day as a projection)."""
    projection: bool
    """Whether ``at`` is before the term's last day (a projection, not the final settlement)."""
    obligation: Decimal
    """The obligation in force on ``at``."""
    realised: Decimal
    """What is realised through ``at``."""
    shortfall: Decimal
    """``obligation − realised``, never below zero."""
    forecast_shortfall: Decimal
    """``obligation − forecast through the term's last day``, never below zero: the shortfall
    that remains if every approved and pending item runs as agreed."""
    kind: SettlementKind
    """What follows the shortfall (``none`` when the rule set states no rule)."""
    rule: SettlementRule | None
    """The rule set's settlement rule, with its provenance; None when it states none."""
    amount: Decimal
    """The money settled (withheld or paid); zero for ``none`` and ``carry-over``, when there is
    no shortfall, or when the rule waives it."""
    carried_over: Decimal
    """The shortfall moved to a separate agreement (``carry-over``); else zero."""
    recovery: Period | None
    """The recovery period after the term in which the shortfall may still be made up."""
    waived: bool
    """Whether the rule waives settlement because the contractor showed it was not at fault."""
    published: bool
    """Whether the rule rests on a published source (its status is not ``assumed``)."""
    text_nl: str
    """What follows, in Dutch."""
    text_en: str
    """What follows, in English."""
    report: FulfilmentReport = attrs.field(eq=False, repr=False)
    """The report on ``at`` the settlement is computed from."""

    def text(self, lang: str = "en") -> str:
        """What follows as text in ``"nl"`` or ``"en"``."""
        return self.text_nl if lang == "nl" else self.text_en

    def explain(self) -> Explanation:
        """How the shortfall is computed, and the rule that settles it (with its source)."""
        owed = explain_report(self.report, "obligation")
        done = explain_report(self.report, "realised")
        steps = remaining_steps(
            owed,
            done,
            self.shortfall,
            ("Tekort (niet onder nul)", "Shortfall (never below zero)"),
            amounts=(self.obligation, self.realised),
        )
        kind_nl, kind_en = _KIND_TEXT[self.kind]
        if self.rule is None:
            source_nl = source_en = "-"
        else:
            provenance = self.rule.provenance
            source_nl = f"bron: {provenance.source}, status: {provenance.status.value}"
            source_en = f"source: {provenance.source}, status: {provenance.status.value}"
        steps.append(
            both(
                "settlement_rule",
                "Afrekenregel",
                "Settlement rule",
                self.kind.value,
                f"{kind_nl} ({source_nl})",
                f"{kind_en} ({source_en})",
            )
        )
        steps.append(
            money_step("settled", "Af te rekenen", "Settled in money", self.amount),
        )
        day = self.at.isoformat()
        return Explanation(
            f"Tekort op {day}", f"Shortfall on {day}", self.shortfall, "remaining", tuple(steps)
        )


def _texts(
    *,
    region: str,
    rule: SettlementRule | None,
    shortfall: Decimal,
    amount: Decimal,
    recovery: Period | None,
    waived: bool,
) -> tuple[str, str]:
    short_nl, short_en = format_euro(shortfall, "nl"), format_euro(shortfall, "en")
    parts_nl: list[str] = []
    parts_en: list[str] = []
    if rule is None or rule.provenance.status is Status.ASSUMED:
        parts_nl.append(
            f"Voor {region} is geen gepubliceerde afrekenregel gevonden; "
            "alleen het tekort wordt gemeld."
        )
        parts_en.append(
            f"No published settlement rule was found for {region}; the shortfall is reported only."
        )
    if shortfall == 0:
        parts_nl.append("Er is geen tekort.")
        parts_en.append("There is no shortfall.")
        return " ".join(parts_nl), " ".join(parts_en)
    parts_nl.append(f"Tekort: {short_nl}.")
    parts_en.append(f"Shortfall: {short_en}.")
    kind = rule.kind if rule is not None else SettlementKind.NONE
    after_nl = after_en = ""
    if recovery is not None:
        after_nl = f" na de herstelperiode t/m {recovery.last.isoformat()}"
        after_en = f" after the recovery period ending {recovery.last.isoformat()}"
    if waived:
        parts_nl.append(
            "Niet afgerekend: de opdrachtnemer toonde aan dat het niet zijn schuld was."
        )
        parts_en.append("Not settled: the contractor showed the shortfall was not its fault.")
    elif kind is SettlementKind.WITHHOLD:
        parts_nl.append(
            f"In te houden op de laatste betaling{after_nl}: {format_euro(amount, 'nl')}."
        )
        parts_en.append(f"Withheld from the last payment{after_en}: {format_euro(amount, 'en')}.")
    elif kind is SettlementKind.CASH:
        parts_nl.append(f"Af te rekenen in geld{after_nl}: {format_euro(amount, 'nl')}.")
        parts_en.append(f"Settled in money{after_en}: {format_euro(amount, 'en')}.")
    elif kind is SettlementKind.CARRY_OVER:
        parts_nl.append(f"Het tekort gaat over naar een aparte afspraak: {short_nl}.")
        parts_en.append(f"The shortfall moves to a separate agreement: {short_en}.")
    return " ".join(parts_nl), " ".join(parts_en)


def settle(
    fulfilment: FulfilmentReport, *, not_at_fault: bool = False, hooks: bool = True
) -> Settlement:
    """The settlement of a contract from its fulfilment report on the settlement day.

    Args:
        fulfilment: the report at the day to settle (the term's last day for the final
            settlement; an earlier day gives a projection).
        not_at_fault: whether the contractor has shown the shortfall was not its fault (only a
            rule with ``waived_when_not_at_fault`` takes it into account).
        hooks: whether the region's plugin may adjust the result (hook ``sroi_settlement``).

    Raises:
        InvalidValueError: when a plugin's hook returns something other than a Settlement.
    """
    if not isinstance(fulfilment, FulfilmentReport):
        raise InvalidValueError("fulfilment", fulfilment, "a FulfilmentReport")
    rules: RuleSet = fulfilment.rules
    term = fulfilment.contract.term
    owed = fulfilment.obligation.amount
    realised = fulfilment.totals.realised
    shortfall = max(_ZERO, owed - realised)
    forecast = sum(
        (
            line.value_through(term.last)
            for line in fulfilment.lines
            if line.standing is not Standing.NOT_COUNTED
        ),
        _ZERO,
    )
    rule = rules.settlement
    kind = rule.kind if rule is not None else SettlementKind.NONE
    waived = bool(
        not_at_fault and rule is not None and rule.waived_when_not_at_fault and shortfall > 0
    )
    amount = _ZERO
    if rule is not None and kind in _MONEY_KINDS and not waived:
        amount = round_cents(Fraction(shortfall) * Fraction(rule.share))
    recovery = None
    if rule is not None and rule.recovery_months and kind in _MONEY_KINDS:
        recovery = Period.from_months(term.last + dt.timedelta(days=1), rule.recovery_months)
    text_nl, text_en = _texts(
        region=rules.region,
        rule=rule,
        shortfall=shortfall,
        amount=amount,
        recovery=recovery,
        waived=waived,
    )
    result = Settlement(
        contract=fulfilment.contract.number,
        region=rules.region,
        at=fulfilment.at,
        projection=fulfilment.at < term.last,
        obligation=owed,
        realised=realised,
        shortfall=shortfall,
        forecast_shortfall=max(_ZERO, owed - forecast),
        kind=kind,
        rule=rule,
        amount=amount,
        carried_over=shortfall if kind is SettlementKind.CARRY_OVER else _ZERO,
        recovery=recovery,
        waived=waived,
        published=rule is not None and rule.provenance.status is not Status.ASSUMED,
        text_nl=text_nl,
        text_en=text_en,
        report=fulfilment,
    )
    if not hooks:
        return result
    adjusted = default().settlement(fulfilment, rules, result)
    if not isinstance(adjusted, Settlement):
        raise InvalidValueError(
            f"sroi_settlement of region {rules.region!r}", adjusted, "a Settlement"
        )
    return adjusted


def settlement(
    source: ContractHistory | ContractState,
    *,
    at: dt.date | None = None,
    as_of: dt.date | None = None,
    rules: RuleSet | None = None,
    not_at_fault: bool = False,
    warn: bool = True,
) -> Settlement:
    """The settlement of a contract at the end of its term (or at ``at``, as a projection).

    Args:
        source: the contract's history (read as known on ``as_of``) or a state derived from it.
        at: the day to settle; default the term's last day.
        as_of: the knowledge date; default today (or the state's own as-of date).
        rules: the rule set; default the region's rules for the contract.
        not_at_fault: whether the contractor has shown the shortfall was not its fault.
        warn: whether to warn about rule values that are not verified.
    """
    if at is None:
        if isinstance(source, ContractHistory):
            known = state(source, as_of=as_of if as_of is not None else dt.date.today())
        elif isinstance(source, ContractState):
            known = source
        else:
            raise InvalidValueError("source", source, "a ContractHistory or a ContractState")
        at = known.contract.term.last
    fulfilment = report(source, rules, at=at, as_of=as_of, warn=warn)
    return settle(fulfilment, not_at_fault=not_at_fault)
