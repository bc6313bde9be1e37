"""Invariants of fulfilment reports over generated contracts, items and dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

import sroi
from sroi.fulfilment import Standing, fulfilment_report, standing_of
from sroi.lifecycle import (
    Approve,
    ItemRecord,
    ProposePurchase,
    Reject,
    ReviewStatus,
    Role,
    apply,
    apply_all,
    register,
)
from sroi.testing import strategies as sst

WINDOW = sroi.Period(dt.date(2022, 1, 1), dt.date(2027, 12, 31))
ROUTES = {
    sroi.Placement: sroi.Route.CANDIDATE,
    sroi.SocialPurchase: sroi.Route.PURCHASE,
    sroi.SrProject: sroi.Route.PROJECT,
}


Generated = tuple[sroi.RuleSet, list[tuple[sroi.Contract, list[ItemRecord]]]]


@st.composite
def portfolios(draw: st.DrawFn, max_contracts: int = 3) -> Generated:
    """A rule set and a few contracts with a value, each with items in any review status."""
    rules = draw(sst.rule_sets())
    values = sst.amounts(Decimal(1), Decimal(5_000_000))
    entries = []
    numbers = draw(st.lists(st.integers(1, 999), min_size=1, max_size=max_contracts, unique=True))
    for number in numbers:
        contract = draw(sst.contracts(rules, within=WINDOW, values=values))
        contract = attrs.evolve(contract, number=f"C-{number}")
        items = draw(
            st.lists(
                st.one_of(
                    sst.placements(rules, within=WINDOW),
                    sst.purchases(rules, within=WINDOW),
                    sst.projects(rules, within=WINDOW),
                ),
                max_size=5,
            )
        )
        size = len(items)
        statuses = draw(st.lists(st.sampled_from(ReviewStatus), min_size=size, max_size=size))
        records = [
            ItemRecord(f"X{index}", ROUTES[type(item)], status, item, WINDOW.first)
            for index, (item, status) in enumerate(zip(items, statuses, strict=True))
        ]
        entries.append((contract, records))
    return rules, entries


@given(portfolios(max_contracts=1), sst.dates(WINDOW.first, WINDOW.last))
def test_realised_never_exceeds_the_forecast_of_the_same_approved_items(
    generated: Generated, day: dt.date
) -> None:
    rules, [(contract, records)] = generated
    report = fulfilment_report(contract, records, rules, at=day, as_of=day)
    approved = [line for line in report.lines if line.standing is Standing.APPROVED]
    for line in approved:
        assert line.amounts.realised <= line.amounts.forecast
    assert sum(line.amounts.realised for line in approved) <= sum(
        line.amounts.forecast for line in approved
    )
    assert report.totals.realised + report.totals.pending <= report.totals.forecast


@given(
    portfolios(max_contracts=1),
    sst.dates(WINDOW.first, WINDOW.last),
    sst.dates(WINDOW.first, WINDOW.last),
)
def test_realised_never_decreases_as_the_report_date_moves_on(
    generated: Generated,
    first: dt.date,
    second: dt.date,
) -> None:
    rules, [(contract, records)] = generated
    early, late = sorted((first, second))
    before = fulfilment_report(contract, records, rules, at=early, as_of=late)
    after = fulfilment_report(contract, records, rules, at=late, as_of=late)
    for old, new in zip(before.lines, after.lines, strict=True):
        assert old.amounts.realised <= new.amounts.realised
        assert old.amounts.pending <= new.amounts.pending
        assert old.amounts.forecast == new.amounts.forecast
    assert before.totals.realised <= after.totals.realised


@given(
    portfolios(),
    sst.dates(WINDOW.first, WINDOW.last),
    st.sampled_from(["buyer", "contractor", "region", "contract"]),
)
def test_consolidated_totals_are_the_sum_of_their_contracts(
    generated: Generated,
    day: dt.date,
    by: str,
) -> None:
    rules, entries = generated
    reports = [
        fulfilment_report(contract, records, rules, at=day, as_of=day)
        for contract, records in entries
    ]
    consolidated = sroi.consolidate(reports, by=by)  # type: ignore[arg-type]
    assert sum(len(group.contracts) for group in consolidated.groups) == len(reports)
    for group in consolidated.groups:
        members = [r for r in reports if r.contract.number in group.contracts]
        assert group.obligation == sum(r.obligation.amount for r in members)
        assert group.amounts.realised == sum(r.totals.realised for r in members)
        assert group.amounts.pending == sum(r.totals.pending for r in members)
        assert group.amounts.forecast == sum(r.totals.forecast for r in members)
        assert group.remaining == sum(r.remaining for r in members)
        for route in sroi.Route:
            assert group.by_route[route].forecast == sum(
                r.by_route[route].forecast for r in members
            )
    total = consolidated.total
    assert total.amounts.realised == sum(g.amounts.realised for g in consolidated.groups)
    assert total.obligation == sum(g.obligation for g in consolidated.groups)
    assert total.amounts == sum((r.totals for r in reports), start=sroi.Amounts())


@given(
    sst.rule_sets(),
    st.integers(0, 300),
    st.integers(1, 200),
    st.sampled_from(["approve", "reject"]),
    sst.amounts(Decimal(1), Decimal(100_000)),
)
def test_a_report_as_known_before_an_event_ignores_it(
    rules: sroi.RuleSet, offset: int, delay: int, decision: str, amount: Decimal
) -> None:
    term = sroi.Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    contract = sroi.Contract(
        "C-1",
        "Schoonmaak",
        term,
        sroi.Organisation("Schoon BV"),
        value_excl_vat=Decimal(1_000_000),
        sr_percentage=Decimal(5),
        region=rules.region,
    )
    proposed = term.first + dt.timedelta(days=offset)
    category = sst.PURCHASE_CODES[0]
    base = apply(
        register(contract, recorded_on=dt.date(2023, 12, 1), role=Role.BUYER),
        ProposePurchase(
            recorded_on=proposed,
            role=Role.CONTRACTOR,
            purchase=sroi.SocialPurchase(
                sroi.Organisation("Werkbedrijf"), category, proposed, amount
            ),
        ),
        rules=rules,
    )
    decided = proposed + dt.timedelta(days=delay)
    kind = Approve if decision == "approve" else Reject
    extra: dict[str, str] = {} if decision == "approve" else {"reason": "geen bewijs"}
    with_event = apply_all(
        base,
        [kind(recorded_on=decided, role=Role.SR_COORDINATOR, item_id="S1", **extra)],
        rules=rules,
    )
    known = decided - dt.timedelta(days=1)
    day = term.last
    assert sroi.report(with_event, rules, at=day, as_of=known) == sroi.report(
        base, rules, at=day, as_of=known
    )
    after = sroi.report(with_event, rules, at=day, as_of=decided)
    assert after.line("S1").standing is (
        Standing.APPROVED if decision == "approve" else Standing.NOT_COUNTED
    )


def _through(
    item: sroi.Placement | sroi.SocialPurchase | sroi.SrProject, day: dt.date
) -> sroi.Period:
    first = item.invoice_date if isinstance(item, sroi.SocialPurchase) else item.period.first
    return sroi.Period(min(first, day), day)


@given(portfolios(max_contracts=1), sst.dates(WINDOW.first, WINDOW.last))
def test_the_one_pass_report_equals_valuing_each_item_again_at_every_date(
    generated: Generated, day: dt.date
) -> None:
    # The report values each item once (a value schedule) for all its dates; the old way valued
    # it again through the report date, over its whole period and through every moment.
    rules, [(contract, records)] = generated
    report = fulfilment_report(contract, records, rules, at=day, as_of=day, warn=False)
    for line, record in zip(report.lines, records, strict=True):
        standing = line.standing
        if standing is Standing.NOT_COUNTED:
            assert line.amounts == sroi.Amounts()
            continue
        through = sroi.value_item(record.item, rules, _through(record.item, day), warn=False)
        whole = sroi.value_item(record.item, rules, warn=False)
        assert line.amounts.forecast == whole.amount
        counted = line.amounts.realised if standing is Standing.APPROVED else line.amounts.pending
        assert counted == through.amount
        built = line.realised if standing is Standing.APPROVED else line.pending
        assert built == through
        assert line.forecast == whole
    for moment in report.moments:
        values = {
            record.item_id: sroi.value_item(
                record.item, rules, _through(record.item, moment.date), warn=False
            ).amount
            for record in records
            if standing_of(record.status) is not Standing.NOT_COUNTED
        }
        approved = [
            values[r.item_id] for r in records if standing_of(r.status) is Standing.APPROVED
        ]
        assert moment.forecast == sum(values.values(), Decimal(0))
        if moment.reached:
            assert moment.realised == sum(approved, Decimal(0))
        assert moment.target == sroi.round_cents(moment.obligation.amount * moment.fraction)
