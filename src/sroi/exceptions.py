"""The exception hierarchy of sroi.

Every error sroi raises on purpose derives from :class:`SroiError`. Each subclass also inherits the
builtin exception it resembles (``ValueError``, ``LookupError``), so callers can catch either.
Errors carry structured attributes (``field``, ``value``, ``expected`` ...) besides a readable
message that says what was expected and what was received.

A message never grows with its input: every value it shows goes through :func:`bounded_repr`
(at most :data:`MAX_SHOWN` characters). A value that may be personal data is not shown at all: a
:class:`PrivacyError` keeps a :class:`Withheld` stand-in instead of the value and says what kind of
personal data was found, and where.
"""

from __future__ import annotations

import datetime as dt
import difflib
import reprlib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from sroi._personal import find_full_name, find_personal_identifier
from sroi._versions import VersionRange

__all__ = [
    "MAX_SHOWN",
    "DuplicateOrganisationError",
    "InvalidTransitionError",
    "InvalidValueError",
    "LifecycleError",
    "MissingExtraError",
    "PersonalDataWarning",
    "PluginConflictError",
    "PrivacyError",
    "ProvisionalRuleWarning",
    "RegionNotFoundError",
    "RuleFileError",
    "RuleFileProblem",
    "RuleVersionNotFoundError",
    "SroiError",
    "UnknownBlockError",
    "UnknownItemError",
    "ValidationError",
    "Withheld",
    "bounded_repr",
    "withhold_personal",
]

MAX_SHOWN = 100
"""The most characters of a value that an error message shows; longer values are cut."""

_LISTED = 12
"""The most codes an error message lists (``unknown block ...; expected one of ...``)."""


class _BoundedRepr(reprlib.Repr):
    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 2
        self.maxstring = MAX_SHOWN
        self.maxother = MAX_SHOWN
        self.maxlong = 40
        for name in ("maxtuple", "maxlist", "maxarray", "maxdict", "maxset", "maxfrozenset"):
            setattr(self, name, 4)


_REPR = _BoundedRepr()


def bounded_repr(value: object, limit: int = MAX_SHOWN) -> str:
    """Return ``repr(value)`` cut to at most ``limit`` characters, for an error message.

    Long texts keep their start and end with ``...`` between them; long lists and nested
    structures are shortened the way :mod:`reprlib` does it.

    >>> bounded_repr("J.P.")
    "'J.P.'"
    >>> len(bounded_repr("x" * 50_000)) <= 100
    True
    """
    try:
        text = _REPR.repr(value)
    except Exception:  # a broken __repr__ must not hide the error being reported
        text = f"<{type(value).__name__} object>"
    return _cut(text, limit)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    keep = max(limit - 3, 2)
    tail = keep // 3
    return text[: keep - tail] + "..." + text[len(text) - tail :]


def withhold_personal(value: object) -> object:
    """Return ``value``, or a :class:`Withheld` stand-in when it is a text that looks personal.

    A text looks personal when the part of it that a message would show (its start and end)
    holds an e-mail address, a phone number, a BSN, or two capitalised words in a row. Code that
    builds its own error messages from a refused value should pass the value through this first.

    >>> withhold_personal("31-02-2024")
    '31-02-2024'
    >>> withhold_personal("Jan Bakker")
    <a text of 10 characters, not shown>
    """
    if not isinstance(value, str):
        return value
    part = value if len(value) <= 2 * MAX_SHOWN else f"{value[:MAX_SHOWN]} {value[-MAX_SHOWN:]}"
    if find_personal_identifier(part) is not None:
        return Withheld.of(value)
    if find_full_name(part, anywhere=True) is not None:
        return Withheld.of(value)
    return value


def _listed(codes: Sequence[str]) -> str:
    shown = ", ".join(bounded_repr(code)[1:-1] for code in codes[:_LISTED])
    more = len(codes) - _LISTED
    return shown + (f" and {more} more" if more > 0 else "")


@attrs.frozen
class Withheld:
    """Stands in for a value that an error refused as possible personal data.

    A :class:`PrivacyError` keeps this instead of the value, so the personal data does not
    travel on in the error, its message, a log or a report. It says only what sort of value
    it was and how long.
    """

    kind: str
    """The type of the value, e.g. ``"str"``."""
    length: int | None = None
    """The number of characters of a text (None for other values)."""

    @classmethod
    def of(cls, value: object) -> Withheld:
        """Return the stand-in for ``value`` (``value`` itself if it already is one)."""
        if isinstance(value, Withheld):
            return value
        if isinstance(value, str):
            return cls("str", len(value))
        return cls(type(value).__name__)

    def __repr__(self) -> str:
        if self.length is not None:
            return f"<a text of {self.length} characters, not shown>"
        return f"<a {self.kind}, not shown>"


class SroiError(Exception):
    """Root of every error that sroi raises on purpose."""


class InvalidValueError(SroiError, ValueError):
    """A value does not satisfy what its field expects.

    Attributes:
        field: the name (or path) of the field, e.g. ``"hours_per_week"``.
        value: the value that was received.
        expected: a short description of what was expected, e.g. ``">= 0"``.
    """

    def __init__(self, field: str, value: object, expected: str, *, hint: str = "") -> None:
        # a text refused for another reason (a name typed into a date column, a BSN where an
        # item id belongs) is not repeated either
        value = withhold_personal(value)
        shown = bounded_repr(value)
        self.field = field
        self.value = value
        self.expected = expected
        self.hint = hint
        message = f"{field}: {shown}, expected {expected}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)

    def at(self, prefix: str) -> InvalidValueError:
        """Return a copy of this error whose field is prefixed with ``prefix`` (a path step)."""
        field = f"{prefix}.{self.field}" if self.field else prefix
        return type(self)(field, self.value, self.expected, hint=self.hint)

    def __reduce__(self) -> tuple[Any, ...]:  # pickling: rebuild from the fields, not the message
        return (_rebuild_invalid, (type(self), self.field, self.value, self.expected, self.hint))


def _rebuild_invalid(
    cls: type[InvalidValueError], field: str, value: object, expected: str, hint: str
) -> InvalidValueError:
    return cls(field, value, expected, hint=hint)


class PrivacyError(InvalidValueError):
    """A value looks like personal data that sroi refuses to store.

    sroi stores a person as initials, target group and birth date only. A full name, a citizen
    service number (BSN), an e-mail address or a phone number is refused with this error.

    The refused value is never repeated: ``value`` is a :class:`Withheld` stand-in (the sort of
    value and its length), and the message names the field, what kind of personal data was found
    (in ``hint``) and what the field expects.
    """

    def __init__(self, field: str, value: object, expected: str, *, hint: str = "") -> None:
        super().__init__(field, Withheld.of(value), expected, hint=hint)


class PersonalDataWarning(UserWarning):
    """A free-text value may hold personal data that no simple rule can be sure of.

    Emitted when a description, note or reason looks like it holds a full name (see
    :func:`sroi.privacy.find_full_name`). The value is stored all the same; the warning names the
    field and where in the text the words are, never the words themselves. Turn it into an error
    with ``warnings.simplefilter("error", sroi.PersonalDataWarning)``.
    """


class UnknownBlockError(SroiError, LookupError):
    """A building block, bonus or adjustment code is not in the rule set.

    Attributes:
        code: the code that was asked for.
        known: the codes the rule set does have.
        region: the region of the rule set.
        kind: what kind of code it is (``"building block"``, ``"bonus"``, ``"adjustment"``).
    """

    def __init__(
        self, code: str, known: Iterable[str], *, region: str = "", kind: str = "building block"
    ) -> None:
        self.code = code
        self.known = tuple(sorted(known))
        self.region = region
        self.kind = kind
        where = f" in region {bounded_repr(region)}" if region else ""

        close = difflib.get_close_matches(code, self.known, n=1)
        suggestion = f"; did you mean {close[0]!r}?" if close else ""
        super().__init__(
            f"unknown {kind} {bounded_repr(code)}{where}; expected one of: "
            f"{_listed(self.known) or '(none)'}{suggestion}"
        )

    def __reduce__(self) -> tuple[Any, ...]:  # pragma: no cover - pickling support
        return (_rebuild_unknown, (self.code, self.known, self.region, self.kind))


def _rebuild_unknown(code: str, known: Sequence[str], region: str, kind: str) -> UnknownBlockError:
    return UnknownBlockError(code, known, region=region, kind=kind)


class ValidationError(SroiError, ValueError):
    """Several problems found at once; nothing was applied.

    Attributes:
        errors: every problem, each an :class:`InvalidValueError` whose ``field`` is a full path.
        source: where the data came from (a file path), when known.
    """

    def __init__(self, errors: Sequence[InvalidValueError], *, source: str = "") -> None:
        self.errors = tuple(errors)
        self.source = source
        head = f"{source}: " if source else ""
        lines = [f"{head}{len(self.errors)} problem(s):"]
        lines += [f"  - {error}" for error in self.errors]
        super().__init__("\n".join(lines))


class ProvisionalRuleWarning(UserWarning):
    """A valuation used a rule value whose status is not *verified*.

    Emitted once per rule set and value, not on every call. The status (provisional, unverified,
    assumed) is also in the parts of every valuation, so reports can show it.
    """


class LifecycleError(InvalidValueError):
    """An event cannot be applied to a contract's history; the history is left unchanged.

    Like every :class:`InvalidValueError` it names the ``field`` (a path such as
    ``"P1.exit_date"``), the ``value`` received and what was ``expected``.
    """


class InvalidTransitionError(LifecycleError):
    """An event is not allowed in the current state of the contract or item, or for its role.

    For instance approving an item that was withdrawn, extending a placement after an early exit,
    or a contractor approving its own proposal.
    """


class UnknownItemError(LifecycleError, LookupError):
    """An event names an item id (``"P1"``, ``"S1"``, ``"R1"``) that the contract does not have."""


class DuplicateOrganisationError(InvalidValueError):
    """An organisation is already in the directory (same KvK number, or same name without one)."""


def _near(name: str, known: Iterable[str]) -> str:
    if not isinstance(name, str) or len(name) > MAX_SHOWN:
        return ""
    close = difflib.get_close_matches(name.casefold(), list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class RegionNotFoundError(SroiError, LookupError):
    """No installed region has this code, alias or name.

    Attributes:
        region: the code, alias or name that was asked for.
        known: the codes of the regions that exist.
    """

    def __init__(self, region: str, known: Iterable[str], *, aliases: Iterable[str] = ()) -> None:
        self.region = region
        self.known = tuple(sorted(known))
        listed = _listed(self.known) or "(none: is a region plugin installed?)"
        super().__init__(
            f"unknown region {bounded_repr(region)}; expected one of: {listed}"
            f"{_near(region, (*self.known, *aliases))}"
        )

    def __reduce__(self) -> tuple[Any, ...]:  # pragma: no cover - pickling support
        return (type(self), (self.region, self.known))


class RuleVersionNotFoundError(SroiError, LookupError):
    """A region has no rule set in force on the date asked for.

    Attributes:
        region: the region's code.
        on: the date asked for.
        ranges: the versions that exist, as ``(version, valid_from, valid_until)`` tuples
            (``valid_until`` is None for the current one).
    """

    def __init__(
        self,
        region: str,
        on: dt.date,
        ranges: Iterable[tuple[str, dt.date, dt.date | None]],
    ) -> None:
        self.region = region
        self.on = on
        self.ranges = tuple(ranges)
        listed = "; ".join(
            f"{version} {VersionRange(first, last).label}" for version, first, last in self.ranges
        )
        super().__init__(
            f"region {region!r} has no rule set in force on {on.isoformat()}; "
            f"the versions that exist are: {listed or '(none)'}"
        )

    def __reduce__(self) -> tuple[Any, ...]:  # pragma: no cover - pickling support
        return (type(self), (self.region, self.on, self.ranges))


class PluginConflictError(SroiError, RuntimeError):
    """Two providers (plugins or rule files) claim the same region and dates, or the same alias.

    Attributes:
        region: the region's code.
        providers: the two providers, e.g. ``("sroi-noord-holland 0.1.0", "my-nh 1.0")``.
        detail: what they both claim, e.g. ``"2016-01-01.. and 2020-01-01.."``.
    """

    def __init__(self, region: str, providers: tuple[str, str], detail: str) -> None:
        self.region = region
        self.providers = providers
        self.detail = detail
        super().__init__(
            f"region {bounded_repr(region)} is claimed twice: by {providers[0]} and by "
            f"{providers[1]} ({bounded_repr(detail, 4 * MAX_SHOWN)[1:-1]}); uninstall or fix one "
            "of them"
        )

    def __reduce__(self) -> tuple[Any, ...]:  # pragma: no cover - pickling support
        return (type(self), (self.region, self.providers, self.detail))


@attrs.frozen
class RuleFileProblem:
    """One problem in a rule file (or a case file): where it is and what was expected."""

    path: str
    """The file."""
    table: str
    """The TOML table, e.g. ``"blocks.ww-lt1"`` (empty for the top level)."""
    key: str
    """The key inside the table, e.g. ``"value"`` (empty for the table itself)."""
    value: object
    """What the file holds there (:data:`MISSING` when the key is absent)."""
    expected: str
    """What was expected."""

    def __str__(self) -> str:
        where = f"[{self.table}] " if self.table else ""
        shown = _show(self.value)
        key = f"{self.key}: " if self.key else ""
        return f"{self.path}: {where}{key}{shown}, expected {self.expected}"


class _Missing:
    def __repr__(self) -> str:
        return "missing"


MISSING: Any = _Missing()
"""Stands for a key that a rule file does not have."""


def _show(value: object) -> str:
    if value is MISSING:
        return "missing"
    if isinstance(value, str):
        return '"' + _cut(value, MAX_SHOWN).replace('"', '\\"') + '"'
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f'"{_cut(str(value), MAX_SHOWN)}"'
    if isinstance(value, dict):
        return "a table"
    return bounded_repr(value)


class RuleFileError(SroiError, ValueError):
    """A rule file (or a directory of them) has problems; every problem is listed, none applied.

    Attributes:
        path: the file or directory that was read.
        problems: every problem found, each naming its file, table and key.
    """

    def __init__(self, path: str, problems: Sequence[RuleFileProblem]) -> None:
        self.path = path
        self.problems = tuple(problems)
        lines = [f"{path}: {len(self.problems)} problem(s):"]
        lines += [f"  - {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[Any, ...]:  # pragma: no cover - pickling support
        return (type(self), (self.path, self.problems))


class MissingExtraError(SroiError, ImportError):
    """An optional dependency is not installed; the message names the extra to install.

    Attributes:
        package: the package that could not be imported, e.g. ``"matplotlib"``.
        extra: the sroi extra that provides it, e.g. ``"notebook"``.
    """

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{package} is not installed; {purpose} need it: install sroi's {extra!r} extra "
            f'(in a checkout of sroi: pip install ".[{extra}]")',
            name=package,
        )
