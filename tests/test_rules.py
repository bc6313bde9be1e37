"""Rule sets: blocks, bonuses and adjustments as validated data with their provenance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from sroi import (
    AdjustmentKind,
    Bonus,
    BonusKind,
    BuildingBlock,
    InvalidValueError,
    ObligationAdjustment,
    Parameter,
    Provenance,
    Route,
    RuleSet,
    SroiError,
    Status,
    Unit,
    UnknownBlockError,
)
from sroi.ruleset import DEFAULT_FULL_TIME_HOURS, DEFAULT_MEASUREMENT_FRACTIONS

D = dt.date
VERIFIED = Provenance("test table", Status.VERIFIED)
ASSUMED = Provenance("our default", Status.ASSUMED)


def _block(code: str = "ww-lt1", **changes: Any) -> BuildingBlock:
    fields: dict[str, Any] = {
        "code": code,
        "label_nl": "WW < 1 jaar",
        "label_en": "WW benefit < 1 year",
        "route": Route.CANDIDATE,
        "unit": Unit.PER_YEAR_FULL_TIME,
        "value": Decimal(10_000),
        "provenance": VERIFIED,
    }
    fields.update(changes)
    return BuildingBlock(**fields)


def _bonus(code: str = "age-50", kind: BonusKind = BonusKind.AGE, **changes: Any) -> Bonus:
    fields: dict[str, Any] = {
        "value": Decimal(5_000),
        "provenance": VERIFIED,
        "min_age": 50 if kind is BonusKind.AGE else None,
    }
    fields.update(changes)
    return Bonus(code, "Bonus", "Bonus", kind, **fields)


def _rules(blocks: list[BuildingBlock], **changes: Any) -> RuleSet:
    return RuleSet.build("oost", "V05", D(2023, 4, 1), blocks=blocks, **changes)


@pytest.mark.parametrize(
    ("route", "unit"),
    [
        (Route.CANDIDATE, Unit.PER_HOUR),
        (Route.CANDIDATE, Unit.SHARE_OF_INVOICE),
        (Route.PURCHASE, Unit.PER_YEAR_FULL_TIME),
        (Route.PROJECT, Unit.SHARE_OF_INVOICE),
        (Route.PROJECT, Unit.ONE_OFF),
    ],
)
def test_a_unit_must_fit_the_route(route: Route, unit: Unit) -> None:
    with pytest.raises(InvalidValueError) as caught:
        _block(route=route, unit=unit)
    assert caught.value.field == "unit"
    assert caught.value.value is unit
    assert route.value in caught.value.expected


@pytest.mark.parametrize(
    ("route", "unit"),
    [
        (Route.CANDIDATE, Unit.PER_YEAR_FULL_TIME),
        (Route.CANDIDATE, Unit.PER_MONTH),
        (Route.CANDIDATE, Unit.PER_PERIOD),
        (Route.CANDIDATE, Unit.ONE_OFF),
        (Route.PURCHASE, Unit.SHARE_OF_INVOICE),
        (Route.PROJECT, Unit.PER_HOUR),
    ],
)
def test_each_route_has_its_units(route: Route, unit: Unit) -> None:
    assert _block(route=route, unit=unit, value=Decimal("0.3")).unit is unit


def test_a_purchase_share_above_one_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        _block("pso-1", route=Route.PURCHASE, unit=Unit.SHARE_OF_INVOICE, value=Decimal("1.01"))
    assert caught.value.field == "value"
    assert caught.value.value == Decimal("1.01")
    assert caught.value.expected == "a share between 0 and 1"


def test_a_purchase_share_of_exactly_one_is_accepted() -> None:
    block = _block("sw", route=Route.PURCHASE, unit=Unit.SHARE_OF_INVOICE, value=Decimal(1))
    assert block.value == 1


@pytest.mark.parametrize("value", [Decimal(-1), 10_000.0, Decimal("Infinity")])
def test_a_block_value_is_a_finite_non_negative_decimal(value: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        _block(value=value)
    assert caught.value.field == "value"


@pytest.mark.parametrize("months", [0, -12, True, 12.0])
def test_max_months_is_a_positive_integer(months: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        _block(max_months=months)
    assert caught.value.field == "max_months"


@pytest.mark.parametrize("code", ["WW", "ww lt1", "-ww", "", "a" * 64])
def test_a_block_code_is_lower_case_and_short(code: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        _block(code)
    assert caught.value.field == "code"


def test_the_cap_provenance_defaults_to_the_value_provenance() -> None:
    assert _block(max_months=12).max_months_provenance is VERIFIED
    block = _block(max_months=12, duration_provenance=ASSUMED)
    assert block.max_months_provenance is ASSUMED


def test_an_age_bonus_needs_a_minimum_age() -> None:
    with pytest.raises(InvalidValueError) as caught:
        _bonus(min_age=None)
    assert caught.value.field == "min_age"
    assert caught.value.value is None


@pytest.mark.parametrize("kind", [BonusKind.ANNUAL, BonusKind.ONE_OFF])
def test_other_bonuses_have_no_minimum_age(kind: BonusKind) -> None:
    with pytest.raises(InvalidValueError) as caught:
        _bonus("extra", kind, min_age=50)
    assert caught.value.field == "min_age"


@pytest.mark.parametrize("value", [Decimal("-0.1"), Decimal("1.5")])
def test_an_adjustment_is_a_fraction_from_0_to_1(value: Decimal) -> None:
    with pytest.raises(InvalidValueError) as caught:
        ObligationAdjustment("pso-2", "PSO 2", "PSO 2", AdjustmentKind.DISCOUNT, value, VERIFIED)
    assert caught.value.field == "value"


def test_provenance_knows_whether_it_is_verified() -> None:
    assert VERIFIED.verified
    for status in (Status.UNVERIFIED, Status.PROVISIONAL, Status.ASSUMED):
        assert not Provenance("somewhere", status).verified


def test_a_provenance_needs_a_source() -> None:
    with pytest.raises(InvalidValueError) as caught:
        Provenance("", Status.VERIFIED)
    assert caught.value.field == "source"


def test_a_parameter_is_a_non_negative_decimal() -> None:
    with pytest.raises(InvalidValueError) as caught:
        Parameter(Decimal(-36), VERIFIED)
    assert caught.value.field == "value"


# Rule sets ---------------------------------------------------------------------------------------


def test_build_keys_blocks_bonuses_and_adjustments_by_code() -> None:
    discount = ObligationAdjustment(
        "pso-2", "PSO 2", "PSO 2", AdjustmentKind.DISCOUNT, Decimal("0.25"), VERIFIED
    )
    rules = _rules(
        [_block(), _block("ww-gt1", bonuses=("age-50",))],
        bonuses=[_bonus()],
        adjustments=[discount],
    )
    assert list(rules.blocks) == ["ww-lt1", "ww-gt1"]
    assert rules.bonus("age-50").min_age == 50
    assert rules.adjustment("pso-2") is discount


def test_a_rule_set_has_the_conventions_defaults() -> None:
    rules = _rules([_block()])
    assert rules.full_time_hours.value == DEFAULT_FULL_TIME_HOURS == 36
    assert rules.full_time_hours.provenance.status is Status.ASSUMED
    assert rules.minimum_hours is None
    assert rules.sr_percentage is None
    assert rules.measurement_fractions == DEFAULT_MEASUREMENT_FRACTIONS
    assert rules.measurement_fractions == (
        Decimal("0.25"),
        Decimal("0.5"),
        Decimal("0.75"),
        Decimal(1),
    )


@pytest.mark.parametrize("kind", ["blocks", "bonuses", "adjustments"])
def test_a_code_used_twice_is_refused(kind: str) -> None:
    items: dict[str, Any] = {"blocks": [_block()], "bonuses": [], "adjustments": []}
    if kind == "blocks":
        items["blocks"] = [_block(), _block(value=Decimal(1))]
    elif kind == "bonuses":
        items["bonuses"] = [_bonus(), _bonus(value=Decimal(1))]
    else:
        adjustment = ObligationAdjustment(
            "pso-2", "PSO 2", "PSO 2", AdjustmentKind.DISCOUNT, Decimal("0.25"), VERIFIED
        )
        items["adjustments"] = [adjustment, adjustment]
    with pytest.raises(InvalidValueError) as caught:
        RuleSet.build("oost", "V05", D(2023, 4, 1), **items)
    assert caught.value.field.startswith(f"{kind}[")
    assert caught.value.expected == "a code used only once"


def test_a_block_keyed_under_another_code_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        RuleSet("oost", "V05", D(2023, 4, 1), {"ww-gt1": _block("ww-lt1")})
    assert caught.value.field == "blocks['ww-gt1'].code"


def test_a_bonus_in_the_blocks_mapping_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        RuleSet("oost", "V05", D(2023, 4, 1), {"age-50": _bonus()})
    assert caught.value.field == "blocks['age-50']"


def test_valid_until_before_valid_from_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        _rules([_block()], valid_until=D(2023, 3, 31))
    assert caught.value.field == "valid_until"
    assert caught.value.value == D(2023, 3, 31)
    assert "2023-04-01" in caught.value.expected


def test_a_rule_set_in_force_for_one_day() -> None:
    rules = _rules([_block()], valid_until=D(2023, 4, 1))
    assert rules.in_force(D(2023, 4, 1))
    assert not rules.in_force(D(2023, 3, 31))
    assert not rules.in_force(D(2023, 4, 2))


def test_in_force_from_valid_from_and_open_ended() -> None:
    rules = _rules([_block()])
    assert not rules.in_force(D(2023, 3, 31))
    assert rules.in_force(D(2023, 4, 1))
    assert rules.in_force(D(2099, 1, 1))
    assert rules.period_label == "2023-04-01.."
    assert _rules([_block()], valid_until=D(2024, 12, 31)).period_label == "2023-04-01..2024-12-31"


def test_an_unknown_block_lists_the_known_codes_and_suggests_a_near_match() -> None:
    rules = _rules([_block(), _block("ww-gt1"), _block("participatiewet-lt2")])
    with pytest.raises(UnknownBlockError) as caught:
        rules.block("ww-lt2")
    error = caught.value
    assert error.code == "ww-lt2"
    assert error.known == ("participatiewet-lt2", "ww-gt1", "ww-lt1")
    assert error.region == "oost"
    assert error.kind == "building block"
    assert "did you mean 'ww-lt1'?" in str(error)
    assert isinstance(error, LookupError)
    assert isinstance(error, SroiError)


def test_an_unknown_block_without_a_near_match_makes_no_suggestion() -> None:
    with pytest.raises(UnknownBlockError) as caught:
        _rules([_block()]).block("statushouder")
    assert "did you mean" not in str(caught.value)
    assert "ww-lt1" in str(caught.value)


def test_an_unknown_bonus_and_an_unknown_adjustment_name_their_kind() -> None:
    rules = _rules([_block("ww-gt1", bonuses=("age-50",))], bonuses=[_bonus()])
    with pytest.raises(UnknownBlockError) as caught:
        rules.bonus("age-55")
    assert caught.value.kind == "bonus"
    assert caught.value.known == ("age-50",)
    assert "did you mean 'age-50'?" in str(caught.value)
    with pytest.raises(UnknownBlockError) as caught:
        rules.adjustment("pso-2")
    assert caught.value.kind == "adjustment"
    assert caught.value.known == ()
    assert "(none)" in str(caught.value)


def test_a_block_that_names_an_unknown_bonus_is_refused() -> None:
    with pytest.raises(UnknownBlockError) as caught:
        _rules([_block(bonuses=("age-55",))], bonuses=[_bonus()])
    assert caught.value.code == "age-55"
    assert caught.value.kind == "bonus"
    assert caught.value.known == ("age-50",)


@pytest.mark.parametrize("unit", [Unit.PER_PERIOD, Unit.ONE_OFF])
@pytest.mark.parametrize("kind", [BonusKind.AGE, BonusKind.ANNUAL])
def test_blocks_that_are_not_annual_or_monthly_allow_only_one_off_bonuses(
    unit: Unit, kind: BonusKind
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        _rules([_block("bol", unit=unit, bonuses=("extra",))], bonuses=[_bonus("extra", kind)])
    assert caught.value.field == "blocks['bol'].bonuses"
    assert caught.value.value == "extra"


def test_a_one_off_bonus_on_a_per_period_block_is_accepted() -> None:
    rules = _rules(
        [_block("bol", unit=Unit.PER_PERIOD, bonuses=("vast",))],
        bonuses=[_bonus("vast", BonusKind.ONE_OFF)],
    )
    assert rules.block("bol").bonuses == ("vast",)


def test_provenances_list_every_value_with_its_key() -> None:
    rules = _rules(
        [_block(max_months=12, duration_provenance=ASSUMED, bonuses=("age-50",))],
        bonuses=[_bonus()],
        sr_percentage=Parameter(Decimal(5), VERIFIED),
    )
    provenances = dict(rules.provenances())
    assert set(provenances) == {
        "full_time_hours",
        "sr_percentage",
        "measurement_fractions",
        "blocks.ww-lt1",
        "blocks.ww-lt1.max_months",
        "bonuses.age-50",
    }
    assert provenances["blocks.ww-lt1.max_months"] is ASSUMED
    assert provenances["full_time_hours"].status is Status.ASSUMED


def test_rule_sets_compare_by_value_but_cannot_be_hashed() -> None:
    assert _rules([_block()]) == _rules([_block()])
    assert _rules([_block()]) != _rules([_block(value=Decimal(1))])
    with pytest.raises(TypeError):
        hash(_rules([_block()]))


def test_only_annual_and_monthly_units_are_scaled_by_the_placement_size() -> None:
    sized = {unit for unit in Unit if unit.is_sized}
    assert sized == {Unit.PER_YEAR_FULL_TIME, Unit.PER_MONTH}


def test_a_version_range_reads_its_dates_and_knows_overlaps() -> None:
    from sroi._versions import VersionRange, effective_last

    closed = VersionRange(dt.date(2016, 1, 1), dt.date(2023, 12, 31))
    open_ended = VersionRange(dt.date(2024, 1, 1))
    assert (closed.label, open_ended.label) == ("2016-01-01..2023-12-31", "2024-01-01..")
    assert closed.holds_on(dt.date(2023, 12, 31))
    assert not closed.holds_on(dt.date(2024, 1, 1))
    assert not closed.overlaps(open_ended)
    assert VersionRange(dt.date(2023, 6, 1)).overlaps(closed)
    ranges = [VersionRange(dt.date(2016, 1, 1)), open_ended]
    assert effective_last(ranges, 0) == dt.date(2023, 12, 31)
    assert effective_last(ranges, 1) is None
