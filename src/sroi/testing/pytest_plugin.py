"""The pytest plugin of sroi's conformance kit (entry point ``pytest11``: ``sroi``).

Installed with sroi and loaded by every pytest run, it stays idle unless asked: it loads no region
plugin, reads no file and adds no test until one of these is used.

``--sroi-region=CODE`` (repeatable; ``all`` for every installed region)
    Adds one test per soundness check of :mod:`sroi.testing.conformance` for the installed region,
    named ``sroi-region[CODE]::<check>``.

ini option ``sroi_case_dirs`` (paths relative to the ini file; glob patterns allowed)
    Collects every ``*.toml`` file under those directories as a case file: one test per case,
    whose failure names the file, the case and each differing field. The directories must lie
    within the paths pytest collects (as for any test file)::

        [tool.pytest.ini_options]
        sroi_case_dirs = ["tests/cases"]

fixture ``sroi_registry``
    A fresh default registry (installed plugins and ``SROI_RULE_PATH``) for the test, so that
    :func:`sroi.registry.add_rule_files` in one test does not leak into the next.
"""

from __future__ import annotations

import glob
import pathlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr

    from sroi.registry import Registry
    from sroi.testing.conformance import Case

_CASE_DIRS = pytest.StashKey[tuple[pathlib.Path, ...]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--sroi-region`` and the ini option ``sroi_case_dirs``."""
    group = parser.getgroup("sroi", "sroi region plugins (sroi.testing)")
    group.addoption(
        "--sroi-region",
        action="append",
        default=[],
        metavar="CODE",
        help="check that the installed sroi region CODE is sound (repeatable; 'all' for all)",
    )
    parser.addini(
        "sroi_case_dirs",
        type="args",
        default=[],
        help="directories (relative to the ini file, globs allowed) whose *.toml are sroi cases",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Resolve the case directories once."""
    base = config.inipath.parent if config.inipath else config.rootpath
    found: list[pathlib.Path] = []
    for pattern in config.getini("sroi_case_dirs"):
        matches = glob.glob(str(base / pattern)) if glob.has_magic(pattern) else [base / pattern]
        found += [pathlib.Path(match).resolve() for match in matches]
    config.stash[_CASE_DIRS] = tuple(found)


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Say what the kit will check, when it checks anything."""
    lines = []
    if config.getoption("sroi_region"):
        lines.append(f"sroi regions to check: {', '.join(config.getoption('sroi_region'))}")
    dirs: tuple[pathlib.Path, ...] = config.stash.get(_CASE_DIRS, ())
    if dirs:
        lines.append(f"sroi case dirs: {', '.join(str(directory) for directory in dirs)}")
    return lines


def pytest_collect_file(file_path: pathlib.Path, parent: pytest.Collector) -> CaseFile | None:
    """Collect a ``*.toml`` file inside a configured case directory as a case file."""
    if file_path.suffix != ".toml":
        return None
    dirs = parent.config.stash.get(_CASE_DIRS, ())
    if not dirs:
        return None
    resolved = file_path.resolve()
    if any(resolved.is_relative_to(directory) for directory in dirs):
        return CaseFile.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Add the soundness checks of the regions named with ``--sroi-region``."""
    codes: list[str] = config.getoption("sroi_region")
    if not codes:
        return
    from sroi import registry  # noqa: PLC0415 - only when asked

    if "all" in codes:
        try:
            installed = [info.code for info in registry.default().regions()]
        except Exception:  # reported by the checks themselves
            installed = ["all"]
        codes = [code for code in codes if code != "all"] + installed
    for code in dict.fromkeys(codes):
        checks = RegionChecks.from_parent(session, name=f"sroi-region[{code}]", code=code)
        items.extend(checks.collect())


class RegionChecks(pytest.Collector):
    """The soundness checks of one installed region."""

    def __init__(self, *, code: str, **kwargs: Any) -> None:
        super().__init__(nodeid=kwargs["name"], **kwargs)
        self.code = code

    def collect(self) -> list[pytest.Item]:
        """One item per check."""
        from sroi.testing.conformance import CHECKS  # noqa: PLC0415

        return [RegionCheckItem.from_parent(self, name=name) for name in CHECKS]


class RegionCheckItem(pytest.Item):
    """One soundness check of one region."""

    def runtest(self) -> None:
        """Run the check; fail listing its problems."""
        from sroi.testing.conformance import check_region  # noqa: PLC0415

        assert isinstance(self.parent, RegionChecks)
        problems = check_region(self.parent.code, checks=[self.name])
        if problems:
            raise AssertionError("\n".join(problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str | TerminalRepr:  # type: ignore[override]
        """The problems (or the error), without a traceback into the kit."""
        from sroi.exceptions import SroiError  # noqa: PLC0415

        if isinstance(excinfo.value, AssertionError | SroiError):
            return f"{self.nodeid}:\n{excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[pathlib.Path, int | None, str]:
        """Where the check is reported."""
        # not a suffix of the node id, which pytest would rewrite ('.' as '::')
        return self.path, None, f"sroi region check: {self.name}"


class CaseFile(pytest.File):
    """A TOML file of ``[[case]]`` tables."""

    def collect(self) -> Iterator[CaseItem]:
        """One item per case; a broken file is one collection error listing every problem."""
        from sroi.exceptions import RuleFileError  # noqa: PLC0415
        from sroi.testing.conformance import load_cases  # noqa: PLC0415

        try:
            cases = load_cases(self.path)
        except RuleFileError as error:
            raise self.CollectError(str(error)) from None
        for case in cases:
            yield CaseItem.from_parent(self, name=case.name, case=case)


class CaseItem(pytest.Item):
    """One case: its valuation must match what it expects."""

    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        """Value the case; raise a failure naming the file, the case and the differing fields."""
        from sroi.testing.conformance import check_case  # noqa: PLC0415

        check_case(self.case, label=self._label())

    def _label(self) -> str:
        try:
            return str(self.path.relative_to(self.config.rootpath))
        except ValueError:
            return str(self.path)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str | TerminalRepr:  # type: ignore[override]
        """The differing fields, without a traceback into the kit."""
        from sroi.testing.conformance import CaseMismatchError  # noqa: PLC0415

        if isinstance(excinfo.value, CaseMismatchError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[pathlib.Path, int | None, str]:
        """Where the case is reported."""
        return self.path, None, f"sroi case: {self.case.name}"


@pytest.fixture
def sroi_registry() -> Iterator[Registry]:
    """A fresh default registry for one test (installed plugins and ``SROI_RULE_PATH``)."""
    from sroi import registry  # noqa: PLC0415

    fresh = registry.Registry.from_environment()
    previous = registry.reset(fresh)
    try:
        yield fresh
    finally:
        registry.reset(previous)
