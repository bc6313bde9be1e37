"""Which rules value each row: the rule version per row, and what a block or bonus is worth.

A placement's rates, bonuses and size factor are computed here once per distinct combination of
rule set, block and bonus (or rule set and hours), exactly, as integers over a common
denominator, so that the kernels only multiply and add integers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs
import numpy as np

from sroi import registry
from sroi.batch._arith import EPOCH
from sroi.batch._problems import BatchError, BatchProblem
from sroi.batch._reader import Days, Reader, RuleRows
from sroi.engine import warn_unverified
from sroi.exceptions import SroiError, UnknownBlockError
from sroi.ruleset import BonusKind, Route, RuleSet, Unit

if TYPE_CHECKING:
    from sroi.batch._arith import Int64Array

__all__ = [
    "Lookup",
    "Template",
    "flat_block",
    "known_blocks",
    "rules_per_row",
    "size_factor",
    "template",
    "warn_blocks",
]


@attrs.frozen
class Lookup:
    """Where a kernel finds each row's rules, and whether it warns about unverified values."""

    rules: RuleSet | None = None
    """One rule set for every row; None: each row's region's version on its reference date."""
    warn: bool = True
    """Whether to warn about rule values used that are not verified."""
    known: RuleRows | None = None
    """Each row's rule set, already known (the portfolio report knows them); then used as is."""

    def rows(self, reader: Reader, reference: Int64Array) -> RuleRows:
        """Each row's rule set, as an index into a list (-1 where none was found)."""
        if self.known is not None:
            return self.known
        return rules_per_row(reader, reference, self.rules)


def rules_per_row(
    reader: Reader, reference: Int64Array, rules: RuleSet | None
) -> tuple[Int64Array, list[RuleSet]]:
    """Index of each row's rule set into the returned list (-1 where none was found)."""
    if rules is not None:
        if not isinstance(rules, RuleSet):
            raise BatchError([BatchProblem(None, "rules", rules, "a RuleSet or None")])
        return np.zeros(reader.size, dtype=np.int64), [rules]
    codes, regions, missing = reader.codes("region", required=True)
    found: list[RuleSet] = []
    result = np.full(reader.size, -1, dtype=np.int64)
    for position, region in enumerate(regions):
        rows = (codes == position) & ~missing
        if not region or not rows.any():
            continue
        try:
            versions = registry.default().versions(region)
        except SroiError as error:
            reader.bad_mask(rows, "region", f"a known region ({error})")
            continue
        ordered = sorted(versions, key=lambda r: r.valid_from)
        starts = np.array([r.valid_from.toordinal() - EPOCH for r in ordered], dtype=np.int64)
        ends = np.array(
            [
                (r.valid_until.toordinal() - EPOCH) if r.valid_until else np.iinfo(np.int64).max
                for r in ordered
            ],
            dtype=np.int64,
        )
        which = np.searchsorted(starts, reference, side="right") - 1
        safe = np.clip(which, 0, len(ordered) - 1)
        ok = rows & (which >= 0) & (reference <= ends[safe])
        ranges = ", ".join(f"{r.version} ({r.period_label})" for r in ordered)
        bad = rows & ~ok
        if bad.any():
            reader.bad_mask(
                bad,
                "reference_date",
                f"a date on which a rule version of {region!r} is in force: {ranges}",
                values=Days(reference),
            )
        result[ok] = safe[ok] + len(found)
        found.extend(ordered)
    return result, found


@attrs.frozen
class Template:
    """What a placement's value depends on besides its dates, hours and age.

    Every coefficient is an integer: the amount in cents times ``common`` (per placement month
    for sized blocks, per agreed period for per-period blocks, in full for one-off blocks).
    A row's value in cents is then ``size × (base × main + annual × annual span) / (size's
    denominator × common × M) + one-off``, with ``M`` = :data:`UNITS`, the agreed days or 1.
    """

    rules: RuleSet
    unit: Unit
    max_months: int
    """0: no cap."""
    common: int
    base: int
    ages: tuple[tuple[int, int, str], ...]
    """(min_age, coefficient, rule key or "" when verified) of each age bonus."""
    annual: int
    """The granted annual bonus's coefficient (0 when none)."""
    one_off: int
    """The granted one-off bonus in cents times ``common`` (0 when none)."""
    keys: tuple[str, ...]
    """Rule keys whose value is not verified that every row of the template uses."""

    @property
    def sized(self) -> bool:
        """Whether the block counts in placement months with the size factor."""
        return self.unit.is_sized


def template(rules: RuleSet, block_code: str, bonus: str) -> Template | tuple[str, str]:
    """The template of one (rules, block, bonus), or the column at fault and what it expected."""
    try:
        block = rules.block(block_code)
    except UnknownBlockError:
        return "block", known_blocks(rules, Route.CANDIDATE)
    if block.route is not Route.CANDIDATE:
        return "block", f"a candidate block, not a {block.route.value} block"
    sized = block.unit.is_sized
    grant = None
    if bonus:
        if bonus not in block.bonuses:
            allowed = ", ".join(block.bonuses) or "(none)"
            return "bonus_code", f"a bonus that block {block.code!r} allows: {allowed}"
        grant = rules.bonuses[bonus]
        if grant.kind is BonusKind.AGE or (grant.kind is BonusKind.ANNUAL and not sized):
            return "bonus_code", f"a one-off or annual bonus that block {block.code!r} allows"
    per = 12 if block.unit is Unit.PER_YEAR_FULL_TIME else 1
    base = Fraction(block.value) * 100 / per
    ages: list[tuple[int, Fraction, str]] = []
    if sized:
        for code in block.bonuses:
            age_bonus = rules.bonuses[code]
            if age_bonus.kind is BonusKind.AGE and age_bonus.min_age is not None:
                key = "" if age_bonus.provenance.verified else f"bonuses.{code}"
                ages.append((age_bonus.min_age, Fraction(age_bonus.value) * 100 / 12, key))
    annual = one_off = Fraction(0)
    if grant is not None and grant.kind is BonusKind.ANNUAL:
        annual = Fraction(grant.value) * 100 / 12
    elif grant is not None:
        one_off = Fraction(grant.value) * 100
    parts = [base, annual, one_off, *(rate for _, rate, _ in ages)]
    common = math.lcm(*(part.denominator for part in parts))
    keys = []
    if not block.provenance.verified:
        keys.append(f"blocks.{block.code}")
    if block.max_months and not block.max_months_provenance.verified:
        keys.append(f"blocks.{block.code}.max_months")
    if grant is not None and not grant.provenance.verified:
        keys.append(f"bonuses.{bonus}")
    if sized and not rules.full_time_hours.provenance.verified:
        keys.append("full_time_hours")
    return Template(
        rules=rules,
        unit=block.unit,
        max_months=block.max_months or 0,
        common=common,
        base=int(base * common),
        ages=tuple((age, int(rate * common), key) for age, rate, key in ages),
        annual=int(annual * common),
        one_off=int(one_off * common),
        keys=tuple(keys),
    )


def size_factor(rules: RuleSet, hours: Fraction) -> tuple[int, int, bool]:
    """The size factor ``min(1, hours / full time)`` as (numerator, denominator), and more.

    The third value says whether the hours are below the region's minimum (then the factor is 0
    and one-off bonuses count nothing).
    """
    minimum = rules.minimum_hours.value if rules.minimum_hours is not None else None
    if minimum is not None and hours < Fraction(minimum):
        return 0, 1, True
    full_time = Fraction(rules.full_time_hours.value)
    size = min(Fraction(1), hours / full_time) if full_time else Fraction(1)
    return size.numerator, size.denominator, False


def known_blocks(rules: RuleSet, route: Route) -> str:
    """What a block column expects: the route's block codes of the rule set."""
    codes = sorted(code for code, block in rules.blocks.items() if block.route is route)
    return f"a {route.value} block of {rules.region} {rules.version}: {', '.join(codes)}"


def flat_block(rules: RuleSet, code: str, route: Route) -> Fraction | tuple[str, str]:
    """The rule value of a purchase or project block, or what is wrong with the code."""
    try:
        block = rules.block(code)
    except UnknownBlockError:
        return "", known_blocks(rules, route)
    if block.route is not route:
        return "", f"a {route.value} block, not a {block.route.value} block"
    return Fraction(block.value)


def warn_blocks(warn: bool, used: Mapping[int, tuple[RuleSet, set[str]]]) -> None:
    """Warn (when ``warn``) about the not verified values of the blocks each rule set used."""
    if warn:
        for rules, codes in used.values():
            warn_unverified(
                rules,
                [
                    f"blocks.{code}"
                    for code in sorted(codes)
                    if not rules.blocks[code].provenance.verified
                ],
            )
