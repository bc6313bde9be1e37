"""The registry: which rule set holds for a region on a date, resolved once, centrally.

A :class:`Registry` is built from a plugin manager (see :func:`sroi.get_plugin_manager`): the first
time it is asked anything it calls every plugin's ``sroi_regions`` hook once, merges what they
contribute, refuses two providers that claim the same region and dates
(:class:`~sroi.exceptions.PluginConflictError`), and keeps the result.

Rule files can be added without code, from the paths in the environment variable
``SROI_RULE_PATH`` (directories or files, separated by :data:`os.pathsep`) or with
:meth:`Registry.add_rule_files`. A file whose ``valid_from`` is that of a shipped version replaces
that version, and :attr:`RuleVersionInfo.replaces <sroi.region.RuleVersionInfo.replaces>` says so;
a file with a new ``valid_from`` adds a version from that day, and an earlier version without an
end of its own now ends the day before. Contracts whose reference date falls before keep their
rules and values.

The module-level functions (:func:`regions`, :func:`rules`, :func:`rules_for` ...) use a default
registry built on first use from the installed plugins and ``SROI_RULE_PATH``; :func:`reset`
drops it (or installs another, for tests).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterable
from typing import Any

import attrs
import pluggy

from sroi import engine
from sroi.engine import ObligationValuation
from sroi.exceptions import (
    InvalidValueError,
    RegionNotFoundError,
    RuleVersionNotFoundError,
)
from sroi.model import Contract
from sroi.period import check_date
from sroi.plugins import DEFAULTS_NAME, get_plugin_manager
from sroi.region import Region, RegionInfo
from sroi.registry._table import Contribution, Entry, Table, build_table, load_paths
from sroi.rulefile import PathLike
from sroi.ruleset import RuleSet

__all__ = [
    "RULE_PATH",
    "Registry",
    "add_rule_files",
    "default",
    "obligation_for",
    "reference_date",
    "region",
    "regions",
    "reset",
    "rules",
    "rules_for",
]

RULE_PATH = "SROI_RULE_PATH"
"""The environment variable with extra rule files or directories, separated by ``os.pathsep``."""


class Registry:
    """Regions and their dated rule sets, from the plugins of one manager and extra rule files.

    Built once: the plugins' ``sroi_regions`` hooks are called on first use and the result is kept.

    Args:
        plugin_manager: the manager to ask (default: :func:`sroi.get_plugin_manager`).
        rule_paths: extra rule files or directories, loaded on first use after the plugins.
    """

    def __init__(
        self,
        plugin_manager: pluggy.PluginManager | None = None,
        *,
        rule_paths: Iterable[PathLike] = (),
    ) -> None:
        self._manager = plugin_manager if plugin_manager is not None else get_plugin_manager()
        self._rule_paths = tuple(rule_paths)
        self._lock = threading.RLock()
        self._contributions: tuple[Contribution, ...] | None = None
        self._overrides: tuple[tuple[str, tuple[RuleSet, ...]], ...] = ()
        self._table: Table | None = None
        self._derived: dict[tuple[int, dt.date | None], tuple[RuleSet, RuleSet]] = {}
        self._callers: dict[tuple[str, str, int], Any] = {}

    @classmethod
    def from_environment(cls) -> Registry:
        """A registry of the installed plugins and the rule files named in ``SROI_RULE_PATH``."""
        paths = [path for path in os.environ.get(RULE_PATH, "").split(os.pathsep) if path]
        return cls(rule_paths=paths)

    @property
    def plugin_manager(self) -> pluggy.PluginManager:
        """The plugin manager this registry asks."""
        return self._manager

    # -- building ---------------------------------------------------------------------------

    def _table_now(self) -> Table:
        table = self._table
        if table is not None:
            return table
        with self._lock:
            if self._table is None:
                contributions = self._collect()
                overrides = load_paths(self._rule_paths)
                self._table = build_table(contributions, overrides, self._with_end)
                self._contributions = contributions
                self._overrides = overrides
            return self._table

    def _provider_names(self) -> dict[int, str]:
        return {
            id(plugin): f"{dist.project_name} {dist.version}"
            for plugin, dist in self._manager.list_plugin_distinfo()
        }

    def _answering(self, hook: str) -> list[object]:
        """The plugins that answer ``hook`` (not those that only wrap it)."""
        return [
            impl.plugin
            for impl in getattr(self._manager.hook, hook).get_hookimpls()
            if not (impl.hookwrapper or impl.wrapper)
        ]

    def _collect(self) -> tuple[Contribution, ...]:
        """Ask each plugin for its regions, one call each, through the hook's caller.

        Each call leaves out the other answering plugins, so every region is known with its
        provider; wrappers and hook-call monitoring see every call.
        """
        self._manager.check_pending()
        names = self._provider_names()
        answering = self._answering("sroi_regions")
        found: list[Contribution] = []
        for plugin in answering:
            provider = names.get(id(plugin), self._manager.get_name(plugin) or repr(plugin))
            others = [other for other in answering if other is not plugin]
            caller = self._manager.subset_hook_caller("sroi_regions", others)
            try:
                results = caller()
            except Exception as error:
                error.add_note(f"while {provider} contributed its regions (hook sroi_regions)")
                raise
            result = results[0] if results else None
            if not isinstance(result, list | tuple) or not all(
                isinstance(item, Region) for item in result
            ):
                raise InvalidValueError(
                    f"sroi_regions() of {provider}", result, "a list of sroi.Region"
                )
            found += [Contribution(plugin, provider, item) for item in result]
        return tuple(found)

    def _with_end(self, rules: RuleSet, last: dt.date | None) -> RuleSet:
        """``rules`` with ``valid_until = last`` (the same object on every rebuild)."""
        if rules.valid_until == last:
            return rules
        key = (id(rules), last)
        cached = self._derived.get(key)
        if cached is None or cached[0] is not rules:
            cached = (rules, attrs.evolve(rules, valid_until=last))
            self._derived[key] = cached
        return cached[1]

    # -- queries ----------------------------------------------------------------------------

    def _entry(self, region: object) -> Entry:
        table = self._table_now()
        if not isinstance(region, str):
            raise InvalidValueError("region", region, "a region code, alias or name (a string)")
        code = table.lookup.get(region.strip().casefold())
        if code is None:
            raise RegionNotFoundError(region, table.entries, aliases=table.lookup)
        return table.entries[code]

    def regions(self) -> tuple[RegionInfo, ...]:
        """Every region, sorted by code, with its aliases, providers and versions."""
        table = self._table_now()
        return tuple(table.entries[code].info for code in sorted(table.entries))

    def region(self, region: str) -> RegionInfo:
        """The region with this code, alias or name (case-insensitive).

        Raises:
            RegionNotFoundError: listing the regions that exist, with a near match if any.
        """
        return self._entry(region).info

    def versions(self, region: str) -> tuple[RuleSet, ...]:
        """Every rule set of a region, oldest first.

        Raises:
            RegionNotFoundError: listing the regions that exist.
        """
        return self._entry(region).rule_sets

    def rules(self, region: str, on: dt.date) -> RuleSet:
        """The rule set of ``region`` (code, alias or name; any case) in force on ``on``.

        The same object is returned for every date of a version, so that a value that is not
        verified warns once.

        Raises:
            RegionNotFoundError: listing the regions that exist, with a near match if any.
            RuleVersionNotFoundError: listing the date ranges of the versions that exist.
            InvalidValueError: when ``on`` is not a calendar date.
        """
        check_date("on", on)
        entry = self._entry(region)
        for rules in entry.rule_sets:
            if rules.in_force(on):
                return rules
        raise RuleVersionNotFoundError(
            entry.info.code,
            on,
            [(rules.version, rules.valid_from, rules.valid_until) for rules in entry.rule_sets],
        )

    def _caller(self, hook: str, code: str, day: dt.date) -> Any:
        """The hook ``hook`` restricted to the plugin whose version of ``code`` holds on ``day``.

        When two plugins contribute the same region for different dates, only the one whose own
        version is in force on ``day`` is asked (then the conventions' defaults); when none is,
        only the defaults answer. Any other plugin, of this region or another, is left out.
        """
        table = self._table_now()
        entry = table.entries.get(table.lookup.get(code, code))
        owner = entry.plugin_on(day) if entry is not None else None
        key = (hook, code, id(owner))
        caller = self._callers.get(key)
        if caller is None:
            keep = [self._manager.get_plugin(DEFAULTS_NAME)]
            if owner is not None:
                keep.append(owner)
            others = [
                plugin
                for plugin in self._answering(hook)
                if all(plugin is not kept for kept in keep)
            ]
            caller = self._manager.subset_hook_caller(hook, others)
            self._callers[key] = caller
        return caller

    def _region_of(self, contract: Contract, region: str | None) -> str:
        if not isinstance(contract, Contract):
            raise InvalidValueError("contract", contract, "a Contract")
        chosen = region if region is not None else contract.region
        if chosen is None:
            raise InvalidValueError(
                "region", None, "a region code: the contract names none, so pass region="
            )
        return chosen

    def reference_date(self, contract: Contract, region: str | None = None) -> dt.date:
        """The date that picks ``contract``'s rule version in its region.

        The conventions' default is the award date when known, else the first day of the term;
        the region's plugin may choose another (hook ``sroi_reference_date``). When several
        plugins contribute the region for different dates, the one whose version holds on the
        conventions' date is asked.

        Args:
            contract: the contract.
            region: the region (default: ``contract.region``).

        Raises:
            RegionNotFoundError: when the region is unknown.
            InvalidValueError: when no region is given, or a plugin answers something other
                than a calendar date.
        """
        entry = self._entry(self._region_of(contract, region))
        # the plugin whose version holds on the conventions' reference date chooses the date
        caller = self._caller(
            "sroi_reference_date", entry.info.code, engine.reference_date(contract)
        )
        day = caller(contract=contract, region=entry.info)
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise InvalidValueError(
                f"sroi_reference_date of {', '.join(entry.info.providers)}",
                day,
                "a calendar date (datetime.date)",
            )
        return day

    def rules_for(self, contract: Contract, region: str | None = None) -> RuleSet:
        """The rule set that applies to ``contract``: its region's version on its reference date.

        Raises:
            RegionNotFoundError: when the region is unknown.
            RuleVersionNotFoundError: when no version is in force on the reference date.
            InvalidValueError: when neither ``region`` nor ``contract.region`` is given.
        """
        code = self._entry(self._region_of(contract, region)).info.code
        return self.rules(code, self.reference_date(contract, code))

    def obligation(
        self, contract: Contract, rules: RuleSet | None = None, *, warn: bool = True
    ) -> ObligationValuation:
        """The contract's obligation by the conventions, then the region's own logic.

        Computes :func:`sroi.obligation` with ``rules`` (default: :meth:`rules_for`), then lets
        the region's plugin adjust it (hook ``sroi_obligation``): the plugin whose own version
        of the region holds on ``rules.valid_from``, when several contribute it.

        Raises:
            InvalidValueError: when the contract has no value, or no percentage is known.
            UnknownBlockError: when an adjustment code is not in the rules.
        """
        if not isinstance(contract, Contract):
            raise InvalidValueError("contract", contract, "a Contract")
        if rules is not None and not isinstance(rules, RuleSet):
            raise InvalidValueError("rules", rules, "a RuleSet or None")
        chosen = rules if rules is not None else self.rules_for(contract)
        computed = engine.obligation(contract, chosen, warn=warn)
        caller = self._caller("sroi_obligation", chosen.region, chosen.valid_from)
        result = caller(contract=contract, rules=chosen, obligation=computed)
        if not isinstance(result, ObligationValuation):
            raise InvalidValueError(
                f"sroi_obligation of region {chosen.region!r}", result, "an ObligationValuation"
            )
        return result

    def settlement(self, report: Any, rules: RuleSet, settlement: Any) -> Any:
        """Let the region's plugin adjust a settlement (hook ``sroi_settlement``).

        Called by :func:`sroi.settlement.settle`, which checks what comes back; only the plugins
        that contribute ``rules.region`` are asked, and the conventions' default keeps
        ``settlement``.
        """
        caller = self._caller("sroi_settlement", rules.region, rules.valid_from)
        return caller(report=report, rules=rules, settlement=settlement)

    def add_rule_files(self, *paths: PathLike) -> tuple[RuleSet, ...]:
        """Load rule files (or directories of them) on top of what the plugins ship.

        A file with the ``valid_from`` of a shipped version replaces that version (visible as
        ``replaces`` in :meth:`regions`); a file with a new ``valid_from`` adds a version from that
        day. All or nothing: on any error the registry is left as it was.

        Args:
            paths: rule files or directories of rule files.

        Returns:
            The rule sets added, as now in force (``valid_until`` derived where needed).

        Raises:
            RuleFileError: listing every problem of every file; or when a file names an unknown
                region or overlaps a version it does not replace.
            PluginConflictError: when two added files claim the same region and ``valid_from``.
        """
        loaded = load_paths(paths)
        with self._lock:
            self._table_now()
            assert self._contributions is not None
            overrides = (*self._overrides, *loaded)
            table = build_table(self._contributions, overrides, self._with_end)
            self._table, self._overrides = table, overrides
            self._callers.clear()
        added: list[RuleSet] = []
        for _file, rule_sets in loaded:
            for rules in rule_sets:
                code = table.lookup[rules.region]
                added += [
                    found
                    for found in table.entries[code].rule_sets
                    if found.valid_from == rules.valid_from
                ]
        return tuple(added)


_default: Registry | None = None
_default_lock = threading.Lock()


def default() -> Registry:
    """The default registry: installed plugins plus ``SROI_RULE_PATH``, built on first use."""
    global _default  # noqa: PLW0603 - one lazily built default, like logging's root logger
    registry = _default
    if registry is None:
        with _default_lock:
            if _default is None:
                _default = Registry.from_environment()
            registry = _default
    return registry


def reset(registry: Registry | None = None) -> Registry | None:
    """Drop the default registry (it is rebuilt on next use), or install ``registry`` instead.

    Returns:
        The previous default registry, if one was built, so that a test can put it back.
    """
    global _default
    with _default_lock:
        previous, _default = _default, registry
    return previous


def regions() -> tuple[RegionInfo, ...]:
    """Every installed region, sorted by code: name, aliases, providers, versions and dates.

    >>> [info.code for info in regions()]  # doctest: +SKIP
    ['midden-gelderland', 'noord-holland']
    """
    return default().regions()


def region(region: str) -> RegionInfo:
    """The installed region with this code, alias or name (case-insensitive).

    Raises:
        RegionNotFoundError: listing the regions that exist, with a near match if any.
    """
    return default().region(region)


def rules(region: str, on: dt.date) -> RuleSet:
    """The rule set of ``region`` (code, alias or name; any case) in force on ``on``.

    Raises:
        RegionNotFoundError: listing the regions that exist, with a near match if any.
        RuleVersionNotFoundError: listing the date ranges of the versions that exist.
    """
    return default().rules(region, on)


def reference_date(contract: Contract, region: str | None = None) -> dt.date:
    """The date that picks ``contract``'s rule version (see :meth:`Registry.reference_date`)."""
    return default().reference_date(contract, region)


def rules_for(contract: Contract, region: str | None = None) -> RuleSet:
    """The rule set that applies to ``contract``: its region's version on its reference date.

    The reference date is the award date when known, else the first day of the term, unless the
    region's plugin chooses another.

    Raises:
        RegionNotFoundError: when the region is unknown.
        RuleVersionNotFoundError: when no version is in force on the reference date.
        InvalidValueError: when neither ``region`` nor ``contract.region`` is given.
    """
    return default().rules_for(contract, region)


def obligation_for(
    contract: Contract, rules: RuleSet | None = None, *, warn: bool = True
) -> ObligationValuation:
    """The contract's obligation under its region's rules, with the region's own logic applied.

    See :meth:`Registry.obligation`.
    """
    return default().obligation(contract, rules, warn=warn)


def add_rule_files(*paths: PathLike) -> tuple[RuleSet, ...]:
    """Load rule files into the default registry (see :meth:`Registry.add_rule_files`)."""
    return default().add_rule_files(*paths)
