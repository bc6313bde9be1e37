"""Showing reports to people: Dutch money notation, aligned text tables, HTML and plain data.

Everything here reads finished objects (a :class:`~sroi.fulfilment.FulfilmentReport`, a
:class:`~sroi.fulfilment.ConsolidatedReport`) and renders them; nothing is computed again. The
work is done in :mod:`sroi.rendering`, one module per kind of output; this module gathers the
names.

* :func:`format_euro` writes an amount the Dutch way, ``€ 1.234,56``; :func:`format_percentage`
  writes ``42,5%`` (money text comes from :mod:`sroi.money`).
* :func:`render_table` lays rows out as an aligned text table.
* :func:`report_text`, :func:`consolidated_text`: a report as text (what ``sroi report`` prints).
* :func:`report_html`, :func:`consolidated_html`: the same as HTML, for notebooks
  (``FulfilmentReport._repr_html_`` uses it); every text is escaped.
* :func:`report_data`, :func:`consolidated_data`: plain data for JSON, amounts as plain decimal
  strings (``"1234.56"``) so that no tool reads them as binary floats.
* :func:`unverified_values`, :func:`line_unverified_keys`: which rule values a report used that
  are not verified, with their status and source; the HTML report, the JSON data and the
  DataFrames of :mod:`sroi.notebook` show them.
* :data:`ROUTE_LABELS`, :data:`MOMENT_LABELS`: the names of the routes and moment states, read
  from the label catalogue (:mod:`sroi.labels`).

>>> from decimal import Decimal
>>> format_euro(Decimal("1234.5"))
'€ 1.234,50'
>>> format_euro(Decimal("-1234567.891"))
'€ -1.234.567,89'
>>> format_percentage(Decimal("42.5"))
'42,5%'
>>> print(render_table(["Block", "Value"], [["ww-lt1", "€ 10.000,00"], ["mvo", "€ 100,00"]],
...     right={1}))
Block         Value
------  -----------
ww-lt1  € 10.000,00
mvo        € 100,00
"""

from __future__ import annotations

from sroi import _seams
from sroi.consolidation import ConsolidatedReport
from sroi.fulfilment import FulfilmentReport
from sroi.money import format_euro, format_number
from sroi.rendering.data import consolidated_data, report_data
from sroi.rendering.html import consolidated_html, report_html
from sroi.rendering.tables import (
    MOMENT_LABELS,
    ROUTE_LABELS,
    format_percentage,
    plain_cents,
    render_table,
)
from sroi.rendering.text import consolidated_text, report_text
from sroi.rendering.unverified import UnverifiedValue, line_unverified_keys, unverified_values

__all__ = [
    "MOMENT_LABELS",
    "ROUTE_LABELS",
    "UnverifiedValue",
    "consolidated_data",
    "consolidated_html",
    "consolidated_text",
    "format_euro",
    "format_number",
    "format_percentage",
    "line_unverified_keys",
    "plain_cents",
    "render_table",
    "report_data",
    "report_html",
    "report_text",
    "unverified_values",
]

# The monitoring core shows itself in notebooks through its seam (sroi._seams); the door opens
# this way only: the renderer knows the report, the report does not import the renderer.
_seams.html.register(FulfilmentReport, report_html)
_seams.html.register(ConsolidatedReport, consolidated_html)
