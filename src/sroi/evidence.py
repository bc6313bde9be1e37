"""Evidence for a sample audit: *that* a document exists, never the document itself.

A facade kept so that ``from sroi.evidence import ...`` goes on working: the evidence records
live with the model (:mod:`sroi.model`), the question which placements still miss evidence
with the lifecycle (``sroi.lifecycle.evidence``).
"""

from __future__ import annotations

from sroi.lifecycle.evidence import MissingEvidence, missing_evidence
from sroi.model import REQUIRED_EVIDENCE, EvidenceItem, EvidenceKind

__all__ = [
    "REQUIRED_EVIDENCE",
    "EvidenceItem",
    "EvidenceKind",
    "MissingEvidence",
    "missing_evidence",
]
