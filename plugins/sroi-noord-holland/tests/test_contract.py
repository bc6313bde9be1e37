"""The soundness contract of sroi.testing, run on the installed Noord-Holland region."""

from __future__ import annotations

from sroi.testing import RegionContract


class TestNoordHollandIsSound(RegionContract):
    region = "noord-holland"
