"""The hook specifications: typed, documented, and each with its section in the reference."""

from __future__ import annotations

import inspect
import pathlib
import re
from collections.abc import Callable
from typing import Any

import pytest

import sroi
from sroi import hookspecs

HOOKS_PAGE = pathlib.Path(__file__).parents[1] / "docs" / "reference" / "hooks.md"


def _specs() -> list[Callable[..., Any]]:
    return [
        function
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(function, "sroi_spec")
    ]


def _signature(function: Callable[..., Any]) -> str:
    """The signature as written in the module, e.g. ``sroi_x(a: A) -> B``."""
    parameters = ", ".join(
        f"{parameter.name}: {parameter.annotation}"
        for parameter in inspect.signature(function).parameters.values()
    )
    returns = inspect.signature(function).return_annotation
    return f"{function.__name__}({parameters}) -> {returns}"


def test_there_are_hooks_to_contribute_regions_and_for_regional_logic() -> None:
    assert {spec.__name__ for spec in _specs()} == {
        "sroi_regions",
        "sroi_reference_date",
        "sroi_obligation",
        "sroi_settlement",
    }


@pytest.mark.parametrize("spec", _specs(), ids=lambda spec: spec.__name__)
def test_every_hook_is_typed_and_documented(spec: Callable[..., Any]) -> None:
    signature = inspect.signature(spec)
    assert signature.return_annotation is not inspect.Signature.empty
    assert all(p.annotation is not inspect.Parameter.empty for p in signature.parameters.values())
    doc = inspect.getdoc(spec) or ""
    assert re.search(r"\.\. versionadded:: 0\.\d+", doc)
    assert "Returns:" in doc
    for name in signature.parameters:
        assert f"{name}:" in doc, f"{spec.__name__}: parameter {name} is not documented"


@pytest.mark.parametrize("spec", _specs(), ids=lambda spec: spec.__name__)
def test_every_hook_has_a_section_headed_by_its_exact_signature(spec: Callable[..., Any]) -> None:
    headings = re.findall(r"^## `(.+)`$", HOOKS_PAGE.read_text(encoding="utf-8"), re.MULTILINE)
    assert _signature(spec) in headings


def test_the_reference_documents_no_hook_that_does_not_exist() -> None:
    headings = re.findall(r"^## `(sroi_\w+)\(", HOOKS_PAGE.read_text(encoding="utf-8"), re.M)
    assert sorted(headings) == sorted(spec.__name__ for spec in _specs())


def test_plugins_mark_implementations_with_sroi_hookimpl() -> None:
    assert sroi.hookimpl is hookspecs.hookimpl
    assert sroi.hookimpl.project_name == "sroi"


def test_regions_come_from_every_plugin_and_regional_logic_from_the_first_answer() -> None:
    options = {spec.__name__: spec.sroi_spec for spec in _specs()}  # type: ignore[attr-defined]
    assert options["sroi_regions"]["firstresult"] is False
    assert options["sroi_reference_date"]["firstresult"] is True
    assert options["sroi_obligation"]["firstresult"] is True
