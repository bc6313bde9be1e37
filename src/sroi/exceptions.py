"""The exception hierarchy of sroi.

Every error sroi raises on purpose derives from :class:`SroiError`. Each subclass also inherits the
builtin exception it resembles (``ValueError``, ``LookupError``), so callers can catch either.
Errors carry structured attributes (``field``, ``value``, ``expected`` ...) besides a readable
message that says what was expected and what was received.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "InvalidValueError",
    "PrivacyError",
    "ProvisionalRuleWarning",
    "SroiError",
    "UnknownBlockError",
    "ValidationError",
]


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
        self.field = field
        self.value = value
        self.expected = expected
        self.hint = hint
        message = f"{field}: {value!r}, expected {expected}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)

    def at(self, prefix: str) -> InvalidValueError:
        """Return a copy of this error whose field is prefixed with ``prefix`` (a path step)."""
        field = f"{prefix}.{self.field}" if self.field else prefix
        return type(self)(field, self.value, self.expected, hint=self.hint)


class PrivacyError(InvalidValueError):
    """A value looks like personal data that sroi refuses to store.

    sroi stores a person as initials, target group and birth date only. A full name, a citizen
    service number (BSN), an e-mail address or a phone number is refused with this error.
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
        where = f" in region {region!r}" if region else ""

        close = difflib.get_close_matches(code, self.known, n=1)
        suggestion = f"; did you mean {close[0]!r}?" if close else ""
        super().__init__(
            f"unknown {kind} {code!r}{where}; expected one of: "
            f"{', '.join(self.known) or '(none)'}{suggestion}"
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
