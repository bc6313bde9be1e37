"""Wrong argument types at the valuation and report functions give InvalidValueError.

Not AttributeError or TypeError from deep inside: the error names the argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

import sroi
from sroi.engine import schedule
from sroi.explanation import explain_report

D = dt.date
SOURCE = sroi.Provenance("test table", sroi.Status.VERIFIED)
BLOCK = sroi.BuildingBlock(
    "ww", "WW", "WW", sroi.Route.CANDIDATE, sroi.Unit.PER_YEAR_FULL_TIME, Decimal(10000), SOURCE
)
RULES = sroi.RuleSet.build(
    "test", "1", D(2020, 1, 1), blocks=[BLOCK], full_time_hours=sroi.Parameter(Decimal(36), SOURCE)
)
PLACEMENT = sroi.Placement(
    sroi.Candidate("A.B.", "ww", D(1990, 1, 1)),
    sroi.PlacementKind.JOB,
    "ww",
    sroi.Period(D(2024, 1, 1), D(2024, 12, 31)),
    Decimal(36),
)
CONTRACT = sroi.Contract(
    "C-1",
    "Test",
    sroi.Period(D(2024, 1, 1), D(2025, 12, 31)),
    sroi.Organisation("Aannemer B.V."),
    value_excl_vat=Decimal(100000),
    sr_percentage=Decimal(5),
)

CALLS: list[tuple[str, Callable[[], Any]]] = [
    ("rules", lambda: sroi.value_placement(PLACEMENT, "midden-gelderland")),  # type: ignore[arg-type]
    ("rules", lambda: sroi.value_item(PLACEMENT, None)),  # type: ignore[arg-type]
    ("rules", lambda: schedule(PLACEMENT, {})),  # type: ignore[arg-type]
    ("placement", lambda: sroi.value_placement("P1", RULES)),  # type: ignore[arg-type]
    ("purchase", lambda: sroi.value_purchase(PLACEMENT, RULES)),  # type: ignore[arg-type]
    ("project", lambda: sroi.value_project(PLACEMENT, RULES)),  # type: ignore[arg-type]
    ("period", lambda: sroi.value_placement(PLACEMENT, RULES, "2024")),  # type: ignore[arg-type]
    ("contract", lambda: sroi.obligation("C-1", RULES)),  # type: ignore[arg-type]
    ("rules", lambda: sroi.obligation(CONTRACT, "test")),  # type: ignore[arg-type]
    ("contract", lambda: sroi.reference_date(None)),  # type: ignore[arg-type]
    ("term", lambda: sroi.measurement_moments("2024..2025")),  # type: ignore[arg-type]
    ("fractions", lambda: sroi.measurement_moments(CONTRACT.term, "0.5")),  # type: ignore[arg-type]
    ("amount", lambda: sroi.round_cents(1.005)),  # type: ignore[arg-type]
    ("amount", lambda: sroi.round_cents(Decimal("NaN"))),
    ("contract", lambda: sroi.fulfilment_report(None, [], RULES)),  # type: ignore[arg-type]
    ("rules", lambda: sroi.fulfilment_report(CONTRACT, [], None)),  # type: ignore[arg-type]
    ("items", lambda: sroi.fulfilment_report(CONTRACT, "P1", RULES)),  # type: ignore[arg-type]
    ("items[0]", lambda: sroi.fulfilment_report(CONTRACT, [PLACEMENT], RULES)),  # type: ignore[list-item]
    ("reports", lambda: sroi.consolidate(42)),  # type: ignore[arg-type]
    ("reports[0]", lambda: sroi.consolidate([CONTRACT])),  # type: ignore[list-item]
    ("report", lambda: explain_report(CONTRACT, "realised")),  # type: ignore[arg-type]
    ("full_time_hours", lambda: sroi.find_double_counting([], 36.0)),  # type: ignore[arg-type]
    ("placements", lambda: sroi.find_double_counting(7, Decimal(36))),  # type: ignore[arg-type]
    ("placements[0]", lambda: sroi.find_double_counting([PLACEMENT], Decimal(36))),  # type: ignore[list-item]
]


@pytest.mark.parametrize(
    ("field", "call"), CALLS, ids=[f"{i}-{f}" for i, (f, _) in enumerate(CALLS)]
)
def test_a_wrong_argument_type_names_the_argument(field: str, call: Callable[[], Any]) -> None:
    with pytest.raises(sroi.InvalidValueError) as caught:
        call()
    assert caught.value.field == field


def test_the_right_types_still_work() -> None:
    assert sroi.round_cents(Fraction(1, 200)) == Decimal("0.01")
    assert sroi.round_cents(3) == Decimal("3.00")
    assert sroi.value_placement(PLACEMENT, RULES).amount == Decimal("10000.00")
    assert sroi.find_double_counting([], Decimal(36)) == ()
