"""The arguments of the ``sroi`` command: one sub-command per task, dates and chart files."""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from sroi._validators import MAX_DATE, MIN_DATE
from sroi.states import Measure

__all__ = ["CHART_FORMATS", "PLAN_HELP", "PROG", "build_parser", "parse_date"]

PROG = "sroi"
"""The command's name, in usage lines and messages."""

CHART_FORMATS = {".png": "png", ".svg": "svg"}
"""The chart formats ``sroi plot`` writes, by the output file's suffix."""

PLAN_HELP = {
    "placement": "BLOCK:FIRST:LAST[:HOURS[:BIRTH_DATE]], e.g. ww-lt1:2025-07-01:2026-06-30:36",
    "purchase": "CATEGORY:DATE:AMOUNT, e.g. sw-company:2025-09-01:12500",
    "project": "BLOCK:DATE:HOURS, e.g. mvo:2025-10-15:40",
}
"""The specs of ``sroi plan --add-placement``, ``--add-purchase`` and ``--add-project``."""

_FORMAT_HELP = {
    "text": "aligned tables for reading",
    "json": "plain data with decimals as strings",
    "csv": "one row per contract (or per item, see --rows)",
}

_FILE = "a portfolio (.json, or JSON Lines .jsonl)"


def _version() -> str:
    try:
        return version("sroi")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0"


def parse_date(text: str) -> dt.date:
    """An argparse type: a calendar date written ``YYYY-MM-DD``.

    Raises:
        argparse.ArgumentTypeError: when ``text`` is no such date or outside sroi's dates.
    """
    try:
        if len(text) != 10 or not text.isascii():
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; expected YYYY-MM-DD, e.g. 2025-06-30"
        ) from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise argparse.ArgumentTypeError(
            f"{text!r} is outside the dates sroi supports ({MIN_DATE} to {MAX_DATE})"
        )
    return day


def _chart_path(text: str) -> pathlib.Path:
    """An argparse type: a chart file whose suffix names a format sroi writes (.png or .svg)."""
    path = pathlib.Path(text)
    if path.suffix.lower() not in CHART_FORMATS:
        known = " or ".join(CHART_FORMATS)
        raise argparse.ArgumentTypeError(
            f"{text!r} has no chart suffix sroi writes; expected a file name ending in {known}, "
            "e.g. chart.svg"
        )
    return path


def _add_format(parser: argparse.ArgumentParser, *choices: str) -> None:
    """Add ``--format`` with ``choices``, the first being the default."""
    kinds = "; ".join(f"{choice}: {_FORMAT_HELP[choice]}" for choice in choices)
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"what to write ({kinds}; default: {choices[0]})",
    )


def _add_day(parser: argparse.ArgumentParser, option: str, text: str, **more: Any) -> None:
    """Add an optional date ``option`` (default None) with the help ``text``."""
    parser.add_argument(option, type=parse_date, default=None, metavar="DATE", help=text, **more)


def _add_dates(parser: argparse.ArgumentParser) -> None:
    _add_day(
        parser,
        "--at",
        "the report date: realised and pending count through this day (default: today)",
    )
    _add_day(
        parser,
        "--as-of",
        "use only what was recorded on or before this day (default: today, with a note)",
        dest="as_of",
    )


def _add_contract(parser: argparse.ArgumentParser, file_help: str = _FILE) -> None:
    parser.add_argument("file", metavar="FILE", type=pathlib.Path, help=file_help)
    parser.add_argument("contract", metavar="CONTRACT", help="the contract number")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``sroi`` command, with one sub-command per task."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Social-return (SROI) contract monitoring: rules, reports and explanations.",
        epilog="Exit codes: 0 ok, 1 invalid input, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    regions = commands.add_parser("regions", help="list the installed regions and rule versions")
    _add_format(regions, "text", "json")

    rules = commands.add_parser(
        "rules", help="show a region's rules in force on a date, each value with its status"
    )
    rules.add_argument("region", metavar="REGION", help="a region's code, alias or name")
    _add_day(rules, "--on", "the day whose rule version to show (default: today)")
    _add_format(rules, "text", "json")

    report = commands.add_parser("report", help="report every contract of a portfolio file")
    report.add_argument("file", metavar="FILE", type=pathlib.Path, help=_FILE)
    _add_dates(report)
    report.add_argument(
        "--by",
        choices=("region", "buyer", "contractor", "contract"),
        default="region",
        help="how to group the consolidated totals (default: region)",
    )
    _add_format(report, "text", "json", "csv")
    report.add_argument(
        "--rows",
        choices=("contract", "item"),
        default="contract",
        help="with --format csv: one row per contract (default) or one per item of each contract",
    )
    report.set_defaults(command_parser=report)  # for usage errors that argparse cannot see

    explain = commands.add_parser("explain", help="explain how an amount was computed")
    _add_contract(explain)
    explain.add_argument("item", metavar="ITEM", nargs="?", help="an item id such as P1, S1, R1")
    explain.add_argument(
        "--what",
        choices=(*(measure.value for measure in Measure), "remaining"),
        default=None,
        help="which amount (default: the obligation and realised; for an item, what it counts in)",
    )
    explain.add_argument(
        "--lang",
        choices=("nl", "en", "both"),
        default="both",
        help="the language of the text: Dutch, English or both labels (default: both)",
    )
    _add_format(explain, "text", "json")
    _add_dates(explain)

    validate = commands.add_parser("validate", help="check a portfolio file, listing every problem")
    validate.add_argument("file", metavar="FILE", type=pathlib.Path, help=_FILE)

    plot = commands.add_parser("plot", help="chart a contract's delivered value against its target")
    _add_contract(plot)
    plot.add_argument(
        "-o",
        "--output",
        required=True,
        type=_chart_path,
        metavar="CHART",
        help="the chart file to write; its suffix picks the format: .png or .svg",
    )
    _add_dates(plot)
    _add_plan_parser(commands)
    return parser


def _add_plan_parser(commands: Any) -> None:
    """The ``plan`` sub-command: what if, what it takes, and the settlement at the end."""
    plan = commands.add_parser(
        "plan", help="what if, what it takes to reach the next target, and the settlement"
    )
    _add_contract(plan, "a portfolio (.json)")
    for route, text in PLAN_HELP.items():
        plan.add_argument(
            f"--add-{route}",
            action="append",
            default=[],
            metavar="SPEC",
            dest=f"add_{route}",
            help=f"a planned {route} (repeatable): {text}",
        )
    _add_day(
        plan,
        "--target",
        "a measurement moment or the term's last day (default: the next moment)",
    )
    _add_day(plan, "--start", "new effort starts (default: --at)")
    _add_day(
        plan,
        "--birth-date",
        "plan placements for a candidate born on this day (default: aged 25, no age bonus)",
        dest="birth_date",
    )
    plan.add_argument(
        "--settle", action="store_true", help="also show the settlement at the end of the term"
    )
    plan.add_argument(
        "--lang", choices=("nl", "en"), default="en", help="the language of the text (default: en)"
    )
    plan.add_argument(
        "--format", choices=("text", "json"), default="text", help="text or plain data as JSON"
    )
    _add_dates(plan)
