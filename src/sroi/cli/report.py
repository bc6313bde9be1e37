"""``sroi report``: every contract of a portfolio as text, JSON or CSV, and the totals."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from sroi.cli.common import OK, contract_report, dates, portfolio_registry, write_json
from sroi.consolidation import ConsolidatedReport, consolidate
from sroi.evidence import missing_evidence
from sroi.fulfilment import FulfilmentReport
from sroi.labels import label
from sroi.lifecycle import ContractHistory, state
from sroi.money import round_cents
from sroi.portfolio import load_portfolio_file
from sroi.rendering.data import LINE_FIELDS, consolidated_data, line_record
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


def _write_csv(out: TextIO, columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    out.write(buffer.getvalue())


def report_command(arguments: argparse.Namespace, out: TextIO) -> int:
    """``sroi report FILE``: each contract's report and the consolidated totals."""
    portfolio = load_portfolio_file(arguments.file)
    registry = portfolio_registry(portfolio, arguments.file)
    at, as_of = dates(arguments)
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
        reports.append(contract_report(history, registry, at, as_of))
        histories.append(history)
    consolidated: ConsolidatedReport | None = (
        consolidate(reports, by=arguments.by) if reports else None
    )
    if arguments.format == "json":
        if consolidated is None:
            write_json({"at": at, "as_of": as_of, "contracts": []}, out)
        else:
            write_json(consolidated_data(consolidated), out)
        return OK
    if arguments.format == "csv":
        if arguments.rows == "item":
            rows = (row for report in reports for row in _csv_item_rows(report))
            _write_csv(out, CSV_ITEM_COLUMNS, rows)
        else:
            _write_csv(out, CSV_COLUMNS, (_csv_row(report) for report in reports))
        return OK
    if consolidated is None:
        out.write(f"{arguments.file}: no contracts to report.\n")
        return OK
    parts = []
    for report, history in zip(reports, histories, strict=True):
        text = report_text(report)
        evidence = _evidence_text(history, as_of)
        parts.append(text if evidence is None else f"{text}\n\n{evidence}")
    parts.append(consolidated_text(consolidated))
    out.write("\n\n\n".join(parts) + "\n")
    return OK
