"""Hypothesis strategies for the plain values of the domain: dates, periods, amounts, people.

Part of :mod:`sroi.testing.strategies`, which re-exports every public name; import them from
there. Also holds the fixed codes of the rule sets that :mod:`sroi.testing.rule_strategies`
builds, so that a test can ask for a block by what it is.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
from collections.abc import Collection
from decimal import Decimal
from typing import TypeVar

from hypothesis import strategies as st

from sroi.model import (
    Candidate,
    Organisation,
)
from sroi.period import Period, add_months
from sroi.ruleset import (
    Provenance,
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
    "amounts",
    "candidates",
    "codes",
    "dates",
    "fractions",
    "hours_per_week",
    "initials",
    "organisations",
    "partitions",
    "percentages",
    "periods",
    "provenances",
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
_CODES = st.from_regex(r"[a-z][a-z0-9\-]{0,15}", fullmatch=True).filter(
    lambda code: re.search(r"\d{9}", code) is None  # a 9-digit run could be a BSN: refused
)
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
