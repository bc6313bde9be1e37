"""Two plugins share a region for different dates: each one's regional logic holds on its dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sroi
from sroi.registry import Registry

D = dt.date
FULL_TIME = sroi.Parameter(Decimal(36), sroi.Provenance("test table", sroi.Status.VERIFIED))
HANDOVER = D(2020, 1, 1)


def _rules(version: str, valid_from: dt.date, valid_until: dt.date | None = None) -> sroi.RuleSet:
    block = sroi.BuildingBlock(
        "pw",
        "Participatiewet",
        "Participation Act",
        sroi.Route.CANDIDATE,
        sroi.Unit.PER_YEAR_FULL_TIME,
        Decimal(30000),
        sroi.Provenance(f"table {version}", sroi.Status.VERIFIED),
    )
    return sroi.RuleSet.build(
        "oost",
        version,
        valid_from,
        blocks=[block],
        full_time_hours=FULL_TIME,
        valid_until=valid_until,
    )


class OldTables:
    """Contributes region "oost" up to 2019; caps obligations at 1000; picks the term's end."""

    @sroi.hookimpl
    def sroi_regions(self) -> list[sroi.Region]:
        return [
            sroi.Region(
                "oost", "Oost", [_rules("old", D(2016, 1, 1), HANDOVER - dt.timedelta(days=1))]
            )
        ]

    @sroi.hookimpl
    def sroi_reference_date(self, contract: sroi.Contract) -> dt.date:
        return contract.term.last

    @sroi.hookimpl
    def sroi_obligation(self, obligation: sroi.ObligationValuation) -> sroi.ObligationValuation:
        return attrs.evolve(obligation, amount=Decimal("1000.00"))


class NewTables:
    """Contributes region "oost" from 2020; caps obligations at 2000; picks the term's start."""

    @sroi.hookimpl
    def sroi_regions(self) -> list[sroi.Region]:
        return [sroi.Region("oost", "Oost", [_rules("new", HANDOVER)])]

    @sroi.hookimpl
    def sroi_reference_date(self, contract: sroi.Contract) -> dt.date:
        return contract.term.first

    @sroi.hookimpl
    def sroi_obligation(self, obligation: sroi.ObligationValuation) -> sroi.ObligationValuation:
        return attrs.evolve(obligation, amount=Decimal("2000.00"))


def _registry(*plugins: object) -> Registry:
    """A registry of the plugins, registered in the given order (pluggy calls the last first)."""
    manager = sroi.get_plugin_manager(autoload=False)
    for index, plugin in enumerate(plugins):
        manager.register(plugin, name=f"plugin-{index + 1}")
    return Registry(manager)


def _contract(award: dt.date, first: dt.date, last: dt.date) -> sroi.Contract:
    return sroi.Contract(
        "C-1",
        "Onderhoud",
        sroi.Period(first, last),
        sroi.Organisation("Bouw BV"),
        value_excl_vat=Decimal(1_000_000),
        sr_percentage=Decimal(5),
        award_date=award,
        region="oost",
    )


@pytest.fixture(params=["old-first", "new-first"])
def registry(request: pytest.FixtureRequest) -> Registry:
    """Both orders of registration: the answer must not depend on which plugin pluggy asks first."""
    plugins = (OldTables(), NewTables())
    return _registry(*(plugins if request.param == "old-first" else plugins[::-1]))


def test_both_plugins_contribute_the_region(registry: Registry) -> None:
    info = registry.region("oost")
    assert [v.version for v in info.versions] == ["old", "new"]
    assert len(info.providers) == 2


def test_the_obligation_hook_of_the_plugin_in_force_answers(registry: Registry) -> None:
    old = _contract(D(2018, 3, 1), D(2018, 4, 1), D(2019, 3, 31))
    new = _contract(D(2021, 3, 1), D(2021, 4, 1), D(2022, 3, 31))
    assert registry.obligation(old).amount == Decimal("1000.00")
    assert registry.obligation(new).amount == Decimal("2000.00")
    assert registry.obligation(new, registry.rules("oost", D(2017, 1, 1))).amount == Decimal(
        "1000.00"
    )


def test_the_reference_date_hook_of_the_plugin_in_force_answers(registry: Registry) -> None:
    # awarded under the old tables: the old plugin chooses, and picks the end of the term
    old = _contract(D(2018, 3, 1), D(2018, 4, 1), D(2021, 3, 31))
    assert registry.reference_date(old) == D(2021, 3, 31)
    assert registry.rules_for(old).version == "new"
    # awarded under the new tables: the new plugin chooses, and picks the start of the term
    new = _contract(D(2021, 3, 1), D(2021, 4, 1), D(2022, 3, 31))
    assert registry.reference_date(new) == D(2021, 4, 1)


def test_a_day_no_plugin_covers_gets_the_conventions_default() -> None:
    registry = _registry(NewTables())
    early = _contract(D(2018, 3, 1), D(2018, 4, 1), D(2019, 3, 31))
    assert registry.reference_date(early) == D(2018, 3, 1)


@given(award=st.dates(D(2016, 1, 1), D(2030, 12, 31)))
def test_the_answer_follows_the_version_in_force_on_any_date(award: dt.date) -> None:
    for order in ((OldTables(), NewTables()), (NewTables(), OldTables())):
        registry = _registry(*order)
        contract = _contract(award, award + dt.timedelta(days=10), award + dt.timedelta(days=400))
        rules = registry.rules("oost", award)
        expected = Decimal("1000.00") if award < HANDOVER else Decimal("2000.00")
        assert registry.obligation(contract, rules).amount == expected


@pytest.mark.parametrize("contract", [None, "C-1", 42])
def test_a_contract_that_is_not_a_contract_is_an_invalid_value(
    registry: Registry, contract: object
) -> None:
    for call in (registry.reference_date, registry.rules_for, registry.obligation):
        with pytest.raises(sroi.InvalidValueError, match="contract"):
            call(contract)  # type: ignore[operator]


def test_rules_that_are_not_a_rule_set_is_an_invalid_value(registry: Registry) -> None:
    contract = _contract(D(2021, 3, 1), D(2021, 4, 1), D(2022, 3, 31))
    with pytest.raises(sroi.InvalidValueError, match="rules"):
        registry.obligation(contract, "oost")  # type: ignore[arg-type]
