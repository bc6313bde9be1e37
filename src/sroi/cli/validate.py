"""``sroi validate`` and ``sroi plot``: check a portfolio file, chart one of its contracts."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pathlib
from collections.abc import Sequence
from typing import TextIO

from sroi._validators import check_path
from sroi.cli.arguments import CHART_FORMATS
from sroi.cli.common import INVALID, OK, contract_report, one_contract, portfolio_registry
from sroi.exceptions import SroiError, ValidationError
from sroi.notebook import plot_progress, require
from sroi.portfolio import load_portfolio_file

__all__ = ["plot_command", "validate_command"]


def validate_command(arguments: argparse.Namespace, out: TextIO) -> int:
    """``sroi validate FILE``: every problem of the file, or a line that says it is valid."""
    path: pathlib.Path = arguments.file
    try:
        portfolio = load_portfolio_file(path)
    except ValidationError as error:
        out.write(_problems(os.fspath(path), [str(problem) for problem in error.errors]))
        return INVALID
    problems = []
    registry = portfolio_registry(portfolio, path)
    today = dt.date.today()
    for index, history in enumerate(portfolio.contracts):
        try:
            as_of = max(today, history.latest().last_recorded_on)
            contract_report(history, registry, today, as_of, warn=False)
        except SroiError as error:
            problems.append(f"contracts[{index}] ({history.number}): {error}")
    if problems:
        out.write(_problems(os.fspath(path), problems))
        return INVALID
    items = sum(len(history.latest().items) for history in portfolio.contracts)
    events = sum(len(history.events) for history in portfolio.contracts)
    out.write(
        f"{path}: valid ({len(portfolio.contracts)} contracts, {items} items, {events} events, "
        f"{len(portfolio.organisations)} organisations)\n"
    )
    return OK


def _problems(source: str, problems: Sequence[str]) -> str:
    lines = [f"{source}: {len(problems)} problem(s):"]
    lines += [f"  - {problem}" for problem in problems]
    return "\n".join(lines) + "\n"


def plot_command(arguments: argparse.Namespace, out: TextIO) -> int:
    """``sroi plot FILE CONTRACT -o CHART``: the progress chart as a PNG or SVG file."""
    require("matplotlib.figure")  # before any work: say what to install
    check_path("--output", arguments.output)  # no NUL or lone surrogate: refused before work
    report, _ = one_contract(arguments)
    chart = plot_progress(report)
    output: pathlib.Path = arguments.output
    chart_format = CHART_FORMATS[output.suffix.lower()]
    chart.savefig(output, format=chart_format, dpi=120)
    out.write(f"wrote {output}\n")
    return OK
