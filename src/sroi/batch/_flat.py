"""Purchases and projects: an exact total per row, spread evenly over the row's days.

A purchase counts in full on its invoice date (a project of one day); a project's total is spread
evenly over its days. Both are valued by one kernel: the total of each distinct combination of
rules, block and amount is computed once, exactly, and each row's value through a date is
``total × days counted / days`` rounded half up, in ``int64`` with a Python-integer way out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from sroi.batch._arith import TERM_LIMIT, fits, groups, half_up
from sroi.batch._reader import Reader, RuleRows, Through, result_columns
from sroi.batch._rules import Lookup, flat_block, warn_blocks
from sroi.ruleset import Route, RuleSet

if TYPE_CHECKING:
    from sroi.batch._arith import BoolArray, Int64Array

__all__ = [
    "PROJECT_COLUMNS",
    "PURCHASE_COLUMNS",
    "projects_frame",
    "purchases_frame",
    "value_projects",
    "value_purchases",
]

_Total = Callable[[int, Fraction], "Fraction | tuple[str, str]"]
"""A group's exact total in cents from its first row and the block's rule value, or the column
at fault and what it expected."""

PURCHASE_COLUMNS = ("region", "category", "invoice_date", "amount_excl_vat", "reference_date")
"""The columns :func:`value_purchases` reads (``reference_date`` optional: the invoice date)."""
PROJECT_COLUMNS = ("region", "block", "first", "last", "hours", "agreed_amount", "reference_date")
"""The columns :func:`value_projects` reads (exactly one of ``hours`` and ``agreed_amount`` per
row; ``reference_date`` optional: ``first``)."""


def value_purchases(
    table: Any, *, at: Sequence[dt.date | None], rules: RuleSet | None = None, warn: bool = True
) -> pd.DataFrame:
    """Value every social purchase of a table at each date of ``at``, in whole cents (int64).

    Each row has the columns of :data:`PURCHASE_COLUMNS`: ``region``, ``category`` (a purchase
    block), ``invoice_date``, ``amount_excl_vat`` (exact: ``Decimal``, int or decimal string) and
    optionally ``reference_date`` (default the invoice date). A purchase is worth
    ``amount × share`` on its invoice date, as :func:`sroi.value_purchase` says; at a date before
    the invoice it is worth nothing.

    ``at``, ``rules`` and ``warn`` and the frame returned are as for :func:`value_placements`:
    one int64 column of cents per date, with the input's index. A bad table raises
    :class:`~sroi.batch.BatchError` naming every row and column at fault (an unknown category,
    an amount that is not exact or of 10^15 euros or more, a missing invoice date).
    """
    return purchases_frame(Reader(table), result_columns(at), Lookup(rules, warn))


def purchases_frame(reader: Reader, columns: Sequence[Through], lookup: Lookup) -> pd.DataFrame:
    """The cents of the purchases ``reader`` reads, one column per entry of ``columns``."""
    invoice, _ = reader.dates("invoice_date", required=True)
    reference, no_reference = reader.dates("reference_date", required=False)
    amount_codes, amounts, _ = reader.decimals(
        "amount_excl_vat", low=Decimal(0), high=None, required=True
    )
    category_codes, categories, _ = reader.codes("category", required=True)
    reader.raise_if_any()
    rule_rows = lookup.rows(reader, np.where(no_reference, invoice, reference))

    def total(row: int, share: Fraction) -> Fraction | tuple[str, str]:
        exact = _product(amounts[int(amount_codes[row])], share)
        if half_up(exact.numerator, exact.denominator) >= TERM_LIMIT:
            return "amount_excl_vat", "an amount below 10^15 euros"
        return exact

    block = _Block(Route.PURCHASE, "category", category_codes, categories)
    combo, totals = _totals(reader, rule_rows, block, (amount_codes,), total, warn=lookup.warn)
    return _spread(reader.index, columns, combo, totals, (invoice, invoice))


def value_projects(
    table: Any, *, at: Sequence[dt.date | None], rules: RuleSet | None = None, warn: bool = True
) -> pd.DataFrame:
    """Value every SR project of a table at each date of ``at``, in whole cents (int64).

    Each row has the columns of :data:`PROJECT_COLUMNS`: ``region``, ``block`` (a project block),
    ``first`` and ``last`` (the activity's days; equal for one day), exactly one of ``hours``
    (valued at the block's rate) and ``agreed_amount`` (exact decimals), and optionally
    ``reference_date`` (default ``first``). The value is spread evenly over the days, as
    :func:`sroi.value_project` says.

    Takes ``at`` (``None``: the whole period), ``rules`` and ``warn`` as
    :func:`value_placements` does and, like it, returns one int64 column of cents per date with
    the input's index, or raises :class:`~sroi.batch.BatchError` naming every bad row and
    column (an unknown project block, a last day before the first, both or neither of hours and
    agreed amount).
    """
    return projects_frame(Reader(table), result_columns(at), Lookup(rules, warn))


def projects_frame(reader: Reader, columns: Sequence[Through], lookup: Lookup) -> pd.DataFrame:
    """The cents of the projects ``reader`` reads, one column per entry of ``columns``."""
    first, _ = reader.dates("first", required=True)
    last, _ = reader.dates("last", required=True)
    reference, no_reference = reader.dates("reference_date", required=False)
    hour_codes, hours, no_hours = reader.decimals(
        "hours", low=Decimal(0), high=None, required=False
    )
    agreed_codes, agreed, no_agreed = reader.decimals(
        "agreed_amount", low=Decimal(0), high=None, required=False
    )
    block_codes, blocks, _ = reader.codes("block", required=True)
    reader.raise_if_any()
    reader.bad_mask(last < first, "last", "a day on or after first")
    reader.bad_mask(no_hours == no_agreed, "hours", "exactly one of hours and agreed_amount")
    reader.raise_if_any()
    rule_rows = lookup.rows(reader, np.where(no_reference, first, reference))

    def total(row: int, rate: Fraction) -> Fraction:
        if no_hours[row]:
            return _product(agreed[int(agreed_codes[row])], Fraction(1))
        return _product(hours[int(hour_codes[row])], rate)

    keys = (np.where(no_hours, -1, hour_codes), np.where(no_agreed, -1, agreed_codes))
    block = _Block(Route.PROJECT, "block", block_codes, blocks)
    combo, totals = _totals(
        reader, rule_rows, block, keys, total, rated=~no_hours, warn=lookup.warn
    )
    return _spread(reader.index, columns, combo, totals, (first, last))


def _product(amount: Fraction, rate: Fraction) -> Fraction:
    """``amount × rate`` in cents (× 100), exactly, as one fraction."""
    return Fraction(amount.numerator * rate.numerator * 100, amount.denominator * rate.denominator)


@attrs.frozen(eq=False)
class _Block:
    """The block column of a route's table: its route, name, codes and distinct texts."""

    route: Route
    column: str
    codes: Int64Array
    """Each row's code, an index into ``names``."""
    names: list[str]


def _totals(
    reader: Reader,
    rule_rows: RuleRows,
    block: _Block,
    keys: Sequence[Int64Array],
    total: _Total,
    *,
    rated: BoolArray | None = None,
    warn: bool,
) -> tuple[Int64Array, list[Fraction]]:
    """Each row's group, and each group's exact total in cents (raises for bad rows).

    A group is a distinct (rules, block code, ``keys``); ``total`` gives its total from its first
    row and the block's rule value. ``rated`` says of each row whether its total uses the rule
    value (default: every row), so that an unverified value warns.
    """
    rule_index, rule_sets = rule_rows
    combo, first_rows = groups(rule_index, block.codes, *keys)
    totals: list[Fraction] = []
    used: dict[int, tuple[RuleSet, set[str]]] = {}
    rates: dict[tuple[int, int], Fraction | tuple[str, str]] = {}
    for number, row in enumerate(first_rows):
        totals.append(Fraction(0))
        if rule_index[row] < 0:
            continue
        chosen = rule_sets[rule_index[row]]
        code = block.names[block.codes[row]]
        key = (int(rule_index[row]), int(block.codes[row]))
        rate = rates.get(key)
        if rate is None:
            rate = rates[key] = flat_block(chosen, code, block.route)
        if isinstance(rate, tuple):
            reader.bad_mask(combo == number, block.column, rate[1])
            continue
        found = total(int(row), rate)
        if isinstance(found, tuple):
            reader.bad_mask(combo == number, found[0], found[1])
            continue
        totals[-1] = found
        if rated is None or rated[row]:
            used.setdefault(id(chosen), (chosen, set()))[1].add(code)
    reader.raise_if_any()
    warn_blocks(warn, used)
    return combo, totals


def _spread(
    index: pd.Index,
    columns: Sequence[Through],
    combo: Int64Array,
    totals: Sequence[Fraction],
    days: tuple[Int64Array, Int64Array],
) -> pd.DataFrame:
    """The shared kernel: each row's exact total spread evenly over its days ``first..last``.

    A row's total is ``totals[combo[row]]``; its value through a date is ``total × days counted
    / days`` rounded half up, in ``int64`` where every product fits and in Python integers
    where one might not.
    """
    first, last = days
    big = np.array([max(t.numerator, t.denominator) >= TERM_LIMIT for t in totals], dtype=bool)
    numerator = np.array([0 if b else t.numerator for t, b in zip(totals, big, strict=True)])
    denominator = np.array([1 if b else t.denominator for t, b in zip(totals, big, strict=True)])
    row_numerator = numerator.astype(np.int64)[combo]
    of = last - first + 1
    row_denominator = denominator.astype(np.int64)[combo]
    fallback = big[combo] | ~fits(row_denominator, of)
    row_denominator = np.where(fallback, 1, row_denominator * of)
    results: dict[str, Int64Array] = {}
    for name, through in columns:
        high = last if through is None else np.minimum(last, through)
        counted = np.maximum(high - first + 1, 0)
        ok = ~fallback & fits(row_numerator, counted)
        cents = (2 * row_numerator * counted + row_denominator) // (2 * row_denominator)
        for row in np.flatnonzero(~ok):
            exact = totals[int(combo[row])]
            cents[row] = half_up(
                exact.numerator * int(counted[row]), exact.denominator * int(of[row])
            )
        results[name] = cents
    return pd.DataFrame(results, index=index)
