"""Benchmark of columnar batch valuation (sroi.batch) against the per-item engine.

Prints four tables:

1. ``sroi.batch.value_placements`` on 10^4, 10^5 and 10^6 random placements × 4 dates from a
   columnar table (datetime64 date columns, Decimal hours), best of 3 runs;
2. the per-item engine (``sroi.engine.schedule(...).cents``) on a sample of 5,000 with the same
   4 dates, against the batch's time per placement at 10^6;
3. the fulfilment report of a synthetic 10^4-contract portfolio: ``sroi.report`` per contract
   against ``sroi.batch.report_frame`` (best, median and slowest of 5 runs: the machine may be
   shared, and the target is that even the slowest stays within 2 s);
4. the cent-equality check: every cent of ``value_placements`` against the per-item engine on
   10^5 random rows (all candidate blocks of both region plugins, exits, bonuses, month-end
   starts), with the number of exact half-cent ties among the values compared. The run fails
   (exit 1) if one cent differs.

Run: ``python benchmarks/batch.py [N_CHECK]`` (default 100000) in an environment with the
``batch`` extra and both region plugins. A benchmark, not a test: it asserts nothing about time.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
import warnings
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

import sroi
from sroi import batch
from sroi.engine import schedule
from sroi.lifecycle import (
    Approve,
    Event,
    ProposePlacement,
    ProposeProject,
    ProposePurchase,
    Reject,
    Role,
    apply_all,
    register,
)
from sroi.lifecycle.events import Proposal
from sroi.ruleset import BonusKind, Route, Unit

REGIONS = ("midden-gelderland", "noord-holland")
DATES = [dt.date(2024, 6, 30), dt.date(2024, 12, 31), dt.date(2025, 6, 30), None]
EPOCH = np.datetime64("1970-01-01", "D")
FIRST_DAY = dt.date(2023, 4, 1)
# hours per week: quarter hours and a few with more decimals (exact Decimals, never floats)
HOURS = np.array(
    [Decimal(q) / 4 for q in range(0, 161)] + [Decimal("6.75"), Decimal("17.333"), Decimal("38")],
    dtype=object,
)


def _options() -> list[tuple[str, str, list[str]]]:
    """(region, block, bonuses a row may be granted) for every candidate block of both regions."""
    result = []
    for region in REGIONS:
        rules = sroi.rules(region, dt.date(2024, 1, 1))
        for block in rules.blocks.values():
            if block.route is not Route.CANDIDATE:
                continue
            sized = block.unit in (Unit.PER_YEAR_FULL_TIME, Unit.PER_MONTH)
            grants = [
                code
                for code in block.bonuses
                if rules.bonuses[code].kind is BonusKind.ONE_OFF
                or (rules.bonuses[code].kind is BonusKind.ANNUAL and sized)
            ]
            result.append((region, block.code, grants))
    return result


def random_table(n: int, seed: int = 12) -> pd.DataFrame:
    """``n`` random placements as a columnar table (what an analyst would load)."""
    rng = np.random.default_rng(seed)
    options = _options()
    choice = rng.integers(0, len(options), n)
    region = np.array([o[0] for o in options], dtype=object)[choice]
    block = np.array([o[1] for o in options], dtype=object)[choice]
    start = np.datetime64(FIRST_DAY, "D") + rng.integers(0, 900, n)
    # a sixth start on the last day of a month (the placement-month clamp)
    month_end = (start.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    start = np.where(rng.random(n) < 1 / 6, month_end, start)
    # short agreed periods of exactly 32 days make per-period blocks tie on half cents
    length = np.where(rng.random(n) < 0.05, 31, rng.integers(0, 1100, n))
    last = start + length
    has_exit = rng.random(n) < 0.3
    exit_date = start + (rng.random(n) * (length + 1)).astype(np.int64)
    birth = start - (rng.integers(16 * 365 + 5, 70 * 365, n)).astype("timedelta64[D]")
    grant_options = [o[2] for o in options]
    pick = rng.random(n)
    bonus = np.array(
        [
            grant_options[c][int(p * 2 * len(grant_options[c]))]
            if grant_options[c] and p < 0.5
            else None
            for c, p in zip(choice, pick, strict=True)
        ],
        dtype=object,
    )
    active_end = np.where(has_exit, exit_date, last)
    granted = start + (rng.random(n) * ((active_end - start).astype(np.int64) + 1)).astype(np.int64)
    has_bonus = bonus != None  # noqa: E711 - elementwise
    return pd.DataFrame(
        {
            "region": region,
            "block": block,
            "first": start,
            "last": last,
            "exit_date": np.where(has_exit, exit_date, np.datetime64("NaT")),
            "hours_per_week": HOURS[rng.integers(0, len(HOURS), n)],
            "birth_date": birth,
            "bonus_code": bonus,
            "bonus_granted_on": np.where(has_bonus, granted, np.datetime64("NaT")),
        }
    )


def synthetic_portfolio(contracts: int, seed: int = 5) -> sroi.Portfolio:
    """``contracts`` contracts of both regions, each with six items in several review states.

    Four placements of random candidate blocks (the first with every bonus its block allows),
    a purchase and a project; most approved, some pending, some rejected.
    """
    rng = random.Random(seed)
    options = {region: [o for o in _options() if o[0] == region] for region in REGIONS}
    contractor = sroi.Organisation("Aannemer B.V.", kvk="90000099")
    supplier = sroi.Organisation("Werkbedrijf", kvk="90000098")
    histories = []
    for number in range(contracts):
        region = REGIONS[number % 2]
        first = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(365))
        contract = sroi.Contract(
            f"C-{number:05d}",
            "Onderhoud",
            sroi.Period(first, first + dt.timedelta(days=3 * 365)),
            contractor,
            value_excl_vat=Decimal(rng.randrange(200_000, 5_000_000)),
            region=region,
        )
        proposals: list[Proposal] = []
        for index in range(4):
            _, code, grants = rng.choice(options[region])
            start = first + dt.timedelta(days=rng.randrange(400))
            period = sroi.Period(start, start + dt.timedelta(days=rng.randrange(30, 700)))
            chosen = grants if index == 0 else grants[: rng.randrange(2)]
            placement = sroi.Placement(
                sroi.Candidate("A.B.", "doelgroep", dt.date(rng.randrange(1960, 2004), 3, 9)),
                sroi.PlacementKind.JOB,
                code,
                period,
                Decimal(rng.randrange(16, 80)) / 2,
                exit_date=start + dt.timedelta(days=20) if rng.random() < 0.2 else None,
                bonuses=tuple(
                    sroi.BonusGrant(bonus, start + dt.timedelta(days=10 * (k + 1)))
                    for k, bonus in enumerate(chosen)
                ),
            )
            proposals.append(
                ProposePlacement(recorded_on=start, role=Role.CONTRACTOR, placement=placement)
            )
        day = first + dt.timedelta(days=rng.randrange(600))
        bought = sroi.SocialPurchase(
            supplier, "sw-company", day, Decimal(rng.randrange(100, 10**6)) / 100
        )
        proposals.append(ProposePurchase(recorded_on=day, role=Role.CONTRACTOR, purchase=bought))
        day = first + dt.timedelta(days=rng.randrange(600))
        done = sroi.SrProject(
            "Gastles",
            sroi.Period(day, day + dt.timedelta(days=rng.randrange(40))),
            "mvo",
            hours=Decimal(rng.randrange(1, 80)),
        )
        proposals.append(ProposeProject(recorded_on=day, role=Role.CONTRACTOR, project=done))
        proposals.sort(key=lambda event: event.recorded_on)
        events: list[Event] = []
        counts = {"P": 0, "S": 0, "R": 0}
        for proposal in proposals:
            prefix = {Route.CANDIDATE: "P", Route.PURCHASE: "S", Route.PROJECT: "R"}[proposal.ROUTE]
            counts[prefix] += 1
            events.append(proposal)
            decided = proposal.recorded_on + dt.timedelta(days=14)
            chance = rng.random()
            item_id = f"{prefix}{counts[prefix]}"
            if chance < 0.75:
                events.append(
                    Approve(recorded_on=decided, role=Role.SR_COORDINATOR, item_id=item_id)
                )
            elif chance < 0.85:
                events.append(
                    Reject(
                        recorded_on=decided,
                        role=Role.SR_COORDINATOR,
                        item_id=item_id,
                        reason="niet aangetoond",
                    )
                )
        events.sort(key=lambda event: event.recorded_on)
        registered = register(contract, recorded_on=first - dt.timedelta(days=30))
        histories.append(apply_all(registered, events))
    return sroi.Portfolio(organisations=(contractor, supplier), contracts=tuple(histories))


def _day(value: Any) -> dt.date | None:
    if pd.isna(value):
        return None
    return dt.date.fromordinal(int((value - EPOCH) // np.timedelta64(1, "D")) + 719163)


def engine_placements(frame: pd.DataFrame) -> list[tuple[sroi.Placement, str]]:
    """The rows of a random table as engine placements, with their regions."""
    result = []
    names = [name for name in batch.PLACEMENT_COLUMNS if name in frame]
    columns = [frame[name].to_numpy() for name in names]
    for values in zip(*columns, strict=True):
        cell = dict(zip(names, values, strict=True))
        first, last = _day(cell["first"]), _day(cell["last"])
        birth, grant = _day(cell["birth_date"]), _day(cell["bonus_granted_on"])
        assert first is not None
        assert last is not None
        assert birth is not None
        placement = sroi.Placement(
            sroi.Candidate("A.B.", "doelgroep", birth),
            sroi.PlacementKind.JOB,
            cell["block"],
            sroi.Period(first, last),
            cell["hours_per_week"],
            exit_date=_day(cell["exit_date"]),
            bonuses=(sroi.BonusGrant(cell["bonus_code"], grant),) if grant else (),
        )
        result.append((placement, str(cell["region"])))
    return result


def engine_cents(frame: pd.DataFrame) -> tuple[np.ndarray[Any, Any], int]:
    """The per-item engine's cents for every row and date, and the number of half-cent ties."""
    rule_sets = {region: sroi.rules(region, dt.date(2024, 1, 1)) for region in REGIONS}
    result = np.zeros((len(frame), len(DATES)), dtype=np.int64)
    ties = 0
    ordinals = [None if day is None else day.toordinal() for day in DATES]
    for row, (placement, region) in enumerate(engine_placements(frame)):
        plan = schedule(placement, rule_sets[region])
        for column, ordinal in enumerate(ordinals):
            numerator, denominator = plan.ratio(None, ordinal)
            if (200 * numerator) % denominator == 0 and (200 * numerator // denominator) % 2:
                ties += 1
            result[row, column] = plan.cents(None, ordinal)
    return result, ties


def _times(run: Callable[[], object], runs: int) -> list[float]:
    """The wall-clock seconds of ``runs`` runs, fastest first."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return sorted(seconds)


def _best(run: Callable[[], object]) -> float:
    return _times(run, 3)[0]


def main(check: int) -> int:
    warnings.simplefilter("ignore", sroi.ProvisionalRuleWarning)
    print("| placements × 4 dates | seconds (best of 3) | placements/s |")
    print("|---:|---:|---:|")
    per_row = 0.0
    for n in (10**4, 10**5, 10**6):
        frame = random_table(n)
        seconds = _best(lambda frame=frame: batch.value_placements(frame, at=DATES))
        per_row = seconds / n
        print(f"| {n:>9,} | {seconds:7.3f} | {n / seconds:>12,.0f} |")
    del frame

    sample = random_table(5_000, seed=1)
    placements = engine_placements(sample)
    rule_sets = {region: sroi.rules(region, dt.date(2024, 1, 1)) for region in REGIONS}
    ordinals = [None if day is None else day.toordinal() for day in DATES]
    start = time.perf_counter()
    for placement, region in placements:
        plan = schedule(placement, rule_sets[region])
        for ordinal in ordinals:
            plan.cents(None, ordinal)
    per_item = (time.perf_counter() - start) / len(sample)
    print()
    print("| per-item engine (schedule + 4 × cents), sample of 5,000 | batch at 10^6 | speed-up |")
    print("|---:|---:|---:|")
    speed_up = per_item / per_row
    print(f"| {per_item * 1e6:8.1f} µs/placement | {per_row * 1e6:6.2f} µs | {speed_up:5.0f}× |")

    contracts = 10_000
    portfolio = synthetic_portfolio(contracts)
    day = dt.date(2025, 12, 31)
    start = time.perf_counter()
    for history in portfolio.contracts:
        sroi.report(history, at=day, as_of=day)
    reports = time.perf_counter() - start
    in_batch = _times(lambda: batch.report_frame(portfolio, day, day), 5)
    print()
    print(f"| {contracts:,} contracts × 6 items: report | seconds |")
    print("|---|---:|")
    print(f"| sroi.report per contract | {reports:7.3f} |")
    print(f"| sroi.batch.report_frame, best of 5 | {in_batch[0]:7.3f} |")
    print(f"| sroi.batch.report_frame, median of 5 | {in_batch[2]:7.3f} |")
    print(f"| sroi.batch.report_frame, slowest of 5 | {in_batch[-1]:7.3f} |")

    frame = random_table(check, seed=2026)
    start = time.perf_counter()
    expected, ties = engine_cents(frame)
    got = batch.value_placements(frame, at=DATES).to_numpy()
    differ = int((got != expected).sum())
    print()
    print(
        f"cent-equality on {check:,} random rows × {len(DATES)} dates: {differ} differ, "
        f"{ties} exact half-cent ties compared ({time.perf_counter() - start:.1f} s)"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
