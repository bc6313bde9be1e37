"""Planning ahead: what if we add or change items, and what does it take to reach a target?

Two questions an SR coordinator asks at a measurement moment, answered with the region's rules:

* :func:`what_if` returns the fulfilment report as it would be with hypothetical items added
  (``add``) and planned changes applied to existing items (``change``: an extension, an early
  exit, more hours). Planned items are marked as such and count as *pending* (proposed, not yet
  reviewed), so they show in the forecast but never in what is realised. Nothing is stored: the
  contract's history is read, never changed.
* :func:`what_it_takes` computes, for a target (by default the next measurement moment not yet
  reached, else the end of the term), the gap between the target and the forecast at that day,
  and for each route the smallest effort that closes it: the number of full-time placements
  starting on a day (default: the report date), the hours per week of one placement, the latest
  day one full-time placement can start, the invoice amount excl. VAT per purchase category and
  the project hours at the hourly rate. Every effort is found by valuing hypothetical items with
  the engine (:func:`sroi.engine.schedule`), so caps, the size factor, age bonuses, a minimum of
  hours per week and the target day are respected exactly, to the cent; an option that cannot
  close the gap in time says so, with what it would give.

**Granularity (a product decision).** Placements are counted whole, hours per week and project
hours in whole hours, invoice amounts in cents and start days in days. The proposed effort closes
the gap and one unit less (or one day later) does not.

**Planned agreements.** A planned placement in an annual or monthly block runs from the start day
to the term's last day (only the days through the target day count); one in a per-period block
(an internship) is agreed from the start day through the target day, so its whole amount counts.

**The hypothetical candidate.** Placements are valued for a candidate aged 25 on the start day
unless a ``birth_date`` is given, so no age bonus is assumed; pass the birth date of the candidate
you have in mind to include hers.

The package has three parts: ``sroi.plan.whatif``, ``sroi.plan.options`` (the search for the
smallest effort per block) and ``sroi.plan.takes``.
"""

from __future__ import annotations

from sroi.plan.options import MAX_PLACEMENTS, Effort, Option
from sroi.plan.takes import WhatItTakes, what_it_takes
from sroi.plan.whatif import PlannedItem, WhatIf, what_if

__all__ = [
    "MAX_PLACEMENTS",
    "Effort",
    "Option",
    "PlannedItem",
    "WhatIf",
    "WhatItTakes",
    "what_if",
    "what_it_takes",
]
