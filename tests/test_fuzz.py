"""The fuzz suite: mutated portfolios, rule files, CSV files, event sequences and CLI runs.

Each entry point either works or raises :class:`sroi.SroiError`, never another exception:

* **portfolios**: the example portfolios (``examples/*.json``) mutated node by node (values
  replaced, removed, copied, dates shifted, decimals rescaled) or as text; what loads survives a
  round trip and reports (``sroi.report``) or raises ``SroiError``;
* **rule files**: the shipped rule files mutated as parsed data or as text; what loads reads
  back the same from a rewritten file;
* **CSV files**: placements and purchases of the examples as spreadsheets, mutated cell by cell
  or as text; what loads reads back the same from a plain rewrite;
* **event sequences**: events of the examples, mutated, applied to the examples' histories; a
  refused event leaves the history as it was;
* **the command line**: ``sroi validate`` and ``sroi report`` on mutated portfolio files.

A short profile runs with the tests. ``nox -s fuzz`` runs the long one: the environment variable
``SROI_FUZZ_EXAMPLES`` sets the number of documents per entry point, and the counts of documents
that loaded and were refused are printed (and written as JSON to ``SROI_FUZZ_REPORT`` if set).
"""

from __future__ import annotations

import collections
import contextlib
import copy
import csv
import datetime as dt
import functools
import io
import json
import os
import pathlib
import re
import shutil
import sys
import tempfile
import tomllib
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import sroi
from sroi import lifecycle as lc
from sroi import serde
from sroi.cli import main

ROOT = pathlib.Path(__file__).parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
RULE_FILES = sorted(
    [*ROOT.glob("plugins/*/src/*/rules/*.toml"), *ROOT.glob("docs/tutorial/*/src/*/rules/*.toml")]
)

LONG = int(os.environ.get("SROI_FUZZ_EXAMPLES", "0") or 0)
"""Documents per entry point in the long run; 0 for the short profile of the test run."""

COUNTS: collections.Counter[str] = collections.Counter()
"""``"<entry point>: <outcome>"`` -> how many documents had that outcome."""


def fuzz(short: int, *, long_share: int = 1) -> Callable[[Any], Any]:
    """Hypothesis settings: ``short`` examples in the test run, else ``SROI_FUZZ_EXAMPLES``.

    ``long_share`` divides the long count, for an entry point much slower than the others.
    """
    if LONG:
        return settings(
            max_examples=max(1, LONG // long_share),
            deadline=None,
            database=None,
            phases=[Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
    return settings(
        max_examples=short,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _write_report() -> None:
    report = os.environ.get("SROI_FUZZ_REPORT")
    if report:
        pathlib.Path(report).write_text(json.dumps(dict(sorted(COUNTS.items())), indent=2) + "\n")


@pytest.fixture(scope="module", autouse=True)
def _print_counts() -> Iterator[None]:
    yield
    shutil.rmtree(WORK, ignore_errors=True)
    if not COUNTS:  # pragma: no cover - only when every fuzz test was deselected
        return
    width = max(len(key) for key in COUNTS)
    lines = [f"{key:<{width}}  {COUNTS[key]:>9}" for key in sorted(COUNTS)]
    print("\nfuzz counts (documents per entry point and outcome):", file=sys.stderr)
    print("\n".join(lines), file=sys.stderr)
    _write_report()


# --- shared material --------------------------------------------------------------------------

DOCUMENTS = [json.loads(path.read_text("utf-8")) for path in EXAMPLES]
RULE_TEXTS = [path.read_text("utf-8") for path in RULE_FILES]


def _keys(value: object, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        found.update(value)
        for item in value.values():
            _keys(item, found)
    elif isinstance(value, list):
        for item in value:
            _keys(item, found)
    return found


KNOWN_KEYS = sorted(_keys(DOCUMENTS, set()) | _keys([tomllib.loads(t) for t in RULE_TEXTS], set()))
WORK = pathlib.Path(tempfile.mkdtemp(prefix="sroi-fuzz-"))
"""A folder for the files the fuzz tests write; a valid rule file sits in ``rules/``."""
(WORK / "rules").mkdir()
(WORK / "rules" / "valid.toml").write_text(RULE_TEXTS[0], "utf-8")

NASTY_TEXTS = [
    "",
    " ",
    "\0",
    "\ud800",
    "a\udcffb",
    "\u202e",
    "1E+58",
    "1e3",
    "1_000",
    "１２３",
    "٣",
    "NaN",
    "-Infinity",
    "-0",
    "+5",
    ".5",
    "5.",
    "0.000000000000000001",
    "9" * 40,
    "1234,56",
    "9999-12-31",
    "0001-01-01",
    "0000-01-01",
    "2024-02-30",
    "2024-13-01",
    "2024-1-1",
    "1899-12-31",
    "1900-01-01",
    "2199-12-31",
    "2200-01-01",
    "2024-01-01T00:00",
    "../x.toml",
    "rules/valid.toml",
    "rules/missing.toml",
    "/etc/passwd.toml",
    "J.P.",
    "Jan Jansen",
    "123456782",
    "a@b.nl",
    "+31612345678",
    "x" * 3000,
    "P1",
    "P2",
    "S1",
    "R1",
    "P99",
    "job",
    "verified",
    "buyer",
    "contractor",
    "sr_coordinator",
    "approve",
    "propose-placement",
    "report-early-exit",
    "participatiewet-lt2",
    "midden-gelderland",
    "noord-holland",
    "sroi.portfolio/1",
]

_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.sampled_from([0, 1, -1, 2**63, 10**16]),
    st.floats(),
    st.sampled_from(NASTY_TEXTS),
    st.text(max_size=12),
    st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: format(d, "f")),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
)
VALUES = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(KNOWN_KEYS) | st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)

_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DECIMAL_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")

Path = tuple[str | int, ...]


def _paths(value: object, prefix: Path = ()) -> Iterator[Path]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _get(doc: Any, path: Path) -> Any:
    for step in path:
        doc = doc[step]
    return doc


def _tweak_scalar(draw: st.DrawFn, value: Any) -> Any:
    """A small, plausible change: a date shifted, a decimal rescaled, a character edited."""
    if isinstance(value, str) and _DATE_TEXT.fullmatch(value):
        with contextlib.suppress(ValueError, OverflowError):
            shift = draw(st.integers(-800, 800) | st.integers(-80_000, 3_000_000))
            return (dt.date.fromisoformat(value) + dt.timedelta(days=shift)).isoformat()
        return value
    if isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value):
        factor = draw(st.sampled_from(["0", "-1", "0.5", "2", "10", "1000", "0.001", "1.0001"]))
        return format(Decimal(value) * Decimal(factor), "f")
    if isinstance(value, str):
        position = draw(st.integers(0, len(value)))
        insert = draw(st.sampled_from(["", " ", "\0", "\ud800", "é", "1", ".", ",", "-", "/"]))
        cut = draw(st.integers(0, 2))
        return value[:position] + insert + value[position + cut :]
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + draw(st.sampled_from([-1, 1, -(10**6), 10**20]))
    return draw(VALUES)


@st.composite
def mutated(draw: st.DrawFn, doc: Any, *, max_steps: int = 4) -> Any:
    """``doc`` (plain data) after 1..``max_steps`` mutations, each at a random node."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, max_steps))):
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        operation = draw(
            st.sampled_from(["tweak", "tweak", "tweak", "replace", "delete", "insert", "copy"])
        )
        if not path:
            if operation == "replace":
                doc = draw(VALUES)
            continue
        parent, step = _get(doc, path[:-1]), path[-1]
        node = parent[step]
        if operation == "tweak":
            parent[step] = _tweak_scalar(draw, node) if not isinstance(node, dict | list) else node
        elif operation == "replace":
            parent[step] = draw(VALUES)
        elif operation == "delete":
            del parent[step]
        elif operation == "insert":
            if isinstance(parent, dict):
                parent[draw(st.sampled_from(KNOWN_KEYS))] = draw(VALUES)
            else:
                parent.insert(draw(st.integers(0, len(parent))), copy.deepcopy(node))
        else:  # copy another subtree here: the right shape in the wrong place
            source = _get(doc, draw(st.sampled_from(paths)))
            parent[step] = copy.deepcopy(source)
    return doc


@st.composite
def mutated_text(draw: st.DrawFn, text: str) -> str:
    """``text`` with a few characters inserted, removed or the end cut off."""
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.integers(0, len(text)))
        operation = draw(st.sampled_from(["insert", "delete", "truncate", "repeat"]))
        if operation == "insert":
            piece = draw(st.sampled_from(["{", "}", "[", "]", '"', ",", ";", "\n", "\0", "\ud800"]))
            text = text[:position] + piece + text[position:]
        elif operation == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 40)) :]
        elif operation == "truncate":
            text = text[:position]
        else:
            line = text[position : position + draw(st.integers(1, 200))]
            text = text[:position] + line + text[position:]
    return text


def _outcome(entry: str, call: Callable[[], Any]) -> Any:
    """Run ``call``; count it as loaded or refused; any exception but SroiError fails the test."""
    try:
        result = call()
    except sroi.SroiError:
        COUNTS[f"{entry}: refused (SroiError)"] += 1
        return None
    finally:
        if LONG and COUNTS.total() % 5000 == 0:
            _write_report()  # the counts so far, for a long run watched from outside
    COUNTS[f"{entry}: loaded"] += 1
    return result


# --- portfolios -------------------------------------------------------------------------------


@st.composite
def portfolio_documents(draw: st.DrawFn) -> str | bytes:
    doc = draw(st.sampled_from(DOCUMENTS))
    if draw(st.integers(0, 9)) == 0:
        text = json.dumps(doc, ensure_ascii=False, indent=1)
        return draw(mutated_text(text))
    changed = draw(mutated(doc))
    try:
        text = json.dumps(changed, ensure_ascii=draw(st.booleans()))
    except ValueError:  # pragma: no cover - a float json cannot write; never drawn as such
        text = "{}"
    encoding = draw(st.sampled_from(["str", "str", "utf-8", "utf-16"]))
    if encoding == "str":
        return text
    return text.encode(encoding, errors="surrogatepass")


def _report_all(portfolio: sroi.Portfolio) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sroi.ProvisionalRuleWarning)
        for history in portfolio.contracts:
            as_of = history.latest().last_recorded_on
            _outcome("portfolio report", lambda h=history, d=as_of: sroi.report(h, at=d, as_of=d))


@fuzz(short=150)
@given(portfolio_documents())
def test_a_mutated_portfolio_loads_or_raises_sroi_error(document: str | bytes) -> None:
    portfolio = _outcome("portfolio", lambda: sroi.load_portfolio(document, base=WORK))
    if portfolio is None:
        return
    text = sroi.dump_portfolio(portfolio)
    again = sroi.load_portfolio(text, base=WORK)
    assert again == portfolio
    assert sroi.dump_portfolio(again) == text
    _report_all(portfolio)


# --- rule files -------------------------------------------------------------------------------


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, int | float):
        text = repr(value)
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(text, text)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{_toml_value(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{" + items + "}"
    return _toml_value(str(value))


def toml_text(data: dict[str, Any]) -> str:
    """Plain data (as ``tomllib`` reads it) written as TOML, every table inline."""
    lines = [f"{_toml_value(str(key))} = {_toml_value(value)}\n" for key, value in data.items()]
    return "".join(lines)


_TOML_LEAVES = st.one_of(
    st.sampled_from(NASTY_TEXTS).filter(lambda t: not re.search("[\ud800-\udfff]", t)),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.booleans(),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.datetimes(),
    st.sampled_from(["0.10", "30000", "-5", "0", "1", "0.5", "1E+58", "1_000", "１２"]),
)
_TOML_LITERALS = [
    '"1E+58"',
    '"1_000"',
    '"１２３"',
    '"-1"',
    '"0"',
    "1e400",
    "nan",
    "-inf",
    "9999-12-31",
    "1899-12-31",
    "2024-01-01T10:00:00",
    "[" * 600 + "]" * 600,
    "{ a = { b = { c = 1 } } }",
    "1" * 5000,
    '"' + "9" * 40 + '"',
]


@st.composite
def rule_documents(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(RULE_TEXTS))
    style = draw(st.integers(0, 9))
    if style < 5:  # mutate as data, write as TOML
        data = tomllib.loads(text)
        changed = draw(mutated(data))
        if draw(st.booleans()):
            for _ in range(draw(st.integers(1, 3))):
                paths = [p for p in _paths(changed) if p]
                if not paths:
                    break
                path = draw(st.sampled_from(paths))
                _get(changed, path[:-1])[path[-1]] = draw(_TOML_LEAVES)
        if not isinstance(changed, dict):
            changed = {"value": changed}
        return toml_text(changed)
    if style < 8:  # replace a literal on a line
        lines = text.splitlines()
        index = draw(st.integers(0, len(lines) - 1))
        if "=" in lines[index]:
            key = lines[index].split("=", 1)[0]
            lines[index] = f"{key}= {draw(st.sampled_from(_TOML_LITERALS))}"
        return "\n".join(lines) + "\n"
    return draw(mutated_text(text)).replace("\ud800", "\\ud800")


def _write_rule_file(text: str) -> pathlib.Path:
    path = WORK / "fuzzed.toml"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    return path


@fuzz(short=150)
@given(rule_documents())
def test_a_mutated_rule_file_loads_or_raises_sroi_error(text: str) -> None:
    path = _write_rule_file(text)
    rules = _outcome("rule file", lambda: sroi.load_rule_file(path))
    if rules is None:
        return
    rewritten = _write_rule_file(toml_text(tomllib.loads(text)))
    assert sroi.load_rule_file(rewritten) == rules


# --- CSV files --------------------------------------------------------------------------------


def _items_of(kind: type[Any]) -> list[Any]:
    found = []
    for path in EXAMPLES:
        for history in sroi.load_portfolio(path).contracts:
            found += [record.item for record in history.latest().items]
    return [item for item in found if isinstance(item, kind)]


def _dutch(value: Decimal) -> str:
    return format(value, "f").replace(".", ",")


def placement_rows(placements: list[sroi.Placement], *, dutch: bool) -> list[list[str]]:
    def day(value: dt.date) -> str:
        return value.strftime("%d-%m-%Y") if dutch else value.isoformat()

    rows = [list(sroi.csvimport.PLACEMENT_COLUMNS)]
    if dutch:
        rows = [[aliases[0] for aliases in sroi.csvimport.PLACEMENT_COLUMNS.values()]]
    for p in placements:
        hours = _dutch(p.hours_per_week) if dutch else format(p.hours_per_week, "f")
        rows.append(
            [
                p.candidate.initials,
                p.candidate.target_group,
                day(p.candidate.birth_date),
                p.kind.value,
                p.block,
                day(p.period.first),
                day(p.period.last),
                hours,
                day(p.exit_date) if p.exit_date else "",
            ]
        )
    return rows


def purchase_rows(purchases: list[sroi.SocialPurchase], *, dutch: bool) -> list[list[str]]:
    rows = [list(sroi.csvimport.PURCHASE_COLUMNS)]
    for p in purchases:
        amount = _dutch(p.amount_excl_vat) if dutch else format(p.amount_excl_vat, "f")
        rows.append(
            [
                p.supplier.name,
                p.supplier.kvk or "",
                p.category,
                p.invoice_date.isoformat(),
                amount,
                p.reference or "",
            ]
        )
    return rows


def csv_text(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


PLACEMENTS = _items_of(sroi.Placement)
PURCHASES = _items_of(sroi.SocialPurchase)
_CELLS = st.sampled_from(
    [*NASTY_TEXTS, "1.234,56", "€ 12,50", "1.234", "31-1-2024", "dienstverband", "bol-stage"]
)


@st.composite
def csv_documents(draw: st.DrawFn) -> tuple[str, str | bytes]:
    kind = draw(st.sampled_from(["placements", "purchases"]))
    dutch = draw(st.booleans())
    if kind == "placements":
        chosen = draw(st.lists(st.sampled_from(PLACEMENTS), min_size=1, max_size=5))
        rows = placement_rows(chosen, dutch=dutch)
    else:
        chosen = draw(st.lists(st.sampled_from(PURCHASES), min_size=1, max_size=5))
        rows = purchase_rows(chosen, dutch=dutch)
    for _ in range(draw(st.integers(0, 4))):
        row = draw(st.integers(0, len(rows) - 1))
        operation = draw(st.sampled_from(["cell", "cell", "tweak", "drop", "extra", "repeat"]))
        if operation == "drop" and len(rows[row]) > 1:
            del rows[row][draw(st.integers(0, len(rows[row]) - 1))]
        elif operation == "extra":
            rows[row].append(draw(_CELLS))
        elif operation == "repeat":
            rows.insert(row, list(rows[row]))
        else:
            column = draw(st.integers(0, len(rows[row]) - 1))
            old = rows[row][column]
            rows[row][column] = draw(_CELLS) if operation == "cell" else _tweak_scalar(draw, old)
    text = csv_text(rows, draw(st.sampled_from([";", ",", "\t"])))
    if draw(st.integers(0, 9)) == 0:
        text = draw(mutated_text(text))
    form = draw(st.sampled_from(["text", "utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    if form == "text":
        return kind, text
    return kind, text.encode(form, errors="replace" if form == "latin-1" else "surrogatepass")


def _read_csv(kind: str, document: str | bytes) -> list[Any]:
    stream: io.StringIO | io.BytesIO
    stream = io.StringIO(document) if isinstance(document, str) else io.BytesIO(document)
    if kind == "placements":
        return sroi.read_placements_csv(stream)
    return sroi.read_purchases_csv(stream)


@fuzz(short=150)
@given(csv_documents())
def test_a_mutated_csv_file_loads_or_raises_sroi_error(case: tuple[str, str | bytes]) -> None:
    kind, document = case
    items = _outcome(f"csv {kind}", lambda: _read_csv(kind, document))
    if items is None:
        return
    rows = placement_rows(items, dutch=False) if kind == "placements" else None
    rows = rows or purchase_rows(items, dutch=False)
    assert _read_csv(kind, csv_text(rows, ";")) == items


# --- event sequences --------------------------------------------------------------------------

HISTORIES = [h for path in EXAMPLES for h in sroi.load_portfolio(path).contracts]
EVENT_DATA = [serde.unstructure(e, lc.Event) for h in HISTORIES for e in h.events]


@st.composite
def event_sequences(draw: st.DrawFn) -> tuple[lc.ContractHistory, list[object]]:
    """A prefix of an example history and events to apply after it (plain data or objects)."""
    full = draw(st.sampled_from(HISTORIES))
    keep = draw(st.integers(0, len(full.events)))
    history = lc.ContractHistory(full.registration, full.events[:keep])
    last = history.latest().last_recorded_on
    events: list[object] = []
    for _ in range(draw(st.integers(1, 5))):
        data = copy.deepcopy(draw(st.sampled_from(EVENT_DATA)))
        data["recorded_on"] = (last + dt.timedelta(days=draw(st.integers(-3, 60)))).isoformat()
        if "item_id" in data and draw(st.booleans()):
            data["item_id"] = draw(st.sampled_from(["P1", "P2", "P3", "S1", "S2", "R1", "R9"]))
        if draw(st.booleans()):
            data = draw(mutated(data, max_steps=2))
        events.append(data)
    return history, events


def _event(data: object) -> lc.Event:
    event: lc.Event = serde.structure(data, lc.Event)
    return event


@fuzz(short=100, long_share=3)  # 1 to 5 events per sequence: >= 10^5 events in the long run
@given(event_sequences())
def test_a_refused_event_changes_nothing(case: tuple[lc.ContractHistory, list[object]]) -> None:
    history, events = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sroi.ProvisionalRuleWarning)
        for data in events:
            event = _outcome("event (as data)", functools.partial(_event, data))
            if event is None:
                continue
            before_text = serde.dumps(history, lc.ContractHistory)
            before_state = history.latest()
            before_events = history.events
            after = _outcome("event (applied)", functools.partial(lc.apply, history, event))
            assert history.events is before_events
            assert history.latest() == before_state
            assert serde.dumps(history, lc.ContractHistory) == before_text
            if after is None:
                continue
            assert after.events == (*before_events, event)
            assert after.registration is history.registration
            history = after
        # the history as grown replays to the same state from its events alone
        replayed = lc.ContractHistory(history.registration, history.events)
        assert replayed.latest() == history.latest()
        _outcome(
            "event sequence report",
            lambda: sroi.report(history, as_of=history.latest().last_recorded_on),
        )


# --- the command line -------------------------------------------------------------------------


@fuzz(short=15, long_share=10)
@given(portfolio_documents(), st.sampled_from(["validate", "report", "report-json"]))
def test_the_command_line_exits_with_a_code_on_a_mutated_portfolio(
    document: str | bytes, command: str
) -> None:
    path = WORK / "portfolio.json"
    path.write_bytes(
        document.encode("utf-8", errors="surrogatepass") if isinstance(document, str) else document
    )
    argv = {
        "validate": ["validate", str(path)],
        "report": ["report", str(path), "--at", "2025-06-30", "--as-of", "2025-06-30"],
        "report-json": ["report", str(path), "--format", "json"],
    }[command]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    assert code in (0, 1)
    COUNTS[f"cli {command}: exit {code}"] += 1
