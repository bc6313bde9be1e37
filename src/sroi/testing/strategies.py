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
import functools
import string
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import TypeVar

from hypothesis import strategies as st

from sroi.model import (
    BonusGrant,
    Candidate,
    Contract,
    Organisation,
    Placement,
    PlacementKind,
    SocialPurchase,
    SrProject,
)
from sroi.period import Period, add_months
from sroi.ruleset import (
    AdjustmentKind,
    Bonus,
    BonusKind,
    BuildingBlock,
    ObligationAdjustment,
    Parameter,
    Provenance,
    Route,
    RuleSet,
    Status,
    Unit,
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

MIN_DATE = dt.date(2000, 1, 1)
"""The earliest date the strategies produce by default."""
MAX_DATE = dt.date(2060, 12, 31)
"""The latest date the strategies produce by default."""

VERIFIED = Provenance("sroi.testing strategies", Status.VERIFIED)
"""A verified provenance: values with it never cause a ProvisionalRuleWarning."""

ANNUAL = "annual"
"""Code of the uncapped annual (per year, full time) block in :func:`rule_sets`."""
ANNUAL_CAPPED = "annual-capped"
"""Code of the annual block with a maximum duration in :func:`rule_sets`."""
MONTHLY = "monthly"
"""Code of the per-month block in :func:`rule_sets`."""
PER_PERIOD = "per-period"
"""Code of the per-period block (one amount for the agreed period) in :func:`rule_sets`."""
ONE_OFF = "one-off"
"""Code of the one-off block in :func:`rule_sets`."""
CANDIDATE_CODES = (ANNUAL, ANNUAL_CAPPED, MONTHLY, PER_PERIOD, ONE_OFF)
"""The candidate block codes of :func:`rule_sets`."""
PURCHASE_CODES = ("purchase-full", "purchase-share")
"""The purchase block codes of :func:`rule_sets` (100% and a drawn share)."""
PROJECT = "project"
"""Code of the project block (an hourly rate) in :func:`rule_sets`."""
AGE_BONUS = "age"
"""Code of the age bonus in :func:`rule_sets`."""
ANNUAL_BONUS = "annual-bonus"
"""Code of the granted annual bonus in :func:`rule_sets`."""
ONE_OFF_BONUS = "permanent-contract"
"""Code of the one-off bonus in :func:`rule_sets`."""
DISCOUNT = "discount"
"""Code of the discount adjustment in :func:`rule_sets`."""
EXEMPTION = "exemption"
"""Code of the exemption adjustment in :func:`rule_sets`."""

_T = TypeVar("_T")

_CANDIDATE_UNITS = (Unit.PER_YEAR_FULL_TIME, Unit.PER_MONTH, Unit.PER_PERIOD, Unit.ONE_OFF)
_VALUE_CEILING = {
    Unit.PER_YEAR_FULL_TIME: Decimal(60_000),
    Unit.PER_MONTH: Decimal(3_000),
    Unit.PER_PERIOD: Decimal(10_000),
    Unit.ONE_OFF: Decimal(30_000),
}
_TARGET_GROUPS = ("participatiewet", "ww", "wajong", "wia", "statushouder", "no-benefit")
_COMPANY_NAMES = ("Bouwbedrijf De Linge BV", "Groen & Co", "Schoonmaak Oost", "Werkbedrijf")
_PROJECT_TEXTS = ("Gastles op het ROC", "Buddyproject", "Coaching", "Hulp bij de voedselbank")


@functools.cache
def _integers(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


@functools.cache
def _sampled(values: tuple[_T, ...]) -> st.SearchStrategy[_T]:
    return st.sampled_from(values)


@functools.cache
def _scaled(low: int, high: int, places: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: Decimal(n).scaleb(-places))


@functools.cache
def _halves(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: Decimal(n) / 2)


_BOOLEANS = st.booleans()
_OPTIONAL_CAP = st.none() | st.integers(1, 36)
_KVK = st.none() | st.integers(0, 99_999_999).map(lambda n: f"{n:08d}")
_REFERENCES = st.none() | st.integers(1, 9999).map(lambda n: f"F-{n}")
_CONTRACT_NUMBERS = st.integers(1, 99_999).map(lambda n: f"SR-{n}")
_CODES = st.from_regex(r"[a-z][a-z0-9\-]{0,15}", fullmatch=True)
_ORGANISATIONS = st.builds(Organisation, st.sampled_from(_COMPANY_NAMES), _KVK)
_INITIALS = st.lists(st.sampled_from(string.ascii_uppercase), min_size=1, max_size=4).map(
    lambda chosen: "".join(f"{letter}." for letter in chosen)
)


def dates(
    min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE
) -> st.SearchStrategy[dt.date]:
    """Calendar dates (never datetimes) between ``min_value`` and ``max_value``, both included."""
    return st.dates(min_value, max_value)


@st.composite
def periods(
    draw: st.DrawFn,
    min_value: dt.date = MIN_DATE,
    max_value: dt.date = MAX_DATE,
    *,
    min_days: int = 1,
    max_days: int = 3 * 366,
) -> Period:
    """Closed periods inside ``[min_value, max_value]`` of ``min_days`` to ``max_days`` days.

    One-day periods are included unless ``min_days`` is more than 1.
    """
    room = (max_value - min_value).days + 1
    if not 1 <= min_days <= min(max_days, room):
        raise ValueError(f"no period of {min_days}..{max_days} days fits in {room} days")
    first = draw(dates(min_value, max_value - dt.timedelta(days=min_days - 1)))
    longest = min(max_days, (max_value - first).days + 1)
    length = draw(_integers(min_days, longest))
    return Period(first, first + dt.timedelta(days=length - 1))


@st.composite
def partitions(draw: st.DrawFn, period: Period, *, max_parts: int = 6) -> tuple[Period, ...]:
    """Consecutive periods without gaps or overlaps that together are exactly ``period``."""
    offsets = draw(
        st.sets(
            st.integers(1, max(1, period.days - 1)),
            max_size=min(max_parts - 1, period.days - 1),
        )
    )
    parts: list[Period] = []
    first = period.first
    for offset in sorted(offsets):
        day = period.first + dt.timedelta(days=offset)
        parts.append(Period(first, day - dt.timedelta(days=1)))
        first = day
    parts.append(Period(first, period.last))
    return tuple(parts)


def amounts(
    min_value: Decimal = Decimal(0), max_value: Decimal = Decimal(1_000_000), *, places: int = 2
) -> st.SearchStrategy[Decimal]:
    """Exact decimal amounts in ``[min_value, max_value]`` with ``places`` decimals (cents)."""
    scale = 10**places
    low = int(min_value * scale)
    high = int(max_value * scale)
    return _scaled(low, high, places)


def shares() -> st.SearchStrategy[Decimal]:
    """Shares from 0 to 1 in whole percents, such as ``Decimal("0.30")``."""
    return amounts(Decimal(0), Decimal(1))


def fractions() -> st.SearchStrategy[Decimal]:
    """Fractions in ``(0, 1]`` in whole percents: measurement moments, for instance."""
    return _scaled(1, 100, 2)


def percentages(max_value: int = 10) -> st.SearchStrategy[Decimal]:
    """SR percentages from 0 to ``max_value`` in steps of 0.5, such as ``Decimal("5")``."""
    return _halves(0, 2 * max_value)


def hours_per_week(
    min_value: Decimal = Decimal(0), max_value: Decimal = Decimal(60)
) -> st.SearchStrategy[Decimal]:
    """Hours per week in half hours, from ``min_value`` to ``max_value``."""
    return _halves(int(min_value * 2), int(max_value * 2))


def codes() -> st.SearchStrategy[str]:
    """Valid rule codes: lower-case letters, digits and hyphens, starting with a letter."""
    return _CODES


def initials() -> st.SearchStrategy[str]:
    """Initials such as ``"J."`` or ``"J.P.M."``: one to four letters, each with a dot."""
    return _INITIALS


def provenances(statuses: Collection[Status] = (Status.VERIFIED,)) -> st.SearchStrategy[Provenance]:
    """Provenances with one of ``statuses`` (only verified ones by default)."""
    return _provenances(tuple(sorted(set(statuses), key=lambda status: status.value)))


@functools.cache
def _provenances(statuses: tuple[Status, ...]) -> st.SearchStrategy[Provenance]:
    return st.builds(
        Provenance,
        st.sampled_from(("published table", "regional manual, p. 4", "secondary copy")),
        st.sampled_from(statuses),
    )


def organisations() -> st.SearchStrategy[Organisation]:
    """Organisations with a company name and, sometimes, an 8-digit KvK number."""
    return _ORGANISATIONS


@st.composite
def candidates(
    draw: st.DrawFn, first_day: dt.date | None = None, *, min_age: int = 16, max_age: int = 74
) -> Candidate:
    """Candidates aged ``min_age`` to ``max_age`` in whole years on ``first_day``.

    Without ``first_day`` the age is counted on a drawn date. The bounds must lie within the
    plausible working ages that :class:`~sroi.model.Placement` accepts.
    """
    day = first_day if first_day is not None else draw(dates())
    age = draw(_integers(min_age, max_age))
    birth = add_months(day, -12 * age) - dt.timedelta(days=draw(_integers(0, 364)))
    return Candidate(draw(initials()), draw(_sampled(_TARGET_GROUPS)), birth)


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


@st.composite
def purchase_blocks(
    draw: st.DrawFn, code: str | None = None, *, statuses: Collection[Status] = (Status.VERIFIED,)
) -> BuildingBlock:
    """Purchase blocks whose value is the share of the invoice that counts."""
    return BuildingBlock(
        code if code is not None else draw(codes()),
        "Sociaal inkopen",
        "Social purchase",
        Route.PURCHASE,
        Unit.SHARE_OF_INVOICE,
        draw(shares()),
        draw(provenances(statuses)),
    )


@st.composite
def project_blocks(
    draw: st.DrawFn, code: str | None = None, *, statuses: Collection[Status] = (Status.VERIFIED,)
) -> BuildingBlock:
    """Project blocks whose value is an hourly rate (0 to 250 euros)."""
    return BuildingBlock(
        code if code is not None else draw(codes()),
        "MVO-activiteit",
        "SR project",
        Route.PROJECT,
        Unit.PER_HOUR,
        draw(amounts(Decimal(0), Decimal(250))),
        draw(provenances(statuses)),
    )


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
