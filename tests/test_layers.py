"""The house has one-way doors: no import circles, and no import from a lower layer to a higher one.

The layers, bottom to top, are the ones docs/explanation/architecture.md describes. A module may
import from its own layer and the layers below it. Imports inside functions count (a lazy import
is still a door); imports under ``if TYPE_CHECKING:`` do not (they are never executed).
"""

from __future__ import annotations

import ast
import fnmatch
import graphlib
import pathlib

import pytest

SRC = pathlib.Path(__file__).parent.parent / "src"

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "base",
        (
            "sroi._[!_]*",
            "sroi.exceptions",
            "sroi.privacy",
            "sroi.money",
            "sroi.period",
            "sroi.states",
            "sroi.serde.plain",
        ),
    ),
    ("model", ("sroi.model", "sroi.model.*", "sroi.ruleset", "sroi.ruleset.*", "sroi.labels")),
    ("rules", ("sroi.rulefile", "sroi.rulefile.*", "sroi.region")),
    ("engine", ("sroi.engine", "sroi.engine.*")),
    ("registry", ("sroi.hookspecs", "sroi.plugins", "sroi.registry", "sroi.registry.*")),
    ("lifecycle", ("sroi.lifecycle", "sroi.lifecycle.*", "sroi.evidence")),
    ("monitoring core", ("sroi.fulfilment",)),
    (
        "monitoring",
        (
            "sroi.explanation",
            "sroi.explanation.*",
            "sroi.reporting",
            "sroi.consolidation",
            "sroi.plan",
            "sroi.plan.*",
            "sroi.settlement",
        ),
    ),
    (
        "edges",
        (
            "sroi.formatting",
            "sroi.formatting.*",
            "sroi.rendering",
            "sroi.rendering.*",
            "sroi.serde",
            "sroi.serde.*",
            "sroi.schema",
            "sroi.portfolio",
            "sroi.portfolio.*",
            "sroi.csvimport",
            "sroi.directory",
            "sroi.batch",
            "sroi.batch.*",
            "sroi.notebook",
            "sroi.notebook.*",
            "sroi.cli",
            "sroi.cli.*",
            "sroi.testing",
            "sroi.testing.*",
            "sroi",
            "sroi.__main__",
        ),
    ),
)
"""Each layer's modules, as shell-style patterns; the first layer that matches a module wins."""

PURE_CORE_AVOIDS = ("sroi.registry", "sroi.plugins", "sroi.hookspecs")
"""The fulfilment core computes from values it is given; it never reaches for the registry."""


def modules(root: pathlib.Path = SRC) -> dict[str, pathlib.Path]:
    """Every module under ``root/sroi`` by dotted name (a package by its own name)."""
    found = {}
    for path in (root / "sroi").rglob("*.py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _targets(name: str, path: pathlib.Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    if node.level:
        base = package.split(".")[: len(package.split(".")) - node.level + 1]
        module = ".".join([*base, *([node.module] if node.module else [])])
    else:
        module = node.module or ""
    submodules = [f"{module}.{alias.name}" for alias in node.names]
    return [*submodules, module]  # the caller keeps what is a module: sroi.x, else its package


def import_graph(known: dict[str, pathlib.Path]) -> dict[str, set[str]]:
    """Which sroi modules each module imports, outside ``if TYPE_CHECKING:`` blocks."""
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for inner in ast.walk(node)
        }
        imported: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in typing_only:
                targets = [target for target in _targets(name, path, node) if target in known]
                if isinstance(node, ast.ImportFrom) and len(targets) > 1:
                    targets = targets[:-1]  # from a package import its modules: the modules
                imported.update(target for target in targets if target != name)
        graph[name] = imported
    return graph


def layer_of(module: str) -> int:
    """The index of the layer ``module`` belongs to."""
    for index, (_, patterns) in enumerate(LAYERS):
        if any(fnmatch.fnmatchcase(module, pattern) for pattern in patterns):
            return index
    raise LookupError(f"{module} belongs to no layer: add it to LAYERS")


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Every import from a module to one in a higher layer, as readable lines."""
    return [
        f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for module, targets in sorted(graph.items())
        for target in sorted(targets)
        if layer_of(target) > layer_of(module)
    ]


GRAPH = import_graph(modules())


def test_every_module_has_a_layer() -> None:
    for module in GRAPH:
        layer_of(module)


def test_there_is_no_import_circle() -> None:
    graphlib.TopologicalSorter(GRAPH).prepare()  # raises CycleError naming the circle


def test_no_module_imports_from_a_higher_layer() -> None:
    assert upward_imports(GRAPH) == []


def test_the_fulfilment_core_does_not_reach_for_the_registry() -> None:
    core = {module: targets for module, targets in GRAPH.items() if layer_of(module) == 6}
    assert core, "the monitoring core layer names no module"
    reached = {
        f"{module} -> {target}"
        for module, targets in core.items()
        for target in targets
        if target.startswith(PURE_CORE_AVOIDS)
    }
    assert reached == set()


def test_every_module_is_under_500_lines() -> None:
    long = {
        name: count
        for name, path in modules().items()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) >= 500
    }
    assert long == {}


def test_the_checks_see_a_circle_and_an_upward_door() -> None:
    """The analysis itself: a made-up graph with a circle and an upward import is caught."""
    bad = {"sroi.money": {"sroi.engine"}, "sroi.engine": {"sroi.money"}}
    with pytest.raises(graphlib.CycleError):
        graphlib.TopologicalSorter(bad).prepare()
    assert upward_imports(bad) == ["sroi.money (base) imports sroi.engine (engine)"]


def test_lazy_imports_count_and_typing_only_imports_do_not(tmp_path: pathlib.Path) -> None:
    package = tmp_path / "sroi"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "money.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from sroi.engine import schedule\n"
        "def f():\n    from sroi import period\n"
    )
    (package / "engine.py").write_text("")
    (package / "period.py").write_text("")
    graph = import_graph(modules(tmp_path))
    assert graph["sroi.money"] == {"sroi.period"}
