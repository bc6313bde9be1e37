"""Double counting: one candidate on several contracts at once for more than full time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sroi
from sroi.consolidation import Consolidation, GroupKey, find_double_counting
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


# --- consolidating one report at a time --------------------------------------------------------

_CANDIDATES = (("J.P.", BORN), ("A.B.", D(1985, 5, 5)), ("j.p.", BORN))
_STATUSES = (ReviewStatus.APPROVED, ReviewStatus.PROPOSED, ReviewStatus.REJECTED)


def _contract_report(number: int, records: list[ItemRecord]) -> sroi.FulfilmentReport:
    report = _report(f"C-{number}", *records)
    contract = attrs.evolve(
        report.contract,
        contractor=sroi.Organisation(("Schoon BV", "Bouw BV", "Groen BV")[number % 3]),
        buyer=sroi.Organisation("Gemeente Ede") if number % 2 else None,
    )
    return attrs.evolve(report, contract=contract)


@st.composite
def portfolios(draw: st.DrawFn) -> list[sroi.FulfilmentReport]:
    """A few contracts' reports whose placements share candidates, so some double count."""
    entries = draw(
        st.lists(
            st.tuples(
                st.integers(0, 4),  # the contract
                st.sampled_from(_CANDIDATES),
                st.integers(0, 330),  # first day, from 2024-01-01
                st.integers(0, 200),  # length in days
                st.sampled_from(["12", "20", "36"]),
                st.sampled_from(_STATUSES),
            ),
            min_size=1,
            max_size=9,
        )
    )
    records: dict[int, list[ItemRecord]] = {}
    for index, (number, (initials, born), offset, length, hours, status) in enumerate(entries):
        first = D(2024, 1, 1) + dt.timedelta(offset)
        item = placement(
            first, first + dt.timedelta(length), hours, initials=initials, birth_date=born
        )
        records.setdefault(number, []).append(_record(f"P{index}", status, item))
    return [_contract_report(number, records[number]) for number in sorted(records)]


def _unordered(consolidated: sroi.ConsolidatedReport) -> sroi.ConsolidatedReport:
    """The report without what depends on the order of adding.

    That is the order contracts are listed in, and how a double-counted candidate's initials are
    spelled (as first recorded: ``J.P.`` or ``j.p.``).
    """

    def sort(group: sroi.GroupTotals) -> sroi.GroupTotals:
        return attrs.evolve(
            group, contracts=tuple(sorted(group.contracts)), behind=tuple(sorted(group.behind))
        )

    return attrs.evolve(
        consolidated,
        reports=(),
        groups=tuple(sort(group) for group in consolidated.groups),
        total=sort(consolidated.total),
        double_counting=tuple(
            sorted(
                (
                    attrs.evolve(found, initials=found.initials.upper())
                    for found in consolidated.double_counting
                ),
                key=repr,
            )
        ),
    )


@settings(max_examples=60, deadline=None)
@given(portfolios(), st.data(), st.sampled_from(["buyer", "contractor", "region", "contract"]))
def test_adding_reports_one_by_one_gives_the_consolidated_report_in_any_order(
    reports: list[sroi.FulfilmentReport], data: st.DataObject, by: GroupKey
) -> None:
    order = data.draw(st.permutations(reports))
    accumulator = Consolidation(by=by)
    for report in order:
        accumulator.add(report)
    streamed = accumulator.result()
    # exactly consolidate over the same order, without keeping the reports themselves
    assert streamed == attrs.evolve(sroi.consolidate(order, by=by), reports=())
    # and, but for the order contracts are listed in, the same whatever the order of adding
    assert _unordered(streamed) == _unordered(sroi.consolidate(reports, by=by))


def test_a_consolidation_keeps_the_reports_only_when_asked() -> None:
    full_year = placement(D(2024, 1, 1), D(2024, 12, 31), "36")
    one = _contract_report(1, [_record("P1", ReviewStatus.APPROVED, full_year)])
    two = _contract_report(2, [_record("P1", ReviewStatus.APPROVED, full_year)])
    streamed = Consolidation().add(one).add(two).result()
    assert streamed.reports == ()
    assert streamed.total.contracts == ("C-1", "C-2")
    assert "2 contracts in 2 groups" in repr(streamed)
    kept = Consolidation(keep_reports=True).add(one).add(two).result()
    assert kept.reports == (one, two)
    assert kept == sroi.consolidate([one, two])


def test_a_consolidation_lists_every_misfit_when_asked_for_its_result() -> None:
    full_year = placement(D(2024, 1, 1), D(2024, 12, 31), "36")
    one = _contract_report(1, [_record("P1", ReviewStatus.APPROVED, full_year)])
    later = attrs.evolve(one, at=D(2025, 1, 1))
    accumulator = Consolidation().add(one).add(later)
    with pytest.raises(sroi.ValidationError) as raised:
        accumulator.result()
    fields = [error.field for error in raised.value.errors]
    assert fields == ["reports[1].at", "reports[1].contract.number"]
    with pytest.raises(sroi.InvalidValueError, match="at least one report"):
        Consolidation().result()
    with pytest.raises(sroi.InvalidValueError, match="reports\\[0\\]"):
        Consolidation().add("C-1")  # type: ignore[arg-type]
