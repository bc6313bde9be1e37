"""Conformance checks for region plugins: the soundness contract and case files, in one place.

This module keeps the names it always had; they now live in smaller modules:

- :mod:`sroi.testing.region_contract`: :data:`CHECKS`, :func:`check_region`,
  :func:`assert_region_sound`, :class:`RegionContract` and :class:`RegionFacts`;
- :mod:`sroi.testing.casefiles`: :class:`Case`, :class:`CaseMismatchError`, :func:`load_cases`,
  :func:`case_files`, :func:`run_case` and :func:`check_case`;
- :mod:`sroi.testing.builders`: the model objects a case describes.
"""

from __future__ import annotations

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
    Check,
    RegionContract,
    RegionFacts,
    assert_region_sound,
    check_region,
)

__all__ = [
    "CHECKS",
    "Case",
    "CaseMismatchError",
    "Check",
    "RegionContract",
    "RegionFacts",
    "assert_region_sound",
    "case_files",
    "check_case",
    "check_region",
    "load_cases",
    "run_case",
]
