"""Where a warning should point: at the user's own line, the first frame outside sroi."""

from __future__ import annotations

import sys

__all__ = ["caller_level"]


def caller_level() -> int:
    """The ``stacklevel`` that makes a warning point at the first frame outside sroi.

    Counted from the function that calls :func:`warnings.warn` (the caller of this function).
    The ``__init__`` that attrs generates for a class runs with its module's globals, so it
    counts as sroi's for sroi's classes.
    """
    frame = sys._getframe(1)
    level = 1
    while frame.f_back is not None and frame.f_globals.get("__name__", "").split(".")[0] == "sroi":
        frame = frame.f_back
        level += 1
    return level
