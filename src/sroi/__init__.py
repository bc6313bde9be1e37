"""sroi: exact, explainable social-return (SROI) contract monitoring.

The public API in one place. Domain classes (:class:`Contract`, :class:`Placement` ...), rule-set
types (:class:`RuleSet`, :class:`BuildingBlock` ...), the valuation engine
(:func:`value_placement`, :func:`obligation`, :func:`measurement_moments` ...) and the exception
hierarchy rooted at :class:`SroiError`.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from sroi.engine import (
    AdjustmentPart,
    BonusPart,
    MeasurementMoment,
    MonthShare,
    ObligationValuation,
    Valuation,
    measurement_moments,
    obligation,
    reference_date,
    value_item,
    value_placement,
    value_project,
    value_purchase,
)
from sroi.exceptions import (
    InvalidValueError,
    PrivacyError,
    ProvisionalRuleWarning,
    SroiError,
    UnknownBlockError,
    ValidationError,
)
from sroi.model import (
    BonusGrant,
    Candidate,
    Contract,
    Location,
    Organisation,
    Placement,
    PlacementKind,
    SocialPurchase,
    SrProject,
)
from sroi.money import round_cents
from sroi.period import Period
from sroi.rules import (
    AdjustmentKind,
    Bonus,
    BonusKind,
    BuildingBlock,
    ObligationAdjustment,
    Parameter,
    Proration,
    Provenance,
    Route,
    RuleSet,
    Status,
    Unit,
)

try:
    __version__ = version("sroi")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "AdjustmentKind",
    "AdjustmentPart",
    "Bonus",
    "BonusGrant",
    "BonusKind",
    "BonusPart",
    "BuildingBlock",
    "Candidate",
    "Contract",
    "InvalidValueError",
    "Location",
    "MeasurementMoment",
    "MonthShare",
    "ObligationAdjustment",
    "ObligationValuation",
    "Organisation",
    "Parameter",
    "Period",
    "Placement",
    "PlacementKind",
    "PrivacyError",
    "Proration",
    "Provenance",
    "ProvisionalRuleWarning",
    "Route",
    "RuleSet",
    "SocialPurchase",
    "SrProject",
    "SroiError",
    "Status",
    "Unit",
    "UnknownBlockError",
    "ValidationError",
    "Valuation",
    "__version__",
    "measurement_moments",
    "obligation",
    "reference_date",
    "round_cents",
    "value_item",
    "value_placement",
    "value_project",
    "value_purchase",
]
