"""Time loading large portfolio files, as one JSON document and as JSON Lines.

Builds a synthetic portfolio of N contracts (default 10000) by renumbering the contracts of
``examples/midden-gelderland.json`` (each copy is numbered ``<original>-<four letters>``), writes
it as ``sroi.portfolio/1`` JSON (compact, so that 10^4 contracts stay under the 64 MiB limit) and
as ``sroi.portfolio-lines/1`` JSON Lines into a temporary folder, then times
:func:`sroi.portfolio.load_portfolio`, :func:`sroi.portfolio.load_portfolio_lines` and one pass
of :func:`sroi.portfolio.iter_portfolio_lines`.

Run: ``python benchmarks/portfolio_files.py [N] [--keep FOLDER]``. With ``--keep`` the files are
written to FOLDER and kept (to try ``sroi report`` or ``sroi validate`` on them).
"""

from __future__ import annotations

import copy
import json
import pathlib
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sroi.portfolio import (
    FORMAT,
    LINES_FORMAT,
    iter_portfolio_lines,
    load_portfolio,
    load_portfolio_lines,
)

EXAMPLE = pathlib.Path(__file__).resolve().parent.parent / "examples" / "midden-gelderland.json"


def _suffix(index: int) -> str:
    """Four letters for ``index`` (``aaaa``, ``aaab`` ...): digits could be read as a BSN."""
    letters = ""
    for _ in range(4):
        index, rest = divmod(index, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def synthetic_contracts(n: int, example: pathlib.Path = EXAMPLE) -> Iterator[dict[str, Any]]:
    """Yield ``n`` contract histories (plain data), the example's contracts renumbered in turn."""
    templates = json.loads(example.read_text(encoding="utf-8"))["contracts"]
    for index in range(n):
        history = copy.deepcopy(templates[index % len(templates)])
        contract = history["registration"]["contract"]
        contract["number"] = f"{contract['number']}-{_suffix(index)}"
        yield history


def write_files(n: int, folder: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path]:
    """Write the portfolio of ``n`` contracts as ``portfolio.json`` and ``portfolio.jsonl``."""
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    header = {"format": LINES_FORMAT, "organisations": example["organisations"]}
    lines_path = folder / "portfolio.jsonl"
    contracts = []
    with lines_path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(header, ensure_ascii=False) + "\n")
        for history in synthetic_contracts(n):
            handle.write(json.dumps(history, ensure_ascii=False) + "\n")
            contracts.append(history)
    document = {"format": FORMAT, "organisations": example["organisations"], "contracts": contracts}
    json_path = folder / "portfolio.json"
    json_path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return json_path, lines_path


def _time(label: str, size: int, run: Callable[[], int]) -> None:
    """Print the wall-clock time and this process's CPU time (less affected by other load)."""
    start, cpu = time.perf_counter(), time.process_time()
    count = run()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"{label:<32} {count:>7} contracts {size / 1e6:6.1f} MB "
        f"{seconds:7.2f} s wall {cpu:7.2f} s CPU"
    )


def _iterate(path: pathlib.Path) -> int:
    return sum(1 for _ in iter_portfolio_lines(path))


def main(argv: Sequence[str]) -> None:
    """Write the files and print the load times."""
    arguments = list(argv)
    keep = None
    if "--keep" in arguments:
        at = arguments.index("--keep")
        keep = pathlib.Path(arguments[at + 1])
        del arguments[at : at + 2]
    n = int(arguments[0]) if arguments else 10_000
    with tempfile.TemporaryDirectory() as temporary:
        folder = keep or pathlib.Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        json_path, lines_path = write_files(n, folder)
        print(f"wrote {n} contracts in {time.perf_counter() - started:.2f} s to {folder}")
        _time(
            "load_portfolio (.json)",
            json_path.stat().st_size,
            lambda: len(load_portfolio(json_path).contracts),
        )
        _time(
            "load_portfolio_lines (.jsonl)",
            lines_path.stat().st_size,
            lambda: len(load_portfolio_lines(lines_path).contracts),
        )
        size = lines_path.stat().st_size
        _time("iter_portfolio_lines (.jsonl)", size, lambda: _iterate(lines_path))


if __name__ == "__main__":
    main(sys.argv[1:])
