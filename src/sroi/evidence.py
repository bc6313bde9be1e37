"""Evidence for a sample audit: *that* a document exists, never the document itself.

For every candidate the contractor must be able to show two documents when the SR coordinator
audits a sample (the contractor manual, "Bewijsstukken"):

1. a formal document from a benefits agency, a sheltered company or a recognised training
   institution that shows the candidate's starting position
   (:attr:`EvidenceKind.STARTING_POSITION`);
2. the signed employment, learning-work or internship agreement, or the secondment agreement
   (:attr:`EvidenceKind.SIGNED_AGREEMENT`).

sroi records for each document only its kind, what sort of document it is and its date, so a
coordinator can see which placements still miss evidence. No content, no file, no name.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

import attrs

from sroi import _validators as v
from sroi.exceptions import InvalidValueError

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from sroi.lifecycle import ContractState

__all__ = [
    "REQUIRED_EVIDENCE",
    "EvidenceItem",
    "EvidenceKind",
    "MissingEvidence",
    "missing_evidence",
]


class EvidenceKind(enum.Enum):
    """The two pieces of evidence every placement needs for a sample audit."""

    STARTING_POSITION = "starting_position"
    """A formal document showing the candidate's starting position (uitgangspositie)."""
    SIGNED_AGREEMENT = "signed_agreement"
    """The signed employment, learning-work, internship or secondment agreement."""


REQUIRED_EVIDENCE = (EvidenceKind.STARTING_POSITION, EvidenceKind.SIGNED_AGREEMENT)
"""The evidence every placement needs, in the order the contractor manual lists it."""


@attrs.frozen
class EvidenceItem:
    """A record that one piece of evidence exists: its kind, what document it is and its date.

    Metadata only: ``document_kind`` is a short description such as ``"UWV decision"`` or
    ``"BBL agreement"``, refused when it holds a personal identifier.
    """

    kind: EvidenceKind = attrs.field(validator=v.member(EvidenceKind))
    """Which of the two required pieces of evidence this is."""
    document_kind: str = attrs.field(validator=v.text(100))
    """What sort of document it is, e.g. ``"UWV decision"``; never a name or a number."""
    dated: dt.date = attrs.field(validator=v.supported_date)
    """The date of the document."""


class MissingEvidence(NamedTuple):
    """A placement that misses evidence, and which kinds it misses."""

    item_id: str
    """The placement's id, e.g. ``"P1"``."""
    missing: tuple[EvidenceKind, ...]
    """The kinds of evidence not yet recorded, in the order of :data:`REQUIRED_EVIDENCE`."""


def missing_kinds(recorded: Iterable[EvidenceItem]) -> tuple[EvidenceKind, ...]:
    """The required kinds of evidence not among ``recorded``."""
    present = {item.kind for item in recorded}
    return tuple(kind for kind in REQUIRED_EVIDENCE if kind not in present)


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
    from sroi.lifecycle.history import ContractState as State  # noqa: PLC0415 - import cycle

    if not isinstance(state, State):
        raise InvalidValueError("state", state, "a ContractState (see sroi.lifecycle.state)")
    result = []
    for record in state.placements():
        if approved_only and not record.approved:
            continue
        missing = missing_kinds(record.evidence)
        if missing:
            result.append(MissingEvidence(record.item_id, missing))
    return tuple(result)
