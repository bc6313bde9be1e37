"""The arithmetic of a report that needs nothing but decimals: amounts, shares and moment states.

These live at the bottom of the house so that the monitoring core (:mod:`sroi.fulfilment`), its
consolidation and the batch reports add amounts up, compute percentages and judge a measurement
moment the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Protocol, TypeVar

import attrs

from sroi.exceptions import InvalidValueError
from sroi.money import cents_half_up
from sroi.states import MomentState

__all__ = [
    "Amounts",
    "check_reviewed_items",
    "is_collection",
    "known_items",
    "moment_state",
    "one_of",
    "percentage",
    "sum_amounts",
]

_ZERO = Decimal(0)


@attrs.frozen
class Amounts:
    """Realised, pending and forecast amounts, each a sum of rounded line items."""

    realised: Decimal = _ZERO
    """Approved items counted through the report date."""
    pending: Decimal = _ZERO
    """Proposed items not yet reviewed, counted through the report date."""
    forecast: Decimal = _ZERO
    """Approved and pending items over their whole agreed periods."""

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(
            self.realised + other.realised,
            self.pending + other.pending,
            self.forecast + other.forecast,
        )


def sum_amounts(amounts: Iterable[Amounts]) -> Amounts:
    """The amounts added up (zero for none)."""
    total = Amounts()
    for amount in amounts:
        total = total + amount
    return total


def percentage(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole`` in percent, rounded to 0.1 half up from its exact value; None for 0.

    >>> percentage(Decimal(1), Decimal(3)), percentage(Decimal(1), Decimal(0))
    (Decimal('33.3'), None)
    """
    if whole == 0:
        return None
    share = Fraction(part) * 1000 / Fraction(whole)  # in tenths of a percent
    tenths = cents_half_up(share.numerator, share.denominator * 100)
    return Decimal(tenths).scaleb(-1)


def moment_state(realised: Decimal, target: Decimal, next_target: Decimal) -> MomentState:
    """How a reached measurement moment stands (a product decision).

    *realised* is the value of the approved items counted through the moment's date; *target* is
    the obligation in force on that date × the moment's fraction; *next_target* the next moment's
    target (for the last moment: the obligation). The moment is

    * behind when realised < target;
    * ahead when realised already reaches the next target and that target is higher than this
      one;
    * on track otherwise (so meeting the full obligation at the 100% moment is on track).

    >>> moment_state(Decimal(5), Decimal(10), Decimal(20)).value
    'behind'
    >>> moment_state(Decimal(20), Decimal(10), Decimal(20)).value
    'ahead'
    """
    if realised < target:
        return MomentState.BEHIND
    if next_target > target and realised >= next_target:
        return MomentState.AHEAD
    return MomentState.ON_TRACK


def is_collection(value: object, kind: type) -> bool:
    """Whether ``value`` is a ``kind`` (Sequence, Iterable ...) of items rather than text."""
    return isinstance(value, kind) and not isinstance(value, (str, bytes))


class _Identified(Protocol):
    @property
    def item_id(self) -> str: ...


_Item = TypeVar("_Item", bound=_Identified)


def check_reviewed_items(items: object) -> None:
    """Check that ``items`` is a sequence of reviewed items (with item_id, status and item).

    Raises:
        InvalidValueError: naming ``items`` or the first ``items[i]`` that is not one.
    """
    if not is_collection(items, Sequence):
        raise InvalidValueError("items", items, "a sequence of reviewed items")
    assert isinstance(items, Sequence)
    for index, record in enumerate(items):
        if not all(hasattr(record, name) for name in ("item_id", "status", "item")):
            raise InvalidValueError(
                f"items[{index}]", record, "a reviewed item with item_id, status and item"
            )


def known_items(items: Sequence[_Item], as_of: dt.date) -> list[_Item]:
    """The items known on ``as_of``: those without a ``proposed_on`` date after it.

    Raises:
        InvalidValueError: when two of them share an id.
    """
    known: list[_Item] = []
    seen: set[str] = set()
    for record in items:
        proposed_on = getattr(record, "proposed_on", None)
        if isinstance(proposed_on, dt.date) and proposed_on > as_of:
            continue
        if record.item_id in seen:
            raise InvalidValueError(f"items[{len(known)}].item_id", record.item_id, "a unique id")
        seen.add(record.item_id)
        known.append(record)
    return known


_T = TypeVar("_T")


def one_of(
    candidates: Sequence[_T],
    key: Callable[[_T], str],
    wanted: str,
    *,
    field: str,
    what: str,
    shown: Callable[[str], str] = str,
) -> _T:
    """The candidate whose ``key`` is ``wanted``.

    Raises:
        InvalidValueError: naming ``field`` when there is none; the message lists the keys
            (each as ``shown`` writes it) as ``"<what>: a, b"``.
    """
    for candidate in candidates:
        if key(candidate) == wanted:
            return candidate
    known = ", ".join(shown(key(candidate)) for candidate in candidates) or "(none)"
    raise InvalidValueError(field, wanted, f"{what}: {known}")
