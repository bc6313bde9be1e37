"""``sroi report``: every contract of a portfolio as text, JSON or CSV, and the totals."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import pathlib
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TextIO

from sroi.cli.common import OK, contract_report, dates, portfolio_registry
from sroi.consolidation import ConsolidatedReport, Consolidation
from sroi.evidence import missing_evidence
from sroi.fulfilment import FulfilmentReport
from sroi.labels import label
from sroi.lifecycle import ContractHistory, state
from sroi.money import round_cents
from sroi.portfolio import (
    Portfolio,
    is_portfolio_lines,
    iter_portfolio_lines,
    load_portfolio_file,
    portfolio_lines_header,
)
from sroi.registry import Registry
from sroi.rendering.data import LINE_FIELDS, consolidated_data, line_record, report_data
from sroi.rendering.text import consolidated_text, report_text
from sroi.ruleset import Route
from sroi.serde.plain import to_plain
from sroi.states import Measure

__all__ = ["CSV_COLUMNS", "CSV_ITEM_COLUMNS", "report_command"]


def _evidence_text(history: ContractHistory, as_of: dt.date) -> str | None:
    missing = missing_evidence(state(history, as_of=as_of))
    if not missing:
        return None
    listed = "; ".join(
        f"{item_id} ({', '.join(label(kind, 'en') for kind in kinds)})"
        for item_id, kinds in missing
    )
    return f"Missing evidence: {listed}."


CSV_COLUMNS = (
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
"""The columns of ``sroi report --format csv``: one row per contract."""

CSV_ITEM_COLUMNS = (
    "contract",
    "region",
    "rules_version",
    "at",
    "as_of",
    "item",
    *LINE_FIELDS[1:],
    "rule_status",
)
"""The columns of ``sroi report --format csv --rows item``: one row per item of each contract."""


def _cell_texts(row: Mapping[str, Any]) -> dict[str, str]:
    """A row's values as CSV cells: plain data (amounts rounded to cents), empty for None."""
    cells: dict[str, str | None] = to_plain(row)
    return {key: "" if cell is None else cell for key, cell in cells.items()}


def _contract_cells(report: FulfilmentReport) -> dict[str, Any]:
    """What a contract's row and its item rows both start with."""
    return {
        "contract": report.contract.number,
        "region": report.contract.region or report.rules.region,
        "rules_version": report.rules.version,
        "at": report.at,
        "as_of": report.as_of,
    }


def _csv_row(report: FulfilmentReport) -> dict[str, str]:
    contract = report.contract
    totals = report.totals
    last = report.last_reached_moment
    by_route = report.by_route
    return _cell_texts(
        {
            **_contract_cells(report),
            "title": contract.title,
            "contractor": contract.contractor.name,
            "buyer": None if contract.buyer is None else contract.buyer.name,
            "term_first": contract.term.first,
            "term_last": contract.term.last,
            "obligation": round_cents(report.obligation.amount),
            "realised": round_cents(totals.realised),
            "pending": round_cents(totals.pending),
            "forecast": round_cents(totals.forecast),
            "realised_candidate": round_cents(by_route[Route.CANDIDATE].realised),
            "realised_purchase": round_cents(by_route[Route.PURCHASE].realised),
            "realised_project": round_cents(by_route[Route.PROJECT].realised),
            "realised_percentage": report.realised_percentage,
            "forecast_percentage": report.forecast_percentage,
            "remaining": round_cents(report.remaining),
            "last_moment": None if last is None else last.date,
            "last_moment_status": None if last is None else last.state,
        }
    )


def _csv_item_rows(report: FulfilmentReport) -> Iterator[dict[str, str]]:
    """One row per item: its review status, how it counts, its amounts and its value's status.

    ``rule_status`` is the status of the building block's (or category's) value in the rule set,
    so non-verified values stay visible in a spreadsheet; empty for an item that counts nowhere.
    """
    for line in report.lines:
        record = line_record(line)
        record["item"] = record.pop("item_id")
        for measure in (Measure.REALISED, Measure.PENDING, Measure.FORECAST):
            record[measure] = round_cents(record[measure])
        used = line.realised or line.pending or line.forecast
        rule_status = None if used is None else used.provenance.status
        yield _cell_texts({**_contract_cells(report), **record, "rule_status": rule_status})


def _histories(
    path: pathlib.Path,
) -> tuple[Portfolio, Callable[[], Iterator[ContractHistory]], bool]:
    """The portfolio's header, a way to go over its contracts, and whether they are streamed.

    A JSON Lines portfolio is read one contract at a time, in constant memory; a JSON document is
    loaded whole.
    """
    if not is_portfolio_lines(path):
        portfolio = load_portfolio_file(path)
        return portfolio, lambda: iter(portfolio.contracts), False
    return portfolio_lines_header(path), lambda: iter_portfolio_lines(path), True


def _indented_json(data: object, depth: int) -> str:
    """``data`` as :func:`write_json` writes it when nested ``depth`` levels deep."""
    text = json.dumps(to_plain(data), indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * depth)


class _JsonStream:
    """Writes the consolidated JSON document as the reports come, byte for byte as one dump."""

    def __init__(self, out: TextIO, at: dt.date, as_of: dt.date) -> None:
        self._out = out
        self._head = _indented_json({"at": at, "as_of": as_of}, 0)[: -len("\n}")]
        self._count = 0

    def add(self, report: FulfilmentReport) -> None:
        opening = f'{self._head},\n  "contracts": [\n' if self._count == 0 else ",\n"
        self._out.write(opening + "    " + _indented_json(report_data(report), 2))
        self._count += 1

    def close(self, consolidated: ConsolidatedReport | None) -> None:
        if consolidated is None:
            self._out.write(self._head + ',\n  "contracts": []\n}\n')
            return
        rest = consolidated_data(consolidated)
        del rest["contracts"], rest["at"], rest["as_of"]
        tail = _indented_json(rest, 0).removeprefix("{\n")
        self._out.write("\n  ],\n" + tail + "\n")


def _csv_writer(out: TextIO, arguments: argparse.Namespace) -> csv.DictWriter[str]:
    """A CSV writer on ``out`` for contract rows or item rows, its header written."""
    columns = CSV_ITEM_COLUMNS if arguments.rows == "item" else CSV_COLUMNS
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    return writer


def report_command(arguments: argparse.Namespace, out: TextIO) -> int:
    """``sroi report FILE``: each contract's report and the consolidated totals.

    Contracts are reported one at a time and added up as they come (:class:`Consolidation`), so a
    JSON Lines portfolio of any size is reported in constant memory.
    """
    portfolio, histories, streamed = _histories(arguments.file)
    registry = portfolio_registry(portfolio, arguments.file)
    at, as_of = dates(arguments)
    if streamed:
        _dry_run(histories, registry, at, as_of)
        _write(arguments, out, histories, registry, at, as_of)
    else:
        written = io.StringIO()  # the document is in memory already: write all or nothing
        _write(arguments, written, histories, registry, at, as_of)
        out.write(written.getvalue())
    return OK


def _dry_run(
    histories: Callable[[], Iterator[ContractHistory]],
    registry: Registry,
    at: dt.date,
    as_of: dt.date,
) -> None:
    """Report every contract once and keep nothing, so that a bad one stops the command early.

    A bad line or a contract that cannot be reported is refused before anything is written
    (twice the work, in constant memory).
    """
    for history in histories():
        if history.registration.recorded_on <= as_of:
            contract_report(history, registry, at, as_of, warn=False)


def _write(  # noqa: PLR0917 - the report command's parts, passed on
    arguments: argparse.Namespace,
    out: TextIO,
    histories: Callable[[], Iterator[ContractHistory]],
    registry: Registry,
    at: dt.date,
    as_of: dt.date,
) -> None:
    totals = Consolidation(by=arguments.by)
    stream = _JsonStream(out, at, as_of) if arguments.format == "json" else None
    csv_writer = _csv_writer(out, arguments) if arguments.format == "csv" else None
    reported = 0
    for history in histories():
        if history.registration.recorded_on > as_of:
            print(
                f"note: contract {history.number} was registered on "
                f"{history.registration.recorded_on.isoformat()}, after {as_of.isoformat()}; "
                "left out",
                file=sys.stderr,
            )
            continue
        report = contract_report(history, registry, at, as_of)
        totals.add(report)
        if stream is not None:
            stream.add(report)
        elif csv_writer is not None:
            rows = _csv_item_rows(report) if arguments.rows == "item" else [_csv_row(report)]
            csv_writer.writerows(rows)
        else:
            text = report_text(report)
            evidence = _evidence_text(history, as_of)
            out.write((text if evidence is None else f"{text}\n\n{evidence}") + "\n\n\n")
        reported += 1
    consolidated = totals.result() if reported else None
    if stream is not None:
        stream.close(consolidated)
    elif csv_writer is None:
        if consolidated is None:
            out.write(f"{arguments.file}: no contracts to report.\n")
        else:
            out.write(consolidated_text(consolidated) + "\n")
