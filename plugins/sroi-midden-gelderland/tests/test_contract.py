"""The soundness contract of sroi.testing, run on the installed Midden-Gelderland region."""

from __future__ import annotations

from sroi.testing import RegionContract


class TestMiddenGelderlandIsSound(RegionContract):
    region = "midden-gelderland"
