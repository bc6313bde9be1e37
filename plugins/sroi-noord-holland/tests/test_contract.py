"""The soundness contract of sroi.testing and the region's own facts, on the installed plugin."""

from __future__ import annotations

import datetime as dt

from sroi.testing import RegionFacts


class TestNoordHollandIsSound(RegionFacts):
    region = "noord-holland"
    module = "sroi_noord_holland"
    name = "Noord-Holland"
    aliases = ("nh", "provincie-noord-holland")
    versions = (("provisional (Gooi en Vechtstreek table)", dt.date(2016, 1, 1), None),)
