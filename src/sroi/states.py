"""The states a report speaks of: what it measures, how an item counts, how a moment stands.

These enums are plain values with no behaviour, kept at the bottom of the house so that the
monitoring core, the explanations, the renderers and the command line all name the same things
the same way (the label catalogue in :mod:`sroi.labels` gives their Dutch and English names).
"""

from __future__ import annotations

import enum

__all__ = ["Measure", "MomentState", "ReviewStatus", "Standing"]


class Measure(enum.StrEnum):
    """What an amount in a report measures.

    A :class:`~enum.StrEnum`, so ``Measure.REALISED == "realised"``: functions that take a
    measure also take its value as a string.
    """

    OBLIGATION = "obligation"
    """The social-return obligation of the contract."""
    REALISED = "realised"
    """The value of approved items through the report date."""
    PENDING = "pending"
    """The value of items proposed and not yet reviewed, through the report date."""
    FORECAST = "forecast"
    """The value of approved and pending items over their whole agreed periods."""


class Standing(enum.Enum):
    """How an item counts in a report, derived from its review status."""

    APPROVED = "approved"
    """Counts in realised and forecast."""
    PENDING = "pending"
    """Counts in pending and forecast."""
    NOT_COUNTED = "not_counted"
    """Counts nowhere (rejected, withdrawn, or sent back for changes)."""


class MomentState(enum.Enum):
    """Whether the contract was on track at a measurement moment."""

    AHEAD = "ahead"
    """Realised already reaches the next moment's target (the obligation for the last)."""
    ON_TRACK = "on_track"
    """Realised reaches this moment's target but not the next one's."""
    BEHIND = "behind"
    """Realised is below this moment's target."""
    NOT_YET_REACHED = "not_yet_reached"
    """The moment's date is after the report date."""


class ReviewStatus(enum.Enum):
    """Where a proposed item stands in the SR coordinator's review."""

    PROPOSED = "proposed"
    """Proposed by the contractor (voorgedragen), not yet decided."""
    APPROVED = "approved"
    """Approved (goedgekeurd): its value counts as realised."""
    REJECTED = "rejected"
    """Rejected (afgekeurd), with a reason: it never counts."""
    CHANGES_REQUESTED = "changes_requested"
    """The coordinator asked for changes; the contractor resubmits or withdraws it."""
    WITHDRAWN = "withdrawn"
    """Withdrawn by the contractor: it never counts."""

    @property
    def counts(self) -> bool:
        """Whether an item with this status counts as realised (only approved items do)."""
        return self is ReviewStatus.APPROVED

    @property
    def open(self) -> bool:
        """Whether the review is still open (proposed, or changes requested)."""
        return self in (ReviewStatus.PROPOSED, ReviewStatus.CHANGES_REQUESTED)

    @property
    def active(self) -> bool:
        """Whether the item may still count: not rejected and not withdrawn."""
        return self not in (ReviewStatus.REJECTED, ReviewStatus.WITHDRAWN)
