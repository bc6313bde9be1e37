"""sroi.batch: every cent equals the per-item engine; bad tables name their rows and columns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

import numpy as np  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import sroi  # noqa: E402
from sroi import batch  # noqa: E402
from sroi.engine import schedule  # noqa: E402
from sroi.period import add_months  # noqa: E402
from sroi.ruleset import BonusKind, Route, Unit  # noqa: E402

REGIONS = ("midden-gelderland", "noord-holland")
RULES = {region: sroi.rules(region, dt.date(2024, 1, 1)) for region in REGIONS}
SIZED = (Unit.PER_YEAR_FULL_TIME, Unit.PER_MONTH)
CANDIDATE_BLOCKS = [
    (region, block)
    for region, rules in RULES.items()
    for block in rules.blocks.values()
    if block.route is Route.CANDIDATE
]


def _grantable(region: str, block: sroi.BuildingBlock) -> list[str]:
    rules = RULES[region]
    return [
        code
        for code in block.bonuses
        if rules.bonuses[code].kind is BonusKind.ONE_OFF
        or (rules.bonuses[code].kind is BonusKind.ANNUAL and block.unit in SIZED)
    ]


@st.composite
def placement_rows(draw: st.DrawFn) -> dict[str, Any]:
    """One row: any candidate block of either region, month-end starts, exits and bonuses."""
    region, block = draw(st.sampled_from(CANDIDATE_BLOCKS))
    first = draw(st.dates(dt.date(2023, 4, 1), dt.date(2026, 12, 31)))
    if draw(st.booleans()):
        first = add_months(first.replace(day=1), 1) - dt.timedelta(days=1)
    length = draw(st.one_of(st.integers(0, 1200), st.sampled_from([27, 28, 29, 30, 31, 365])))
    last = first + dt.timedelta(days=length)
    exit_date = None
    if draw(st.booleans()):
        exit_date = first + dt.timedelta(days=draw(st.integers(0, length)))
    hours = draw(
        st.one_of(
            st.integers(0, 168).map(Decimal),
            st.decimals(Decimal(0), Decimal(60), places=2),
            st.sampled_from([Decimal("17.333"), Decimal("6.75"), Decimal("35.999")]),
        )
    )
    age = draw(st.integers(15, 75))
    birth = dt.date(first.year - age, 1, 1) + dt.timedelta(days=draw(st.integers(-300, -1)))
    if not 15 <= sroi.model.age_on(birth, first) <= 75:
        birth = dt.date(first.year - 40, 1, 1)
    bonus = granted = None
    grantable = _grantable(region, block)
    if grantable and draw(st.booleans()):
        bonus = draw(st.sampled_from(grantable))
        end = exit_date or last
        granted = first + dt.timedelta(days=draw(st.integers(0, (end - first).days)))
    return {
        "region": region,
        "block": block.code,
        "first": first,
        "last": last,
        "exit_date": exit_date,
        "hours_per_week": hours,
        "birth_date": birth,
        "bonus_code": bonus,
        "bonus_granted_on": granted,
    }


def _placement(row: dict[str, Any]) -> sroi.Placement:
    grants = ()
    if row.get("bonus_code"):
        grants = (sroi.BonusGrant(row["bonus_code"], row["bonus_granted_on"]),)
    return sroi.Placement(
        sroi.Candidate("A.B.", "doelgroep", row["birth_date"]),
        sroi.PlacementKind.JOB,
        row["block"],
        sroi.Period(row["first"], row["last"]),
        row["hours_per_week"],
        exit_date=row.get("exit_date"),
        bonuses=grants,
    )


def _engine(rows: list[dict[str, Any]], at: list[dt.date | None]) -> list[list[int]]:
    result = []
    for row in rows:
        plan = schedule(_placement(row), RULES[row["region"]])
        result.append([plan.cents(None, None if d is None else d.toordinal()) for d in at])
    return result


def _frame(rows: list[dict[str, Any]]) -> Any:
    return pd.DataFrame(
        rows, columns=list(batch.PLACEMENT_COLUMNS[:7]) + list(batch.PLACEMENT_COLUMNS[8:])
    )


AT = st.lists(
    st.one_of(st.none(), st.dates(dt.date(2023, 1, 1), dt.date(2030, 12, 31))),
    min_size=1,
    max_size=4,
    unique_by=batch.column_name,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(placement_rows(), min_size=1, max_size=12), at=AT)
def test_every_cent_equals_the_per_item_engine(rows: list[dict[str, Any]], at: list[Any]) -> None:
    got = batch.value_placements(_frame(rows), at=at, warn=False)
    assert list(got.columns) == [batch.column_name(d) for d in at]
    assert all(dtype == np.int64 for dtype in got.dtypes)
    assert got.to_numpy().tolist() == _engine(rows, at)


def _row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "region": "midden-gelderland",
        "block": "participatiewet-lt2",
        "first": dt.date(2024, 1, 15),
        "last": dt.date(2025, 1, 14),
        "exit_date": None,
        "hours_per_week": Decimal(36),
        "birth_date": dt.date(1980, 5, 1),
        "bonus_code": None,
        "bonus_granted_on": None,
    }
    row.update(changes)
    return row


def test_the_conventions_example_and_month_end_start() -> None:
    rows = [
        _row(),
        _row(first=dt.date(2024, 1, 31), last=dt.date(2024, 12, 31)),
    ]
    at = [dt.date(2024, 2, 14), dt.date(2024, 3, 20), None]
    got = batch.value_placements(_frame(rows), at=at, warn=False)
    # annual 30,000: one placement month is 2,500.00; two months and 6/31 is 5,483.87
    assert got.iloc[0].tolist() == [250000, 548387, 3000000]
    assert got.to_numpy().tolist() == _engine(rows, at)


def test_an_exact_half_cent_rounds_up_like_the_engine() -> None:
    # 7,500 over an agreed 32 days is 234.375 a day: an odd number of days ends on a half cent
    row = _row(
        block="bol-1-2",
        first=dt.date(2024, 3, 1),
        last=dt.date(2024, 4, 1),
        hours_per_week=Decimal(20),
    )
    day = dt.date(2024, 3, 1)
    plan = schedule(_placement(row), RULES["midden-gelderland"])
    assert plan.exact(None, day.toordinal()) * 100 == Decimal("23437.5")
    got = batch.value_placements(_frame([row]), at=[day], warn=False)
    assert got.iloc[0, 0] == 23438 == plan.cents(None, day.toordinal())


def test_rows_that_would_overflow_int64_are_valued_in_python_integers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = []
    original = batch._placements._python_row

    def spy(*args: Any, **kwargs: Any) -> int:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(batch._placements, "_python_row", spy)
    # hours with 12 decimals: the size factor's numerator times the rate times the span of
    # ten years of placement months is far beyond 2**63
    rows = [
        _row(
            block="doelgroepregister",
            hours_per_week=Decimal("17.123456789012"),
            last=dt.date(2034, 1, 14),
            birth_date=dt.date(1970, 1, 1),
        ),
        _row(),
    ]
    at = [dt.date(2030, 6, 1), None]
    got = batch.value_placements(_frame(rows), at=at, warn=False)
    assert got.to_numpy().tolist() == _engine(rows, at)
    assert len(calls) == 2  # the first row at both dates, the second row never


def test_datetime64_columns_and_date_objects_give_the_same_cents() -> None:
    rows = [
        _row(),
        _row(
            exit_date=dt.date(2024, 6, 3),
            bonus_code="permanent-contract",
            bonus_granted_on=dt.date(2024, 5, 1),
        ),
    ]
    frame = _frame(rows)
    typed = frame.copy()
    for column in ("first", "last", "exit_date", "birth_date", "bonus_granted_on"):
        typed[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    at = [dt.date(2024, 5, 31), None]
    assert batch.value_placements(typed, at=at, warn=False).equals(
        batch.value_placements(frame, at=at, warn=False)
    )


def test_a_pyarrow_table_is_accepted() -> None:
    pa = pytest.importorskip("pyarrow")
    rows = [_row(), _row(block="ww-lt1", hours_per_week=Decimal("18.5"))]
    table = pa.Table.from_pandas(_frame(rows), preserve_index=False)
    got = batch.value_placements(table, at=[None], warn=False)
    assert got["whole"].tolist() == [r[0] for r in _engine(rows, [None])]


def test_the_result_keeps_the_input_index_and_rules_can_be_given() -> None:
    frame = _frame([_row(), _row(hours_per_week=Decimal(18))]).set_axis(["a", "b"])
    rules = RULES["noord-holland"]
    got = batch.value_placements(frame.drop(columns="region"), at=[None], rules=rules, warn=False)
    assert list(got.index) == ["a", "b"]
    assert got["whole"].tolist() == [3000000, 1500000]


def test_unverified_rule_values_warn_unless_told_not_to() -> None:
    frame = _frame([_row(region="noord-holland")])
    with pytest.warns(sroi.ProvisionalRuleWarning) as record:
        batch.value_placements(frame, at=[None])
    said = " ".join(str(warning.message) for warning in record)
    assert "blocks.participatiewet-lt2 is provisional" in said
    assert "full_time_hours is assumed" in said
    batch.value_placements(frame, at=[None], warn=False)  # warnings are errors in this suite


def test_bad_rows_are_all_named_with_their_columns() -> None:
    rows = [
        _row(),
        _row(last=dt.date(2023, 1, 1)),
        _row(hours_per_week=36.5),
        _row(block="no-such-block"),
        _row(bonus_code="age-50", bonus_granted_on=dt.date(2024, 2, 1)),
        _row(region="atlantis"),
        _row(first=dt.date(2020, 1, 1), last=dt.date(2020, 6, 1)),
        _row(exit_date=dt.date(2026, 1, 1)),
        _row(birth_date=dt.date(2020, 1, 1)),
    ]
    frame = _frame(rows).set_axis([f"r{i}" for i in range(len(rows))])
    with pytest.raises(batch.BatchError) as caught:
        batch.value_placements(frame, at=[None], warn=False)
    error = caught.value
    assert isinstance(error, sroi.SroiError)
    # reading errors come first: the float hours stop the table before the rules are looked up
    assert error.rows == ("r2",)
    assert error.columns == ("hours_per_week",)
    assert "'r2'" in str(error)
    assert "never a float" in str(error)

    del rows[2]
    frame = _frame(rows).set_axis([f"r{i}" for i in range(len(rows))])
    with pytest.raises(batch.BatchError) as caught:
        batch.value_placements(frame, at=[None], warn=False)
    error = caught.value
    assert sorted((p.row, p.column) for p in error.problems) == [
        ("r1", "last"),
        ("r2", "block"),
        ("r3", "bonus_code"),
        ("r4", "region"),
        ("r5", "reference_date"),
        ("r6", "exit_date"),
        ("r7", "birth_date"),
    ]
    assert set(error.rows) == {f"r{i}" for i in range(1, 8)}
    assert set(error.columns) == {
        "last",
        "block",
        "bonus_code",
        "region",
        "reference_date",
        "exit_date",
        "birth_date",
    }
    message = str(error)
    assert "7 problem(s)" in message
    assert "column 'region', rows 'r4': expected a known region" in message
    assert "'no-such-block'" in message
    assert "participatiewet-lt2" in message.split("column 'block'")[1]


def test_missing_columns_and_bad_dates_in_at_are_refused() -> None:
    frame = _frame([_row()]).drop(columns=["first", "hours_per_week"])
    with pytest.raises(batch.BatchError) as caught:
        batch.value_placements(frame, at=[None], warn=False)
    assert set(caught.value.columns) == {"first", "hours_per_week"}
    assert caught.value.rows == ()
    with pytest.raises(batch.BatchError, match="'at'"):
        batch.value_placements(_frame([_row()]), at=[dt.datetime(2024, 1, 1)], warn=False)
    with pytest.raises(batch.BatchError, match="table"):
        batch.value_placements([_row()], at=[None], warn=False)


def test_to_decimal_turns_cents_into_euros() -> None:
    got = batch.value_placements(_frame([_row()]), at=[dt.date(2024, 3, 20)], warn=False)
    assert batch.to_decimal(got).iloc[0, 0] == Decimal("5483.87")
    assert batch.to_decimal(got["2024-03-20"]).tolist() == [Decimal("5483.87")]
    assert batch.to_decimal(np.array([1, 250])).tolist() == [Decimal("0.01"), Decimal("2.50")]


@settings(max_examples=50, deadline=None)
@given(
    purchases=st.lists(
        st.tuples(
            st.sampled_from(["sw-company", "pso-1", "pso-2", "pso-3"]),
            st.dates(dt.date(2023, 4, 1), dt.date(2026, 12, 31)),
            st.decimals(Decimal(0), Decimal(10**7), places=2),
        ),
        min_size=1,
        max_size=8,
    ),
    at=AT,
)
def test_purchases_equal_the_engine(purchases: list[Any], at: list[Any]) -> None:
    frame = pd.DataFrame(
        [
            {"region": "midden-gelderland", "category": c, "invoice_date": d, "amount_excl_vat": a}
            for c, d, a in purchases
        ]
    )
    got = batch.value_purchases(frame, at=at, warn=False)
    supplier = sroi.Organisation("SW")
    for row, (category, day, amount) in enumerate(purchases):
        plan = schedule(
            sroi.SocialPurchase(supplier, category, day, amount), RULES["midden-gelderland"]
        )
        expected = [plan.cents(None, None if d is None else d.toordinal()) for d in at]
        assert got.iloc[row].tolist() == expected


@settings(max_examples=50, deadline=None)
@given(
    projects=st.lists(
        st.tuples(
            st.dates(dt.date(2023, 4, 1), dt.date(2026, 12, 31)),
            st.integers(0, 400),
            st.one_of(
                st.tuples(st.decimals(Decimal(0), Decimal(500), places=2), st.none()),
                st.tuples(st.none(), st.decimals(Decimal(0), Decimal(10**6), places=2)),
            ),
        ),
        min_size=1,
        max_size=8,
    ),
    at=AT,
)
def test_projects_equal_the_engine(projects: list[Any], at: list[Any]) -> None:
    rows = [
        {
            "region": "midden-gelderland",
            "block": "mvo",
            "first": first,
            "last": first + dt.timedelta(days=days),
            "hours": hours,
            "agreed_amount": agreed,
        }
        for first, days, (hours, agreed) in projects
    ]
    got = batch.value_projects(pd.DataFrame(rows), at=at, warn=False)
    for index, row in enumerate(rows):
        project = sroi.SrProject(
            "Gastles",
            sroi.Period(row["first"], row["last"]),
            "mvo",
            hours=row["hours"],
            agreed_amount=row["agreed_amount"],
        )
        plan = schedule(project, RULES["midden-gelderland"])
        expected = [plan.cents(None, None if d is None else d.toordinal()) for d in at]
        assert got.iloc[index].tolist() == expected


def test_purchase_and_project_errors_name_rows() -> None:
    frame = pd.DataFrame(
        [
            {
                "region": "midden-gelderland",
                "category": "mvo",
                "invoice_date": dt.date(2024, 1, 1),
                "amount_excl_vat": Decimal(10),
            },
        ]
    )
    with pytest.raises(batch.BatchError) as caught:
        batch.value_purchases(frame, at=[None], warn=False)
    assert caught.value.problems[0].column == "category"
    assert "purchase block" in str(caught.value)
    frame = pd.DataFrame(
        [
            {
                "region": "midden-gelderland",
                "block": "mvo",
                "first": dt.date(2024, 1, 1),
                "last": dt.date(2024, 1, 1),
                "hours": Decimal(1),
                "agreed_amount": Decimal(5),
            },
        ]
    )
    with pytest.raises(batch.BatchError, match="exactly one of hours and agreed_amount"):
        batch.value_projects(frame, at=[None], warn=False)


def test_without_the_extra_the_import_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    monkeypatch.delitem(sys.modules, "sroi.batch")
    with pytest.raises(sroi.MissingExtraError) as caught:
        importlib.import_module("sroi.batch")
    assert caught.value.extra == "batch"
    assert 'pip install ".[batch]"' in str(caught.value)


def test_an_error_never_shows_a_birth_date_and_keeps_long_values_short() -> None:
    rows = [_row(birth_date=dt.date(2020, 1, 1)), _row(block="x" * 500)]
    frame = _frame(rows)
    with pytest.raises(batch.BatchError) as caught:
        batch.value_placements(frame, at=[None], warn=False)
    message = str(caught.value)
    assert "2020" not in message
    assert "withheld" in message
    assert caught.value.problems[0].value == dt.date(2020, 1, 1)  # kept for the program
    assert "x" * 60 not in message
    assert "column 'block', rows 1: expected a candidate block of midden-gelderland" in message


def test_row_groups_stay_apart_when_the_combined_key_would_overflow_int64() -> None:
    from sroi.batch._arith import groups

    # three keys whose widths multiply far beyond 2**63: without renumbering the combination
    # first, rows 0 and 1 (which differ in the first key) would wrap onto the same number
    big = 2**62 - 2
    first = np.array([0, 1, 0, 1], dtype=np.int64)
    second = np.array([0, 0, big, 0], dtype=np.int64)
    third = np.array([0, 0, big, 0], dtype=np.int64)
    numbers, firsts = groups(first, second, third)
    assert numbers.tolist() == [0, 1, 2, 1]
    assert firsts.tolist() == [0, 1, 2]


def test_purchases_with_very_fine_amounts_and_too_large_amounts() -> None:
    # 25 decimals: the exact total's denominator is far beyond int64, so the shared kernel
    # values the row in Python integers; it must still equal the engine to the cent
    fine = Decimal("1234.5678901234567890123456789")
    day = dt.date(2024, 5, 1)
    frame = pd.DataFrame(
        [
            {"region": "midden-gelderland", "category": category, "invoice_date": day}
            | {"amount_excl_vat": amount}
            for category, amount in (("sw-company", fine), ("pso-2", Decimal("0.05")))
        ]
    )
    at = [day - dt.timedelta(days=1), day, None]
    got = batch.value_purchases(frame, at=at, warn=False)
    supplier = sroi.Organisation("SW")
    for row, (category, amount) in enumerate((("sw-company", fine), ("pso-2", Decimal("0.05")))):
        plan = schedule(
            sroi.SocialPurchase(supplier, category, day, amount), RULES["midden-gelderland"]
        )
        assert got.iloc[row].tolist() == [
            plan.cents(None, None if d is None else d.toordinal()) for d in at
        ]
    assert got.iloc[0, 0] == 0
    huge = frame.assign(amount_excl_vat=[Decimal(10**16), Decimal(1)])
    with pytest.raises(batch.BatchError) as caught:
        batch.value_purchases(huge, at=[None], warn=False)
    assert caught.value.columns == ("amount_excl_vat",)
    assert caught.value.rows == (0,)
    assert "an amount below 10^15 euros" in str(caught.value)
