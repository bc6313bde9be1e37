"""How explanations write numbers, periods and sources as Dutch and English text.

Money goes through :func:`sroi.money.format_euro` and names of enum members through
:func:`sroi.labels.label`; what is left here is the explanation's own notation: exact numbers
shortened to four places with ``…``, periods as ``first t/m last``, rule sources, and placement
months as a compact run.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from sroi.money import PRECISION, exact_decimal
from sroi.period import MonthShare, Period
from sroi.ruleset import Provenance

Number = Decimal | Fraction | int
"""A number a step shows: a decimal, an exact fraction or a count."""

_PLACES = 4


def num(value: Number) -> str:
    """A plain decimal with at most four places; ``…`` marks a shortened number."""
    if isinstance(value, Fraction):
        scale = 10**_PLACES
        shortened_f = Fraction(round(value * scale), scale)
        if shortened_f == value:
            return num(exact_decimal(value))
        return format(exact_decimal(shortened_f).quantize(Decimal(1).scaleb(-_PLACES)), "f") + "…"
    if isinstance(value, int):
        return str(value)
    shortened = value.quantize(Decimal(1).scaleb(-_PLACES), context=PRECISION)
    if shortened == value:
        text = format(value.normalize(context=PRECISION), "f")
        return text if "." not in text else text.rstrip("0").rstrip(".")
    return format(shortened, "f") + "…"


def period_text(period: Period | None, lang: Literal["nl", "en"]) -> str:
    """A period as ``first t/m last`` (``to`` in English), one day as its date, none as such."""
    if period is None:
        return "geen" if lang == "nl" else "none"
    if period.first == period.last:
        return period.first.isoformat()
    join = "t/m" if lang == "nl" else "to"
    return f"{period.first.isoformat()} {join} {period.last.isoformat()}"


def provenance_text(provenance: Provenance, version: str | None, lang: Literal["nl", "en"]) -> str:
    """Where a rule value comes from: its version, source and status."""
    source = "bron" if lang == "nl" else "source"
    head = f"{version}, " if version else ""
    return f"{head}{source}: {provenance.source}, status: {provenance.status.value}"


def shares_text(shares: Sequence[MonthShare]) -> str:
    """Placement months as text: part months one by one, three or more whole ones as a run.

    ``m1 2024-01-15 1, m2 2024-02-15 1, m3 2024-03-15 6/31``; ``m1-m10 10 × 1`` for a run.
    """
    parts: list[str] = []
    run: list[MonthShare] = []

    def flush() -> None:
        if len(run) >= 3:
            parts.append(f"m{run[0].index}-m{run[-1].index} {len(run)} × 1")
        else:
            parts.extend(str(share) for share in run)
        run.clear()

    for share in shares:
        if share.days_counted == share.days_in_month:
            run.append(share)
            continue
        flush()
        parts.append(str(share))
    flush()
    return ", ".join(parts) or "-"
