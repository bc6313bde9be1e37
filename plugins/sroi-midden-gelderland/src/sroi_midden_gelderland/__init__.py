"""Midden-Gelderland rules for sroi: the Uniform Bouwblokkenmodel Oost-Nederland.

The Steunpunt SROI Midden-Gelderland monitors social return for Arnhem, Duiven, Lingewaard,
Overbetuwe, Rheden, Rozendaal, Westervoort and Zevenaar. It values effort with the *Uniform
Bouwblokkenmodel Oost-Nederland*, shared since 2019 by governments in Gelderland and Overijssel.

References:
    - Uniform Bouwblokkenmodel Oost-Nederland, V05 (april 2023), impactoost.nl/bouwblokken:
      the candidate blocks marked *verified*.
    - A secondary copy of the same table, matching the published rows wherever they overlap:
      the values marked *unverified* (other BBL/BOL rows, bonuses, social purchasing, SR
      projects, PSO adjustments).
    - rblmidden-gelre.nl, Steunpunt SROI page: the obligation of usually 5% of the contract value.
    - wspregiozwolle.nl SROI pages: the version name "V05, april 2023".

The rule data lives in ``rules/*.toml``, one file per version named by its first day. This
module only contributes the region to sroi through the ``sroi_regions`` hook.
"""

from __future__ import annotations

from importlib.resources import files

import sroi

__all__ = ["sroi_regions"]


@sroi.hookimpl
def sroi_regions() -> list[sroi.Region]:
    """Contribute the region Midden-Gelderland and its dated rule sets."""
    return [
        sroi.Region(
            code="midden-gelderland",
            name="Midden-Gelderland",
            aliases=("mg", "steunpunt-sroi-midden-gelderland"),
            rule_sets=sroi.load_rule_files(files(__name__) / "rules"),
            description=(
                "Steunpunt SROI Midden-Gelderland (Arnhem, Duiven, Lingewaard, Overbetuwe, "
                "Rheden, Rozendaal, Westervoort, Zevenaar): Uniform Bouwblokkenmodel "
                "Oost-Nederland, impactoost.nl/bouwblokken."
            ),
        )
    ]
