"""The soundness contract of sroi.testing and the region's own facts, on the installed plugin."""

from __future__ import annotations

import datetime as dt

from sroi.testing import RegionFacts


class TestMiddenGelderlandIsSound(RegionFacts):
    region = "midden-gelderland"
    module = "sroi_midden_gelderland"
    name = "Midden-Gelderland"
    aliases = ("mg", "steunpunt-sroi-midden-gelderland")
    versions = (("V05 (april 2023)", dt.date(2023, 4, 1), None),)
