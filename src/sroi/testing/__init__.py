"""Tools for testing sroi and region plugins.

- :mod:`sroi.testing.conformance`: the soundness contract every region must pass
  (:func:`check_region`, :class:`RegionContract`) and case files (:func:`load_cases`,
  :func:`check_case`).
- :mod:`sroi.testing.pytest_plugin`: the pytest plugin (``--sroi-region``, the ini option
  ``sroi_case_dirs``, the fixture ``sroi_registry``), loaded automatically when sroi is installed.
- :mod:`sroi.testing.strategies`: Hypothesis strategies for the domain model.

The names below are imported on first use, so that loading the pytest plugin stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sroi.testing.conformance import (
        CHECKS,
        Case,
        CaseMismatchError,
        RegionContract,
        assert_region_sound,
        case_files,
        check_case,
        check_region,
        load_cases,
        run_case,
    )

__all__ = [
    "CHECKS",
    "Case",
    "CaseMismatchError",
    "RegionContract",
    "assert_region_sound",
    "case_files",
    "check_case",
    "check_region",
    "load_cases",
    "run_case",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("sroi.testing.conformance"), name)
    raise AttributeError(f"module 'sroi.testing' has no attribute {name!r}")
