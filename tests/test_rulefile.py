"""Rule files: TOML read with tomllib, mapped 1:1 onto RuleSet, every problem reported at once."""

from __future__ import annotations

import datetime as dt
import pathlib
import zipfile
from decimal import Decimal

import pytest

import sroi
from sroi.exceptions import RuleFileProblem

MG = """\
format = 1
region = "midden-gelderland"
version = "V05 (april 2023)"
valid_from = 2023-04-01
source = "Uniform Bouwblokkenmodel Oost-Nederland V05 (april 2023), impactoost.nl/bouwblokken"

[sources]
impactoost = "impactoost.nl/bouwblokken: Uniform Bouwblokkenmodel Oost-Nederland, V05"

[full_time_hours]
value = "36"
status = "assumed"
source = "sroi calculation conventions"
note = "36 is used by Utrecht, Den Haag, Friesland"

[sr_percentage]
value = "5"
status = "verified"
source = "rblmidden-gelre.nl"

[measurement]
fractions = ["0.5", "0.25", "1"]
status = "verified"
source = "agreement"

[blocks.participatiewet-lt2]
label_nl = "Participatiewet, uitkering korter dan 2 jaar"
label_en = "Participation Act, benefit for less than 2 years"
route = "candidate"
unit = "per_year_full_time"
value = "30000"
status = "verified"
source = "impactoost"
max_months = 24
duration_status = "assumed"
duration_note = "as in the Oost model"
bonuses = ["age-50"]

[blocks.pso-1]
label_nl = "PSO trede 1"
label_en = "PSO level 1"
route = "purchase"
unit = "share_of_invoice"
value = "0.10"
status = "unverified"
source = "secondary copy"

[bonuses.age-50]
label_nl = "Kandidaat van 50 jaar of ouder"
label_en = "Candidate aged 50 or over"
kind = "age"
value = "5000"
min_age = 50
status = "unverified"
source = "secondary copy"

[adjustments.pso-1]
label_nl = "PSO trede 1"
label_en = "PSO level 1"
kind = "discount"
value = "0.10"
status = "unverified"
source = "secondary copy"
"""


def _write(folder: pathlib.Path, name: str, text: str) -> pathlib.Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(error: pytest.ExceptionInfo[sroi.RuleFileError]) -> list[tuple[str, str]]:
    return [(problem.table, problem.key) for problem in error.value.problems]


def test_a_complete_file_maps_one_to_one_onto_a_rule_set(tmp_path: pathlib.Path) -> None:
    rules = sroi.load_rule_file(_write(tmp_path, "2023-04-01.toml", MG))
    assert (rules.region, rules.version, rules.valid_from, rules.valid_until) == (
        "midden-gelderland",
        "V05 (april 2023)",
        dt.date(2023, 4, 1),
        None,
    )
    block = rules.block("participatiewet-lt2")
    assert block.value == Decimal(30000)
    assert type(block.value) is Decimal
    assert block.route is sroi.Route.CANDIDATE
    assert block.max_months == 24
    assert block.bonuses == ("age-50",)
    # a source may name an entry of [sources]
    assert block.provenance == sroi.Provenance(
        "impactoost.nl/bouwblokken: Uniform Bouwblokkenmodel Oost-Nederland, V05",
        sroi.Status.VERIFIED,
    )
    # the duration has its own status; its source defaults to the block's
    assert block.max_months_provenance == sroi.Provenance(
        block.provenance.source, sroi.Status.ASSUMED, "as in the Oost model"
    )
    assert rules.bonus("age-50").min_age == 50
    assert rules.adjustment("pso-1").kind is sroi.AdjustmentKind.DISCOUNT
    assert rules.full_time_hours.provenance.status is sroi.Status.ASSUMED
    assert rules.sr_percentage == sroi.Parameter(
        Decimal(5), sroi.Provenance("rblmidden-gelre.nl", sroi.Status.VERIFIED)
    )
    assert rules.measurement_fractions == (Decimal("0.25"), Decimal("0.5"), Decimal(1))
    assert rules.minimum_hours is None


def test_a_float_amount_is_refused_naming_file_table_and_key(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, "2023-04-01.toml", MG.replace('value = "30000"', "value = 30000.0"))
    with pytest.raises(sroi.RuleFileError) as error:
        sroi.load_rule_file(path)
    assert error.value.problems == (
        RuleFileProblem(
            str(path),
            "blocks.participatiewet-lt2",
            "value",
            30000.0,
            'a quoted decimal string such as "10000"',
        ),
    )
    assert (
        f"{path}: [blocks.participatiewet-lt2] value: 30000.0, expected a quoted decimal string "
        'such as "10000"'
    ) in str(error.value)


def test_a_bare_integer_amount_is_refused_too(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, "x.toml", MG.replace('value = "5000"', "value = 5000"))
    with pytest.raises(sroi.RuleFileError) as error:
        sroi.load_rule_file(path)
    assert _problems(error) == [("bonuses.age-50", "value")]


def test_an_unknown_key_is_refused_with_a_near_match(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, "x.toml", MG.replace("max_months = 24", "max_month = 24"))
    with pytest.raises(sroi.RuleFileError) as error:
        sroi.load_rule_file(path)
    assert _problems(error) == [("blocks.participatiewet-lt2", "max_month")]
    assert "did you mean 'max_months'?" in str(error.value)


def test_every_problem_of_a_file_is_reported_together(tmp_path: pathlib.Path) -> None:
    text = (
        MG.replace("valid_from = 2023-04-01", 'valid_from = "2023-04-01"')
        .replace('unit = "per_year_full_time"', 'unit = "per_year"')
        .replace(
            'status = "unverified"\nsource = "secondary copy"\n\n[bonuses',
            'status = "sure"\nsource = "secondary copy"\n\n[bonuses',
        )
        .replace('kind = "discount"', 'kind = "discount"\ncolour = "red"')
    )
    path = _write(tmp_path, "x.toml", text)
    with pytest.raises(sroi.RuleFileError) as error:
        sroi.load_rule_file(path)
    assert isinstance(error.value, sroi.SroiError)
    assert isinstance(error.value, ValueError)
    assert error.value.path == str(path)
    assert _problems(error) == [
        ("", "valid_from"),
        ("blocks.participatiewet-lt2", "unit"),
        ("blocks.pso-1", "status"),
        ("adjustments.pso-1", "colour"),
    ]
    assert str(error.value).startswith(f"{path}: 4 problem(s):")


def test_missing_required_keys_are_each_named(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, "x.toml", 'format = 1\nregion = "x"\n')
    with pytest.raises(sroi.RuleFileError) as error:
        sroi.load_rule_file(path)
    assert {key for _, key in _problems(error)} == {"version", "valid_from", "source", "blocks"}
    assert "version: missing, expected a non-empty string" in str(error.value)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (("format = 1", "format = 2"), ("", "format")),
        (("min_age = 50\n", ""), ("bonuses.age-50", "min_age")),
        (('kind = "age"', 'kind = "annual"'), ("bonuses.age-50", "min_age")),
        (
            ('bonuses = ["age-50"]', 'bonuses = ["age-55"]'),
            ("blocks.participatiewet-lt2", "bonuses"),
        ),
        (
            ('value = "0.10"\nstatus = "unverified"', 'value = "1.5"\nstatus = "unverified"'),
            ("blocks.pso-1", "value"),
        ),
        (
            ("valid_from = 2023-04-01", "valid_from = 2023-04-01\nvalid_until = 2023-01-01"),
            ("", "valid_until"),
        ),
        (('region = "midden-gelderland"', 'region = "Midden Gelderland"'), ("", "region")),
        (
            ('fractions = ["0.5", "0.25", "1"]', 'fractions = ["0.5", "1.25"]'),
            ("measurement", "fractions"),
        ),
    ],
)
def test_a_value_the_rule_set_cannot_hold_is_refused_with_its_place(
    tmp_path: pathlib.Path, change: tuple[str, str], where: tuple[str, str]
) -> None:
    assert change[0] in MG
    path = _write(tmp_path, "x.toml", MG.replace(change[0], change[1], 1))
    with pytest.raises(sroi.RuleFileError) as error:
        sroi.load_rule_file(path)
    assert where in _problems(error)


def test_invalid_toml_is_one_problem_naming_the_file(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, "x.toml", MG + "\n[blocks\n")
    with pytest.raises(sroi.RuleFileError) as error:
        sroi.load_rule_file(path)
    assert len(error.value.problems) == 1
    assert "valid TOML" in str(error.value)


def test_a_directory_loads_every_file_sorted_by_valid_from(tmp_path: pathlib.Path) -> None:
    later = MG.replace("2023-04-01", "2025-01-01").replace("V05 (april 2023)", "V06")
    _write(tmp_path, "b.toml", MG)
    _write(tmp_path, "a.toml", later)
    _write(tmp_path, "notes.txt", "not a rule file")
    versions = sroi.load_rule_files(tmp_path)
    assert [rules.version for rules in versions] == ["V05 (april 2023)", "V06"]


def test_the_problems_of_every_file_of_a_directory_come_together(tmp_path: pathlib.Path) -> None:
    _write(tmp_path, "one.toml", MG.replace('value = "30000"', "value = 30000"))
    _write(tmp_path, "two.toml", MG.replace('label_en = "PSO level 1"\nroute', "route"))
    with pytest.raises(sroi.RuleFileError) as error:
        sroi.load_rule_files(tmp_path)
    assert [(pathlib.Path(p.path).name, p.table, p.key) for p in error.value.problems] == [
        ("one.toml", "blocks.participatiewet-lt2", "value"),
        ("two.toml", "blocks.pso-1", "label_en"),
    ]


def test_a_missing_or_empty_rules_directory_is_an_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(sroi.RuleFileError, match="at least one"):
        sroi.load_rule_files(tmp_path)
    with pytest.raises(sroi.RuleFileError, match="a directory of rule files"):
        sroi.load_rule_files(tmp_path / "rules")


def test_rule_files_load_from_a_zipped_package(tmp_path: pathlib.Path) -> None:
    archive = tmp_path / "plugin.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("sroi_x/rules/2023-04-01.toml", MG)
    versions = sroi.load_rule_files(zipfile.Path(archive, "sroi_x/rules/"))
    assert [rules.valid_from for rules in versions] == [dt.date(2023, 4, 1)]
