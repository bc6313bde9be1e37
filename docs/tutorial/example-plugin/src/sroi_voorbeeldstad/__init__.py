"""Voorbeeldstad: a fictional region, the example plugin of the sroi tutorial.

Everything here is made up to show how a region plugin is built: the tables in ``rules/``, the
cap on the obligation and the sources they name. Do not use it to value real contracts.

References (fictional):
    - Voorbeeldstad provisional table (January 2023): every value of ``rules/2023-01-01.toml``.
    - Voorbeeldstad social-return table 2024: every value of ``rules/2024-07-01.toml``.
    - Voorbeeldstad social-return policy, article 4: the obligation is at most EUR 250,000, and
      the rule version is the one in force on the first day of the contract's term.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib.resources import files

import attrs

import sroi

__all__ = ["OBLIGATION_CAP", "sroi_obligation", "sroi_reference_date", "sroi_regions"]

OBLIGATION_CAP = Decimal(250_000)
"""The most a contract's obligation can be in Voorbeeldstad, in euros."""

_POLICY = sroi.Provenance(
    "Voorbeeldstad social-return policy, article 4 (fictional, sroi tutorial)", sroi.Status.VERIFIED
)


@sroi.hookimpl
def sroi_regions() -> list[sroi.Region]:
    """Contribute the region Voorbeeldstad and its dated rule sets (one file per version)."""
    return [
        sroi.Region(
            code="voorbeeldstad",
            name="Voorbeeldstad",
            aliases=("vbs",),
            rule_sets=sroi.load_rule_files(files(__name__) / "rules"),
            description="A fictional region: the example plugin of the sroi tutorial.",
        )
    ]


@sroi.hookimpl
def sroi_reference_date(contract: sroi.Contract) -> dt.date:
    """Voorbeeldstad picks the version in force on the first day of the term (article 4).

    The conventions' default would use the award date when it is known.
    """
    return contract.term.first


@sroi.hookimpl
def sroi_obligation(obligation: sroi.ObligationValuation) -> sroi.ObligationValuation | None:
    """Cap the obligation at :data:`OBLIGATION_CAP` (article 4), as one more explained part."""
    current = (
        obligation.adjustments[-1].after
        if obligation.adjustments
        else (obligation.before_adjustments)
    )
    if current <= OBLIGATION_CAP:
        return None  # keep the obligation as the conventions computed it
    cap = sroi.AdjustmentPart(
        code="cap",
        kind=sroi.AdjustmentKind.DISCOUNT,
        value=1 - OBLIGATION_CAP / current,  # the fraction the cap takes off
        provenance=_POLICY,
        after=OBLIGATION_CAP,
    )
    return attrs.evolve(
        obligation,
        amount=sroi.round_cents(OBLIGATION_CAP),
        adjustments=(*obligation.adjustments, cap),
    )
