"""The documentation installs sroi the way it can be installed: from the repository or from wheels.

sroi and its region plugins are not published on a package index yet, so a line such as
``pip install sroi`` or ``pip install "sroi[notebook]" sroi-midden-gelderland`` fails on a fresh
machine (or, worse, installs somebody else's package of that name). Every ``pip install`` in the
pages, the README and the plugins' READMEs must name a path (``.``, ``./plugins/...``,
``"$SROI[testing]"``) or a built wheel instead. Other tools (``build``, ``nox``) come from the
index as usual.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

OURS = re.compile(r"^(sroi|sroi[-_][a-z0-9-_]+)\s*(\[[^\]]*\])?\s*([<>=!~;@].*)?$", re.IGNORECASE)
"""A requirement that names sroi or one of its plugins by its distribution name."""

_INSTALL = re.compile(r"\b(?:uv\s+)?pip3?\s+install\s+(?P<args>[^`\n]*)")
"""A ``pip install`` (``uv pip install``, ``python -m pip install``) up to a backtick or EOL."""

# Options of pip install that take a value: the value is no requirement.
_WITH_VALUE = frozenset({"-r", "--requirement", "-c", "--constraint", "-t", "--target", "--prefix"})


def _pages() -> list[Path]:
    pages = [ROOT / "README.md", *sorted((ROOT / "plugins").glob("*/README.md"))]
    pages += sorted(
        page for page in DOCS.rglob("*.md") if "_build" not in page.relative_to(DOCS).parts
    )
    return pages


def _requirements(arguments: str) -> Iterator[str]:
    """The requirements that ``pip install`` arguments name (options and their values left out)."""
    try:
        words = shlex.split(arguments, comments=True)
    except ValueError:  # an unbalanced quote in prose: fall back to spaces
        words = arguments.split()
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word in {"&&", "||", ";", "|"}:
            return
        if word in _WITH_VALUE:
            skip = True
            continue
        if word.startswith("-"):
            continue
        yield word


def _index_installs(text: str, label: str) -> list[str]:
    """Each ``pip install`` in ``text`` that names sroi or a plugin by name, with its line."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _INSTALL.finditer(line):
            named = [word for word in _requirements(match["args"]) if OURS.match(word)]
            if named:
                found.append(f"{label}:{number}: pip install {' '.join(named)}")
    return found


def _page_installs(page: Path) -> list[str]:
    return _index_installs(page.read_text(encoding="utf-8"), str(page.relative_to(ROOT)))


@pytest.mark.parametrize(
    ("line", "from_index"),
    [
        ("$ pip install sroi sroi-midden-gelderland", True),
        ('pip install "sroi[notebook]"', True),
        ("python -m pip install 'sroi>=0.1'", True),
        ("uv pip install sroi_noord_holland", True),
        ("pip install -e .", False),
        ("pip install . ./plugins/sroi-midden-gelderland ./plugins/sroi-noord-holland", False),
        ('pip install ".[testing]"', False),
        ('/tmp/env/bin/pip install "$SROI[testing]" dist/sroi_voorbeeldstad-0.1.0.whl', False),
        ('python3 -m pip install "nox[uv]" && python3 -m nox', False),
        ("pip install build", False),
        ("pip install -e plugins/sroi-noord-holland", False),
        ("pip install -c constraints.txt sroi", True),
    ],
)
def test_the_check_tells_an_index_install_from_a_path_or_a_wheel(
    line: str, from_index: bool
) -> None:
    text = f"Some text\n\n```console\n{line}\n```\n"
    assert bool(_index_installs(text, "page.md")) is from_index


def test_no_page_tells_users_to_install_sroi_from_a_package_index() -> None:
    pages = _pages()
    assert ROOT / "docs" / "getting-started.md" in pages
    found = [hit for page in pages for hit in _page_installs(page)]
    assert not found, (
        "sroi is not on a package index: install from the repository (pip install . "
        f"./plugins/...) or from built wheels instead: {found}"
    )


def test_getting_started_installs_from_the_checkout_and_from_wheels() -> None:
    text = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    assert "$ pip install . ./plugins/sroi-midden-gelderland ./plugins/sroi-noord-holland" in text
    assert "$ python -m build --wheel --outdir dist ." in text
    assert "$ pip install dist/*.whl" in text


def test_the_plugin_tutorial_gives_the_commands_to_build_and_test_a_wheel() -> None:
    text = (DOCS / "tutorial" / "write-a-region-plugin.md").read_text(encoding="utf-8")
    step = text.split("## 7. Test the wheel", 1)[1].split("\n## ", 1)[0]
    commands = [line[2:] for line in step.splitlines() if line.startswith("$ ")]
    assert any("python -m build --wheel --outdir dist ." in c for c in commands), step
    (install,) = [c for c in commands if " install " in c and ".whl" in c]
    assert "dist/sroi_voorbeeldstad-" in install
    assert any("-m pytest" in c and "/tests" in c for c in commands), commands
    # the wheel is tested from outside the source tree
    assert any(c.startswith("cd ") and "mktemp" in c for c in commands), commands
