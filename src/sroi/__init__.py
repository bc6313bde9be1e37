"""sroi: exact, explainable social-return (SROI) contract monitoring.

The public API in one place. Domain classes (:class:`Contract`, :class:`Placement` ...), rule-set
types (:class:`RuleSet`, :class:`BuildingBlock` ...), the valuation engine
(:func:`value_placement`, :func:`obligation`, :func:`measurement_moments` ...) and the exception
hierarchy rooted at :class:`SroiError`.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import sroi.formatting  # noqa: F401 - registers the HTML views with sroi._seams
from sroi.consolidation import (
    ConsolidatedReport,
    DoubleCounting,
    GroupTotals,
    MomentSummary,
    OverlapPeriod,
    consolidate,
    find_double_counting,
)
from sroi.csvimport import read_placements_csv, read_purchases_csv
from sroi.directory import Directory, SearchResult
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
from sroi.evidence import EvidenceItem, EvidenceKind, missing_evidence
from sroi.exceptions import (
    DuplicateOrganisationError,
    InvalidTransitionError,
    InvalidValueError,
    LifecycleError,
    MissingExtraError,
    PersonalDataWarning,
    PluginConflictError,
    PrivacyError,
    ProvisionalRuleWarning,
    RegionNotFoundError,
    RuleFileError,
    RuleVersionNotFoundError,
    SroiError,
    UnknownBlockError,
    UnknownItemError,
    ValidationError,
)
from sroi.explanation import Explanation, explain, explain_report
from sroi.fulfilment import (
    Amounts,
    FulfilmentReport,
    Measure,
    MomentState,
    MomentStatus,
    ReportLine,
    ReviewedItem,
    Standing,
    fulfilment_report,
)
from sroi.hookspecs import hookimpl
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
from sroi.plugins import get_plugin_manager
from sroi.portfolio import Portfolio, dump_portfolio, load_portfolio, portfolio_json_schema
from sroi.region import Region, RegionInfo, RuleVersionInfo
from sroi.registry import obligation_for, regions, rules, rules_for
from sroi.reporting import report
from sroi.rulefile import load_rule_file, load_rule_files
from sroi.ruleset import (
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
    "Amounts",
    "Bonus",
    "BonusGrant",
    "BonusKind",
    "BonusPart",
    "BuildingBlock",
    "Candidate",
    "ConsolidatedReport",
    "Contract",
    "Directory",
    "DoubleCounting",
    "DuplicateOrganisationError",
    "EvidenceItem",
    "EvidenceKind",
    "Explanation",
    "FulfilmentReport",
    "GroupTotals",
    "InvalidTransitionError",
    "InvalidValueError",
    "LifecycleError",
    "Location",
    "Measure",
    "MeasurementMoment",
    "MissingExtraError",
    "MomentState",
    "MomentStatus",
    "MomentSummary",
    "MonthShare",
    "ObligationAdjustment",
    "ObligationValuation",
    "Organisation",
    "OverlapPeriod",
    "Parameter",
    "Period",
    "PersonalDataWarning",
    "Placement",
    "PlacementKind",
    "PluginConflictError",
    "Portfolio",
    "PrivacyError",
    "Proration",
    "Provenance",
    "ProvisionalRuleWarning",
    "Region",
    "RegionInfo",
    "RegionNotFoundError",
    "ReportLine",
    "ReviewedItem",
    "Route",
    "RuleFileError",
    "RuleSet",
    "RuleVersionInfo",
    "RuleVersionNotFoundError",
    "SearchResult",
    "SocialPurchase",
    "SrProject",
    "SroiError",
    "Standing",
    "Status",
    "Unit",
    "UnknownBlockError",
    "UnknownItemError",
    "ValidationError",
    "Valuation",
    "__version__",
    "consolidate",
    "dump_portfolio",
    "explain",
    "explain_report",
    "find_double_counting",
    "fulfilment_report",
    "get_plugin_manager",
    "hookimpl",
    "load_portfolio",
    "load_rule_file",
    "load_rule_files",
    "measurement_moments",
    "missing_evidence",
    "obligation",
    "obligation_for",
    "portfolio_json_schema",
    "read_placements_csv",
    "read_purchases_csv",
    "reference_date",
    "regions",
    "report",
    "round_cents",
    "rules",
    "rules_for",
    "value_item",
    "value_placement",
    "value_project",
    "value_purchase",
]
