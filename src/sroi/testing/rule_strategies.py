"""Hypothesis strategies for rule sets: blocks, bonuses, adjustments and whole versions.

Part of :mod:`sroi.testing.strategies`, which re-exports every public name; import them from
there. The rule sets use the fixed codes of :mod:`sroi.testing.value_strategies`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from decimal import Decimal

from hypothesis import strategies as st

from sroi.ruleset import (
    AdjustmentKind,
    Bonus,
    BonusKind,
    BuildingBlock,
    ObligationAdjustment,
    Parameter,
    Route,
    RuleSet,
    Status,
    Unit,
)
from sroi.testing.value_strategies import (
    _BOOLEANS,
    _CANDIDATE_UNITS,
    _OPTIONAL_CAP,
    _VALUE_CEILING,
    AGE_BONUS,
    ANNUAL,
    ANNUAL_BONUS,
    ANNUAL_CAPPED,
    DISCOUNT,
    EXEMPTION,
    MIN_DATE,
    MONTHLY,
    ONE_OFF,
    ONE_OFF_BONUS,
    PER_PERIOD,
    PROJECT,
    PURCHASE_CODES,
    _integers,
    _sampled,
    amounts,
    codes,
    dates,
    hours_per_week,
    percentages,
    provenances,
    shares,
)

__all__ = [
    "adjustments",
    "bonuses",
    "candidate_blocks",
    "project_blocks",
    "purchase_blocks",
    "rule_sets",
]


@st.composite
def candidate_blocks(
    draw: st.DrawFn,
    code: str | None = None,
    *,
    units: Sequence[Unit] = _CANDIDATE_UNITS,
    max_months: st.SearchStrategy[int | None] | None = None,
    statuses: Collection[Status] = (Status.VERIFIED,),
    bonus_codes: tuple[str, ...] = (),
) -> BuildingBlock:
    """Candidate building blocks of one of ``units`` with a plausible value for the unit.

    ``max_months`` draws the cap (default: none or 1 to 36 months).
    """
    unit = draw(_sampled(tuple(units)))
    cap = draw(max_months if max_months is not None else _OPTIONAL_CAP)
    return BuildingBlock(
        code if code is not None else draw(codes()),
        "Bouwblok",
        "Building block",
        Route.CANDIDATE,
        unit,
        draw(amounts(Decimal(0), _VALUE_CEILING[unit])),
        draw(provenances(statuses)),
        max_months=cap,
        bonuses=bonus_codes,
    )


def _block(
    draw: st.DrawFn,
    code: str | None,
    kind: tuple[str, str, Route, Unit],
    values: st.SearchStrategy[Decimal],
    statuses: Collection[Status],
) -> BuildingBlock:
    """A block of one fixed label, route and unit, with a drawn code, value and provenance."""
    label_nl, label_en, route, unit = kind
    chosen = code if code is not None else draw(codes())
    return BuildingBlock(
        chosen, label_nl, label_en, route, unit, draw(values), draw(provenances(statuses))
    )


@st.composite
def purchase_blocks(
    draw: st.DrawFn, code: str | None = None, *, statuses: Collection[Status] = (Status.VERIFIED,)
) -> BuildingBlock:
    """Purchase blocks whose value is the share of the invoice that counts."""
    kind = ("Sociaal inkopen", "Social purchase", Route.PURCHASE, Unit.SHARE_OF_INVOICE)
    return _block(draw, code, kind, shares(), statuses)


@st.composite
def project_blocks(
    draw: st.DrawFn, code: str | None = None, *, statuses: Collection[Status] = (Status.VERIFIED,)
) -> BuildingBlock:
    """Project blocks whose value is an hourly rate (0 to 250 euros)."""
    kind = ("MVO-activiteit", "SR project", Route.PROJECT, Unit.PER_HOUR)
    return _block(draw, code, kind, amounts(Decimal(0), Decimal(250)), statuses)


@st.composite
def bonuses(
    draw: st.DrawFn,
    code: str | None = None,
    *,
    kinds: Sequence[BonusKind] = tuple(BonusKind),
    statuses: Collection[Status] = (Status.VERIFIED,),
) -> Bonus:
    """Bonuses of one of ``kinds``; an age bonus gets a minimum age of 40 to 65."""
    kind = draw(_sampled(tuple(kinds)))
    return Bonus(
        code if code is not None else draw(codes()),
        "Bonus",
        "Bonus",
        kind,
        draw(amounts(Decimal(0), Decimal(15_000))),
        draw(provenances(statuses)),
        min_age=draw(_integers(40, 65)) if kind is BonusKind.AGE else None,
    )


@st.composite
def adjustments(
    draw: st.DrawFn,
    code: str | None = None,
    *,
    kinds: Sequence[AdjustmentKind] = tuple(AdjustmentKind),
    statuses: Collection[Status] = (Status.VERIFIED,),
) -> ObligationAdjustment:
    """Obligation adjustments: a discount of 0-100% or an exemption (value 1)."""
    kind = draw(_sampled(tuple(kinds)))
    value = draw(shares()) if kind is AdjustmentKind.DISCOUNT else Decimal(1)
    return ObligationAdjustment(
        code if code is not None else draw(codes()),
        "Aanpassing",
        "Adjustment",
        kind,
        value,
        draw(provenances(statuses)),
    )


@st.composite
def rule_sets(
    draw: st.DrawFn,
    *,
    statuses: Collection[Status] = (Status.VERIFIED,),
    minimum_hours: bool | None = False,
) -> RuleSet:
    """Complete rule sets with fixed codes and drawn values.

    Candidate blocks: :data:`ANNUAL` (no cap), :data:`ANNUAL_CAPPED` (1 to 36 months),
    :data:`MONTHLY`, :data:`PER_PERIOD` and :data:`ONE_OFF`. The annual and monthly blocks allow
    all three bonuses (:data:`AGE_BONUS`, :data:`ANNUAL_BONUS`, :data:`ONE_OFF_BONUS`), the others
    only the one-off bonus. Two purchase blocks (:data:`PURCHASE_CODES`), one project block
    (:data:`PROJECT`), a :data:`DISCOUNT` and an :data:`EXEMPTION`, a default SR percentage and
    full-time hours of 32 to 40.

    Args:
        draw: supplied by Hypothesis.
        statuses: the statuses rule values may have (only verified by default: no warnings).
        minimum_hours: ``True`` always sets minimum hours (4 to 16), ``False`` never, ``None``
            sometimes.
    """
    sized_bonuses = (AGE_BONUS, ANNUAL_BONUS, ONE_OFF_BONUS)
    blocks = [
        draw(
            candidate_blocks(
                ANNUAL,
                units=[Unit.PER_YEAR_FULL_TIME],
                max_months=st.none(),
                statuses=statuses,
                bonus_codes=sized_bonuses,
            )
        ),
        draw(
            candidate_blocks(
                ANNUAL_CAPPED,
                units=[Unit.PER_YEAR_FULL_TIME],
                max_months=_integers(1, 36),
                statuses=statuses,
                bonus_codes=sized_bonuses,
            )
        ),
        draw(
            candidate_blocks(
                MONTHLY, units=[Unit.PER_MONTH], statuses=statuses, bonus_codes=sized_bonuses
            )
        ),
        draw(
            candidate_blocks(
                PER_PERIOD, units=[Unit.PER_PERIOD], statuses=statuses, bonus_codes=(ONE_OFF_BONUS,)
            )
        ),
        draw(
            candidate_blocks(
                ONE_OFF,
                units=[Unit.ONE_OFF],
                max_months=st.none(),
                statuses=statuses,
                bonus_codes=(ONE_OFF_BONUS,),
            )
        ),
        BuildingBlock(
            PURCHASE_CODES[0],
            "SW-bedrijf",
            "Sheltered company",
            Route.PURCHASE,
            Unit.SHARE_OF_INVOICE,
            Decimal(1),
            draw(provenances(statuses)),
        ),
        draw(purchase_blocks(PURCHASE_CODES[1], statuses=statuses)),
        draw(project_blocks(PROJECT, statuses=statuses)),
    ]
    bonus_list = [
        draw(bonuses(AGE_BONUS, kinds=[BonusKind.AGE], statuses=statuses)),
        draw(bonuses(ANNUAL_BONUS, kinds=[BonusKind.ANNUAL], statuses=statuses)),
        draw(bonuses(ONE_OFF_BONUS, kinds=[BonusKind.ONE_OFF], statuses=statuses)),
    ]
    adjustment_list = [
        draw(adjustments(DISCOUNT, kinds=[AdjustmentKind.DISCOUNT], statuses=statuses)),
        draw(adjustments(EXEMPTION, kinds=[AdjustmentKind.EXEMPTION], statuses=statuses)),
    ]
    with_minimum = draw(_BOOLEANS) if minimum_hours is None else minimum_hours
    minimum = (
        Parameter(draw(hours_per_week(Decimal(4), Decimal(16))), draw(provenances(statuses)))
        if with_minimum
        else None
    )
    return RuleSet.build(
        draw(_sampled(("test-region", "oost", "noord"))),
        "test",
        draw(dates(MIN_DATE, dt.date(2020, 12, 31))),
        blocks=blocks,
        bonuses=bonus_list,
        adjustments=adjustment_list,
        full_time_hours=Parameter(
            draw(_sampled((Decimal(32), Decimal(36), Decimal(38), Decimal(40)))),
            draw(provenances(statuses)),
        ),
        minimum_hours=minimum,
        sr_percentage=Parameter(draw(percentages()), draw(provenances(statuses))),
    )
