"""Time the valuation core on a synthetic portfolio.

Builds a rule set in code (so no plugin is needed), then values N placements, N/4 purchases and
N/10 projects over their whole periods and over one quarter, and prints items per second.
Run: ``python benchmarks/portfolio.py [N]`` (default 100000), or ``nox -s benchmark``.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal

import sroi

VERIFIED = sroi.Provenance("benchmark", sroi.Status.VERIFIED)


def _rules() -> sroi.RuleSet:
    annual = [
        ("pw-lt2", "30000", 24),
        ("pw-gt2", "40000", 24),
        ("ww-lt1", "10000", 12),
        ("drg", "40000", None),
    ]
    blocks = [
        sroi.BuildingBlock(
            code,
            code,
            code,
            sroi.Route.CANDIDATE,
            sroi.Unit.PER_YEAR_FULL_TIME,
            Decimal(value),
            VERIFIED,
            max_months=months,
            bonuses=("age-50", "vast"),
        )
        for code, value, months in annual
    ]
    blocks += [
        sroi.BuildingBlock(
            "wep",
            "wep",
            "wep",
            sroi.Route.CANDIDATE,
            sroi.Unit.PER_MONTH,
            Decimal(750),
            VERIFIED,
        ),
        sroi.BuildingBlock(
            "sw",
            "sw",
            "sw",
            sroi.Route.PURCHASE,
            sroi.Unit.SHARE_OF_INVOICE,
            Decimal(1),
            VERIFIED,
        ),
        sroi.BuildingBlock(
            "mvo", "mvo", "mvo", sroi.Route.PROJECT, sroi.Unit.PER_HOUR, Decimal(100), VERIFIED
        ),
    ]
    bonuses = [
        sroi.Bonus("age-50", "50+", "50+", sroi.BonusKind.AGE, Decimal(5000), VERIFIED, 50),
        sroi.Bonus("vast", "vast", "permanent", sroi.BonusKind.ONE_OFF, Decimal(10000), VERIFIED),
    ]
    return sroi.RuleSet.build(
        "bench",
        "1",
        dt.date(2020, 1, 1),
        blocks=blocks,
        bonuses=bonuses,
        full_time_hours=sroi.Parameter(Decimal(36), VERIFIED),
    )


def _portfolio(
    n: int, seed: int = 1
) -> tuple[list[sroi.Placement], list[sroi.SocialPurchase], list[sroi.SrProject]]:
    rng = random.Random(seed)
    codes = ["pw-lt2", "pw-gt2", "ww-lt1", "drg", "wep"]
    supplier = sroi.Organisation("Sociaal Werkbedrijf")
    placements = []
    for _ in range(n):
        start = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(1000))
        last = start + dt.timedelta(days=rng.randrange(30, 900))
        grants: tuple[sroi.BonusGrant, ...] = ()
        code = rng.choice(codes)
        if code != "wep" and rng.random() < 0.1:
            grants = (sroi.BonusGrant("vast", start + dt.timedelta(days=20)),)
        placements.append(
            sroi.Placement(
                sroi.Candidate("A.B.", "tg", dt.date(rng.randrange(1960, 2000), 6, 15)),
                sroi.PlacementKind.JOB,
                code,
                sroi.Period(start, last),
                Decimal(rng.randrange(8, 41)),
                bonuses=grants,
            )
        )
    purchases = [
        sroi.SocialPurchase(
            supplier,
            "sw",
            dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(700)),
            Decimal(rng.randrange(100, 100000)) / 100,
        )
        for _ in range(n // 4)
    ]
    projects = [
        sroi.SrProject.on(
            dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(700)),
            "Gastles",
            "mvo",
            hours=Decimal(rng.randrange(1, 40)),
        )
        for _ in range(n // 10)
    ]
    return placements, purchases, projects


def _time(label: str, count: int, run: Callable[[], Decimal]) -> None:
    start = time.perf_counter()
    total = run()
    seconds = time.perf_counter() - start
    print(
        f"{label:<44} {count:>8} items {seconds:8.2f} s {count / seconds:>10,.0f} items/s"
        f"   total € {total:,.2f}"
    )


def main(argv: Sequence[str]) -> None:
    n = int(argv[0]) if argv else 100_000
    rules = _rules()
    started = time.perf_counter()
    placements, purchases, projects = _portfolio(n)
    print(
        f"built {n} placements, {len(purchases)} purchases, {len(projects)} projects in "
        f"{time.perf_counter() - started:.2f} s"
    )
    quarter = sroi.Period(dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    _time(
        "placements, whole period",
        n,
        lambda: sum((sroi.value_placement(p, rules).amount for p in placements), Decimal(0)),
    )
    _time(
        "placements, one quarter",
        n,
        lambda: sum(
            (sroi.value_placement(p, rules, quarter).amount for p in placements), Decimal(0)
        ),
    )
    _time(
        "purchases, whole period",
        len(purchases),
        lambda: sum((sroi.value_purchase(p, rules).amount for p in purchases), Decimal(0)),
    )
    _time(
        "projects, whole period",
        len(projects),
        lambda: sum((sroi.value_project(p, rules).amount for p in projects), Decimal(0)),
    )


if __name__ == "__main__":
    main(sys.argv[1:])
