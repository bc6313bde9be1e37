"""Benchmark of the exact valuation core: per-item schedules and one-pass reports.

Prints two tables:

1. placements valued per second, on one core: through the value schedule (integer cents, the
   path reports and batches use) over the whole period and at 4 dates, and as full
   ``Valuation`` objects (``value_placement``);
2. the fulfilment report of a 6-item contract with 4 measurement moments, in ms per contract,
   for 10^2, 10^3 and 10^4 contracts.

Run: ``python benchmarks/valuation.py [N]`` (N placements, default 100000), or
``nox -s benchmark``. A benchmark, not a test: it asserts nothing about time.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal

from portfolio import _portfolio, _rules

import sroi
from sroi.engine import schedule
from sroi.fulfilment import fulfilment_report
from sroi.lifecycle import ItemRecord, ReviewStatus

DATES = [dt.date(2023, 6, 30), dt.date(2023, 12, 31), dt.date(2024, 6, 30), dt.date(2024, 12, 31)]


def _rate(label: str, count: int, run: Callable[[], object]) -> None:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    print(f"| {label:<52} | {count:>8} | {best:7.3f} s | {count / best:>11,.0f} /s |")


def _contracts(
    count: int, rules: sroi.RuleSet, seed: int = 2
) -> list[tuple[sroi.Contract, list[ItemRecord]]]:
    rng = random.Random(seed)
    placements, purchases, projects = _portfolio(count * 4, seed)
    result = []
    for index in range(count):
        first = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(365))
        contract = sroi.Contract(
            f"C-{index}",
            "Onderhoud",
            sroi.Period(first, first + dt.timedelta(days=3 * 365)),
            sroi.Organisation("Aannemer B.V."),
            value_excl_vat=Decimal(rng.randrange(100_000, 5_000_000)),
            sr_percentage=Decimal(5),
        )
        items = [
            *placements[4 * index : 4 * index + 4],
            purchases[index],
            projects[index % len(projects)],
        ]
        records = [
            ItemRecord(
                f"X{k}",
                sroi.Route.CANDIDATE
                if isinstance(item, sroi.Placement)
                else (
                    sroi.Route.PURCHASE
                    if isinstance(item, sroi.SocialPurchase)
                    else sroi.Route.PROJECT
                ),
                rng.choice([ReviewStatus.APPROVED, ReviewStatus.APPROVED, ReviewStatus.PROPOSED]),
                item,
                first,
            )
            for k, item in enumerate(items)
        ]
        result.append((contract, records))
    return result


def main(argv: Sequence[str]) -> None:
    n = int(argv[0]) if argv else 100_000
    rules = _rules()
    placements, _, _ = _portfolio(n)
    days = [day.toordinal() for day in DATES]
    print(f"\nPer-item valuation, {n} placements, one core (best of 3)\n")
    print(f"| {'what':<52} | {'items':>8} | {'time':>9} | {'rate':>14} |")
    print(f"|{'-' * 54}|{'-' * 10}|{'-' * 11}|{'-' * 16}|")
    _rate(
        "schedule, whole period (cents)",
        n,
        lambda: sum(schedule(p, rules).cents() for p in placements),
    )

    def at_four_dates() -> int:
        total = 0
        for placement in placements:
            plan = schedule(placement, rules)
            total += plan.cents()
            for day in days:
                total += plan.cents(None, day)
        return total

    _rate("schedule, whole period and 4 dates (cents)", n, at_four_dates)
    _rate(
        "value_placement, whole period (full Valuation)",
        n,
        lambda: [sroi.value_placement(p, rules, warn=False) for p in placements],
    )
    print("\nFulfilment report, 6 items and 4 measurement moments per contract\n")
    print(f"| {'contracts':>9} | {'total':>9} | {'per contract':>13} |")
    print(f"|{'-' * 11}|{'-' * 11}|{'-' * 15}|")
    at = dt.date(2024, 6, 30)
    for count in (100, 1_000, 10_000):
        portfolio = _contracts(count, rules)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            for contract, records in portfolio:
                fulfilment_report(contract, records, rules, at=at, as_of=at, warn=False)
            best = min(best, time.perf_counter() - start)
        print(f"| {count:>9} | {best:7.3f} s | {1000 * best / count:10.3f} ms |")


if __name__ == "__main__":
    main(sys.argv[1:])
