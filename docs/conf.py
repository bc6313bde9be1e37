"""Sphinx configuration for the sroi documentation (MyST Markdown, built with warnings as errors).

sroi itself is imported from the environment (``pip install -e .``), never from a patched
``sys.path``. Build with ``nox -s docs``, or by hand::

    sphinx-build -W --keep-going -b html docs docs/_build/html
    sphinx-build -W --keep-going -b doctest docs docs/_build/doctest
"""

from __future__ import annotations

import enum
import sys
from typing import Any

import attrs
from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

import sroi

project = "sroi"
author = "The sroi developers"
copyright = "the sroi developers"
release = sroi.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
# tutorial/example-plugin is a complete example project that the tutorial pages include from; its
# README is part of that project, not a page of this site.
exclude_patterns = ["_build", "tutorial/example-plugin"]
# Every reference must resolve (with -W a broken one fails the build), including the types that
# autodoc writes from annotations. The only exceptions are the other libraries' names below: the
# build machines have no network, so no intersphinx inventory can resolve them (see
# intersphinx_mapping). Everything of sroi's own is documented on some page.
nitpicky = True
nitpick_ignore_regex = [
    # the standard library: datetime.date, decimal.Decimal, collections.abc.Mapping, os.PathLike ...
    (
        r"py:.*",
        r"(datetime|decimal|fractions|collections\.abc|typing|os|enum|pathlib|importlib\.resources\.abc)\..+",
    ),
    # the standard library's datetime, as annotations written after `import datetime as dt` read
    # when autodoc cannot evaluate them (`dt.date`)
    (r"py:class", r"dt\.(date|datetime)"),
    # standard-library modules named in prose (reprlib)
    (r"py:mod", r"reprlib"),
    # sroi's dependencies: attrs.evolve, pluggy.PluginManager, pluggy.PluginValidationError ...
    (r"py:.*", r"(attrs|cattrs|pluggy|pendulum)(\._\w+)*\..+"),
    # the optional extras' libraries (no inventories offline): pandas.DataFrame, numpy.ndarray ...
    (r"py:.*", r"(pandas|pd|numpy|np|pyarrow|pa|matplotlib|dask)\..+"),
]

# MyST
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# autodoc and napoleon (Google-style docstrings)
autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_class_signature = "mixed"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# The build machines have no network except the package index, so intersphinx must not fetch
# anything: no inventories are configured. Add {"python": ("https://docs.python.org/3", None)}
# where the documentation is built with network access.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

# doctest: `sphinx-build -b doctest` runs every ```{doctest} block of the pages. The ``>>>``
# examples in docstrings, which the API reference shows, are run by tests/test_docs.py in the
# namespace of their own module (as `pytest --doctest-modules` would), so they are not run here.
# A ProvisionalRuleWarning is an error: examples use verified rule values, or show the warning on
# purpose inside `warnings.catch_warnings()`.
doctest_test_doctest_blocks = ""
doctest_global_setup = """
import warnings as _sroi_warnings

import sroi as _sroi

_sroi_doctest_warnings = _sroi_warnings.catch_warnings()
_sroi_doctest_warnings.__enter__()
_sroi_warnings.simplefilter("error", _sroi.ProvisionalRuleWarning)
"""
doctest_global_cleanup = """
_sroi_doctest_warnings.__exit__(None, None, None)
"""

# HTML
html_theme = "furo"
html_title = f"sroi {release}"


def _reexported_target(target: str) -> str | None:
    """Map a reference to a name re-exported by ``sroi`` onto its documented, top-level name.

    The public classes and functions are documented where users import them from (``sroi.Period``),
    while docstrings and type hints name the defining module (``sroi.period.Period``) or use the
    bare name (``Period``, ``Status.VERIFIED``).
    """
    parts = target.split(".")
    if len(parts) >= 3 and parts[0] == "sroi" and parts[2] in sroi.__all__:
        return ".".join(["sroi", *parts[2:]])
    if parts[0] in sroi.__all__:
        return ".".join(["sroi", *parts])
    return None


def _exporting_modules(target: str) -> list[str]:
    """Full names for a bare reference (``MISSING``, ``Registry.obligation``) by who exports it.

    A docstring may name a public name of its own module without the module, while the page
    documents the object under ``sroi`` (``sroi.Directory.search`` mentions ``MIN_QUERY_LENGTH``
    of ``sroi.directory``). Every sroi module whose ``__all__`` holds the first part is a
    candidate, the shortest module name first.
    """
    head = target.partition(".")[0]
    modules = sorted(
        (
            name
            for name, module in list(sys.modules.items())
            if (name == "sroi" or name.startswith("sroi."))
            and head in getattr(module, "__all__", ())
        ),
        key=lambda name: (name.count("."), name),
    )
    return [f"{name}.{target}" for name in modules]


def _resolve_reexported(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.reference | None:
    if node.get("refdomain") != "py":
        return None
    reexported = _reexported_target(node["reftarget"])
    candidates = [] if reexported is None else [reexported]
    if not node["reftarget"].startswith("sroi."):
        candidates += _exporting_modules(node["reftarget"])
    domain = env.get_domain("py")
    for target in candidates:
        resolved = domain.resolve_xref(
            env, node["refdoc"], app.builder, node["reftype"], target, node, contnode
        )
        if resolved is not None:
            return resolved
    return None


_LONG_DEFAULT = 40


def _default_text(cls: type, default: object) -> str:
    """How a field's default reads in a signature: a public constant's name, or a short repr."""
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return "<factory>"
    if isinstance(default, enum.Enum):
        return f"{type(default).__name__}.{default.name}"
    module = sys.modules[cls.__module__]
    for name in getattr(module, "__all__", ()):
        if getattr(module, name, None) is default and not isinstance(default, (int, str)):
            return str(name)
    text = repr(default)
    return text if len(text) <= _LONG_DEFAULT else "<default>"


def _attrs_signature(  # noqa: PLR0917 - the event's signature
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, str | None] | None:
    """Write an attrs class's signature from its fields, with readable defaults; none for enums.

    The generated ``__init__`` shows factories as ``NOTHING`` and spells out long default objects
    (a whole assumed ``Parameter``); the signature here shows ``<factory>``, the name of a public
    constant, or ``<default>`` (the field's documentation says what it is).
    """
    if what not in {"class", "exception"} or not isinstance(obj, type):
        return None
    if issubclass(obj, enum.Enum):
        return "", None  # members are listed; calling the class is not how one gets them
    if not attrs.has(obj):
        return None
    parts: list[str] = []
    keyword_only = False
    for field in attrs.fields(obj):
        if not field.init:
            continue
        if field.kw_only and not keyword_only:
            parts.append("*")
            keyword_only = True
        text = field.alias or field.name
        if field.default is not attrs.NOTHING:
            text += f"={_default_text(obj, field.default)}"
        parts.append(text)
    return f"({', '.join(parts)})", return_annotation


# napoleon reads the first line of an attribute, data or property docstring as "type: text", so
# "The period asked for (None: the whole period)." would render as a type "The period asked for
# (None". sroi writes types as annotations, never inline. A guard line without a colon, added
# before napoleon runs (priority 500) and removed after it, keeps the docstring as written while
# napoleon still formats any Google-style sections in it.
_GUARD = ".. sroi-no-inline-type"
_ATTRIBUTE_KINDS = frozenset({"attribute", "data", "property"})


def _guard_inline_type(  # noqa: PLR0917 - the event's signature
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    if what in _ATTRIBUTE_KINDS and any(line.strip() for line in lines):
        lines[:0] = [_GUARD, ""]


def _remove_guard(  # noqa: PLR0917 - the event's signature
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    if what in _ATTRIBUTE_KINDS and lines and lines[0].strip() == _GUARD:
        del lines[0]
        while lines and not lines[0].strip():
            del lines[0]


def setup(app: Sphinx) -> dict[str, Any]:
    """Resolve re-exported names, write attrs signatures, keep attribute docstrings as written."""
    app.connect("missing-reference", _resolve_reexported)
    app.connect("autodoc-process-signature", _attrs_signature)
    app.connect("autodoc-process-docstring", _guard_inline_type, priority=499)
    app.connect("autodoc-process-docstring", _remove_guard, priority=501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
