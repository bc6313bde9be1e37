"""Import placements and purchases from CSV files, the way people keep them in spreadsheets.

A Dutch spreadsheet saved as CSV usually has ``;`` between the cells, a byte-order mark in front,
Dutch column headers, dates as ``31-01-2024`` and amounts as ``1.234,56``. All of that is read:

* **Delimiter**: ``;``, ``,`` or a tab, whichever occurs most in the header line (or pass
  ``delimiter``).
* **Encoding**: UTF-8, with or without a byte-order mark.
* **Headers**: English field names or their Dutch aliases, in any case, with spaces, dots or
  hyphens (``"Uren per week"`` is ``uren_per_week``). See :data:`PLACEMENT_COLUMNS` and
  :data:`PURCHASE_COLUMNS`. A column sroi does not know is an error (a typo would otherwise lose
  data), unless ``ignore_unknown_columns=True``.
* **Dates**: ISO ``2024-01-31`` or Dutch ``31-01-2024`` (also ``31-1-2024``).
* **Numbers**: when a comma is present it is the decimal separator and dots are thousands
  separators (``1.234,56``); without a comma a single dot is the decimal point (``1234.56``) and
  several dots are thousands separators (``1.234.567``). Thousands separators must group by three.
  A euro sign and spaces around the number are allowed. An amount has at most two decimals, so
  the ambiguous ``1.234`` is refused as an amount (write ``1234`` or ``1.234,00``).
* **Kinds of placement** (``soort``): the values of :class:`~sroi.model.PlacementKind`
  (``job``, ``bbl`` ...) or Dutch words such as ``dienstverband``, ``bol-stage``,
  ``detachering``, ``werkervaringsplek`` (see :data:`PLACEMENT_KIND_ALIASES`).

Empty lines are skipped. Every problem in the file is reported at once, as
``row N, column X: ...`` with N the row number a spreadsheet shows (the header is row 1), in one
:class:`~sroi.exceptions.ValidationError`; nothing is returned when anything is wrong.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Mapping
from typing import IO, Any, Generic, TypeVar

import attrs

from sroi import serde
from sroi._decimal import CSV_NUMBER, parse_decimal
from sroi._validators import check_path
from sroi.exceptions import InvalidValueError, ValidationError
from sroi.model import Placement, PlacementKind, SocialPurchase
from sroi.serde.plain import to_plain

__all__ = [
    "PLACEMENT_COLUMNS",
    "PLACEMENT_KIND_ALIASES",
    "PURCHASE_COLUMNS",
    "parse_amount",
    "parse_csv_date",
    "parse_number",
    "read_placements_csv",
    "read_purchases_csv",
]

T = TypeVar("T")
Source = str | os.PathLike[str] | IO[str] | IO[bytes]

PLACEMENT_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "initials": ("initialen",),
    "target_group": ("doelgroep",),
    "birth_date": ("geboortedatum",),
    "kind": ("soort", "soort_overeenkomst"),
    "block": ("bouwblok",),
    "start": ("startdatum", "begindatum"),
    "end": ("einddatum",),
    "hours_per_week": ("uren_per_week", "uren"),
    "exit_date": ("uit_dienst", "datum_uit_dienst"),
}
"""The columns of a placements file: the English name and its accepted Dutch aliases.

``exit_date`` (an early exit) is optional; the others are required.
"""
_PLACEMENT_OPTIONAL = frozenset({"exit_date"})

PURCHASE_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "supplier": ("leverancier",),
    "supplier_kvk": ("kvk", "kvk_nummer", "kvk_leverancier"),
    "category": ("categorie",),
    "invoice_date": ("factuurdatum",),
    "amount_excl_vat": ("bedrag_excl_btw", "bedrag"),
    "reference": ("referentie", "factuurnummer"),
}
"""The columns of a purchases file; ``supplier_kvk`` and ``reference`` are optional."""
_PURCHASE_OPTIONAL = frozenset({"supplier_kvk", "reference"})

PLACEMENT_KIND_ALIASES: Mapping[str, PlacementKind] = {
    "dienstverband": PlacementKind.JOB,
    "arbeidsovereenkomst": PlacementKind.JOB,
    "baan": PlacementKind.JOB,
    "leerwerkbaan": PlacementKind.BBL,
    "bol": PlacementKind.BOL_INTERNSHIP,
    "bol-stage": PlacementKind.BOL_INTERNSHIP,
    "stage": PlacementKind.INTERNSHIP,
    "detachering": PlacementKind.SECONDMENT,
    "werkervaringsplek": PlacementKind.WORK_EXPERIENCE,
    "proefplaatsing": PlacementKind.WORK_EXPERIENCE,
}
"""Dutch words for the kinds of placement, besides the values of :class:`PlacementKind`."""

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DUTCH_DATE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")
_DATE_EXPECTED = "a date such as 2024-01-31 or 31-01-2024"


def _normalise_header(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")


def parse_csv_date(text: str) -> str:
    """Read a spreadsheet date, ISO or Dutch day-month-year, as an ISO 8601 date string.

    >>> parse_csv_date("31-1-2024"), parse_csv_date("2024-01-31")
    ('2024-01-31', '2024-01-31')

    Raises:
        InvalidValueError: for anything else (a date with a time, or month first).
    """
    if not isinstance(text, str):
        raise InvalidValueError("", text, _DATE_EXPECTED)
    value = text.strip()
    if _ISO_DATE.fullmatch(value):
        return value
    match = _DUTCH_DATE.fullmatch(value)
    if match is None:
        hint = "a date without a time" if re.match(r"^\S+\s+\d{1,2}:\d{2}", value) else ""
        raise InvalidValueError("", text, _DATE_EXPECTED, hint=hint)
    day, month, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def parse_number(text: str) -> str:
    """Read a spreadsheet number as a plain decimal string (see the module's rule).

    >>> parse_number("1.234,56"), parse_number("1234.56"), parse_number("€ 32,5")
    ('1234.56', '1234.56', '32.5')

    The digits are ASCII; an exponent, underscores and more than 12 digits before or 10 after
    the decimal separator are refused (the one grammar of :mod:`sroi._decimal`).

    Raises:
        InvalidValueError: for text that is not such a number.
    """
    number: str = to_plain(parse_decimal(text, CSV_NUMBER, dutch=True))
    return number


def parse_amount(text: str) -> str:
    """Read a euro amount (at most two decimals) as a plain decimal string.

    >>> parse_amount("1.234,56"), parse_amount("€ 1.500,00"), parse_amount("1.500.000")
    ('1234.56', '1500.00', '1500000')

    Raises:
        InvalidValueError: for a number with more than two decimals, such as the ambiguous
            ``1.234``, or text that is no number.
    """
    value = parse_number(text)
    _, _, decimals = value.partition(".")
    if len(decimals) > 2:
        hint = "is the dot a thousands separator? write 1234 or 1.234,00" if "," not in text else ""
        raise InvalidValueError("", text, "an amount in euros with at most two decimals", hint=hint)
    return value


def _parse_kind(text: str) -> str:
    value = text.strip().lower()
    if value in PLACEMENT_KIND_ALIASES:
        return PLACEMENT_KIND_ALIASES[value].value
    return value


class _Table:
    """The rows of a CSV file, with its columns matched to field names."""

    def __init__(
        self,
        source: Source,
        columns: Mapping[str, tuple[str, ...]],
        optional: frozenset[str],
        *,
        delimiter: str | None,
        ignore_unknown_columns: bool,
    ) -> None:
        self.label, text = _read_text(source)
        self.errors: list[InvalidValueError] = []
        lines = text.splitlines(keepends=True)
        header_line = next((line for line in lines if line.strip()), "")
        if not header_line:
            problem = serde.problem("", "", "a header row and rows of data", shown="an empty file")
            raise ValidationError([problem], source=self.label)
        chosen = delimiter or max(";,\t", key=header_line.count)
        reader = csv.reader(io.StringIO(text), delimiter=chosen)
        self.rows: list[tuple[int, list[str]]] = []
        header: list[str] | None = None
        try:
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if header is None:
                    header = row
                else:
                    self.rows.append((reader.line_num, row))
        except csv.Error as error:
            self.fail(f"row {reader.line_num}", str(error), "valid CSV")
        self.header = [cell.strip() for cell in header or []]
        aliases = {_normalise_header(name): name for name in columns}
        aliases.update({alias: name for name, names in columns.items() for alias in names})
        self.columns: dict[str, int] = {}
        self.names: dict[str, str] = {}
        for index, title in enumerate(self.header):
            field = aliases.get(_normalise_header(title))
            if field is None:
                if not ignore_unknown_columns:
                    known = ", ".join(f"{name} ({'/'.join(columns[name])})" for name in columns)
                    self.fail(f"row 1, column {title or index + 1}", title, f"one of {known}")
            elif field in self.columns:
                self.fail(f"row 1, column {title}", title, f"one column for {field}, not two")
            else:
                self.columns[field] = index
                self.names[field] = title
        for field in columns:
            if field not in self.columns and field not in optional:
                self.fail(
                    "row 1",
                    "missing",
                    f"a column {field} (or {' or '.join(columns[field])})",
                    shown=f"no column {field}",
                )

    def fail(self, path: str, value: object, expected: str, **kwargs: Any) -> None:
        self.errors.append(serde.problem(path, value, expected, **kwargs))

    def cell(self, row: list[str], field: str) -> str:
        index = self.columns.get(field)
        if index is None or index >= len(row):
            return ""
        return row[index].strip()

    def where(self, line: int, field: str) -> str:
        return f"row {line}, column {self.names.get(field, field)}"


def _read_text(source: Source) -> tuple[str, str]:
    if isinstance(source, (str, os.PathLike)):
        path = check_path("source", source)
        label = os.fspath(path)
        try:
            with open(path, "rb") as handle:
                raw: str | bytes = handle.read()
        except OSError as error:
            problem = serde.problem("", label, f"a readable file ({error.strerror or error})")
            raise ValidationError([problem], source=label) from None
    else:
        read = getattr(source, "read", None)
        if not callable(read):
            raise InvalidValueError("source", source, "a file path, or an open file")
        label = str(getattr(source, "name", ""))
        raw = read()
        given: object = raw  # an object with read() may return anything
        if not isinstance(given, str | bytes):
            problem = serde.problem("source", raw, "text or bytes from the open file's read()")
            raise ValidationError([problem], source=label)
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            problem = serde.problem(
                "",
                f"byte {error.start}",
                "UTF-8 text (save the spreadsheet as 'CSV UTF-8')",
                shown=f"a byte that is not UTF-8 at position {error.start}",
            )
            raise ValidationError([problem], source=label) from None
    return label, raw.removeprefix("\ufeff")


def _read(
    table: _Table,
    build: Callable[[_Row], dict[str, Any]],
    cls: type[T],
    paths: Mapping[str, str],
) -> list[T]:
    result: list[T] = []
    for line, row in table.rows:
        if len(row) > len(table.header):
            table.fail(
                f"row {line}",
                f"{len(row)} cells",
                f"at most {len(table.header)} cells (one per column)",
                shown=f"{len(row)} cells",
            )
            continue
        failed: set[str] = set()
        data = build(_Row(table, line, row, failed))
        try:
            result.append(serde.structure(data, cls))
        except ValidationError as error:
            for problem in error.errors:
                field = _column_of(problem.field, paths)
                if field in failed:
                    continue  # already reported: the cell could not be read, or is missing
                table.errors.append(
                    serde.problem(
                        table.where(line, field),
                        problem.value,
                        problem.expected,
                        hint=problem.hint,
                        kind=type(problem),
                    )
                )
    if table.errors:
        raise ValidationError(table.errors, source=table.label)
    return result


def _column_of(path: str, paths: Mapping[str, str]) -> str:
    """The column of the error at ``path`` in the structured data (the longest prefix known)."""
    best = ""
    for prefix in paths:
        if (path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))) and len(prefix) > len(
            best
        ):
            best = prefix
    return paths.get(best, path)


class _Row:
    """One row being read: each cell parsed on its own, failures noted by field."""

    def __init__(self, table: _Table, line: int, row: list[str], failed: set[str]) -> None:
        self.table = table
        self.line = line
        self.row = row
        self.failed = failed

    def get(self, field: str, parse: Any = str, *, required: bool = True) -> str | None:
        """The cell of ``field`` parsed, or None (and noted) when it is empty or unreadable."""
        table = self.table
        if field not in table.columns:
            self.failed.add(field)  # a missing column is reported once, on row 1
            return None
        text = table.cell(self.row, field)
        if not text:
            if required:
                self.failed.add(field)
                table.fail(
                    table.where(self.line, field), "", "a value (the cell is empty)", shown="empty"
                )
            return None
        try:
            return str(parse(text))
        except InvalidValueError as error:
            self.failed.add(field)
            table.fail(table.where(self.line, field), text, error.expected, hint=error.hint)
            return None


def _given(**values: Any) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _placement_row(row: _Row) -> dict[str, Any]:
    candidate = _given(
        initials=row.get("initials"),
        target_group=row.get("target_group", str.lower),
        birth_date=row.get("birth_date", parse_csv_date),
    )
    return _given(
        candidate=candidate,
        kind=row.get("kind", _parse_kind),
        block=row.get("block", str.lower),
        period=_given(first=row.get("start", parse_csv_date), last=row.get("end", parse_csv_date)),
        hours_per_week=row.get("hours_per_week", parse_number),
        exit_date=row.get("exit_date", parse_csv_date, required=False),
    )


_PLACEMENT_PATHS = {
    "candidate.initials": "initials",
    "candidate.target_group": "target_group",
    "candidate.birth_date": "birth_date",
    "candidate": "birth_date",
    "kind": "kind",
    "block": "block",
    "period": "end",
    "period.first": "start",
    "period.last": "end",
    "hours_per_week": "hours_per_week",
    "exit_date": "exit_date",
    "": "start",
}


def _purchase_row(row: _Row) -> dict[str, Any]:
    return _given(
        supplier=_given(name=row.get("supplier"), kvk=row.get("supplier_kvk", required=False)),
        category=row.get("category", str.lower),
        invoice_date=row.get("invoice_date", parse_csv_date),
        amount_excl_vat=row.get("amount_excl_vat", parse_amount),
        reference=row.get("reference", required=False),
    )


_PURCHASE_PATHS = {
    "supplier": "supplier",
    "supplier.name": "supplier",
    "supplier.kvk": "supplier_kvk",
    "category": "category",
    "invoice_date": "invoice_date",
    "amount_excl_vat": "amount_excl_vat",
    "reference": "reference",
    "": "invoice_date",
}


@attrs.frozen
class _Kind(Generic[T]):
    """What one kind of CSV file holds: its columns, how a row is built, and into what."""

    columns: Mapping[str, tuple[str, ...]]
    optional: frozenset[str]
    build: Callable[[_Row], dict[str, Any]]
    cls: type[T]
    paths: Mapping[str, str]
    """The column of an error in the structured data, by the error's path."""

    def read(self, source: Source, delimiter: str | None, ignore_unknown_columns: bool) -> list[T]:
        """The rows of ``source`` as instances of :attr:`cls` (see the public readers)."""
        table = _Table(
            source,
            self.columns,
            self.optional,
            delimiter=delimiter,
            ignore_unknown_columns=ignore_unknown_columns,
        )
        return _read(table, self.build, self.cls, self.paths)


_PLACEMENTS = _Kind(
    PLACEMENT_COLUMNS, _PLACEMENT_OPTIONAL, _placement_row, Placement, _PLACEMENT_PATHS
)
_PURCHASES = _Kind(
    PURCHASE_COLUMNS, _PURCHASE_OPTIONAL, _purchase_row, SocialPurchase, _PURCHASE_PATHS
)


def read_placements_csv(
    source: Source,
    *,
    delimiter: str | None = None,
    ignore_unknown_columns: bool = False,
) -> list[Placement]:
    """Read placements (one candidate and agreement per row) from a CSV file.

    Columns (English or Dutch): initials/initialen, target_group/doelgroep,
    birth_date/geboortedatum, kind/soort, block/bouwblok, start/startdatum, end/einddatum,
    hours_per_week/uren_per_week, and optionally exit_date/uit_dienst.

    Args:
        source: a file path, or an open file (text or binary).
        delimiter: the cell separator; by default the most frequent of ``;``, ``,`` and tab in
            the header line.
        ignore_unknown_columns: skip columns sroi does not know instead of reporting them.

    Returns:
        The placements, in the order of the rows.

    Raises:
        ValidationError: listing every problem as ``row N, column X``; nothing is returned.
        InvalidValueError: when ``source`` is neither a usable path nor an open file.
    """
    return _PLACEMENTS.read(source, delimiter, ignore_unknown_columns)


def read_purchases_csv(
    source: Source,
    *,
    delimiter: str | None = None,
    ignore_unknown_columns: bool = False,
) -> list[SocialPurchase]:
    """Read social purchases (one invoice per row) from a CSV file.

    Columns (English or Dutch): supplier/leverancier, category/categorie,
    invoice_date/factuurdatum, amount_excl_vat/bedrag_excl_btw, and optionally
    supplier_kvk/kvk and reference/referentie. The category is a purchase building block code
    of the region (compared in lower case). ``source``, ``delimiter`` and
    ``ignore_unknown_columns`` are as for :func:`read_placements_csv`.

    Returns:
        The purchases, in the order of the rows.

    Raises:
        ValidationError: listing every problem as ``row N, column X``; nothing is returned.
        InvalidValueError: when ``source`` is neither a usable path nor an open file.
    """
    return _PURCHASES.read(source, delimiter, ignore_unknown_columns)
