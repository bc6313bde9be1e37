"""The portfolio file: a versioned JSON document with everything a team monitors.

A portfolio holds the organisations of the directory, each contract's history (its registration
and every event after it, see :mod:`sroi.lifecycle`) and the rule files that override or add to
the regions' rules. It is read and written through the one converter of :mod:`sroi.serde`:

.. code-block:: json

    {
      "format": "sroi.portfolio/1",
      "organisations": [{"name": "Wegenbouw Oost B.V.", "kvk": "12345678"}],
      "contracts": [
        {
          "registration": {"recorded_on": "2023-12-01", "role": "buyer", "contract": {...}},
          "events": [{"type": "propose-placement", "recorded_on": "2024-02-20", ...}]
        }
      ],
      "rule_files": ["rules/my-region-2024.toml"]
    }

Loading validates everything before it returns: the JSON, every field (money as decimal strings,
dates as ``YYYY-MM-DD``), every event replayed on its contract, the organisations (no duplicates),
the contract numbers (each once) and the rule files (each must load). Every problem is reported
with its path in one :class:`~sroi.exceptions.ValidationError`, and nothing is returned.

A portfolio too large for one document is written as JSON Lines (``sroi.portfolio-lines/1``): a
header line with the format, organisations and rule files, then one contract history per line.
:func:`iter_portfolio_lines` reads it one contract at a time; problems are named by line and
path (``line 3, events[0].recorded_on``).
"""

from __future__ import annotations

from sroi.portfolio.document import FORMAT, MAX_BYTES, Portfolio, load_portfolio
from sroi.portfolio.files import dump_portfolio, portfolio_json_schema
from sroi.portfolio.lines import (
    LINES_FORMAT,
    LINES_SUFFIX,
    dump_portfolio_lines,
    is_portfolio_lines,
    iter_portfolio_lines,
    load_portfolio_file,
    load_portfolio_lines,
    portfolio_lines_header,
    portfolio_lines_json_schema,
)

__all__ = [
    "FORMAT",
    "LINES_FORMAT",
    "LINES_SUFFIX",
    "MAX_BYTES",
    "Portfolio",
    "dump_portfolio",
    "dump_portfolio_lines",
    "is_portfolio_lines",
    "iter_portfolio_lines",
    "load_portfolio",
    "load_portfolio_file",
    "load_portfolio_lines",
    "portfolio_json_schema",
    "portfolio_lines_header",
    "portfolio_lines_json_schema",
]
