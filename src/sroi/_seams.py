"""Seams: how the monitoring core reaches its renderers without importing them.

A :class:`~sroi.fulfilment.FulfilmentReport` can explain its amounts (``report.explain(...)``) and
show itself in a notebook (``report._repr_html_()``), yet :mod:`sroi.fulfilment` sits *below*
:mod:`sroi.explanation` and :mod:`sroi.formatting` in the house: doors open one way, from the
edges down to the core. The two functions here are the seam between them. They are
:func:`functools.singledispatch` functions of the base layer, with no implementation of their own:

* :func:`explain_amount` — :mod:`sroi.explanation` registers :func:`sroi.explain_report` for
  :class:`~sroi.fulfilment.FulfilmentReport`;
* :func:`html` — :mod:`sroi.formatting` registers its HTML renderers for
  :class:`~sroi.fulfilment.FulfilmentReport` and :class:`~sroi.consolidation.ConsolidatedReport`.

The core calls the seam; the higher module that knows how to do the work registers itself when
it is imported. ``import sroi`` imports both :mod:`sroi.explanation` and :mod:`sroi.formatting`,
so the registrations are always in place once the package is loaded. Calling a seam for a type
nothing registered for raises :class:`~sroi.exceptions.InvalidValueError` naming the type.
"""

from __future__ import annotations

import functools
from typing import Any

from sroi.exceptions import InvalidValueError

__all__ = ["explain_amount", "html"]


@functools.singledispatch
def explain_amount(report: object, what: str, /, **where: Any) -> Any:
    """Explain the amount ``what`` of ``report`` (restricted by ``where``); registered per type.

    Raises:
        InvalidValueError: when no explainer is registered for the type of ``report``.
    """
    raise InvalidValueError(
        "report", report, "a report type with a registered explainer (import sroi.explanation)"
    )


@functools.singledispatch
def html(value: object, /) -> str:
    """``value`` as HTML for a notebook; registered per type.

    Raises:
        InvalidValueError: when no HTML renderer is registered for the type of ``value``.
    """
    raise InvalidValueError(
        "value", value, "a value with a registered HTML renderer (import sroi.formatting)"
    )
