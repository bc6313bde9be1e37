"""Hook specifications: what a region plugin can implement.

A plugin is a module (or any object) with functions marked :data:`hookimpl`, announced in its
distribution's metadata under the entry-point group ``sroi``::

    [project.entry-points.sroi]
    noord-holland = "sroi_noord_holland"

sroi calls hooks with keyword arguments, and an implementation may accept fewer arguments than
its specification, so the specifications can grow without breaking plugins. Every hook is
documented in ``docs/reference/hooks.md``, one section per hook.

There is one declarative hook through which plugins *contribute* regions and their dated rule sets
(:func:`sroi_regions`); sroi resolves "the rules of region R on date D" once, centrally, and refuses
two plugins that claim the same region and dates. The other hooks carry regional logic that a table
cannot express. sroi calls them only on the plugins that contribute the region concerned, so an
implementation never sees another region's contracts; when no plugin implements one, the
default of the calculation conventions applies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:  # only for the signatures: pluggy reads parameter names, not their types
    import datetime as dt
    from collections.abc import Sequence

    from sroi.engine import ObligationValuation
    from sroi.fulfilment import FulfilmentReport
    from sroi.model import Contract
    from sroi.region import Region, RegionInfo
    from sroi.ruleset import RuleSet
    from sroi.settlement import Settlement

__all__ = [
    "hookimpl",
    "hookspec",
    "sroi_obligation",
    "sroi_reference_date",
    "sroi_regions",
    "sroi_settlement",
]

hookspec = pluggy.HookspecMarker("sroi")
"""Marks a function in this module as a hook specification."""

hookimpl = pluggy.HookimplMarker("sroi")
"""Marks a plugin's function as the implementation of the hook of the same name.

Also available as ``sroi.hookimpl``.
"""


@hookspec
def sroi_regions() -> Sequence[Region]:  # type: ignore[empty-body]
    """Contribute regions and their dated rule sets.

    Called once, the first time regions or rules are asked for (never when ``sroi`` is imported).
    Build each region's rule sets from the data files in your package with
    :func:`sroi.load_rule_files`, so that a data file left out of the package shows up as an error.
    Two plugins may contribute the same region only for dates that do not overlap; otherwise
    sroi raises :class:`sroi.PluginConflictError` naming both.

    Returns:
        The regions this plugin contributes: a list of :class:`sroi.Region`, each with its code,
        name, aliases and rule sets (one per version, with the day from which it holds).

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def sroi_reference_date(contract: Contract, region: RegionInfo) -> dt.date | None:
    """Choose the date that picks a contract's rule version in this region.

    The calculation conventions use the award date when it is known, else the first day of the
    term (:func:`sroi.reference_date`); that is the default when no plugin answers. A region that
    picks its version differently (for instance by the date the tender was published) says so in
    its documentation and implements this hook.

    Only a plugin that contributes ``region`` is asked; when several contribute it for different
    dates, only the one whose own version holds on the conventions' default date is asked.

    Args:
        contract: the contract whose rules are looked up.
        region: the region, with its versions and their dates.

    Returns:
        The reference date, or None to leave the choice to the next implementation (and, in the
        end, to the conventions' default).

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def sroi_obligation(
    contract: Contract, rules: RuleSet, obligation: ObligationValuation
) -> ObligationValuation | None:
    """Adjust a contract's obligation with regional logic a table cannot express.

    sroi first computes the obligation by the conventions (:func:`sroi.obligation`: contract value
    excl. VAT × SR percentage, then the table's discounts and exemptions that the contract lists)
    and passes it as ``obligation``. Return it changed, e.g. with a cap or a floor appended as an
    :class:`sroi.AdjustmentPart` (``attrs.evolve(obligation, amount=..., adjustments=...)``), or
    computed another way entirely; return None to keep it.

    Only a plugin that contributes ``rules.region`` is asked; when several contribute it for
    different dates, only the one whose own version holds on ``rules.valid_from`` is asked.

    Args:
        contract: the contract.
        rules: the rule set that applies to the contract.
        obligation: the obligation computed by the conventions, with its parts.

    Returns:
        The obligation to use, with every part that produced it, or None to keep ``obligation``.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def sroi_settlement(
    report: FulfilmentReport, rules: RuleSet, settlement: Settlement
) -> Settlement | None:
    """Settle a shortfall with regional logic a ``[settlement]`` table cannot express.

    sroi first computes the settlement from the rule set's settlement rule
    (:func:`sroi.settlement.settle`: the shortfall is the obligation minus what is realised, never
    negative; ``withhold`` and ``cash`` settle ``shortfall × share`` after the recovery period) and
    passes it as ``settlement``. Return it changed (``attrs.evolve(settlement, amount=...)``, with
    texts that say why), or computed another way entirely; return None to keep it.

    Only the plugins that contribute ``rules.region`` are asked; the first result is used.

    Args:
        report: the fulfilment report on the settlement day.
        rules: the rule set that applies to the contract.
        settlement: the settlement computed from the rule set's table.

    Returns:
        The settlement to use, or None to keep ``settlement``.

    .. versionadded:: 0.2
    """
