"""Which rule values a report used that are not verified, with their status and source.

The HTML report, the JSON data and the DataFrames of :mod:`sroi.notebook` show them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from sroi.ruleset import Provenance, Status

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from sroi.engine import ObligationValuation
    from sroi.fulfilment import FulfilmentReport, ReportLine

__all__ = ["MOMENTS", "OBLIGATION", "UnverifiedValue", "line_unverified_keys", "unverified_values"]

OBLIGATION = "obligation"
"""What ``used_by`` names for the obligation (and so the moments' targets)."""
MOMENTS = "moments"
"""What ``used_by`` names for the dates of the measurement moments."""


@attrs.frozen
class UnverifiedValue:
    """A rule value a report used whose status is not verified."""

    key: str
    """The value's key in the rule set, as :meth:`sroi.RuleSet.provenances` names it."""
    status: Status
    """Its status: unverified, provisional or assumed."""
    source: str
    """Where it was read (or why it is assumed)."""
    used_by: tuple[str, ...]
    """What rests on it, in report order: item ids, ``"obligation"`` (the obligation and so the
    moments' targets) or ``"moments"`` (the dates of the measurement moments)."""


def _obligation_keys(owed: ObligationValuation) -> Iterator[tuple[str, Provenance]]:
    if owed.percentage_provenance is not None and not owed.percentage_provenance.verified:
        yield "sr_percentage", owed.percentage_provenance
    for part in owed.adjustments:
        if not part.provenance.verified:
            yield f"adjustments.{part.code}", part.provenance


def line_unverified_keys(line: ReportLine) -> tuple[str, ...]:
    """The keys of the rule values a report line counted with that are not verified, sorted.

    Empty for a line that counts nowhere (it uses no rule value) or rests on verified values only.
    """
    return tuple(sorted(dict(line.unverified)))


def unverified_values(report: FulfilmentReport) -> tuple[UnverifiedValue, ...]:
    """Every rule value ``report`` used that is not verified, sorted by key.

    Looks at the valuations of the lines that count, the obligation on the report date and on
    each measurement moment (percentage from the rules, adjustments), and at the measurement
    fractions when the contract does not agree its own (the rule set's default is used then).
    """
    found: dict[str, tuple[Provenance, list[str]]] = {}

    def add(key: str, provenance: Provenance, user: str) -> None:
        users = found.setdefault(key, (provenance, []))[1]
        if user not in users:
            users.append(user)

    owed = [report.obligation, *(moment.obligation for moment in report.moments)]
    for obligation in owed:
        for key, provenance in _obligation_keys(obligation):
            add(key, provenance, OBLIGATION)
    if report.contract.measurement_fractions is None and report.moments:
        provenance = report.rules.measurement_provenance
        if not provenance.verified:
            add("measurement_fractions", provenance, MOMENTS)
    for line in report.lines:
        for key, provenance in dict(line.unverified).items():
            add(key, provenance, line.item_id)
    return tuple(
        UnverifiedValue(key, provenance.status, provenance.source, tuple(users))
        for key, (provenance, users) in sorted(found.items())
    )
