"""Portfolio files: whole portfolios survive a round trip; a broken file is refused whole."""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import shutil
import stat
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sroi
from sroi import lifecycle as lc
from sroi import serde
from sroi.evidence import EvidenceItem, EvidenceKind
from sroi.lifecycle import Role
from sroi.testing import strategies as sst

MG_RULES = pathlib.Path(__file__).parents[1] / (
    "plugins/sroi-midden-gelderland/src/sroi_midden_gelderland/rules/2023-04-01.toml"
)
CONTRACTOR = sroi.Organisation("Wegenbouw Oost B.V.", kvk="12345678")
TERM = sroi.Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
CONTRACT = sroi.Contract(
    "2024-017", "Road maintenance", TERM, CONTRACTOR, value_excl_vat=Decimal("1000000.00")
)
PLACEMENT = sroi.Placement(
    sroi.Candidate("J.P.", "participatiewet", dt.date(1990, 5, 1)),
    sroi.PlacementKind.JOB,
    "pw-lt2",
    sroi.Period(dt.date(2024, 3, 1), dt.date(2025, 2, 28)),
    Decimal(32),
)
PURCHASE = sroi.SocialPurchase(
    sroi.Organisation("Werkbedrijf"), "sw", dt.date(2024, 4, 1), Decimal("1234.56")
)
PROJECT = sroi.SrProject.on(dt.date(2024, 5, 1), "Gastles op het ROC", "gastles", hours=Decimal(3))
ATTACHMENT = lc.Attachment("factuur.pdf", "application/pdf", 1024, "0" * 64)


def day(n: int) -> dt.date:
    return dt.date(2024, 1, 1) + dt.timedelta(days=n)


def every_kind_of_event() -> list[lc.Event]:
    """One event of every kind, in an order that replays on CONTRACT."""
    c, s = Role.CONTRACTOR, Role.SR_COORDINATOR
    return [
        lc.AgreePlan(recorded_on=day(1), role=s, sr_percentage=Decimal(5), notes="Twee kandidaten"),
        lc.AddContact(recorded_on=day(2), role=Role.BUYER, contact=lc.ContactPerson(s, "A.B.")),
        lc.AddAttachment(recorded_on=day(2), role=Role.BUYER, attachment=ATTACHMENT),
        lc.ProposePlacement(recorded_on=day(3), role=c, placement=PLACEMENT),
        lc.ProposePurchase(
            recorded_on=day(3), role=c, purchase=PURCHASE, attachments=(ATTACHMENT,)
        ),
        lc.ProposeProject(recorded_on=day(3), role=c, project=PROJECT),
        lc.RequestChanges(recorded_on=day(4), role=s, item_id="P1", reason="Uren ontbreken"),
        lc.Resubmit(recorded_on=day(5), role=c, item_id="P1", note="Uren aangevuld"),
        lc.Approve(recorded_on=day(6), role=s, item_id="P1"),
        lc.Reject(recorded_on=day(6), role=s, item_id="R1", reason="Geen SR-activiteit"),
        lc.CorrectPurchase(
            recorded_on=day(7),
            role=c,
            item_id="S1",
            purchase=attrs.evolve(PURCHASE, reference="F1"),
        ),
        lc.Withdraw(recorded_on=day(8), role=c, item_id="S1", reason="Dubbel ingevoerd"),
        lc.ProposeProject(recorded_on=day(9), role=c, project=PROJECT),
        lc.CorrectProject(
            recorded_on=day(10),
            role=c,
            item_id="R2",
            project=attrs.evolve(PROJECT, hours=Decimal(4)),
        ),
        lc.CorrectPlacement(recorded_on=day(11), role=c, item_id="P1", hours_per_week=Decimal(30)),
        lc.EditCandidate(recorded_on=day(12), role=c, item_id="P1", initials="J.P.M."),
        lc.RecordEvidence(
            recorded_on=day(13),
            role=c,
            item_id="P1",
            evidence=EvidenceItem(EvidenceKind.SIGNED_AGREEMENT, "Arbeidsovereenkomst", day(1)),
        ),
        lc.ExtendPlacement(
            recorded_on=day(14), role=c, item_id="P1", new_last=dt.date(2025, 6, 30)
        ),
        lc.ApplyBonus(
            recorded_on=day(100),
            role=c,
            item_id="P1",
            code="permanent-contract",
            granted_on=day(99),
        ),
        lc.ReportEarlyExit(recorded_on=day(200), role=c, item_id="P1", exit_date=day(199)),
        lc.AmendContract(
            recorded_on=day(210),
            role=Role.CONTRACT_MANAGER,
            effective_on=day(240),
            value_excl_vat=Decimal("1200000.00"),
            note="Meerwerk",
        ),
    ]


def full_history() -> lc.ContractHistory:
    history = lc.register(CONTRACT, recorded_on=dt.date(2023, 12, 1), role=Role.BUYER)
    return lc.apply_all(history, every_kind_of_event())


def example_portfolio() -> sroi.Portfolio:
    return sroi.Portfolio(
        organisations=(CONTRACTOR, sroi.Organisation("Werkbedrijf")),
        contracts=(full_history(),),
    )


def test_the_example_uses_every_kind_of_event() -> None:
    kinds = {type(event) for event in every_kind_of_event()}
    assert kinds == set(serde.event_classes())


def test_a_portfolio_with_every_kind_of_event_survives_a_round_trip() -> None:
    portfolio = example_portfolio()
    text = sroi.dump_portfolio(portfolio)
    assert json.loads(text)["format"] == "sroi.portfolio/1"
    loaded = sroi.load_portfolio(text)
    assert loaded == portfolio
    assert lc.state(loaded.contracts[0]).item("P1").status is lc.ReviewStatus.APPROVED


def test_a_portfolio_is_written_to_and_read_from_a_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "portfolio.json"
    text = sroi.dump_portfolio(example_portfolio(), path)
    assert path.read_text(encoding="utf-8") == text
    assert sroi.load_portfolio(path) == example_portfolio()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portfolio.json"]


def test_money_is_written_as_strings_and_dates_as_iso() -> None:
    data = json.loads(sroi.dump_portfolio(example_portfolio()))
    contract = data["contracts"][0]["registration"]["contract"]
    assert contract["value_excl_vat"] == "1000000.00"
    assert contract["term"] == {"first": "2024-01-01", "last": "2025-12-31"}


def broken(mutate: Any) -> list[str]:
    data = json.loads(sroi.dump_portfolio(example_portfolio()))
    mutate(data)
    with pytest.raises(sroi.ValidationError) as caught:
        sroi.load_portfolio(json.dumps(data))
    return [str(error) for error in caught.value.errors]


def test_negative_hours_deep_in_a_contract_are_reported_with_their_path() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["contracts"][0]["events"][3]["placement"]["hours_per_week"] = "-4"

    assert broken(mutate) == [
        "contracts[0].events[3].placement.hours_per_week: -4, expected a Decimal >= 0 and <= 168"
    ]


def test_all_problems_of_a_document_are_reported_together() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["organisations"][1]["kvk"] = "123"
        contract = data["contracts"][0]["registration"]["contract"]
        contract["value_excl_vat"] = 1000000.5
        contract["award_date"] = "2023-13-01"
        data["contracts"][0]["events"][0]["notes"] = 5
        data["contracts"][0]["events"][1]["typo"] = True
        data["rule_files"] = ["C:\\rules\\mine.toml"]

    paths = [line.split(":")[0] for line in broken(mutate)]
    assert paths == [
        "organisations[1].kvk",
        "contracts[0].registration.contract.value_excl_vat",
        "contracts[0].registration.contract.award_date",
        "contracts[0].events[0].notes",
        "contracts[0].events[1].typo",
        "rule_files[0]",
    ]


def test_an_event_that_does_not_fit_its_history_is_reported_at_the_event() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["contracts"][0]["events"][8]["item_id"] = "P7"

    (line,) = broken(mutate)
    assert line.startswith("contracts[0].events[8].item_id: 'P7', expected one of the contract")


def test_a_contract_number_appears_once() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["contracts"].append(data["contracts"][0])

    (line,) = broken(mutate)
    assert line.startswith("contracts[1].registration.contract.number: '2024-017'")


def test_duplicate_organisations_are_refused() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["organisations"].append({"name": "Wegenbouw Oost", "kvk": "12345678"})

    (line,) = broken(mutate)
    assert line.startswith("organisations[2].kvk: '12345678', expected a KvK number not yet")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format": "sroi.portfolio/2"}', "(written by a newer sroi? upgrade sroi to read it)"),
        ("{}", "format: missing, expected 'sroi.portfolio/1'"),
        ("[]", "(document): a list of 0 items, expected a JSON object"),
        ('{"format": "sroi.portfolio/1",', "line 1, column 31"),
        ('{"format": "sroi.portfolio/1", "contracts": {}}', "contracts: an empty object"),
    ],
)
def test_malformed_documents_give_one_clear_error(text: str, expected: str) -> None:
    with pytest.raises(sroi.ValidationError) as caught:
        sroi.load_portfolio(text)
    assert expected in str(caught.value)


def test_a_missing_file_is_a_validation_error_naming_it(tmp_path: pathlib.Path) -> None:
    with pytest.raises(sroi.ValidationError) as caught:
        sroi.load_portfolio(tmp_path / "nope.json")
    assert caught.value.source.endswith("nope.json")


def test_rule_files_are_relative_to_the_portfolio_and_must_load(tmp_path: pathlib.Path) -> None:
    (tmp_path / "rules").mkdir()
    shutil.copy(MG_RULES, tmp_path / "rules" / "mg.toml")
    (tmp_path / "rules" / "broken.toml").write_text('format = 1\nregion = "x"\n', "utf-8")
    good = sroi.Portfolio(rule_files=("rules/mg.toml",))
    sroi.dump_portfolio(good, tmp_path / "good.json")
    loaded = sroi.load_portfolio(tmp_path / "good.json")
    assert [rules.region for rules in loaded.rule_sets(tmp_path)] == ["midden-gelderland"]

    bad = sroi.Portfolio(rule_files=("rules/mg.toml", "rules/broken.toml", "rules/gone.toml"))
    sroi.dump_portfolio(bad, tmp_path / "bad.json")
    with pytest.raises(sroi.ValidationError) as caught:
        sroi.load_portfolio(tmp_path / "bad.json")
    fields = {error.field for error in caught.value.errors}
    assert fields == {"rule_files[1]", "rule_files[2]"}


# --- Hypothesis: whole portfolios -------------------------------------------------------------


@st.composite
def histories(draw: st.DrawFn, rules: sroi.RuleSet, number: str) -> lc.ContractHistory:
    """A contract's history: proposals of every route, then reviews, exits and extensions."""
    contract = attrs.evolve(draw(sst.contracts(rules)), number=number)
    first = contract.term.first
    history = lc.register(contract, recorded_on=first - dt.timedelta(days=draw(st.integers(0, 60))))
    today = history.registration.recorded_on
    within = sroi.Period(first, min(contract.term.last, first + dt.timedelta(days=700)))
    events: list[lc.Event] = []
    for _ in range(draw(st.integers(0, 6))):
        today += dt.timedelta(days=draw(st.integers(0, 20)))
        item = draw(
            st.one_of(
                sst.placements(rules, within=within),
                sst.purchases(rules, within=within),
                sst.projects(rules, within=within),
            )
        )
        role = draw(st.sampled_from([Role.CONTRACTOR, Role.SR_COORDINATOR]))
        if isinstance(item, sroi.Placement):
            events.append(lc.ProposePlacement(recorded_on=today, role=role, placement=item))
        elif isinstance(item, sroi.SocialPurchase):
            events.append(lc.ProposePurchase(recorded_on=today, role=role, purchase=item))
        else:
            events.append(lc.ProposeProject(recorded_on=today, role=role, project=item))
    history = lc.apply_all(history, events)
    for record in lc.state(history).items:
        today += dt.timedelta(days=draw(st.integers(0, 10)))
        choice = draw(st.sampled_from(["approve", "reject", "withdraw", "leave"]))
        event: lc.Event | None = None
        if choice == "approve":
            event = lc.Approve(recorded_on=today, role=Role.SR_COORDINATOR, item_id=record.item_id)
        elif choice == "reject":
            event = lc.Reject(
                recorded_on=today, role=Role.SR_COORDINATOR, item_id=record.item_id, reason="Nee"
            )
        elif choice == "withdraw":
            event = lc.Withdraw(recorded_on=today, role=Role.CONTRACTOR, item_id=record.item_id)
        if event is not None:
            history = lc.apply(history, event)
    return history


@st.composite
def portfolios(draw: st.DrawFn) -> sroi.Portfolio:
    """Portfolios of unique organisations and contracts with replayable histories."""
    rules = draw(sst.rule_sets())
    directory = sroi.Directory()
    for organisation in draw(st.lists(sst.organisations(), max_size=4)):
        try:
            directory = directory.add(organisation)
        except sroi.DuplicateOrganisationError:
            continue
    count = draw(st.integers(0, 3))
    contracts = tuple(draw(histories(rules, f"C-{n}")) for n in range(count))
    return sroi.Portfolio(directory.organisations, contracts)


@given(portfolios())
def test_any_portfolio_survives_a_round_trip(portfolio: sroi.Portfolio) -> None:
    assert sroi.load_portfolio(sroi.dump_portfolio(portfolio)) == portfolio


@given(st.lists(st.from_regex(r"[a-z]{1,8}(/[a-z0-9\-]{1,8}){0,2}\.toml", fullmatch=True)))
def test_rule_file_paths_survive_a_round_trip(paths: list[str]) -> None:
    portfolio = sroi.Portfolio(rule_files=tuple(paths))
    data = json.loads(sroi.dump_portfolio(portfolio))
    assert data.get("rule_files", []) == paths
    del data["format"]
    assert serde.structure(data, sroi.Portfolio) == portfolio


def test_a_dumped_portfolio_file_gets_an_ordinary_file_mode(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "portfolio.json"
    sroi.dump_portfolio(sroi.Portfolio(), target)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    target.chmod(0o640)
    sroi.dump_portfolio(sroi.Portfolio(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
