"""Settlement at the end of the term: the shortfall, the region's rule and its provenance."""

from __future__ import annotations

import datetime as dt
import pathlib
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sroi
from sroi.exceptions import RuleFileError
from sroi.fulfilment import fulfilment_report
from sroi.lifecycle import (
    Approve,
    ContractHistory,
    ItemRecord,
    ProposePlacement,
    ReviewStatus,
    Role,
    apply_all,
    register,
)
from sroi.ruleset import SettlementKind, SettlementRule
from sroi.settlement import Settlement, settle, settlement
from sroi.testing import strategies as sst

D = dt.date
WINDOW = sroi.Period(D(2023, 1, 1), D(2025, 12, 31))
ROUTES = {
    sroi.Placement: sroi.Route.CANDIDATE,
    sroi.SocialPurchase: sroi.Route.PURCHASE,
    sroi.SrProject: sroi.Route.PROJECT,
}


def _voorbeeldstad(placement_months: int) -> ContractHistory:
    """A Voorbeeldstad contract of € 1,000,000 (obligation € 50,000) with one placement."""
    contract = sroi.Contract(
        "VS-2024-7",
        "Onderhoud wegen",
        sroi.Period(D(2024, 7, 1), D(2025, 6, 30)),
        sroi.Organisation("Wegenbouw Voorbeeld BV"),
        value_excl_vat=Decimal(1_000_000),
        sr_percentage=Decimal(5),
        region="voorbeeldstad",
    )
    placement = sroi.Placement(
        sroi.Candidate("K.L.", "participatiewet", D(1990, 3, 3)),
        sroi.PlacementKind.JOB,
        "participatiewet",
        sroi.Period.from_months(D(2024, 7, 1), placement_months),
        Decimal(36),
    )
    history = register(contract, recorded_on=D(2024, 6, 1))
    return apply_all(
        history,
        [
            ProposePlacement(recorded_on=D(2024, 7, 1), role=Role.CONTRACTOR, placement=placement),
            Approve(recorded_on=D(2024, 7, 2), role=Role.SR_COORDINATOR, item_id="P1"),
        ],
    )


def test_the_example_plugin_withholds_the_shortfall_after_three_months_of_recovery() -> None:
    # 12 placement months of € 32,000 a year full time = € 32,000; obligation 5% of 1,000,000.
    result = settlement(_voorbeeldstad(12), as_of=D(2025, 7, 1), warn=False)
    assert result.at == D(2025, 6, 30)
    assert not result.projection
    assert (result.obligation, result.realised) == (Decimal("50000.00"), Decimal("32000.00"))
    assert result.shortfall == Decimal("18000.00")
    assert result.kind is SettlementKind.WITHHOLD
    assert result.amount == Decimal("18000.00")
    assert result.recovery == sroi.Period(D(2025, 7, 1), D(2025, 9, 30))
    assert result.published
    assert "Withheld from the last payment after the recovery period ending 2025-09-30" in (
        result.text_en
    )
    assert "€ 18.000,00" in result.text_nl
    assert result.explain().recompute() == result.shortfall


def test_a_contractor_not_at_fault_has_nothing_withheld_where_the_rule_says_so() -> None:
    result = settlement(_voorbeeldstad(12), as_of=D(2025, 7, 1), not_at_fault=True, warn=False)
    assert result.shortfall == Decimal("18000.00")
    assert result.waived
    assert result.amount == 0
    assert "not its fault" in result.text_en


def test_a_projection_before_the_end_counts_what_is_realised_so_far() -> None:
    # Through 2024-12-31: 6 placement months = € 16,000 realised; the forecast runs 12 months.
    result = settlement(_voorbeeldstad(12), at=D(2024, 12, 31), as_of=D(2025, 1, 1), warn=False)
    assert result.projection
    assert result.realised == Decimal("16000.00")
    assert result.shortfall == Decimal("34000.00")
    assert result.forecast_shortfall == Decimal("18000.00")


@pytest.mark.parametrize("region", ["midden-gelderland", "noord-holland"])
def test_regions_without_a_published_rule_report_the_shortfall_only(region: str) -> None:
    rules = sroi.rules(region, D(2024, 1, 1))
    assert rules.settlement is not None
    assert rules.settlement.kind is SettlementKind.NONE
    assert rules.settlement.provenance.status is sroi.Status.ASSUMED
    contract = sroi.Contract(
        "X-1",
        "Schoonmaak",
        sroi.Period(D(2024, 1, 1), D(2024, 12, 31)),
        sroi.Organisation("Schoon BV"),
        value_excl_vat=Decimal(100_000),
        sr_percentage=Decimal(5),
        region=region,
    )
    report = fulfilment_report(contract, [], rules, at=D(2024, 12, 31), as_of=D(2025, 1, 1))
    result = settle(report)
    assert result.shortfall == Decimal("5000.00")
    assert result.amount == 0
    assert not result.published
    assert result.text_en.startswith(f"No published settlement rule was found for {region}")
    assert "geen gepubliceerde afrekenregel" in result.text_nl


@st.composite
def settled(draw: st.DrawFn) -> tuple[sroi.FulfilmentReport, SettlementRule]:
    rules = draw(sst.rule_sets())
    rule = SettlementRule(
        draw(st.sampled_from(SettlementKind)),
        draw(sst.provenances()),
        share=draw(st.sampled_from([Decimal(0), Decimal("0.5"), Decimal("0.333"), Decimal(1)])),
        recovery_months=draw(st.integers(0, 12)),
    )
    rules = attrs.evolve(rules, settlement=rule)
    contract = draw(
        sst.contracts(rules, within=WINDOW, values=sst.amounts(Decimal(0), Decimal(2_000_000)))
    )
    items = draw(
        st.lists(
            st.one_of(
                sst.placements(rules, within=WINDOW),
                sst.purchases(rules, within=WINDOW),
                sst.projects(rules, within=WINDOW),
            ),
            max_size=4,
        )
    )
    records = [
        ItemRecord(f"X{index}", ROUTES[type(item)], ReviewStatus.APPROVED, item, WINDOW.first)
        for index, item in enumerate(items)
    ]
    at = draw(sst.dates(contract.term.first, contract.term.last))
    return fulfilment_report(contract, records, rules, at=at, as_of=at, warn=False), rule


@settings(max_examples=50)
@given(settled())
def test_settlement_is_zero_when_realised_reaches_the_obligation(
    case: tuple[sroi.FulfilmentReport, SettlementRule],
) -> None:
    report, rule = case
    result = settle(report, hooks=False)
    owed, done = report.obligation.amount, report.totals.realised
    assert result.shortfall == max(Decimal(0), owed - done)
    if done >= owed:
        assert result.shortfall == 0
        assert result.amount == 0
        assert result.carried_over == 0
    assert 0 <= result.amount <= result.shortfall
    if rule.kind in (SettlementKind.NONE, SettlementKind.CARRY_OVER):
        assert result.amount == 0
    else:
        assert result.amount == sroi.round_cents(result.shortfall * rule.share)
    assert result.explain().recompute() == result.shortfall


RULE_FILE = """\
format = 1
region = "demo"
version = "1"
valid_from = 2024-01-01
source = "demo table"

[blocks.pw]
label_nl = "Participatiewet"
label_en = "Participation Act"
route = "candidate"
unit = "per_year_full_time"
value = "30000"
status = "verified"
source = "table"
"""


def test_a_rule_file_reads_its_settlement_table_with_provenance(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "2024-01-01.toml"
    path.write_text(
        RULE_FILE
        + '[settlement]\nkind = "cash"\nshare = "0.5"\nrecovery_months = 6\n'
        + 'status = "verified"\nsource = "council decision 2024/12"\n',
        encoding="utf-8",
    )
    rules = sroi.load_rule_file(path)
    assert rules.settlement == SettlementRule(
        SettlementKind.CASH,
        sroi.Provenance("council decision 2024/12", sroi.Status.VERIFIED),
        share=Decimal("0.5"),
        recovery_months=6,
    )
    assert dict(rules.provenances())["settlement"].source == "council decision 2024/12"


def test_a_bad_settlement_table_reports_every_problem_with_its_key(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "2024-01-01.toml"
    path.write_text(
        RULE_FILE
        + '[settlement]\nkind = "fine"\nshare = 0.5\nrecovery_months = "3"\n'
        + 'status = "verified"\nsource = "x"\nwaived = true\n',
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError) as raised:
        sroi.load_rule_file(path)
    keys = {(problem.table, problem.key) for problem in raised.value.problems}
    assert {
        ("settlement", "kind"),
        ("settlement", "share"),
        ("settlement", "recovery_months"),
        ("settlement", "waived"),
    } <= keys
    unknown = next(p for p in raised.value.problems if p.key == "waived")
    assert "waived_when_not_at_fault" in unknown.expected


def test_a_settlement_share_above_one_is_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "2024-01-01.toml"
    path.write_text(
        RULE_FILE + '[settlement]\nkind = "withhold"\nshare = "1.5"\nstatus = "verified"\n'
        'source = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError, match="share"):
        sroi.load_rule_file(path)


def test_a_plugin_settles_what_its_table_cannot_express_and_only_for_its_region() -> None:
    table = sroi.Provenance("demo table", sroi.Status.VERIFIED)
    block = sroi.BuildingBlock(
        "pw",
        "Participatiewet",
        "Participation Act",
        sroi.Route.CANDIDATE,
        sroi.Unit.PER_YEAR_FULL_TIME,
        Decimal(30000),
        table,
    )
    rule = SettlementRule(SettlementKind.WITHHOLD, table)
    rules = sroi.RuleSet.build("demo", "1", D(2020, 1, 1), blocks=[block], settlement=rule)
    other = attrs.evolve(rules, region="other")

    class Demo:
        @sroi.hookimpl
        def sroi_regions(self) -> list[sroi.Region]:
            return [sroi.Region("demo", "Demo", (rules,))]

        @sroi.hookimpl
        def sroi_settlement(self, settlement: Settlement) -> Settlement:
            # A cap on what is withheld: at most 1,000 (a rule no table expresses).
            capped = min(settlement.amount, Decimal("1000.00"))
            return attrs.evolve(settlement, amount=capped, text_en="capped at 1,000")

    manager = sroi.get_plugin_manager(autoload=False)
    manager.register(Demo(), name="demo")
    previous = sroi.registry.reset(sroi.registry.Registry(manager))
    try:
        contract = sroi.Contract(
            "D-1",
            "Demo",
            sroi.Period(D(2024, 1, 1), D(2024, 12, 31)),
            sroi.Organisation("D BV"),
            value_excl_vat=Decimal(100_000),
            sr_percentage=Decimal(5),
            region="demo",
        )
        report = fulfilment_report(contract, [], rules, at=D(2024, 12, 31), as_of=D(2025, 1, 1))
        capped = settle(report)
        report_other = fulfilment_report(
            attrs.evolve(contract, region="other"),
            [],
            other,
            at=D(2024, 12, 31),
            as_of=D(2025, 1, 1),
        )
        untouched = settle(report_other)
    finally:
        sroi.registry.reset(previous)
    assert capped.shortfall == Decimal("5000.00")
    assert (capped.amount, capped.text_en) == (Decimal("1000.00"), "capped at 1,000")
    assert untouched.amount == Decimal("5000.00")
    assert settle(report, hooks=False).amount == Decimal("5000.00")
