"""The ``sroi`` command: regions, rules, reports, explanations, validation and charts.

::

    sroi regions
    sroi rules REGION [--on DATE]
    sroi report FILE [--at DATE] [--as-of DATE] [--by KEY] [--format text|json|csv]
                [--rows contract|item]
    sroi explain FILE CONTRACT [ITEM] [--what AMOUNT] [--lang nl|en|both] [--format text|json]
    sroi validate FILE
    sroi plot FILE CONTRACT -o CHART.png|CHART.svg [--at DATE] [--as-of DATE]
    sroi plan FILE CONTRACT [--add-placement SPEC] [--add-purchase SPEC] [--add-project SPEC]
              [--target DATE] [--start DATE] [--settle] [--lang nl|en] [--format text|json]

Text output is aligned tables with euro amounts in Dutch notation (``€ 1.234,56``); JSON and CSV
hold plain decimals (``"1234.56"``). A rule value that is not verified is shown once as a
``note:`` line on standard error; so is the knowledge date when ``--as-of`` is left out (today).

Exit codes: 0 when all went well, 1 for invalid input (a file with problems, an unknown region,
contract or item), 2 for a usage error (an unknown option, a date that is no ``YYYY-MM-DD``).
Invalid input never ends in a traceback: the message says what is wrong and where.

The command is a package: :mod:`sroi.cli.arguments` (the parser), :mod:`sroi.cli.common` (what
the sub-commands share) and one module per group of sub-commands.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, TextIO

from sroi.cli.arguments import build_parser
from sroi.cli.common import INVALID, USAGE, error, notes
from sroi.cli.explain import explain_command
from sroi.cli.plan import plan_command
from sroi.cli.report import report_command
from sroi.cli.rules import regions_command, rules_command
from sroi.cli.validate import plot_command, validate_command
from sroi.exceptions import SroiError

__all__ = ["build_parser", "main", "run"]

_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "regions": regions_command,
    "rules": rules_command,
    "report": report_command,
    "explain": explain_command,
    "validate": validate_command,
    "plot": plot_command,
    "plan": plan_command,
}
"""Each sub-command's handler: it writes on the stream given and returns the exit code."""


def run() -> NoReturn:
    """The console script: run :func:`main` with the process's arguments and exit with its code."""
    sys.exit(main())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``sroi`` command with ``argv`` (default: the process's arguments).

    Returns:
        0 when all went well, 1 for invalid input, 2 for a usage error.
    """
    parser = build_parser()
    try:
        arguments = parser.parse_args(argv)
        _check_combinations(parser, arguments)
    except SystemExit as stop:  # argparse exits on --help, --version and usage errors
        return stop.code if isinstance(stop.code, int) else USAGE
    handler = _COMMANDS[arguments.command]
    with notes(sys.stderr):
        try:
            return handler(arguments, sys.stdout)
        except SroiError as problem:
            error(str(problem), getattr(problem, "__notes__", ()))
            return INVALID
        except OSError as problem:
            where = f"{problem.filename}: " if problem.filename else ""
            error(f"{where}{problem.strerror or problem}")
            return INVALID
        except RecursionError:
            error("the input is nested too deeply")
            return INVALID


def _check_combinations(parser: argparse.ArgumentParser, arguments: argparse.Namespace) -> None:
    """Refuse options that only make sense together, as a usage error (exit code 2)."""
    if getattr(arguments, "rows", "contract") != "contract" and arguments.format != "csv":
        command: argparse.ArgumentParser = getattr(arguments, "command_parser", parser)
        command.error(f"--rows {arguments.rows} needs --format csv (text and json hold every item)")
