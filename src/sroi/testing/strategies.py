"""Hypothesis strategies for the sroi domain model, for sroi's own tests and for region plugins.

Every strategy builds valid values through the public constructors, so whatever they produce has
passed sroi's own validation. Money is always ``Decimal`` (whole cents unless said otherwise) and
dates stay between :data:`MIN_DATE` and :data:`MAX_DATE`, far from the edges of the calendar.

The rule sets of :func:`rule_sets` use fixed codes, so a test can ask for a block by what it is
(:data:`ANNUAL`, :data:`ANNUAL_CAPPED`, :data:`MONTHLY` ...) while its values, cap and parameters
vary. By default every value is verified, so valuing with them never warns.

A plugin author combines them with the region's own rule set::

    from hypothesis import given
    from sroi.testing import strategies as sst

    @given(sst.placements(my_rules))
    def test_never_negative(placement):
        assert sroi.value_placement(placement, my_rules).amount >= 0

Hypothesis is a test dependency of sroi; this module imports it at the top.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from hypothesis import strategies as st

from sroi.model import (
    BonusGrant,
    Contract,
    Placement,
    PlacementKind,
    SocialPurchase,
    SrProject,
)
from sroi.period import Period
from sroi.ruleset import (
    BonusKind,
    Route,
    RuleSet,
)
from sroi.testing.rule_strategies import (
    adjustments,
    bonuses,
    candidate_blocks,
    project_blocks,
    purchase_blocks,
    rule_sets,
)
from sroi.testing.value_strategies import (
    _BOOLEANS,
    _CONTRACT_NUMBERS,
    _PROJECT_TEXTS,
    _REFERENCES,
    AGE_BONUS,
    ANNUAL,
    ANNUAL_BONUS,
    ANNUAL_CAPPED,
    CANDIDATE_CODES,
    DISCOUNT,
    EXEMPTION,
    MAX_DATE,
    MIN_DATE,
    MONTHLY,
    ONE_OFF,
    ONE_OFF_BONUS,
    PER_PERIOD,
    PROJECT,
    PURCHASE_CODES,
    VERIFIED,
    _sampled,
    amounts,
    candidates,
    codes,
    dates,
    fractions,
    hours_per_week,
    initials,
    organisations,
    partitions,
    percentages,
    periods,
    provenances,
    shares,
)

__all__ = [
    "AGE_BONUS",
    "ANNUAL",
    "ANNUAL_BONUS",
    "ANNUAL_CAPPED",
    "CANDIDATE_CODES",
    "DISCOUNT",
    "EXEMPTION",
    "MAX_DATE",
    "MIN_DATE",
    "MONTHLY",
    "ONE_OFF",
    "ONE_OFF_BONUS",
    "PER_PERIOD",
    "PROJECT",
    "PURCHASE_CODES",
    "VERIFIED",
    "adjustments",
    "amounts",
    "bonuses",
    "candidate_blocks",
    "candidates",
    "codes",
    "contracts",
    "dates",
    "fractions",
    "hours_per_week",
    "initials",
    "organisations",
    "partitions",
    "percentages",
    "periods",
    "placements",
    "project_blocks",
    "projects",
    "provenances",
    "purchase_blocks",
    "purchases",
    "rule_sets",
    "shares",
]


def _codes_of(rules: RuleSet, route: Route) -> tuple[str, ...]:
    return tuple(sorted(code for code, block in rules.blocks.items() if block.route is route))


@st.composite
def placements(
    draw: st.DrawFn,
    rules: RuleSet,
    *,
    blocks: Sequence[str] | None = None,
    within: Period | None = None,
    max_days: int = 3 * 366,
    hours: st.SearchStrategy[Decimal] | None = None,
    exits: bool = True,
    grants: bool = True,
) -> Placement:
    """Placements on a candidate block of ``rules`` (one of ``blocks`` when given).

    Args:
        draw: supplied by Hypothesis.
        rules: the rule set whose candidate blocks and bonuses the placement uses.
        blocks: the block codes to choose from (default: every candidate block).
        within: the period the placement lies in (default: :data:`MIN_DATE` to :data:`MAX_DATE`).
        max_days: the longest agreed period.
        hours: a strategy for the hours per week (default: :func:`hours_per_week`).
        exits: whether an early exit may be drawn.
        grants: whether annual and one-off bonuses the block allows may be granted.
    """
    choices = list(blocks) if blocks is not None else _codes_of(rules, Route.CANDIDATE)
    code = draw(_sampled(tuple(choices)))
    bounds = within if within is not None else Period(MIN_DATE, MAX_DATE)
    period = draw(periods(bounds.first, bounds.last, max_days=max_days))
    exit_date = None
    if exits and draw(_BOOLEANS):
        exit_date = draw(dates(period.first, period.last))
    active = Period(period.first, exit_date or period.last)
    granted: list[BonusGrant] = []
    if grants:
        grantable = [
            bonus
            for bonus in rules.block(code).bonuses
            if rules.bonus(bonus).kind is not BonusKind.AGE
        ]
        chosen = draw(st.lists(_sampled(tuple(grantable)), max_size=2)) if grantable else []
        for bonus in chosen:
            granted.append(BonusGrant(bonus, draw(dates(active.first, active.last))))
    return Placement(
        draw(candidates(period.first)),
        draw(_sampled(tuple(PlacementKind))),
        code,
        period,
        draw(hours if hours is not None else hours_per_week()),
        exit_date=exit_date,
        bonuses=tuple(granted),
    )


@st.composite
def purchases(
    draw: st.DrawFn,
    rules: RuleSet,
    *,
    within: Period | None = None,
    max_amount: Decimal = Decimal(250_000),
) -> SocialPurchase:
    """Social purchases in a purchase category of ``rules``, invoiced within ``within``."""
    bounds = within if within is not None else Period(MIN_DATE, MAX_DATE)
    return SocialPurchase(
        draw(organisations()),
        draw(_sampled(_codes_of(rules, Route.PURCHASE))),
        draw(dates(bounds.first, bounds.last)),
        draw(amounts(Decimal(0), max_amount)),
        reference=draw(_REFERENCES),
    )


@st.composite
def projects(
    draw: st.DrawFn, rules: RuleSet, *, within: Period | None = None, max_days: int = 120
) -> SrProject:
    """SR projects on a project block of ``rules``: one day or a period, hours or an amount."""
    bounds = within if within is not None else Period(MIN_DATE, MAX_DATE)
    period = draw(periods(bounds.first, bounds.last, max_days=max_days))
    by_hours = draw(_BOOLEANS)
    return SrProject(
        draw(_sampled(_PROJECT_TEXTS)),
        period,
        draw(_sampled(_codes_of(rules, Route.PROJECT))),
        hours=draw(hours_per_week(max_value=Decimal(400))) if by_hours else None,
        agreed_amount=None if by_hours else draw(amounts(Decimal(0), Decimal(50_000))),
    )


@st.composite
def contracts(
    draw: st.DrawFn,
    rules: RuleSet | None = None,
    *,
    within: Period | None = None,
    values: st.SearchStrategy[Decimal | None] | None = None,
) -> Contract:
    """Contracts with a term of 30 days to 6 years, a value and sometimes an award date.

    With ``rules``, the contract may list some of its adjustments and leave the SR percentage to
    the region's default.
    """
    bounds = within if within is not None else Period(MIN_DATE, MAX_DATE)
    term = draw(periods(bounds.first, bounds.last, min_days=30, max_days=6 * 366))
    award = draw(st.none() | dates(term.first - dt.timedelta(days=365), term.first))
    chosen: tuple[str, ...] = ()
    percentage: Decimal | None = draw(percentages())
    if rules is not None and rules.adjustments:
        chosen = tuple(draw(st.lists(_sampled(tuple(sorted(rules.adjustments))), max_size=2)))
    if rules is not None and rules.sr_percentage is not None and draw(_BOOLEANS):
        percentage = None
    return Contract(
        draw(_CONTRACT_NUMBERS),
        draw(_sampled(("Onderhoud groen", "Schoonmaak", "ICT-diensten"))),
        term,
        draw(organisations()),
        value_excl_vat=draw(
            values if values is not None else amounts(Decimal(0), Decimal(50_000_000))
        ),
        sr_percentage=percentage,
        award_date=award,
        region=rules.region if rules is not None else None,
        adjustments=chosen,
    )
