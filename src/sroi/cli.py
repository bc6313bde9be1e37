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
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import json
import os
import pathlib
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, NoReturn, TextIO

from sroi import __version__, formatting
from sroi._validators import MAX_DATE, MIN_DATE, check_path
from sroi.engine import ObligationValuation, Valuation, value_item
from sroi.evidence import missing_evidence
from sroi.exceptions import InvalidValueError, ProvisionalRuleWarning, SroiError, ValidationError
from sroi.explanation import Explanation, Language
from sroi.fulfilment import (
    ConsolidatedReport,
    FulfilmentReport,
    ReportLine,
    Standing,
    consolidate,
    fulfilment_report,
)
from sroi.lifecycle import ContractHistory, state
from sroi.model import (
    Candidate,
    Contract,
    Organisation,
    Placement,
    PlacementKind,
    SocialPurchase,
    SrProject,
)
from sroi.money import round_cents
from sroi.period import Period
from sroi.plan import WhatIf, WhatItTakes, what_if, what_it_takes
from sroi.portfolio import Portfolio, load_portfolio_file
from sroi.registry import Registry, default
from sroi.ruleset import Route, RuleSet, Unit
from sroi.settlement import Settlement, settle

__all__ = ["build_parser", "main", "run"]

PROG = "sroi"
OK, INVALID, USAGE = 0, 1, 2
"""The exit codes: success, invalid input, usage error."""

_SOURCE = re.compile(r" \(source: .*\)$", re.DOTALL)
"""The source at the end of a rule warning; ``sroi rules REGION`` shows it in full."""
_EVIDENCE_LABELS = {
    "starting_position": "starting position",
    "signed_agreement": "signed agreement",
}


# --- arguments ---------------------------------------------------------------------------------


def _date(text: str) -> dt.date:
    """An argparse type: a calendar date written ``YYYY-MM-DD``."""
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


_CHART_FORMATS = {".png": "png", ".svg": "svg"}
"""The chart formats ``sroi plot`` writes, by the output file's suffix."""


def _chart_path(text: str) -> pathlib.Path:
    """An argparse type: a chart file whose suffix names a format sroi writes (.png or .svg)."""
    path = pathlib.Path(text)
    if path.suffix.lower() not in _CHART_FORMATS:
        known = " or ".join(_CHART_FORMATS)
        raise argparse.ArgumentTypeError(
            f"{text!r} has no chart suffix sroi writes; expected a file name ending in {known}, "
            "e.g. chart.svg"
        )
    return path


_FORMAT_HELP = {
    "text": "aligned tables for reading",
    "json": "plain data with decimals as strings",
    "csv": "one row per contract (or per item, see --rows)",
}


_FILE = "a portfolio (.json, or JSON Lines .jsonl)"


def _add_format(parser: argparse.ArgumentParser, *choices: str) -> None:
    """Add ``--format`` with ``choices``, the first being the default."""
    kinds = "; ".join(f"{choice}: {_FORMAT_HELP[choice]}" for choice in choices)
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"what to write ({kinds}; default: {choices[0]})",
    )


def _add_dates(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--at",
        type=_date,
        default=None,
        metavar="DATE",
        help="the report date: realised and pending count through this day (default: today)",
    )
    parser.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="DATE",
        dest="as_of",
        help="use only what was recorded on or before this day (default: today, with a note)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``sroi`` command, with one sub-command per task."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Social-return (SROI) contract monitoring: rules, reports and explanations.",
        epilog="Exit codes: 0 ok, 1 invalid input, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    regions = commands.add_parser("regions", help="list the installed regions and rule versions")
    _add_format(regions, "text", "json")

    rules = commands.add_parser(
        "rules", help="show a region's rules in force on a date, each value with its status"
    )
    rules.add_argument("region", metavar="REGION", help="a region's code, alias or name")
    rules.add_argument(
        "--on",
        type=_date,
        default=None,
        metavar="DATE",
        help="the day whose rule version to show (default: today)",
    )
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
    explain.add_argument("file", metavar="FILE", type=pathlib.Path, help=_FILE)
    explain.add_argument("contract", metavar="CONTRACT", help="the contract number")
    explain.add_argument("item", metavar="ITEM", nargs="?", help="an item id such as P1, S1, R1")
    explain.add_argument(
        "--what",
        choices=("obligation", "realised", "pending", "forecast", "remaining"),
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
    plot.add_argument("file", metavar="FILE", type=pathlib.Path, help=_FILE)
    plot.add_argument("contract", metavar="CONTRACT", help="the contract number")
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


# --- running -----------------------------------------------------------------------------------


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
    with _notes(sys.stderr):
        try:
            return handler(arguments, sys.stdout)
        except SroiError as error:
            _error(str(error), getattr(error, "__notes__", ()))
            return INVALID
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            _error(f"{where}{error.strerror or error}")
            return INVALID
        except RecursionError:
            _error("the input is nested too deeply")
            return INVALID


def _check_combinations(parser: argparse.ArgumentParser, arguments: argparse.Namespace) -> None:
    """Refuse options that only make sense together, as a usage error (exit code 2)."""
    if getattr(arguments, "rows", "contract") != "contract" and arguments.format != "csv":
        command: argparse.ArgumentParser = getattr(arguments, "command_parser", parser)
        command.error(f"--rows {arguments.rows} needs --format csv (text and json hold every item)")


def _error(message: str, notes: Sequence[str] = ()) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    for note in notes:
        print(f"  ({note})", file=sys.stderr)


@contextlib.contextmanager
def _notes(stream: TextIO) -> Iterator[None]:
    """Show each warning once as a short ``note:`` line instead of a Python warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ProvisionalRuleWarning)
        try:
            yield
        finally:
            sys.stdout.flush()
            seen: set[str] = set()
            for warning in caught:
                provisional = issubclass(warning.category, ProvisionalRuleWarning)
                text = str(warning.message)
                text = _SOURCE.sub("", text) if provisional else text
                if text in seen:
                    continue
                seen.add(text)
                print(f"{'note' if provisional else 'warning'}: {text}", file=stream)
            if any(issubclass(w.category, ProvisionalRuleWarning) for w in caught):
                print(
                    f"note: `{PROG} rules REGION` shows where each value comes from",
                    file=stream,
                )


# --- portfolio helpers -------------------------------------------------------------------------


def _registry(portfolio: Portfolio, path: pathlib.Path) -> Registry:
    """The registry of the installed regions, plus the portfolio's own rule files."""
    if not portfolio.rule_files:
        return default()
    registry = Registry.from_environment()
    registry.add_rule_files(*(path.parent / name for name in portfolio.rule_files))
    return registry


def _report(
    history: ContractHistory,
    registry: Registry,
    at: dt.date,
    as_of: dt.date,
    *,
    warn: bool = True,
) -> FulfilmentReport:
    known = state(history, as_of=as_of)

    def obligation_of(contract: Contract, rules: RuleSet) -> ObligationValuation:
        return registry.obligation(contract, rules, warn=warn)

    try:
        rules = registry.rules_for(known.contract)
        return fulfilment_report(
            known.contract,
            known.items,
            rules,
            at=at,
            as_of=as_of,
            contract_on=known.contract_on,
            obligation_of=obligation_of,
            warn=warn,
        )
    except SroiError as error:
        error.add_note(f"in contract {history.number}")
        raise


def _dates(arguments: argparse.Namespace) -> tuple[dt.date, dt.date]:
    """The report date and the knowledge date; a note on stderr when ``--as-of`` is left out.

    Called once per command, so the note appears once however many contracts are reported.
    """
    today = dt.date.today()
    at: dt.date = arguments.at or today
    as_of: dt.date = arguments.as_of or today
    if arguments.as_of is None:
        print(
            f"note: no --as-of given: using everything recorded through today, {today.isoformat()}",
            file=sys.stderr,
        )
    return at, as_of


def _one_contract(
    arguments: argparse.Namespace, *, warn: bool = True
) -> tuple[FulfilmentReport, ContractHistory]:
    portfolio = load_portfolio_file(arguments.file)
    history = portfolio.contract(arguments.contract)
    at, as_of = _dates(arguments)
    registry = _registry(portfolio, arguments.file)
    return _report(history, registry, at, as_of, warn=warn), history


def _write_json(data: Any, out: TextIO) -> None:
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


# --- regions and rules -------------------------------------------------------------------------


def _regions(arguments: argparse.Namespace, out: TextIO) -> int:
    infos = default().regions()
    if arguments.format == "json":
        _write_json([info.as_dict() for info in infos], out)
        return OK
    if not infos:
        out.write("No regions installed. Install a region plugin, e.g. sroi-midden-gelderland.\n")
        return OK
    rows = [
        [
            info.code if index == 0 else "",
            info.name if index == 0 else "",
            ", ".join(info.aliases) if index == 0 else "",
            version.version,
            version.period_label,
            ", ".join(sorted(status.value for status in version.statuses)),
            version.provider,
        ]
        for info in infos
        for index, version in enumerate(info.versions)
    ]
    headers = ["Region", "Name", "Aliases", "Version", "In force", "Statuses", "Provider"]
    out.write(formatting.render_table(headers, rows) + "\n")
    return OK


def _rule_value(value: Decimal, unit: Unit) -> str:
    if unit is Unit.SHARE_OF_INVOICE:
        return formatting.format_percentage((value * 100).normalize()) + " of the invoice"
    per = {
        Unit.PER_YEAR_FULL_TIME: "per year full time",
        Unit.PER_MONTH: "per month",
        Unit.PER_PERIOD: "per agreed period",
        Unit.ONE_OFF: "one-off",
        Unit.PER_HOUR: "per hour",
    }[unit]
    return f"{formatting.format_euro(value)} {per}"


def _rules_text(rules: RuleSet) -> str:
    until = rules.valid_until.isoformat() if rules.valid_until else "(open-ended)"
    fractions = ", ".join(
        formatting.format_percentage((f * 100).normalize()) for f in rules.measurement_fractions
    )
    lines = [
        f"{rules.region}: {rules.version}",
        f"In force:         {rules.valid_from.isoformat()} to {until}",
        f"Full-time hours:  {formatting.format_number(rules.full_time_hours.value)} "
        f"({rules.full_time_hours.provenance.status.value})",
        f"Measurements at:  {fractions} of the term "
        f"({rules.measurement_provenance.status.value}, default when a contract sets none)",
    ]
    if rules.minimum_hours is not None:
        lines.append(
            f"Minimum hours:    {formatting.format_number(rules.minimum_hours.value)} per week "
            f"({rules.minimum_hours.provenance.status.value})"
        )
    if rules.sr_percentage is not None:
        lines.append(
            f"SR percentage:    {formatting.format_percentage(rules.sr_percentage.value)} "
            f"({rules.sr_percentage.provenance.status.value})"
        )
    if rules.settlement is not None:
        settlement = rules.settlement
        lines.append(
            f"Settlement:       {settlement.kind.value} "
            f"({settlement.provenance.status.value}: {settlement.provenance.source})"
        )
    if rules.source:
        lines.append(f"Source:           {rules.source}")
    blocks = [
        [
            block.code,
            block.route.value,
            _rule_value(block.value, block.unit),
            "-"
            if block.max_months is None
            else f"{block.max_months} months ({block.max_months_provenance.status.value})",
            block.provenance.status.value,
            block.label_nl,
        ]
        for block in rules.blocks.values()
    ]
    lines += [
        "",
        formatting.render_table(
            ["Block", "Route", "Value", "At most", "Status", "Label"], blocks, right={2}
        ),
    ]
    if rules.bonuses:
        bonuses = [
            [
                bonus.code,
                bonus.kind.value,
                formatting.format_euro(bonus.value),
                "-" if bonus.min_age is None else str(bonus.min_age),
                bonus.provenance.status.value,
                bonus.label_nl,
            ]
            for bonus in rules.bonuses.values()
        ]
        lines += [
            "",
            formatting.render_table(
                ["Bonus", "Kind", "Value", "From age", "Status", "Label"], bonuses, right={2}
            ),
        ]
    if rules.adjustments:
        adjustments = [
            [
                item.code,
                item.kind.value,
                formatting.format_percentage((item.value * 100).normalize()),
                item.provenance.status.value,
                item.label_nl,
            ]
            for item in rules.adjustments.values()
        ]
        lines += [
            "",
            formatting.render_table(
                ["Adjustment", "Kind", "Share", "Status", "Label"], adjustments, right={2}
            ),
        ]
    return "\n".join(lines)


def _plain(value: Decimal) -> str:
    return format(value, "f")


def _cents(value: Decimal) -> str:
    return format(round_cents(value), "f")


def _rules_data(rules: RuleSet) -> dict[str, Any]:
    def status(provenance: Any) -> dict[str, str]:
        return {"status": provenance.status.value, "source": provenance.source}

    return {
        "region": rules.region,
        "version": rules.version,
        "valid_from": rules.valid_from.isoformat(),
        "valid_until": rules.valid_until.isoformat() if rules.valid_until else None,
        "source": rules.source,
        "full_time_hours": {
            "value": _plain(rules.full_time_hours.value),
            **status(rules.full_time_hours.provenance),
        },
        "sr_percentage": None
        if rules.sr_percentage is None
        else {
            "value": _plain(rules.sr_percentage.value),
            **status(rules.sr_percentage.provenance),
        },
        "minimum_hours": None
        if rules.minimum_hours is None
        else {
            "value": _plain(rules.minimum_hours.value),
            **status(rules.minimum_hours.provenance),
        },
        "measurement_fractions": [_plain(f) for f in rules.measurement_fractions],
        "measurement": status(rules.measurement_provenance),
        "blocks": [
            {
                "code": block.code,
                "label_nl": block.label_nl,
                "label_en": block.label_en,
                "route": block.route.value,
                "unit": block.unit.value,
                "value": _plain(block.value),
                "max_months": block.max_months,
                "max_months_status": None
                if block.max_months is None
                else block.max_months_provenance.status.value,
                "bonuses": list(block.bonuses),
                **status(block.provenance),
            }
            for block in rules.blocks.values()
        ],
        "bonuses": [
            {
                "code": bonus.code,
                "label_nl": bonus.label_nl,
                "label_en": bonus.label_en,
                "kind": bonus.kind.value,
                "value": _plain(bonus.value),
                "min_age": bonus.min_age,
                **status(bonus.provenance),
            }
            for bonus in rules.bonuses.values()
        ],
        "adjustments": [
            {
                "code": item.code,
                "label_nl": item.label_nl,
                "label_en": item.label_en,
                "kind": item.kind.value,
                "value": _plain(item.value),
                **status(item.provenance),
            }
            for item in rules.adjustments.values()
        ],
        "settlement": None
        if rules.settlement is None
        else {
            "kind": rules.settlement.kind.value,
            "share": _plain(rules.settlement.share),
            "recovery_months": rules.settlement.recovery_months,
            "waived_when_not_at_fault": rules.settlement.waived_when_not_at_fault,
            **status(rules.settlement.provenance),
        },
    }


def _rules(arguments: argparse.Namespace, out: TextIO) -> int:
    on: dt.date = arguments.on or dt.date.today()
    rules = default().rules(arguments.region, on)
    if arguments.format == "json":
        _write_json(_rules_data(rules), out)
    else:
        out.write(_rules_text(rules) + "\n")
    return OK


# --- report ------------------------------------------------------------------------------------


def _evidence_text(history: ContractHistory, as_of: dt.date) -> str | None:
    missing = missing_evidence(state(history, as_of=as_of))
    if not missing:
        return None
    listed = "; ".join(
        f"{item_id} ({', '.join(_EVIDENCE_LABELS[kind.value] for kind in kinds)})"
        for item_id, kinds in missing
    )
    return f"Missing evidence: {listed}."


_CSV_COLUMNS = (
    "contract",
    "title",
    "contractor",
    "buyer",
    "region",
    "rules_version",
    "term_first",
    "term_last",
    "at",
    "as_of",
    "obligation",
    "realised",
    "pending",
    "forecast",
    "realised_candidate",
    "realised_purchase",
    "realised_project",
    "realised_percentage",
    "forecast_percentage",
    "remaining",
    "last_moment",
    "last_moment_status",
)


def _csv_row(report: FulfilmentReport) -> dict[str, str]:
    contract = report.contract
    totals = report.totals
    last = report.last_reached_moment
    by_route = report.by_route
    return {
        "contract": contract.number,
        "title": contract.title,
        "contractor": contract.contractor.name,
        "buyer": "" if contract.buyer is None else contract.buyer.name,
        "region": contract.region or report.rules.region,
        "rules_version": report.rules.version,
        "term_first": contract.term.first.isoformat(),
        "term_last": contract.term.last.isoformat(),
        "at": report.at.isoformat(),
        "as_of": report.as_of.isoformat(),
        "obligation": _cents(report.obligation.amount),
        "realised": _cents(totals.realised),
        "pending": _cents(totals.pending),
        "forecast": _cents(totals.forecast),
        "realised_candidate": _cents(by_route[Route.CANDIDATE].realised),
        "realised_purchase": _cents(by_route[Route.PURCHASE].realised),
        "realised_project": _cents(by_route[Route.PROJECT].realised),
        "realised_percentage": ""
        if report.realised_percentage is None
        else _plain(report.realised_percentage),
        "forecast_percentage": ""
        if report.forecast_percentage is None
        else _plain(report.forecast_percentage),
        "remaining": _cents(report.remaining),
        "last_moment": "" if last is None else last.date.isoformat(),
        "last_moment_status": "" if last is None else last.state.value,
    }


_CSV_ITEM_COLUMNS = (
    "contract",
    "region",
    "rules_version",
    "at",
    "as_of",
    "item",
    "route",
    "block",
    "status",
    "standing",
    "realised",
    "pending",
    "forecast",
    "rule_status",
)
"""The columns of ``sroi report --format csv --rows item``: one row per item of each contract."""


def _csv_item_rows(report: FulfilmentReport) -> Iterator[dict[str, str]]:
    """One row per item: its review status, how it counts, its amounts and its value's status.

    ``rule_status`` is the status of the building block's (or category's) value in the rule set,
    so non-verified values stay visible in a spreadsheet; empty for an item that counts nowhere.
    """
    for line in report.lines:
        amounts = line.amounts
        used = line.realised or line.pending or line.forecast
        yield {
            "contract": report.contract.number,
            "region": report.contract.region or report.rules.region,
            "rules_version": report.rules.version,
            "at": report.at.isoformat(),
            "as_of": report.as_of.isoformat(),
            "item": line.item_id,
            "route": line.route.value,
            "block": line.block,
            "status": line.status.value,
            "standing": line.standing.value,
            "realised": _cents(amounts.realised),
            "pending": _cents(amounts.pending),
            "forecast": _cents(amounts.forecast),
            "rule_status": "" if used is None else used.provenance.status.value,
        }


def _write_csv(out: TextIO, columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    out.write(buffer.getvalue())


def _report_command(arguments: argparse.Namespace, out: TextIO) -> int:
    portfolio = load_portfolio_file(arguments.file)
    registry = _registry(portfolio, arguments.file)
    at, as_of = _dates(arguments)
    reports: list[FulfilmentReport] = []
    histories: list[ContractHistory] = []
    for history in portfolio.contracts:
        if history.registration.recorded_on > as_of:
            print(
                f"note: contract {history.number} was registered on "
                f"{history.registration.recorded_on.isoformat()}, after {as_of.isoformat()}; "
                "left out",
                file=sys.stderr,
            )
            continue
        reports.append(_report(history, registry, at, as_of))
        histories.append(history)
    consolidated: ConsolidatedReport | None = (
        consolidate(reports, by=arguments.by) if reports else None
    )
    if arguments.format == "json":
        if consolidated is None:
            _write_json({"at": at.isoformat(), "as_of": as_of.isoformat(), "contracts": []}, out)
        else:
            _write_json(formatting.consolidated_data(consolidated), out)
        return OK
    if arguments.format == "csv":
        if arguments.rows == "item":
            rows = (row for report in reports for row in _csv_item_rows(report))
            _write_csv(out, _CSV_ITEM_COLUMNS, rows)
        else:
            _write_csv(out, _CSV_COLUMNS, (_csv_row(report) for report in reports))
        return OK
    if consolidated is None:
        out.write(f"{arguments.file}: no contracts to report.\n")
        return OK
    parts = []
    for report, history in zip(reports, histories, strict=True):
        text = formatting.report_text(report)
        evidence = _evidence_text(history, as_of)
        parts.append(text if evidence is None else f"{text}\n\n{evidence}")
    parts.append(formatting.consolidated_text(consolidated))
    out.write("\n\n\n".join(parts) + "\n")
    return OK


# --- explain -----------------------------------------------------------------------------------


def _explanations(
    report: FulfilmentReport, item: str | None, what: str | None
) -> list[Explanation]:
    if item is None:
        chosen = ["obligation", "realised"] if what is None else [what]
        return [report.explain(name) for name in chosen]  # type: ignore[arg-type]
    line = report.line(item)
    if what is None:
        if line.standing is Standing.NOT_COUNTED:
            raise InvalidValueError(
                "item",
                item,
                "an item that counts (approved or pending)",
                hint=f"{item} is {line.status.value.replace('_', ' ')}, so it counts nowhere",
            )
        what = "realised" if line.standing is Standing.APPROVED else "pending"
    if what not in ("realised", "pending", "forecast"):
        raise InvalidValueError(
            "--what", what, "realised, pending or forecast for an item", hint="leave out ITEM"
        )
    explanation = report.explain(what, item_id=item)  # type: ignore[arg-type]
    _item_notes(line, what, report.rules)
    return [explanation]


def _item_notes(line: ReportLine, what: str, rules: RuleSet) -> None:
    """Warn about the rule values not verified in the item's explained valuation, and no others.

    The report of ``sroi explain FILE CONTRACT ITEM`` is built without warnings; valuing the item
    again over the same window with warnings on lets the engine name the values it used.
    """
    valuation: Valuation | None = getattr(line, what)
    if valuation is not None:
        value_item(line.item, rules, valuation.window, warn=True)


def _explain(arguments: argparse.Namespace, out: TextIO) -> int:
    # of one item, the notes are that item's own (see _item_notes): no warnings from the report
    report, _ = _one_contract(arguments, warn=arguments.item is None)
    explanations = _explanations(report, arguments.item, arguments.what)
    if arguments.format == "json":
        _write_json([explanation.to_dict() for explanation in explanations], out)
        return OK
    lang: Language = arguments.lang
    out.write("\n\n".join(explanation.to_text(lang) for explanation in explanations) + "\n")
    return OK


# --- validate ----------------------------------------------------------------------------------


def _validate(arguments: argparse.Namespace, out: TextIO) -> int:
    path: pathlib.Path = arguments.file
    try:
        portfolio = load_portfolio_file(path)
    except ValidationError as error:
        out.write(_problems(os.fspath(path), [str(problem) for problem in error.errors]))
        return INVALID
    problems = []
    registry = _registry(portfolio, path)
    today = dt.date.today()
    for index, history in enumerate(portfolio.contracts):
        try:
            as_of = max(today, history.latest().last_recorded_on)
            _report(history, registry, today, as_of, warn=False)
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


# --- plot --------------------------------------------------------------------------------------


def _plot(arguments: argparse.Namespace, out: TextIO) -> int:
    from sroi import notebook  # noqa: PLC0415 - pandas and matplotlib only when charting

    notebook.require("matplotlib.figure")  # before any work: say what to install
    check_path("--output", arguments.output)  # no NUL or lone surrogate: refused before work
    report, _ = _one_contract(arguments)
    axes = notebook.plot_progress(report)
    output: pathlib.Path = arguments.output
    chart_format = _CHART_FORMATS[output.suffix.lower()]
    axes.figure.savefig(output, format=chart_format, dpi=120)  # type: ignore[union-attr]
    out.write(f"wrote {output}\n")
    return OK


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "regions": _regions,
    "rules": _rules,
    "report": _report_command,
    "explain": _explain,
    "validate": _validate,
    "plot": _plot,
}


# --- plan --------------------------------------------------------------------------------------

_PLAN_HELP = {
    "placement": "BLOCK:FIRST:LAST[:HOURS[:BIRTH_DATE]], e.g. ww-lt1:2025-07-01:2026-06-30:36",
    "purchase": "CATEGORY:DATE:AMOUNT, e.g. sw-company:2025-09-01:12500",
    "project": "BLOCK:DATE:HOURS, e.g. mvo:2025-10-15:40",
}


def _add_plan_parser(commands: Any) -> None:
    """The ``plan`` sub-command: what if, what it takes, and the settlement at the end."""
    plan = commands.add_parser(
        "plan", help="what if, what it takes to reach the next target, and the settlement"
    )
    plan.add_argument("file", metavar="FILE", type=pathlib.Path, help="a portfolio (.json)")
    plan.add_argument("contract", metavar="CONTRACT", help="the contract number")
    for route, text in _PLAN_HELP.items():
        plan.add_argument(
            f"--add-{route}",
            action="append",
            default=[],
            metavar="SPEC",
            dest=f"add_{route}",
            help=f"a planned {route} (repeatable): {text}",
        )
    plan.add_argument(
        "--target",
        type=_date,
        default=None,
        metavar="DATE",
        help="a measurement moment or the term's last day (default: the next moment)",
    )
    plan.add_argument(
        "--start",
        type=_date,
        default=None,
        metavar="DATE",
        help="new effort starts (default: --at)",
    )
    plan.add_argument(
        "--birth-date",
        type=_date,
        default=None,
        metavar="DATE",
        dest="birth_date",
        help="plan placements for a candidate born on this day (default: aged 25, no age bonus)",
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


def _spec_parts(option: str, spec: str, low: int, high: int) -> list[str]:
    parts = spec.split(":")
    if not low <= len(parts) <= high:
        raise InvalidValueError(option, spec, _PLAN_HELP[option.removeprefix("--add-")])
    return parts


def _spec_date(option: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidValueError(option, text, "a date written YYYY-MM-DD") from None


def _spec_decimal(option: str, text: str) -> Decimal:
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise InvalidValueError(option, text, "a decimal number such as 36 or 12500.50") from None
    if not number.is_finite():
        raise InvalidValueError(option, text, "a decimal number such as 36 or 12500.50")
    return number


def _planned_items(
    arguments: argparse.Namespace, full_time: Decimal
) -> list[Placement | SocialPurchase | SrProject]:
    """The items of ``--add-placement``, ``--add-purchase`` and ``--add-project``."""
    items: list[Placement | SocialPurchase | SrProject] = []
    for spec in arguments.add_placement:
        option = "--add-placement"
        parts = _spec_parts(option, spec, 3, 5)
        first, last = _spec_date(option, parts[1]), _spec_date(option, parts[2])
        hours = _spec_decimal(option, parts[3]) if len(parts) > 3 else full_time
        born = (
            _spec_date(option, parts[4])
            if len(parts) > 4
            else dt.date(first.year - 25, first.month, min(first.day, 28))
        )
        candidate = Candidate("X.", parts[0], born)
        items.append(Placement(candidate, PlacementKind.JOB, parts[0], Period(first, last), hours))
    for spec in arguments.add_purchase:
        option = "--add-purchase"
        parts = _spec_parts(option, spec, 3, 3)
        items.append(
            SocialPurchase(
                Organisation("(planned supplier)"),
                parts[0],
                _spec_date(option, parts[1]),
                _spec_decimal(option, parts[2]),
            )
        )
    for spec in arguments.add_project:
        option = "--add-project"
        parts = _spec_parts(option, spec, 3, 3)
        items.append(
            SrProject.on(
                _spec_date(option, parts[1]),
                "(planned SR project)",
                parts[0],
                hours=_spec_decimal(option, parts[2]),
            )
        )
    return items


def _what_if_text(planned: WhatIf, lang: str) -> str:
    euro = formatting.format_euro
    nl = lang == "nl"
    head = (
        ("Meetmoment", "Doel", "Verwacht", "Met plan")
        if nl
        else ("Moment", "Target", "Forecast", "With plan")
    )
    rows = [
        [moment.date.isoformat(), euro(moment.target), euro(before.forecast), euro(moment.forecast)]
        for moment, before in zip(planned.report.moments, planned.baseline.moments, strict=True)
    ]
    table = formatting.render_table(list(head), rows, right=(1, 2, 3))
    ids = ", ".join(planned.planned + planned.changed)
    label = "Gepland (niet opgeslagen)" if nl else "Planned (not stored)"
    return f"{label}: {ids}\n{table}"


def _plan_data(planned: WhatIf | None, taken: WhatItTakes, settled: Settlement | None) -> Any:
    def plain(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    data: dict[str, Any] = {
        "contract": taken.report.contract.number,
        "at": taken.report.at.isoformat(),
        "what_it_takes": {
            "target_date": taken.target_date.isoformat(),
            "target": str(taken.target),
            "forecast": str(taken.forecast),
            "gap": str(taken.gap),
            "start": taken.start.isoformat(),
            "options": [
                {
                    "route": option.route.value,
                    "block": option.block,
                    "effort": option.effort.value,
                    "closes": option.closes,
                    "quantity": plain(option.quantity),
                    "start": option.start.isoformat() if option.start else None,
                    "gives": str(option.gives),
                    "text_nl": option.text_nl,
                    "text_en": option.text_en,
                }
                for option in taken.options
            ],
        },
    }
    if planned is not None:
        data["what_if"] = {
            "planned": list(planned.planned),
            "moments": [
                {
                    "date": moment.date.isoformat(),
                    "target": str(moment.target),
                    "forecast": str(before.forecast),
                    "forecast_with_plan": str(moment.forecast),
                }
                for moment, before in zip(
                    planned.report.moments, planned.baseline.moments, strict=True
                )
            ],
        }
    if settled is not None:
        data["settlement"] = {
            "at": settled.at.isoformat(),
            "kind": settled.kind.value,
            "obligation": str(settled.obligation),
            "realised": str(settled.realised),
            "shortfall": str(settled.shortfall),
            "forecast_shortfall": str(settled.forecast_shortfall),
            "amount": str(settled.amount),
            "published": settled.published,
            "text_nl": settled.text_nl,
            "text_en": settled.text_en,
        }
    return data


def _plan(arguments: argparse.Namespace, out: TextIO) -> int:
    """``sroi plan``: what if (with ``--add-*``), what it takes, and optionally the settlement."""
    portfolio = load_portfolio_file(arguments.file)
    history = portfolio.contract(arguments.contract)
    at, as_of = _dates(arguments)
    registry = _registry(portfolio, arguments.file)
    known = state(history, as_of=as_of)
    rules = registry.rules_for(known.contract)
    chosen = None if registry is default() else rules
    items = _planned_items(arguments, rules.full_time_hours.value)
    planned = what_if(history, add=items, at=at, as_of=as_of, rules=chosen) if items else None
    taken = what_it_takes(
        history,
        add=items,
        target=arguments.target,
        start=arguments.start,
        birth_date=arguments.birth_date,
        at=at,
        as_of=as_of,
        rules=chosen,
        warn=False,
    )
    settled = None
    if arguments.settle:
        term_end = known.contract.term.last
        final = what_if(history, add=items, at=term_end, as_of=as_of, rules=chosen, warn=False)
        settled = settle(final.report)
    if arguments.format == "json":
        _write_json(_plan_data(planned, taken, settled), out)
        return OK
    lang: str = arguments.lang
    parts = []
    if planned is not None:
        parts.append(_what_if_text(planned, lang))
    parts.append(taken.to_text(lang))
    if settled is not None:
        parts.append(settled.text(lang))
    out.write("\n\n".join(parts) + "\n")
    return OK


_COMMANDS["plan"] = _plan
