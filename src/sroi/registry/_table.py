"""Building a registry's table: merging the plugins' regions and the extra rule files.

Each region is drafted from its contributions (two plugins may share a region only for dates that
do not overlap), rule files replace or add versions, and every version gets its effective last
day. :class:`sroi.registry.Registry` keeps the result and answers questions from it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib.resources.abc import Traversable
from typing import Any

import attrs

from sroi._validators import check_path
from sroi._versions import VersionRange
from sroi.exceptions import (
    InvalidValueError,
    PluginConflictError,
    RuleFileError,
    RuleFileProblem,
)
from sroi.region import Region, RegionInfo, RuleVersionInfo, effective_until
from sroi.rulefile import PathLike, load_rule_file, load_rule_files
from sroi.ruleset import RuleSet

__all__ = ["Contribution", "Entry", "Table", "Version", "build_table", "load_paths"]


@attrs.frozen
class Contribution:
    """The regions one plugin contributed through ``sroi_regions``."""

    plugin: object
    provider: str
    region: Region


@attrs.frozen
class Version:
    """One version of a region, as declared by a plugin or a rule file."""

    rules: RuleSet
    provider: str
    path: str | None = None
    replaces: str | None = None
    plugin: object = None
    """The plugin that contributed this version (None for a rule file)."""

    @property
    def label(self) -> str:
        """The version and its dates, e.g. ``2024.1 (2024-01-01..)``."""
        return f"{self.rules.version} ({self.rules.period_label})"


@attrs.frozen
class Entry:
    """A region as resolved: its metadata, plugins, versions (as declared) and rule sets.

    ``owners`` says which plugin's versions hold when: ``(first, last, plugin)`` with ``last``
    None for open-ended, from the plugins' own versions (a rule file replacing or adding a
    version does not change whose regional logic holds on a date).
    """

    info: RegionInfo
    plugins: tuple[object, ...]
    versions: tuple[Version, ...]
    rule_sets: tuple[RuleSet, ...]
    owners: tuple[tuple[dt.date, dt.date | None, object], ...] = ()

    def plugin_on(self, day: dt.date) -> object | None:
        """The plugin whose own version of the region is in force on ``day``, if any."""
        for first, last, plugin in self.owners:
            if first <= day and (last is None or day <= last):
                return plugin
        return None


@attrs.frozen
class Table:
    """Every region as resolved, and each code, alias and name to its region's code."""

    entries: Mapping[str, Entry]
    lookup: Mapping[str, str]


@attrs.define
class Draft:
    """A region being merged from its contributions."""

    code: str
    name: str
    description: str
    aliases: list[str]
    providers: list[str]
    plugins: list[object]
    versions: list[Version]
    contributed: list[Version] = attrs.Factory(list)


def _ranges(versions: Sequence[Version]) -> list[tuple[Version, dt.date | None]]:
    """Each version (sorted by ``valid_from``) with its effective last day."""
    ordered = sorted(versions, key=lambda version: version.rules.valid_from)
    declared = tuple(version.rules for version in ordered)
    return [(version, effective_until(declared, i)) for i, version in enumerate(ordered)]


def _label(path: PathLike) -> str:
    return os.fspath(path) if isinstance(path, str | os.PathLike) else str(path)


def load_paths(paths: Iterable[PathLike]) -> tuple[tuple[str, tuple[RuleSet, ...]], ...]:
    """Load rule files and directories of them: one ``(file, rule sets)`` pair per file.

    Raises:
        RuleFileError: listing every problem of every file.
    """
    loaded: list[tuple[str, tuple[RuleSet, ...]]] = []
    problems: list[RuleFileProblem] = []
    chosen = tuple(paths)
    for path in chosen:
        if isinstance(path, str | os.PathLike):
            entry: Any = check_path("rule_paths", path)
        elif isinstance(path, Traversable):
            entry = path
        else:
            raise InvalidValueError(
                "rule_paths", path, "rule files or directories (paths or Traversables)"
            )
        try:
            if entry.is_dir():
                files = sorted(
                    (item for item in entry.iterdir() if item.name.endswith(".toml")),
                    key=lambda item: item.name,
                )
                if not files:
                    load_rule_files(entry)  # raises: a directory without rule files
            else:
                files = [entry]
            for file in files:
                try:
                    loaded.append((_label(file), (load_rule_file(file),)))
                except RuleFileError as error:
                    problems += error.problems
        except RuleFileError as error:
            problems += error.problems
    if problems:
        raise RuleFileError(", ".join(_label(path) for path in chosen), problems)
    return tuple(loaded)


def build_table(
    contributions: Sequence[Contribution],
    overrides: Sequence[tuple[str, tuple[RuleSet, ...]]],
    with_end: Callable[[RuleSet, dt.date | None], RuleSet],
) -> Table:
    """Merge the plugins' contributions, then the rule files, into one table.

    ``with_end`` gives a rule set with its effective last day (the registry keeps these so that
    a rebuild returns the same objects).

    Raises:
        PluginConflictError: when two plugins claim the same region and dates, or one alias.
        RuleFileError: when a rule file names an unknown region or overlaps a version.
    """
    drafts: dict[str, Draft] = {}
    for contribution in contributions:
        _merge(drafts, contribution)
    lookup = _lookup(drafts)
    for label, rule_sets in overrides:
        for rules in rule_sets:
            _override(drafts, lookup, label, rules)
    entries = {code: _finish(draft, with_end) for code, draft in drafts.items()}
    return Table(entries, lookup)


def _merge(drafts: dict[str, Draft], contribution: Contribution) -> None:
    region = contribution.region
    versions = [
        Version(rules, contribution.provider, plugin=contribution.plugin)
        for rules in region.rule_sets
    ]
    draft = drafts.get(region.code)
    if draft is None:
        drafts[region.code] = Draft(
            region.code,
            region.name,
            region.description,
            list(region.aliases),
            [contribution.provider],
            [contribution.plugin],
            versions,
            list(versions),
        )
        return
    for old, old_last in _ranges(draft.versions):
        for new, new_last in _ranges(versions):
            old_dates = VersionRange(old.rules.valid_from, old_last)
            new_dates = VersionRange(new.rules.valid_from, new_last)
            if old_dates.overlaps(new_dates):
                raise PluginConflictError(
                    region.code,
                    (old.provider, new.provider),
                    f"{old.rules.version} {old_dates.label} and "
                    f"{new.rules.version} {new_dates.label}",
                )
    draft.versions += versions
    draft.contributed += versions
    draft.aliases += [alias for alias in region.aliases if alias not in draft.aliases]
    draft.description = draft.description or region.description
    if contribution.provider not in draft.providers:
        draft.providers.append(contribution.provider)
    if all(plugin is not contribution.plugin for plugin in draft.plugins):
        draft.plugins.append(contribution.plugin)


def _lookup(drafts: Mapping[str, Draft]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    owners: dict[str, str] = {}
    for code, draft in sorted(drafts.items()):
        for key in (code, *draft.aliases):
            other = lookup.get(key)
            if other is not None and other != code:
                raise PluginConflictError(
                    code,
                    (owners[key], ", ".join(draft.providers)),
                    f"the code or alias {key!r} names both {other!r} and {code!r}",
                )
            lookup[key] = code
            owners[key] = ", ".join(draft.providers)
    for code, draft in drafts.items():
        lookup.setdefault(draft.name.casefold(), code)
    return lookup


def _override(
    drafts: dict[str, Draft], lookup: Mapping[str, str], label: str, rules: RuleSet
) -> None:
    code = lookup.get(rules.region)
    if code is None:
        close = difflib.get_close_matches(rules.region, list(lookup), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        known = ", ".join(sorted(drafts)) or "none installed"
        problem = RuleFileProblem(
            label, "", "region", rules.region, f"an installed region ({known}){hint}"
        )
        raise RuleFileError(label, [problem])
    if code != rules.region:
        rules = attrs.evolve(rules, region=code)
    draft = drafts[code]
    for index, old in enumerate(draft.versions):
        if old.rules.valid_from != rules.valid_from:
            continue
        if old.path is not None and old.path != label:
            raise PluginConflictError(
                code,
                (old.path, label),
                f"both a version from {rules.valid_from.isoformat()}",
            )
        replaces = old.replaces if old.path == label else f"{old.label} from {old.provider}"
        draft.versions[index] = Version(rules, label, label, replaces)
        return
    draft.versions.append(Version(rules, label, label))


def _finish(draft: Draft, with_end: Callable[[RuleSet, dt.date | None], RuleSet]) -> Entry:
    ranges = _ranges(draft.versions)
    rule_sets: list[RuleSet] = []
    infos: list[RuleVersionInfo] = []
    for index, (version, last) in enumerate(ranges):
        if index + 1 < len(ranges):
            following = ranges[index + 1][0]
            if last is not None and last >= following.rules.valid_from:
                _refuse_overlap(draft.code, version, last, following)
        rules = with_end(version.rules, last)
        rule_sets.append(rules)
        infos.append(
            RuleVersionInfo(
                version=rules.version,
                valid_from=rules.valid_from,
                valid_until=last,
                provider=version.provider,
                statuses=frozenset(provenance.status for _, provenance in rules.provenances()),
                source=rules.source,
                path=version.path,
                replaces=version.replaces,
            )
        )
    info = RegionInfo(
        code=draft.code,
        name=draft.name,
        aliases=tuple(draft.aliases),
        providers=tuple(draft.providers),
        versions=tuple(infos),
        description=draft.description,
    )
    owners = tuple(
        (version.rules.valid_from, last, version.plugin)
        for version, last in _ranges(draft.contributed)
    )
    return Entry(info, tuple(draft.plugins), tuple(v for v, _ in ranges), tuple(rule_sets), owners)


def _refuse_overlap(code: str, version: Version, last: dt.date, following: Version) -> None:
    for mine, other, key in ((following, version, "valid_from"), (version, following, "")):
        if mine.path is not None:
            value = mine.rules.valid_from if key else mine.rules.valid_until
            problem = RuleFileProblem(
                mine.path,
                "",
                key or "valid_until",
                value,
                f"dates that do not overlap version {other.label} from {other.provider}; "
                f"to replace that version, give the same valid_from "
                f"({other.rules.valid_from.isoformat()})",
            )
            raise RuleFileError(mine.path, [problem])
    raise PluginConflictError(  # pragma: no cover - refused when merging contributions
        code,
        (version.provider, following.provider),
        f"{version.label} ends {last.isoformat()}, after {following.label} starts",
    )
