"""The documentation covers the public API, and the examples in docstrings run.

The API page is built on its own with the documentation's own configuration (Sphinx's ``dummy``
builder, which reads and resolves but writes nothing), and the Python objects it describes are
compared with ``sroi.__all__`` and with the ``__all__`` of each module the page documents. Reading
what Sphinx documented, rather than searching the page's text, also catches a name that is listed
but has no docstring, which autodoc would silently leave out.

The ``>>>`` examples in sroi's docstrings run here in the namespace of their own module (the
documentation's doctest build runs the pages' examples).
"""

from __future__ import annotations

import doctest
import importlib
import io
import pkgutil
import re
import shutil
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import sroi

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DOCS = Path(__file__).resolve().parent.parent / "docs"
API_PAGE = DOCS / "reference" / "api.md"
ERRORS_PAGE = DOCS / "reference" / "errors.md"

DOCUMENTED_MODULES = (
    "sroi.period",
    "sroi.money",
    "sroi.model",
    "sroi.ruleset",
    "sroi.engine",
    "sroi.privacy",
    "sroi.exceptions",
    "sroi.lifecycle",
    "sroi.explanation",
    "sroi.registry",
    "sroi.directory",
    "sroi.evidence",
)
"""The modules whose every public name the API page documents, besides the top level."""


@pytest.fixture(scope="module")
def documented(tmp_path_factory: pytest.TempPathFactory) -> frozenset[str]:
    """Full names of the Python objects that the API page describes."""
    pytest.importorskip("sphinx", reason="the docs tools (sphinx, myst-parser) are not installed")
    pytest.importorskip("myst_parser", reason="the docs tools are not installed")
    source = tmp_path_factory.mktemp("api-source")
    shutil.copy(API_PAGE, source / "api.md")
    build = tmp_path_factory.mktemp("api-build")
    with warnings.catch_warnings():
        # Sphinx's extensions use each other's deprecated interfaces (napoleon reads autodoc's
        # options as a mapping); that is Sphinx's business, not what this test checks.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        app = _build(source, build)
    objects = app.env.get_domain("py").objects
    # autodoc also registers a re-exported class under its defining module (``:canonical:``);
    # those aliases only make references resolve, they are not documentation
    return frozenset(name for name, entry in objects.items() if not entry.aliased)


def _build(source: Path, build: Path) -> Sphinx:
    from sphinx.application import Sphinx

    app = Sphinx(
        srcdir=source,
        confdir=DOCS,
        outdir=build / "out",
        doctreedir=build / "doctrees",
        buildername="dummy",
        # links to the other pages cannot resolve in a build of this page alone
        confoverrides={"root_doc": "api", "nitpicky": False},
        status=None,
        warning=io.StringIO(),
        freshenv=True,
    )
    app.build()
    return app


def _documented_name(module_name: str, name: str) -> str:
    """Where a module's public name is documented: at the top level when sroi re-exports it."""
    module = importlib.import_module(module_name)
    if name in sroi.__all__ and getattr(sroi, name) is getattr(module, name):
        return f"sroi.{name}"
    return f"{module_name}.{name}"


def test_every_name_that_sroi_exports_is_in_the_api_reference(documented: frozenset[str]) -> None:
    missing = [name for name in sroi.__all__ if f"sroi.{name}" not in documented]
    assert not missing, f"add these to docs/reference/api.md (as sroi.<name>): {missing}"


@pytest.mark.parametrize("module_name", DOCUMENTED_MODULES)
def test_every_public_name_of_a_documented_module_is_in_the_api_reference(
    documented: frozenset[str], module_name: str
) -> None:
    module = importlib.import_module(module_name)
    assert documented >= {module_name}, f"docs/reference/api.md has no automodule {module_name}"
    missing = [
        _documented_name(module_name, name)
        for name in module.__all__
        if _documented_name(module_name, name) not in documented
    ]
    assert not missing, f"add these to docs/reference/api.md: {missing}"


def test_the_api_reference_documents_nothing_twice_under_two_names(
    documented: frozenset[str],
) -> None:
    """A re-exported class is documented as sroi.X only, never also as sroi.<module>.X."""
    doubled = [
        f"{module_name}.{name}"
        for module_name in DOCUMENTED_MODULES
        for name in importlib.import_module(module_name).__all__
        if _documented_name(module_name, name) == f"sroi.{name}"
        and f"{module_name}.{name}" in documented
    ]
    assert not doubled, f"documented both at the top level and in their module: {doubled}"


def test_every_error_and_warning_is_described_on_the_errors_page() -> None:
    from sroi import exceptions

    page = ERRORS_PAGE.read_text(encoding="utf-8")
    raised = [
        name
        for name in exceptions.__all__
        if isinstance(getattr(exceptions, name), type)
        and issubclass(getattr(exceptions, name), (sroi.SroiError, Warning))
    ]
    assert "SroiError" in raised
    assert "ProvisionalRuleWarning" in raised
    missing = [name for name in raised if not re.search(rf"\b{name}\b", page)]
    assert not missing, f"describe these on docs/reference/errors.md: {missing}"


SROI_MODULES = sorted(
    ["sroi", *(info.name for info in pkgutil.walk_packages(sroi.__path__, "sroi."))]
)


@pytest.mark.parametrize("module_name", SROI_MODULES)
def test_the_examples_in_a_modules_docstrings_run(module_name: str) -> None:
    module = importlib.import_module(module_name)
    output = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(module, module_name):
        runner.run(test, out=output.write)
    assert runner.failures == 0, output.getvalue()
