"""The plugin manager: fresh each time, nothing loaded at import, entry points on first use."""

from __future__ import annotations

import datetime as dt
import pathlib
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from decimal import Decimal

import pluggy
import pytest

import sroi
from sroi.plugins import DEFAULTS_NAME
from sroi.registry import Registry
from sroi.testing import check_region

RULES = """\
format = 1
region = "demo"
version = "1"
valid_from = 2024-01-01
source = "demo table"

[full_time_hours]
value = "36"
status = "verified"
source = "demo table"

[blocks.ww]
label_nl = "WW"
label_en = "Unemployment benefit"
route = "candidate"
unit = "per_year_full_time"
value = "10000"
status = "verified"
source = "demo table"
"""

MODULE = """\
from importlib.resources import files

import sroi


@sroi.hookimpl
def sroi_regions():
    return [sroi.Region("demo", "Demo", sroi.load_rule_files(files(__name__) / "rules"))]
"""


@pytest.fixture
def installed_demo(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[pathlib.Path]:
    """A tiny distribution, sroi-demo, with an entry point in group sroi, on sys.path."""
    package = tmp_path / "sroi_demo"
    (package / "rules").mkdir(parents=True)
    (package / "__init__.py").write_text(MODULE)
    (package / "rules" / "2024-01-01.toml").write_text(RULES)
    info = tmp_path / "sroi_demo-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: sroi-demo\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text("[sroi]\ndemo = sroi_demo\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("SROI_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    yield tmp_path
    sys.modules.pop("sroi_demo", None)


def test_importing_sroi_loads_no_plugin_and_reads_no_entry_point() -> None:
    script = textwrap.dedent(
        """
        import importlib.metadata as metadata
        import sys

        def refuse(*args, **kwargs):
            raise AssertionError("entry points read at import time")

        metadata.entry_points = refuse
        metadata.distributions = refuse
        import sroi, sroi.testing
        assert callable(sroi.rules) and callable(sroi.regions)
        loaded = [name for name in sys.modules if name.startswith("sroi_")]
        assert not loaded, loaded
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "ok", result.stderr


def test_each_call_builds_a_fresh_manager_with_the_conventions_defaults() -> None:
    first = sroi.get_plugin_manager(autoload=False)
    second = sroi.get_plugin_manager(autoload=False)
    assert first is not second
    assert first.project_name == "sroi"
    assert first.get_plugin(DEFAULTS_NAME) is not None
    assert {"sroi_regions", "sroi_reference_date", "sroi_obligation"} <= set(vars(first.hook))


def test_an_installed_plugin_is_found_through_its_entry_point(installed_demo: pathlib.Path) -> None:
    reg = Registry(sroi.get_plugin_manager())
    info = reg.region("demo")
    assert info.providers == ("sroi-demo 0.1.0",)
    assert reg.rules("demo", dt.date(2024, 1, 1)).block("ww").value == Decimal(10000)
    assert check_region("demo", reg) == []


def test_autoloading_can_be_disabled_by_the_environment(
    installed_demo: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SROI_DISABLE_PLUGIN_AUTOLOAD", "1")
    manager = sroi.get_plugin_manager()
    assert manager.list_name_plugin() == [(DEFAULTS_NAME, manager.get_plugin(DEFAULTS_NAME))]
    with pytest.raises(sroi.RegionNotFoundError, match="none: is a region plugin installed"):
        Registry(manager).rules("demo", dt.date(2024, 1, 1))


def test_a_misspelled_hook_is_caught_when_the_registry_is_built() -> None:
    class Misspelled:
        @sroi.hookimpl
        def sroi_region(self) -> list[sroi.Region]:
            return []

    manager = sroi.get_plugin_manager(autoload=False)
    manager.register(Misspelled())
    with pytest.raises(pluggy.PluginValidationError, match="sroi_region"):
        Registry(manager).regions()


def test_an_implementation_may_take_fewer_arguments_than_its_spec() -> None:
    class Minimal:
        @sroi.hookimpl
        def sroi_reference_date(self) -> dt.date:
            return dt.date(2000, 1, 1)

    manager = sroi.get_plugin_manager(autoload=False)
    manager.register(Minimal())
    manager.check_pending()
    assert manager.hook.sroi_reference_date(contract=None, region=None) == dt.date(2000, 1, 1)
