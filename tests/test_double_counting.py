"""Double counting: one candidate on several contracts at once for more than full time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sroi
from sroi.consolidation import find_double_counting
from sroi.fulfilment import fulfilment_report
from sroi.lifecycle import ItemRecord, ReviewStatus

D = dt.date
FULL_TIME = Decimal(36)
BORN = D(1990, 1, 1)
VERIFIED = sroi.Provenance("sroi test table", sroi.Status.VERIFIED)


def placement(
    first: D,
    last: D,
    hours: str,
    *,
    initials: str = "J.P.",
    birth_date: D = BORN,
    target_group: str = "participatiewet",
    exit_date: D | None = None,
) -> sroi.Placement:
    """A placement of one candidate (by initials, birth date and target group)."""
    return sroi.Placement(
        sroi.Candidate(initials, target_group, birth_date),
        sroi.PlacementKind.JOB,
        "pw",
        sroi.Period(first, last),
        Decimal(hours),
        exit_date=exit_date,
    )


def test_a_candidate_full_time_on_one_contract_and_part_time_on_another_is_flagged() -> None:
    found = find_double_counting(
        [
            ("C-1", "P1", placement(D(2024, 1, 1), D(2024, 6, 30), "36")),
            ("C-2", "P4", placement(D(2024, 4, 1), D(2024, 12, 31), "20")),
        ],
        FULL_TIME,
    )
    assert len(found) == 1
    flagged = found[0]
    assert (flagged.initials, flagged.birth_date, flagged.target_group) == (
        "J.P.",
        D(1990, 1, 1),
        "participatiewet",
    )
    assert flagged.contracts == ("C-1", "C-2")
    assert flagged.items == (("C-1", "P1"), ("C-2", "P4"))
    [overlap] = flagged.periods
    assert overlap.period == sroi.Period(D(2024, 4, 1), D(2024, 6, 30))
    assert overlap.days == flagged.days == 91
    assert overlap.hours_per_week == Decimal(56)


def test_two_half_time_placements_on_two_contracts_are_exactly_full_time_and_not_flagged() -> None:
    found = find_double_counting(
        [
            ("C-1", "P1", placement(D(2024, 1, 1), D(2024, 12, 31), "18")),
            ("C-2", "P1", placement(D(2024, 1, 1), D(2024, 12, 31), "18")),
        ],
        FULL_TIME,
    )
    assert found == ()


def test_overlapping_placements_on_one_contract_are_not_double_counting_across_contracts() -> None:
    found = find_double_counting(
        [
            ("C-1", "P1", placement(D(2024, 1, 1), D(2024, 12, 31), "36")),
            ("C-1", "P2", placement(D(2024, 1, 1), D(2024, 12, 31), "36")),
        ],
        FULL_TIME,
    )
    assert found == ()


def test_the_same_initials_written_differently_are_the_same_candidate() -> None:
    found = find_double_counting(
        [
            ("C-1", "P1", placement(D(2024, 1, 1), D(2024, 1, 31), "36", initials="J.P.")),
            ("C-2", "P1", placement(D(2024, 1, 1), D(2024, 1, 31), "36", initials="j. p.")),
        ],
        FULL_TIME,
    )
    assert [flagged.days for flagged in found] == [31]


def test_another_birth_date_or_target_group_is_another_candidate() -> None:
    found = find_double_counting(
        [
            ("C-1", "P1", placement(D(2024, 1, 1), D(2024, 12, 31), "36")),
            (
                "C-2",
                "P1",
                placement(D(2024, 1, 1), D(2024, 12, 31), "36", birth_date=D(1991, 1, 1)),
            ),
            ("C-3", "P1", placement(D(2024, 1, 1), D(2024, 12, 31), "36", target_group="ww")),
        ],
        FULL_TIME,
    )
    assert found == ()


def test_an_early_exit_ends_the_overlap() -> None:
    found = find_double_counting(
        [
            (
                "C-1",
                "P1",
                placement(D(2024, 1, 1), D(2024, 12, 31), "36", exit_date=D(2024, 2, 10)),
            ),
            ("C-2", "P1", placement(D(2024, 2, 1), D(2024, 12, 31), "36")),
        ],
        FULL_TIME,
    )
    [flagged] = found
    assert [str(overlap.period) for overlap in flagged.periods] == ["2024-02-01..2024-02-10"]


def test_overlaps_with_changing_placements_are_reported_as_separate_periods() -> None:
    found = find_double_counting(
        [
            ("C-1", "P1", placement(D(2024, 1, 1), D(2024, 12, 31), "20")),
            ("C-2", "P1", placement(D(2024, 3, 1), D(2024, 4, 30), "20")),
            ("C-3", "P2", placement(D(2024, 4, 1), D(2024, 5, 31), "20")),
        ],
        FULL_TIME,
    )
    [flagged] = found
    assert [(str(o.period), o.hours_per_week, o.items) for o in flagged.periods] == [
        ("2024-03-01..2024-03-31", Decimal(40), (("C-1", "P1"), ("C-2", "P1"))),
        ("2024-04-01..2024-04-30", Decimal(60), (("C-1", "P1"), ("C-2", "P1"), ("C-3", "P2"))),
        ("2024-05-01..2024-05-31", Decimal(40), (("C-1", "P1"), ("C-3", "P2"))),
    ]
    assert flagged.days == 31 + 30 + 31
    assert flagged.contracts == ("C-1", "C-2", "C-3")


def _report(number: str, *records: ItemRecord) -> sroi.FulfilmentReport:
    block = sroi.BuildingBlock(
        "pw",
        "Participatiewet",
        "Social assistance",
        sroi.Route.CANDIDATE,
        sroi.Unit.PER_YEAR_FULL_TIME,
        Decimal(30000),
        VERIFIED,
    )
    rules = sroi.RuleSet.build(
        "test",
        "T1",
        D(2020, 1, 1),
        blocks=[block],
        full_time_hours=sroi.Parameter(Decimal(36), VERIFIED),
    )
    contract = sroi.Contract(
        number,
        "Schoonmaak",
        sroi.Period(D(2024, 1, 1), D(2024, 12, 31)),
        sroi.Organisation("Schoon BV"),
        value_excl_vat=Decimal(100000),
        sr_percentage=Decimal(5),
    )
    day = D(2024, 12, 31)
    return fulfilment_report(contract, records, rules, at=day, as_of=day)


def _record(item_id: str, status: ReviewStatus, item: sroi.Placement) -> ItemRecord:
    return ItemRecord(item_id, sroi.Route.CANDIDATE, status, item, D(2024, 1, 1))


def test_a_consolidated_report_flags_double_counting_of_counted_placements_only() -> None:
    full_year = placement(D(2024, 1, 1), D(2024, 12, 31), "36")
    reports = [
        _report("C-1", _record("P1", ReviewStatus.APPROVED, full_year)),
        _report("C-2", _record("P1", ReviewStatus.PROPOSED, full_year)),
        _report("C-3", _record("P1", ReviewStatus.REJECTED, full_year)),
    ]
    consolidated = sroi.consolidate(reports)
    [flagged] = consolidated.double_counting
    assert flagged.contracts == ("C-1", "C-2")
    assert flagged.days == 366


def test_a_consolidated_report_can_use_other_full_time_hours() -> None:
    twenty_hours = placement(D(2024, 1, 1), D(2024, 12, 31), "20")
    reports = [
        _report("C-1", _record("P1", ReviewStatus.APPROVED, twenty_hours)),
        _report("C-2", _record("P1", ReviewStatus.APPROVED, twenty_hours)),
    ]
    assert len(sroi.consolidate(reports).double_counting) == 1
    assert sroi.consolidate(reports, full_time_hours=Decimal(40)).double_counting == ()
