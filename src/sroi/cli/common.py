"""What the ``sroi`` sub-commands share: exit codes, notes, the registry, reports and JSON."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import pathlib
import re
import sys
import warnings
from collections.abc import Iterator, Sequence
from typing import TextIO

from sroi.cli.arguments import PROG
from sroi.exceptions import ProvisionalRuleWarning, SroiError
from sroi.fulfilment import FulfilmentReport
from sroi.lifecycle import ContractHistory
from sroi.portfolio import Portfolio, load_portfolio_file
from sroi.registry import Registry, default
from sroi.reporting import report
from sroi.serde.plain import to_plain

__all__ = [
    "INVALID",
    "OK",
    "USAGE",
    "contract_report",
    "dates",
    "error",
    "notes",
    "one_contract",
    "portfolio_registry",
    "write_json",
]

OK, INVALID, USAGE = 0, 1, 2
"""The exit codes: success, invalid input, usage error."""

_SOURCE = re.compile(r" \(source: .*\)$", re.DOTALL)
"""The source at the end of a rule warning; ``sroi rules REGION`` shows it in full."""


def error(message: str, notes: Sequence[str] = ()) -> None:
    """Write ``sroi: error: message`` on standard error, each note on a line of its own."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    for note in notes:
        print(f"  ({note})", file=sys.stderr)


@contextlib.contextmanager
def notes(stream: TextIO) -> Iterator[None]:
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


def portfolio_registry(portfolio: Portfolio, path: pathlib.Path) -> Registry:
    """The registry of the installed regions, plus the portfolio's own rule files."""
    if not portfolio.rule_files:
        return default()
    registry = Registry.from_environment()
    registry.add_rule_files(*(path.parent / name for name in portfolio.rule_files))
    return registry


def contract_report(
    history: ContractHistory,
    registry: Registry,
    at: dt.date,
    as_of: dt.date,
    *,
    warn: bool = True,
) -> FulfilmentReport:
    """The report of one contract on ``at`` as known on ``as_of``, with the registry's rules.

    Raises:
        SroiError: from the report, with a note naming the contract.
    """
    try:
        return report(history, at=at, as_of=as_of, warn=warn, registry=registry)
    except SroiError as problem:
        problem.add_note(f"in contract {history.number}")
        raise


def dates(arguments: argparse.Namespace) -> tuple[dt.date, dt.date]:
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


def one_contract(
    arguments: argparse.Namespace, *, warn: bool = True
) -> tuple[FulfilmentReport, ContractHistory]:
    """The report of the contract ``arguments.contract`` of ``arguments.file``, and its history."""
    portfolio = load_portfolio_file(arguments.file)
    history = portfolio.contract(arguments.contract)
    at, as_of = dates(arguments)
    registry = portfolio_registry(portfolio, arguments.file)
    return contract_report(history, registry, at, as_of, warn=warn), history


def write_json(data: object, out: TextIO) -> None:
    """Write ``data`` as indented JSON, through :func:`~sroi.serde.plain.to_plain`."""
    out.write(json.dumps(to_plain(data), indent=2, ensure_ascii=False) + "\n")
