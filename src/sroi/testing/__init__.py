"""Tools for testing sroi and region plugins.

- :mod:`sroi.testing.region_contract`: the soundness contract every region must pass
  (:func:`check_region`, :class:`RegionContract`) and the facts of a region's own document
  declared once (:class:`RegionFacts`).
- :mod:`sroi.testing.casefiles`: case files (:func:`load_cases`, :func:`check_case`).
- :mod:`sroi.testing.builders`: model objects for tests in one line (:func:`builders.placement`,
  :func:`builders.contract` ...).
- :mod:`sroi.testing.assertions`: one-line value assertions on a rule set
  (:func:`assert_block_value`, :func:`assert_bonus_value`, :func:`assert_status` ...).
- :mod:`sroi.testing.conformance`: the contract and case files under their former home.
- :mod:`sroi.testing.pytest_plugin`: the pytest plugin (``--sroi-region``, the ini option
  ``sroi_case_dirs``, the fixture ``sroi_registry``), loaded automatically when sroi is installed.
- :mod:`sroi.testing.strategies`: Hypothesis strategies for the domain model (the value and
  rule-set strategies live in :mod:`sroi.testing.value_strategies` and
  :mod:`sroi.testing.rule_strategies`, and are re-exported there).

The names below are imported on first use, so that loading the pytest plugin stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sroi.testing.assertions import (
        RuleValueMismatch,
        assert_adjustment_value,
        assert_block_value,
        assert_bonus_value,
        assert_cap_months,
        assert_codes,
        assert_parameter_value,
        assert_status,
    )
    from sroi.testing.casefiles import (
        Case,
        CaseMismatchError,
        case_files,
        check_case,
        load_cases,
        run_case,
    )
    from sroi.testing.region_contract import (
        CHECKS,
        RegionContract,
        RegionFacts,
        assert_region_sound,
        check_region,
    )

_HOMES = {
    "CHECKS": "region_contract",
    "RegionContract": "region_contract",
    "RegionFacts": "region_contract",
    "assert_region_sound": "region_contract",
    "check_region": "region_contract",
    "Case": "casefiles",
    "CaseMismatchError": "casefiles",
    "case_files": "casefiles",
    "check_case": "casefiles",
    "load_cases": "casefiles",
    "run_case": "casefiles",
    "RuleValueMismatch": "assertions",
    "assert_adjustment_value": "assertions",
    "assert_block_value": "assertions",
    "assert_bonus_value": "assertions",
    "assert_cap_months": "assertions",
    "assert_codes": "assertions",
    "assert_parameter_value": "assertions",
    "assert_status": "assertions",
}

__all__ = [
    "CHECKS",
    "Case",
    "CaseMismatchError",
    "RegionContract",
    "RegionFacts",
    "RuleValueMismatch",
    "assert_adjustment_value",
    "assert_block_value",
    "assert_bonus_value",
    "assert_cap_months",
    "assert_codes",
    "assert_parameter_value",
    "assert_region_sound",
    "assert_status",
    "case_files",
    "check_case",
    "check_region",
    "load_cases",
    "run_case",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"sroi.testing.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'sroi.testing' has no attribute {name!r}")
