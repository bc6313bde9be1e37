"""The plugin manager: hook specifications, the conventions' defaults and installed plugins.

:func:`get_plugin_manager` builds a fresh :class:`pluggy.PluginManager` each time: there is no
global manager, and nothing is loaded when ``sroi`` is imported. Installed plugins are found
through the entry-point group ``sroi``; set the environment variable
``SROI_DISABLE_PLUGIN_AUTOLOAD`` to any non-empty value to skip them (as pytest's
``PYTEST_DISABLE_PLUGIN_AUTOLOAD``), for instance to test a plugin on its own.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

import pluggy

from sroi import engine, hookspecs
from sroi.engine import ObligationValuation
from sroi.hookspecs import hookimpl
from sroi.model import Contract

if TYPE_CHECKING:  # sroi.settlement imports the registry, which imports this module
    from sroi.settlement import Settlement

__all__ = [
    "DEFAULTS_NAME",
    "DISABLE_AUTOLOAD",
    "ENTRY_POINT_GROUP",
    "ConventionDefaults",
    "get_plugin_manager",
]

ENTRY_POINT_GROUP = "sroi"
"""The entry-point group in which region plugins announce themselves."""

DISABLE_AUTOLOAD = "SROI_DISABLE_PLUGIN_AUTOLOAD"
"""The environment variable that, when set to a non-empty value, disables loading plugins."""

DEFAULTS_NAME = "sroi.conventions"
"""The name under which :class:`ConventionDefaults` is registered in every manager."""


class ConventionDefaults:
    """The calculation conventions' answers to the regional-logic hooks.

    Registered in every manager made by :func:`get_plugin_manager`, to be called last, so that any
    plugin's answer comes first.
    """

    @hookimpl(trylast=True)
    def sroi_reference_date(self, contract: Contract) -> dt.date:
        """The award date when known, else the first day of the term."""
        return engine.reference_date(contract)

    @hookimpl(trylast=True)
    def sroi_obligation(self, obligation: ObligationValuation) -> ObligationValuation:
        """The obligation as the conventions compute it, unchanged."""
        return obligation

    @hookimpl(trylast=True)
    def sroi_settlement(self, settlement: Settlement) -> Settlement:
        """The settlement as the rule set's table gives it, unchanged."""
        return settlement


def get_plugin_manager(*, autoload: bool | None = None) -> pluggy.PluginManager:
    """Build a fresh plugin manager with sroi's hooks, defaults and installed plugins.

    Args:
        autoload: whether to load the plugins installed in the entry-point group ``sroi``;
            by default yes, unless ``SROI_DISABLE_PLUGIN_AUTOLOAD`` is set.

    Returns:
        A new manager. Register more plugins with ``manager.register(plugin)``; sroi checks
        for misspelled hook names (``check_pending``) when a registry is built from it.

    Raises:
        pluggy.PluginValidationError: when an installed plugin implements a hook that does not
            exist, or with arguments its specification does not have.
    """
    manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    manager.register(ConventionDefaults(), name=DEFAULTS_NAME)
    if autoload is None:
        autoload = not os.environ.get(DISABLE_AUTOLOAD)
    if autoload:
        manager.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    manager.check_pending()
    return manager
