"""The Dask example: a partitioned placement table valued with map_partitions gives the same cents.

Runs in the nox session ``dask`` (which installs ``dask[dataframe]``); skipped elsewhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")

import numpy as np  # noqa: E402

import sroi  # noqa: E402
from sroi import batch  # noqa: E402

AT = [dt.date(2024, 6, 30), dt.date(2024, 12, 31), dt.date(2025, 6, 30), None]


def _table(n: int, seed: int) -> pd.DataFrame:
    """``n`` random placements of both regions, with exits and one-off bonuses."""
    rng = np.random.default_rng(seed)
    options = [
        ("midden-gelderland", "participatiewet-lt2"),
        ("midden-gelderland", "doelgroepregister"),
        ("midden-gelderland", "work-experience"),
        ("midden-gelderland", "bol-1-2"),
        ("midden-gelderland", "job-after-vso-pro"),
        ("noord-holland", "wajong"),
        ("noord-holland", "ww-gt1"),
    ]
    pick = rng.integers(0, len(options), n)
    first = np.datetime64("2023-04-01") + rng.integers(0, 700, n)
    last = first + rng.integers(0, 900, n)
    exits = np.where(rng.random(n) < 0.3, first + (last - first) // 2, np.datetime64("NaT"))
    bonus = np.array(
        [
            "permanent-contract"
            if options[p][1] not in ("work-experience", "bol-1-2") and rng.random() < 0.3
            else None
            for p in pick
        ],
        dtype=object,
    )
    return pd.DataFrame(
        {
            "region": [options[p][0] for p in pick],
            "block": [options[p][1] for p in pick],
            "first": first,
            "last": last,
            "exit_date": exits,
            "hours_per_week": [Decimal(int(h)) / 2 for h in rng.integers(8, 80, n)],
            "birth_date": first - rng.integers(20 * 366, 64 * 365, n).astype("timedelta64[D]"),
            "bonus_code": bonus,
            "bonus_granted_on": np.where(bonus != None, first, np.datetime64("NaT")),  # noqa: E711
        }
    )


def test_map_partitions_gives_the_same_cents_as_one_process() -> None:
    table = _table(2_000, seed=7)
    whole = batch.value_placements(table, at=AT, warn=False)

    partitioned = dd.from_pandas(table, npartitions=4)
    meta = pd.DataFrame({batch.column_name(day): pd.Series(dtype="int64") for day in AT})
    valued = partitioned.map_partitions(batch.value_placements, at=AT, warn=False, meta=meta)
    result = valued.compute()

    assert partitioned.npartitions == 4
    assert list(result.columns) == [batch.column_name(day) for day in AT]
    pd.testing.assert_frame_equal(result.sort_index(), whole)
    assert int(result["whole"].sum()) > 0
    # the column totals in euros, as an analyst would report them
    totals = valued.sum().compute()
    assert batch.to_decimal(totals["whole"]) == sroi.money.from_cents(int(whole["whole"].sum()))
