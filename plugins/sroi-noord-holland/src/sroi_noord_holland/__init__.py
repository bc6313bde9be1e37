"""Noord-Holland rules for sroi: a provisional table until the province's own is loaded.

The province of Noord-Holland values social-return effort with its *doelgroepwaardenmodel*
(earlier called bouwblokken). Its official values are not public in any source we could read, so
this plugin ships a **provisional** table: the one published by the Werkgeversservicepunt Gooi en
Vechtstreek (Hilversum), a labour-market region inside Noord-Holland. Every value from it is
marked provisional and valuing with it emits :class:`sroi.ProvisionalRuleWarning`.

References:
    - Hilversum SROI page (Werkgeversservicepunt Gooi en Vechtstreek): every block value, the
      age bonus, social purchasing, SR projects and the 5% obligation (all *provisional*).
    - Uniform Bouwblokkenmodel Oost-Nederland, impactoost.nl/bouwblokken: the maximum durations
      the Hilversum page does not give (*assumed*).
    - utrecht.nl, bouwblokkenmodel: the amount of the permanent-contract bonus (*assumed*).
    - The WIZZR contractor manual for Noord-Holland: measurement moments at 25%, 50% and 75%
      (*verified*).
    - noord-holland.nl, MVI page (2018): social return in the province's policy since
      1 January 2016, the first day of the provisional table.

The rule data lives in ``rules/*.toml``, one file per version named by its first day. This
module only contributes the region to sroi through the ``sroi_regions`` hook.
"""

from __future__ import annotations

from importlib.resources import files

import sroi

__all__ = ["sroi_regions"]


@sroi.hookimpl
def sroi_regions() -> list[sroi.Region]:
    """Contribute the region Noord-Holland and its dated rule sets."""
    return [
        sroi.Region(
            code="noord-holland",
            name="Noord-Holland",
            aliases=("nh", "provincie-noord-holland"),
            rule_sets=sroi.load_rule_files(files(__name__) / "rules"),
            description=(
                "Provincie Noord-Holland, team social return: provisional table of the "
                "Werkgeversservicepunt Gooi en Vechtstreek until the province's "
                "doelgroepwaardenmodel is loaded."
            ),
        )
    ]
