"""The README's promises: its Python example runs as printed, and CI runs its test command."""

from __future__ import annotations

import doctest
import pathlib
import re

import pytest

import sroi
import sroi.registry

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def _shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_the_readme_example_values_a_placement_as_printed() -> None:
    with pytest.warns(sroi.ProvisionalRuleWarning, match="full_time_hours is assumed"):
        result = doctest.testfile(
            str(README), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
        )
    assert result.attempted >= 5
    assert result.failed == 0


def test_the_readme_has_exactly_two_commands() -> None:
    blocks = _shell_blocks()
    assert len(blocks) == 2
    assert all(len(block.strip().splitlines()) == 1 for block in blocks)


def test_ci_runs_the_readme_test_command_and_nothing_weaker() -> None:
    test_command = _shell_blocks()[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [part.strip() for part in test_command.split("&&")]
    ci_lines = [line.strip() for line in ci.splitlines() if line.strip() and line[0] != "#"]
    # every part of the README command runs in CI (CI may add quiet flags to pip)
    assert commands[-1] in ci_lines
    assert any(
        line.startswith("python3 -m pip install") and '"nox[uv]"' in line for line in ci_lines
    )
    assert "set -euo pipefail" in ci
