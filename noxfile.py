"""Development sessions for sroi: ``nox -l`` lists them, ``nox`` runs the default ones.

The default sessions are the whole test suite that CI runs: tests (core and plugins, editable),
plugin_wheels (the plugins from built wheels), lint, typecheck, docs and dask (batch valuation
on a partitioned table).
"""

from __future__ import annotations

import glob
import os
import pathlib

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "plugin_wheels", "lint", "typecheck", "docs", "dask"]

ROOT = pathlib.Path(__file__).parent
PLUGINS = sorted(
    str(p) for p in (ROOT / "plugins").glob("sroi-*") if (p / "pyproject.toml").exists()
)
# the tutorial's example plugin: installed and tested like the region plugins, so its entry point
# and its data files are exercised end to end (editable in `tests`, from a wheel in `plugin_wheels`)
EXAMPLE_PLUGIN = str(ROOT / "docs" / "tutorial" / "example-plugin")
TEST_DEPS = ["pytest>=8", "hypothesis>=6.100"]
PYTHON = ["3.11"] if os.environ.get("CI") else None


def _install_editable(session: nox.Session, *extra: str, extras: str = "") -> None:
    args = ["-e", f".{extras}"]
    for plugin in PLUGINS:
        args += ["-e", plugin]
    session.install(*args, *extra)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the core and plugin tests against editable installs (``-- -x`` etc. pass through)."""
    # the batch extra (numpy, pandas) so tests/test_batch.py runs; pyarrow to test its Tables
    _install_editable(
        session,
        *TEST_DEPS,
        "nbclient",
        "ipykernel",
        "pyarrow",
        "-e",
        EXAMPLE_PLUGIN,
        extras="[notebook,batch]",
    )
    tested = (*PLUGINS, EXAMPLE_PLUGIN)
    paths = ["tests", *(f"{p}/tests" for p in tested if pathlib.Path(p, "tests").exists())]
    if session.posargs and not session.posargs[0].startswith("-"):
        paths = []
    session.run("pytest", *paths, *session.posargs)


@nox.session(python=PYTHON)
def plugin_wheels(session: nox.Session) -> None:
    """Build wheels of sroi and every plugin, install them (not editable) and run the plugin tests.

    This catches a rule file left out of a plugin's package data.
    """
    if not PLUGINS:
        session.skip("no plugins yet")
    session.install("build")
    dist = pathlib.Path(session.create_tmp()).resolve() / "dist"
    for path in (str(ROOT), *PLUGINS, EXAMPLE_PLUGIN):
        session.run("python", "-m", "build", "--wheel", "--outdir", str(dist), path, silent=True)
    session.install(*glob.glob(str(dist / "*.whl")), *TEST_DEPS, "--reinstall")
    tmp = pathlib.Path(session.create_tmp()).resolve()
    for plugin in (*PLUGINS, EXAMPLE_PLUGIN):
        tests_dir = pathlib.Path(plugin, "tests")
        if tests_dir.exists():
            # run from a temporary directory so that the source tree cannot be imported instead
            session.chdir(tmp)
            session.run("pytest", "-p", "no:cacheprovider", str(tests_dir), *session.posargs)


@nox.session(python=PYTHON, default=False)
def fuzz(session: nox.Session) -> None:
    """The long fuzz run (not a default session): mutated portfolios, rule files, CSV, events.

    ``SROI_FUZZ_EXAMPLES`` documents per entry point (default 100000; the command line gets a
    tenth); prints how many loaded and how many were refused. Expect about an hour and a half
    on one core.
    """
    _install_editable(session, *TEST_DEPS, "-e", EXAMPLE_PLUGIN)
    examples = os.environ.get("SROI_FUZZ_EXAMPLES", "100000")
    session.run(
        "pytest",
        "tests/test_fuzz.py",
        "-p",
        "no:randomly",
        "-p",
        "no:cacheprovider",
        "-s",
        "-q",
        *session.posargs,
        env={"SROI_FUZZ_EXAMPLES": examples},
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff (``ruff check`` and ``ruff format --check``)."""
    session.install("ruff")
    session.run("ruff", "check", ".", *session.posargs)
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """Type-check the library, the plugins and this file with ``mypy --strict``."""
    _install_editable(session, "mypy", "nox", "pandas-stubs", *TEST_DEPS, extras="[notebook,batch]")
    targets = ["src", "noxfile.py", *(f"{p}/src" for p in PLUGINS)]
    session.run("mypy", "--strict", *targets, *session.posargs)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the documentation with Sphinx, warnings as errors, and run its doctests.

    Also runs tests/test_docs.py, whose Sphinx-based checks (every public name and error
    documented) are skipped in the ``tests`` session, which has no Sphinx.
    """
    _install_editable(
        session, "sphinx>=7", "myst-parser>=2", "furo", *TEST_DEPS, extras="[notebook]"
    )
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html")
    session.run(
        "sphinx-build", "-W", "--keep-going", "-b", "doctest", "docs", "docs/_build/doctest"
    )
    session.run("pytest", "-q", "tests/test_docs.py", *session.posargs)


@nox.session(python=PYTHON)
def dask(session: nox.Session) -> None:
    """Value a partitioned placement table with dask.dataframe and compare with one process.

    The example of ``docs/howto/batch-with-dask.md``: ``map_partitions(sroi.batch.value_placements,
    ...)`` must give the same cents as one call on the whole table. Small, so it takes seconds.
    """
    _install_editable(session, "dask[dataframe]", *TEST_DEPS, extras="[batch]")
    session.run("pytest", "-q", "tests/test_batch_dask.py", *session.posargs)


@nox.session(default=False)
def benchmark(session: nox.Session) -> None:
    """Time the valuation core: items per second and report time per contract.

    ``benchmarks/portfolio.py`` values a synthetic portfolio item by item;
    ``benchmarks/valuation.py`` prints the value-schedule and report tables (``-- N`` sets the
    number of placements); ``benchmarks/batch.py`` times the columnar batch and checks its cents.
    """
    _install_editable(session)
    session.run("python", "benchmarks/portfolio.py", *session.posargs)
    session.run("python", "benchmarks/valuation.py", *session.posargs)
    session.run("python", "benchmarks/portfolio_files.py")
    session.install("-e", ".[batch]")
    session.run("python", "benchmarks/batch.py")
