"""Which placements of a contract still miss evidence for a sample audit.

The evidence records themselves (:class:`~sroi.model.EvidenceItem`) belong to the model; this
module asks a contract's state which of its placements lack one of the
:data:`~sroi.model.REQUIRED_EVIDENCE`.
"""

from __future__ import annotations

from typing import NamedTuple

from sroi.exceptions import InvalidValueError
from sroi.lifecycle.state import ContractState
from sroi.model import EvidenceKind

__all__ = ["MissingEvidence", "missing_evidence"]


class MissingEvidence(NamedTuple):
    """A placement that misses evidence, and which kinds it misses."""

    item_id: str
    """The placement's id, e.g. ``"P1"``."""
    missing: tuple[EvidenceKind, ...]
    """The kinds of evidence not yet recorded, in the order of
    :data:`~sroi.model.REQUIRED_EVIDENCE`."""


def missing_evidence(
    state: ContractState, *, approved_only: bool = False
) -> tuple[MissingEvidence, ...]:
    """List the placements of a contract that miss evidence, for a sample audit.

    Rejected and withdrawn placements need no evidence and are left out; so are proposals not
    yet approved when ``approved_only`` is true.

    Args:
        state: the contract's state, e.g. ``state(history, as_of=day)``.
        approved_only: only list approved placements.

    Returns:
        One :class:`MissingEvidence` per placement that misses something, in proposal order.
    """
    if not isinstance(state, ContractState):
        raise InvalidValueError("state", state, "a ContractState (see sroi.lifecycle.state)")
    return tuple(
        MissingEvidence(record.item_id, record.missing_evidence)
        for record in state.placements()
        if record.missing_evidence and (record.approved or not approved_only)
    )
