"""Every example in sroi's docstrings runs and shows what it says."""

from __future__ import annotations

import contextlib
import doctest
import importlib
import io
import pkgutil

import pytest

import sroi

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.IGNORE_EXCEPTION_DETAIL
MODULES = sorted(
    ["sroi", *(info.name for info in pkgutil.walk_packages(sroi.__path__, prefix="sroi."))]
)


def _run(name: str) -> doctest.TestResults:
    module = importlib.import_module(name)
    report = io.StringIO()
    with contextlib.redirect_stdout(report):
        result = doctest.testmod(module, optionflags=FLAGS, report=True)
    assert result.failed == 0, report.getvalue()
    return result


@pytest.mark.parametrize("name", MODULES)
def test_the_docstring_examples_of_a_module_run(name: str) -> None:
    _run(name)


def test_the_core_modules_carry_runnable_examples() -> None:
    for name in ("sroi.period", "sroi.money", "sroi.privacy", "sroi.model", "sroi.ruleset"):
        assert name in MODULES
        assert _run(name).attempted > 0, f"{name} has no examples"
