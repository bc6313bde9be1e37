"""Builders of model objects for tests: short calls with test defaults for what does not matter.

A region plugin's tests value placements, purchases, projects and contracts again and again; the
builders here make them in one line each, with amounts given as ``Decimal`` or as decimal text
(``"36"``, ``"800000"``, never a float), so that a test says only what it is about::

    from sroi.testing.builders import contract, placement

    placement("ww-lt1", born="1980-01-01", start="2024-01-01", end="2024-12-31")
    contract("midden-gelderland", "2024-01-01", "2025-12-31", "800000", adjustments=["pso-2"])

Dates may be given as :class:`datetime.date` or as ISO text. The case files of
:mod:`sroi.testing.casefiles` are turned into model objects with the same builders. A person is
built as initials, target group and birth date only, as everywhere in sroi.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from sroi._validators import MAX_DATE, MIN_DATE
from sroi.exceptions import InvalidValueError
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
from sroi.period import Period

__all__ = [
    "DateLike",
    "DecimalLike",
    "as_date",
    "as_decimal",
    "contract",
    "placement",
    "project",
    "purchase",
    "window",
]

DecimalLike = Decimal | str | int
"""An exact amount: a ``Decimal``, decimal text such as ``"10000.00"``, or an ``int``."""
DateLike = dt.date | str
"""A calendar date, or its ISO text such as ``"2024-01-01"``."""


def as_decimal(value: DecimalLike, field: str = "value") -> Decimal:
    """The exact ``Decimal`` of ``value``.

    Raises:
        InvalidValueError: for a float (inexact), a bool, or text that is not a finite decimal.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidValueError(field, value, "decimal text such as '10000.00'") from None
    else:
        raise InvalidValueError(field, value, "a Decimal, decimal text or an int (not a float)")
    if not result.is_finite():
        raise InvalidValueError(field, value, "a finite decimal")
    return result


def as_date(value: DateLike, field: str = "date") -> dt.date:
    """The calendar date of ``value`` (a ``date``, not a ``datetime``, or ISO text).

    Raises:
        InvalidValueError: for a datetime, or text that is not an ISO date.
    """
    if isinstance(value, dt.datetime):
        raise InvalidValueError(field, value, "a calendar date, not a datetime")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidValueError(field, value, "an ISO date such as '2024-01-01'") from None
    raise InvalidValueError(field, value, "a date or an ISO date text")


def window(start: DateLike | None = None, end: DateLike | None = None) -> Period | None:
    """A reporting window from ``start`` to ``end`` (open ends run to the supported limits).

    Returns None when neither end is given: the valuation then has no window.
    """
    if start is None and end is None:
        return None
    first = MIN_DATE if start is None else as_date(start, "window_start")
    last = MAX_DATE if end is None else as_date(end, "window_end")
    return Period(first, last)


def placement(
    block: str,
    *,
    born: DateLike,
    start: DateLike,
    end: DateLike,
    hours_per_week: DecimalLike = "36",
    target_group: str | None = None,
    kind: PlacementKind | str = PlacementKind.JOB,
    exit_date: DateLike | None = None,
    bonuses: Iterable[tuple[str, DateLike]] = (),
    initials: str = "T.C.",
) -> Placement:
    """A placement of a test candidate on ``block`` from ``start`` to ``end``.

    Args:
        block: the building block's code.
        born: the candidate's birth date.
        start: the first day of the placement.
        end: the last day of the placement.
        hours_per_week: the agreed hours (default 36).
        target_group: the candidate's target group (default: the block's code).
        kind: the placement kind (default a job).
        exit_date: the day the candidate left early, if any.
        bonuses: ``(code, granted on)`` pairs.
        initials: the candidate's initials.
    """
    return Placement(
        Candidate(initials, target_group or block, as_date(born, "born")),
        PlacementKind(kind),
        block,
        Period(as_date(start, "start"), as_date(end, "end")),
        as_decimal(hours_per_week, "hours_per_week"),
        exit_date=None if exit_date is None else as_date(exit_date, "exit_date"),
        bonuses=tuple(BonusGrant(code, as_date(day, "granted_on")) for code, day in bonuses),
    )


def purchase(
    category: str, invoice_date: DateLike, amount: DecimalLike, *, supplier: str = "Case supplier"
) -> SocialPurchase:
    """A social purchase of ``amount`` (excl. VAT) in ``category``, invoiced on ``invoice_date``."""
    return SocialPurchase(
        Organisation(supplier),
        category,
        as_date(invoice_date, "invoice_date"),
        as_decimal(amount, "amount"),
    )


def project(
    block: str,
    start: DateLike,
    end: DateLike | None = None,
    *,
    hours: DecimalLike | None = None,
    agreed_amount: DecimalLike | None = None,
    name: str = "case",
) -> SrProject:
    """An SR project on ``block`` from ``start`` to ``end`` (one day when ``end`` is not given).

    Give exactly one of ``hours`` and ``agreed_amount``.
    """
    first = as_date(start, "start")
    last = first if end is None else as_date(end, "end")
    return SrProject(
        name,
        Period(first, last),
        block,
        hours=None if hours is None else as_decimal(hours, "hours"),
        agreed_amount=None if agreed_amount is None else as_decimal(agreed_amount, "agreed_amount"),
    )


def contract(
    region: str,
    start: DateLike,
    end: DateLike,
    value_excl_vat: DecimalLike,
    *,
    sr_percentage: DecimalLike | None = None,
    adjustments: Iterable[str] = (),
    award_date: DateLike | None = None,
    number: str = "case",
    contractor: str = "Case contractor",
) -> Contract:
    """A contract in ``region`` running from ``start`` to ``end`` worth ``value_excl_vat``.

    Args:
        region: the region's code.
        start: the first day of the contract.
        end: the last day of the contract.
        value_excl_vat: the contract value excluding VAT.
        sr_percentage: the contract's own SR percentage (default: the region's).
        adjustments: codes of obligation adjustments (e.g. a PSO level).
        award_date: the award date, if it matters.
        number: the contract number (also used as its title).
        contractor: the contractor's name.
    """
    return Contract(
        number,
        number,
        Period(as_date(start, "start"), as_date(end, "end")),
        Organisation(contractor),
        value_excl_vat=as_decimal(value_excl_vat, "value_excl_vat"),
        sr_percentage=None if sr_percentage is None else as_decimal(sr_percentage, "sr_percentage"),
        award_date=None if award_date is None else as_date(award_date, "award_date"),
        region=region,
        adjustments=tuple(adjustments),
    )
