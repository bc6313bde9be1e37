"""CSV import: Dutch spreadsheets read as they are kept, every problem named by row and column."""

from __future__ import annotations

import datetime as dt
import io
import pathlib
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sroi
from sroi.csvimport import parse_amount, parse_csv_date, parse_number

DUTCH_HEADER = "Initialen;Doelgroep;Geboortedatum;Soort;Bouwblok;Startdatum;Einddatum;Uren per week"


def placements(text: str, **kwargs: object) -> list[sroi.Placement]:
    return sroi.read_placements_csv(io.StringIO(text), **kwargs)  # type: ignore[arg-type]


def problems_of(text: str, reader: object = sroi.read_placements_csv) -> list[str]:
    with pytest.raises(sroi.ValidationError) as caught:
        reader(io.StringIO(text))  # type: ignore[operator]
    return [str(error) for error in caught.value.errors]


def test_a_dutch_export_with_bom_semicolons_and_dutch_formats_is_read(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "kandidaten.csv"
    rows = [
        DUTCH_HEADER,
        "J.P.;Participatiewet;1-3-1974;dienstverband;PW-LT2;15-01-2024;14-02-2024;32,5",
        ";;;;;;;",
        "A.;ww;1990-02-01;bbl;ww-lt1;2024-02-01;2025-01-31;36",
    ]
    path.write_bytes("\r\n".join(rows).encode("utf-8-sig"))
    first, second = sroi.read_placements_csv(path)
    assert first.candidate == sroi.Candidate("J.P.", "participatiewet", dt.date(1974, 3, 1))
    assert first.kind is sroi.PlacementKind.JOB
    assert first.block == "pw-lt2"
    assert first.period == sroi.Period(dt.date(2024, 1, 15), dt.date(2024, 2, 14))
    assert first.hours_per_week == Decimal("32.5")
    assert second.kind is sroi.PlacementKind.BBL


def test_english_headers_and_commas_work_too() -> None:
    text = (
        "initials,target_group,birth_date,kind,block,start,end,hours_per_week,exit_date\n"
        "J.,ww,1980-01-01,secondment,ww-lt1,2024-01-01,2024-12-31,20,2024-06-30\n"
    )
    (placement,) = placements(text)
    assert placement.kind is sroi.PlacementKind.SECONDMENT
    assert placement.exit_date == dt.date(2024, 6, 30)


def test_every_problem_in_the_file_is_named_by_row_and_column() -> None:
    text = "\n".join(
        [
            DUTCH_HEADER,
            "J.P.;ww;1-3-1974;baan;ww-lt1;15-01-2024;14-02-2024;32",
            "A.;ww;1990-02-30;baan;ww-lt1;2024-01-01;2023-12-31;-4",
            "Jan Jansen;ww;1-1-1980;dienst;ww;2024-01-01;2024-06-30;1.234.5",
            "B.;ww;1-1-1980;baan;ww;2024-01-01;;4",
        ]
    )
    assert problems_of(text) == [
        "row 3, column Geboortedatum: '1990-02-30', expected an existing calendar date "
        "(day is out of range for month)",
        "row 3, column Einddatum: 2023-12-31, expected on or after first (2024-01-01) "
        "(a period includes both its first and last day)",
        "row 3, column Uren per week: -4, expected a Decimal >= 0 and <= 168",
        "row 4, column Uren per week: '1.234.5', expected a number such as 1234,56 or "
        "1.234,56 or 1234.56",
        "row 4, column Initialen: <a text of 10 characters, not shown>, expected initials only: "
        "letters each followed by a dot such as 'J.P.', at most 6 letters, optionally with a name "
        "prefix such as 'J.P. van' or 'C. de V.' (never a name) (it has a word of two or more "
        "letters, which reads as a name)",
        "row 4, column Soort: 'dienst', expected one of 'job', 'bbl', 'bol-internship', "
        "'internship', 'secondment', 'work-experience'",
        "row 5, column Einddatum: empty, expected a value (the cell is empty)",
    ]


def test_a_candidate_too_young_on_the_first_day_is_reported_at_the_birth_date() -> None:
    text = DUTCH_HEADER + "\nA.;ww;1-1-2012;baan;ww;2024-01-01;2024-06-30;4\n"
    (line,) = problems_of(text)
    assert line.startswith("row 2, column Geboortedatum: 2012-01-01, expected an age of 15 to 75")


def test_a_name_in_the_initials_column_is_a_privacy_error() -> None:
    text = DUTCH_HEADER + "\nJansen;ww;1-1-1980;baan;ww;2024-01-01;2024-06-30;4\n"
    with pytest.raises(sroi.ValidationError) as caught:
        placements(text)
    assert isinstance(caught.value.errors[0], sroi.PrivacyError)


def test_missing_and_unknown_columns_are_reported_on_the_header_row() -> None:
    text = "Initialen;Doelgroep;Geboortedatum;Soort;Bouwblok;Startdatum;Naam;Uren\nJ.;ww;;;;;;\n"
    lines = problems_of(text)
    assert lines[0].startswith("row 1, column Naam: 'Naam', expected one of initials (initialen)")
    assert lines[1] == "row 1: no column end, expected a column end (or einddatum)"


def test_unknown_columns_can_be_ignored() -> None:
    text = DUTCH_HEADER + ";Opmerking\nJ.;ww;1-1-1980;baan;ww;2024-01-01;2024-06-30;4;nieuw\n"
    assert len(placements(text, ignore_unknown_columns=True)) == 1


def test_a_row_with_more_cells_than_columns_is_an_error() -> None:
    text = DUTCH_HEADER + "\nJ.;ww;1-1-1980;baan;ww;2024-01-01;2024-06-30;4;extra\n"
    assert problems_of(text) == ["row 2: 9 cells, expected at most 8 cells (one per column)"]


def test_an_empty_file_and_a_file_that_is_not_utf8_are_refused() -> None:
    assert problems_of("") == ["(document): an empty file, expected a header row and rows of data"]
    with pytest.raises(sroi.ValidationError, match="CSV UTF-8"):
        sroi.read_placements_csv(io.BytesIO((DUTCH_HEADER + "\né").encode("cp1252")))


def test_purchases_read_dutch_amounts_and_optional_columns() -> None:
    text = (
        "Leverancier;KvK;Categorie;Factuurdatum;Bedrag excl. BTW;Referentie\n"
        'Werkbedrijf;12345678;PSO-2;01-03-2024;"€ 1.234,56";F-2024-1\n'
        "Groen & Co;;sw;2024-03-02;1500;\n"
    )
    first, second = sroi.read_purchases_csv(io.StringIO(text))
    assert first.supplier == sroi.Organisation("Werkbedrijf", kvk="12345678")
    assert first.category == "pso-2"
    assert first.amount_excl_vat == Decimal("1234.56")
    assert first.reference == "F-2024-1"
    assert second.amount_excl_vat == Decimal(1500)
    assert second.reference is None


def test_an_ambiguous_amount_is_refused_with_a_hint() -> None:
    text = "leverancier,categorie,factuurdatum,bedrag_excl_btw\nWerkbedrijf,sw,2024-03-01,1.234\n"
    (line,) = problems_of(text, sroi.read_purchases_csv)
    assert line.startswith("row 2, column bedrag_excl_btw: '1.234', expected an amount in euros")
    assert "is the dot a thousands separator?" in line


def test_a_bad_kvk_number_of_a_supplier_names_the_kvk_column() -> None:
    text = "leverancier;kvk;categorie;factuurdatum;bedrag\nWerkbedrijf;123;sw;1-3-2024;10\n"
    (line,) = problems_of(text, sroi.read_purchases_csv)
    assert line.startswith("row 2, column kvk: '123', expected an 8-digit KvK number")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1.234.567", "1234567"),
        ("-12,5", "-12.5"),
        (",5", "0.5"),
        ("€ 10", "10"),
    ],
)
def test_numbers_follow_the_comma_rule(text: str, expected: str) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["1,234.56", "12.34.5", "1.2345,6", "12,", "abc", "1 234", ""])
def test_numbers_that_fit_no_rule_are_refused(text: str) -> None:
    with pytest.raises(sroi.InvalidValueError):
        parse_number(text)


@pytest.mark.parametrize("text", ["01/31/2024", "31-01-24", "2024-01-31 00:00", "31 jan 2024"])
def test_dates_other_than_iso_and_day_month_year_are_refused(text: str) -> None:
    with pytest.raises(sroi.InvalidValueError):
        parse_csv_date(text)


@given(st.integers(0, 10**12 - 1), st.integers(0, 99))
def test_amounts_in_dutch_notation_read_back_exactly(euros: int, cents: int) -> None:
    dutch = f"{euros:,}".replace(",", ".") + f",{cents:02d}"
    assert Decimal(parse_amount(dutch)) == Decimal(euros) + Decimal(cents) / 100
