"""The options of what it takes: the smallest effort per block, found with the engine.

Each search values hypothetical items (:func:`sroi.engine.schedule`) until the smallest whole
number of placements, hours, cents or days that closes the gap is found (see :mod:`sroi.plan`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import attrs

from sroi.engine import Valuation, schedule
from sroi.model import (
    Candidate,
    Item,
    Organisation,
    Placement,
    PlacementKind,
    SocialPurchase,
    SrProject,
)
from sroi.money import format_euro, from_cents
from sroi.period import Period
from sroi.ruleset import Route, RuleSet, Unit

__all__ = ["MAX_PLACEMENTS", "Effort", "Option"]

_ZERO = Decimal(0)
_PLAN_PREFIX = "plan-"
_DEFAULT_AGE = 25
MAX_PLACEMENTS = 1000
"""The most placements one option proposes; a block that needs more cannot close the gap.

What it takes builds the proposed placements to value them, so the bound keeps a block worth a
few cents (a test table, a typo in a rule file) from asking for millions of placements."""


class Effort(enum.Enum):
    """What an option proposes."""

    FULL_TIME_PLACEMENTS = "full_time_placements"
    """A number of full-time placements in a candidate block, starting on the start day."""
    HOURS_PER_WEEK = "hours_per_week"
    """The hours per week of one placement in a candidate block, starting on the start day."""
    LATEST_START = "latest_start"
    """The latest day one full-time placement in a candidate block can start."""
    INVOICE_AMOUNT = "invoice_amount"
    """An invoice amount excl. VAT in a purchase category, dated the start day."""
    PROJECT_HOURS = "project_hours"
    """Hours of an SR project at the block's hourly rate, held on the start day."""


@attrs.frozen
class Option:
    """One way to close the gap: the smallest effort in one block, or why it cannot."""

    route: Route
    """Candidate, purchase or project."""
    block: str
    """The building block (or purchase category) code."""
    effort: Effort
    """What is proposed."""
    closes: bool
    """Whether this option can close the gap by the target day."""
    quantity: Decimal | None
    """The smallest effort: placements, hours per week, euros excl. VAT or project hours (None
    for a start day, or when the option cannot close the gap)."""
    start: dt.date | None
    """The start day (for the latest start: the latest day; None when none closes the gap)."""
    gives: Decimal
    """What the proposed effort gives by the target day (when it cannot close the gap: what the
    most it allows gives)."""
    items: tuple[Item, ...]
    """The hypothetical items that realise it (empty when it cannot close the gap); pass them to
    :func:`what_if` as ``add``."""
    valuation: Valuation | None
    """The valuation of one proposed item through the target day."""
    text_nl: str
    """The option in Dutch."""
    text_en: str
    """The option in English."""

    def text(self, lang: str = "en") -> str:
        """The option as text in ``"nl"`` or ``"en"``."""
        return self.text_nl if lang == "nl" else self.text_en


def _closes(  # noqa: PLR0917 - Option's fields in order
    route: Route,
    code: str,
    effort: Effort,
    quantity: Decimal | None,
    start: dt.date,
    gives: Decimal,
    items: tuple[Item, ...],
    valuation: Valuation | None,
    texts: tuple[str, str],
) -> Option:
    """An option that closes the gap by the target day, with its Dutch and English text."""
    return Option(route, code, effort, True, quantity, start, gives, items, valuation, *texts)


def _cannot(  # noqa: PLR0917 - Option's fields in order
    route: Route,
    code: str,
    effort: Effort,
    start: dt.date | None,
    gives: Decimal,
    valuation: Valuation | None,
    texts: tuple[str, str],
) -> Option:
    """An option that cannot close the gap: what the most it allows gives, and why."""
    return Option(route, code, effort, False, None, start, gives, (), valuation, *texts)


def _cents(item: Item, rules: RuleSet, through: dt.date) -> int:
    return schedule(item, rules).cents(None, through.toordinal())


def _placement(
    block: str, start: dt.date, last: dt.date, hours: Decimal, birth_date: dt.date
) -> Placement:
    candidate = Candidate("X.", block, birth_date)
    return Placement(candidate, PlacementKind.JOB, block, Period(start, last), hours)


def _hours_en(hours: Decimal | int) -> str:
    return "hour" if hours == 1 else "hours"


def candidate_options(
    rules: RuleSet,
    code: str,
    gap: int,
    *,
    start: dt.date,
    target: dt.date,
    last: dt.date,
    birth_date: dt.date,
) -> list[Option]:
    """The options of candidate block ``code`` for a gap of ``gap`` cents by ``target``.

    Full-time placements starting on ``start``, the hours per week of one placement and the
    latest start day of one full-time placement (for per-period blocks: the placements only).
    """
    block = rules.blocks[code]
    full = rules.full_time_hours.value
    options: list[Option] = []
    if block.unit is Unit.PER_PERIOD:
        # Its amount is spread over the agreed period: agreed through the target day, all counts.
        last = target
    one = _placement(code, start, last, full, birth_date)
    each = _cents(one, rules, target)
    each_nl, each_en = format_euro(from_cents(each), "nl"), format_euro(from_cents(each), "en")
    day, end = start.isoformat(), target.isoformat()
    sized = block.unit.is_sized
    kind_nl = "voltijdplaatsing(en)" if sized else "plaatsing(en)"
    kind_en = "full-time placement(s)" if sized else "placement(s)"
    count = -(-gap // each) if each > 0 else 0
    if count > MAX_PLACEMENTS:
        texts = (
            f"{code} vanaf {day} vraagt {count} {kind_nl} (elk {each_nl} t/m {end}), meer dan "
            f"{MAX_PLACEMENTS}",
            f"{code} from {day} would take {count} {kind_en} (each {each_en} by {end}), more "
            f"than {MAX_PLACEMENTS}",
        )
        options.append(
            _cannot(
                Route.CANDIDATE,
                code,
                Effort.FULL_TIME_PLACEMENTS,
                start,
                from_cents(each * MAX_PLACEMENTS),
                None,
                texts,
            )
        )
    elif each > 0:
        items = tuple(_placement(code, start, last, full, birth_date) for _ in range(count))
        texts = (
            f"{count} {kind_nl} {code} vanaf {day} (elk {each_nl} t/m {end})",
            f"{count} {kind_en} in {code} from {day} (each {each_en} by {end})",
        )
        options.append(
            _closes(
                Route.CANDIDATE,
                code,
                Effort.FULL_TIME_PLACEMENTS,
                Decimal(count),
                start,
                from_cents(count * each),
                items,
                schedule(one, rules).valuation(Period(start, target)),
                texts,
            )
        )
    else:
        texts = (
            f"een plaatsing {code} vanaf {day} levert t/m {end} niets op",
            f"a placement in {code} from {day} gives nothing by {end}",
        )
        options.append(
            _cannot(Route.CANDIDATE, code, Effort.FULL_TIME_PLACEMENTS, start, _ZERO, None, texts)
        )
    if not sized:
        return options
    # Hours per week for one placement: whole hours, from the minimum (if any) to full time.
    if each >= gap:
        minimum = rules.minimum_hours.value if rules.minimum_hours is not None else Decimal(1)
        low = max(1, int(-(-minimum // 1)))
        high = int(-(-full // 1))
        hours = None
        for candidate_hours in range(low, high + 1):
            trial = _placement(code, start, last, Decimal(candidate_hours), birth_date)
            if _cents(trial, rules, target) >= gap:
                hours = Decimal(candidate_hours)
                break
        assert hours is not None  # full time closes the gap, and high >= full time
        chosen = _placement(code, start, last, hours, birth_date)
        gives = from_cents(_cents(chosen, rules, target))
        gives_nl, gives_en = format_euro(gives, "nl"), format_euro(gives, "en")
        texts = (
            f"één plaatsing {code} vanaf {day} van {hours} uur per week ({gives_nl} t/m {end})",
            f"one placement in {code} from {day} at {hours} {_hours_en(hours)} per week "
            f"({gives_en} by {end})",
        )
        options.append(
            _closes(
                Route.CANDIDATE,
                code,
                Effort.HOURS_PER_WEEK,
                hours,
                start,
                gives,
                (chosen,),
                schedule(chosen, rules).valuation(Period(start, target)),
                texts,
            )
        )
    else:
        texts = (
            f"zelfs een voltijdplaatsing {code} vanaf {day} levert t/m {end} maar {each_nl} op",
            f"even a full-time placement in {code} from {day} gives {each_en} by {end}",
        )
        options.append(
            _cannot(
                Route.CANDIDATE,
                code,
                Effort.HOURS_PER_WEEK,
                start,
                from_cents(each),
                schedule(one, rules).valuation(Period(start, target)),
                texts,
            )
        )
    # The latest day one full-time placement can start and still close the gap.
    latest = None
    if each >= gap:
        day_ordinal = target.toordinal()
        while day_ordinal >= start.toordinal():
            first = dt.date.fromordinal(day_ordinal)
            trial = _placement(code, first, last, full, birth_date)
            if _cents(trial, rules, target) >= gap:
                latest = trial
                break
            day_ordinal -= 1
    if latest is not None:
        first = latest.period.first
        gives = from_cents(_cents(latest, rules, target))
        gives_nl, gives_en = format_euro(gives, "nl"), format_euro(gives, "en")
        texts = (
            f"één voltijdplaatsing {code} uiterlijk vanaf {first.isoformat()} "
            f"({gives_nl} t/m {end})",
            f"one full-time placement in {code} starting on {first.isoformat()} at the "
            f"latest ({gives_en} by {end})",
        )
        options.append(
            _closes(
                Route.CANDIDATE,
                code,
                Effort.LATEST_START,
                None,
                first,
                gives,
                (latest,),
                schedule(latest, rules).valuation(Period(first, target)),
                texts,
            )
        )
    else:
        texts = (
            f"geen enkele startdatum vanaf {day} sluit het tekort met één voltijdplaatsing "
            f"{code} (vanaf {day}: {each_nl} t/m {end})",
            f"no start day from {day} closes the gap with one full-time placement in {code} "
            f"(from {day}: {each_en} by {end})",
        )
        options.append(
            _cannot(Route.CANDIDATE, code, Effort.LATEST_START, None, from_cents(each), None, texts)
        )
    return options


def _smallest(gap: int, guess: int, value: Callable[[int], int]) -> int:
    """The smallest whole ``n`` with ``value(n) >= gap`` (``value`` grows with ``n``)."""
    n = max(guess, 0)
    while value(n) < gap:
        n += 1
    while n > 0 and value(n - 1) >= gap:
        n -= 1
    return n


def _cheapest(
    gap: int, guess: int, make: Callable[[int], Item], rules: RuleSet, target: dt.date
) -> tuple[int, tuple[Decimal, tuple[Item, ...], Valuation]]:
    """The smallest ``n`` whose item ``make(n)`` gives ``gap`` cents by ``target``.

    Returned with what that item gives, the item itself and its valuation over its agreement.
    """
    n = _smallest(gap, guess, lambda k: _cents(make(k), rules, target))
    chosen = make(n)
    gives = from_cents(_cents(chosen, rules, target))
    return n, (gives, (chosen,), schedule(chosen, rules).valuation())


@attrs.frozen
class _Flat:
    """How one flat route (purchases, projects) turns a whole quantity into an item and texts."""

    route: Route
    effort: Effort
    make: Callable[[int], Item]
    guess: Callable[[int, Fraction], int]
    """The first quantity to try for a gap of so many cents at a rule value (the engine checks)."""
    quantity: Callable[[int], Decimal]
    nothing: tuple[str, str]
    """The texts when the rule value is zero."""
    texts: Callable[[int, str, str, str], tuple[str, str]]
    """The texts for a quantity, given what it gives in Dutch and English and the day."""


def _flat_option(  # noqa: PLR0917 - the option functions' own arguments, passed on
    flat: _Flat, rules: RuleSet, code: str, gap: int, start: dt.date, target: dt.date
) -> Option:
    """The smallest whole quantity of a flat route's item that closes ``gap`` by ``target``."""
    value = Fraction(rules.blocks[code].value)
    if value == 0:
        return _cannot(flat.route, code, flat.effort, start, _ZERO, None, flat.nothing)
    guess = 0 if gap == 0 else flat.guess(gap, value)
    quantity, found = _cheapest(gap, guess, flat.make, rules, target)
    gives_nl, gives_en = format_euro(found[0], "nl"), format_euro(found[0], "en")
    texts = flat.texts(quantity, gives_nl, gives_en, start.isoformat())
    amount = flat.quantity(quantity)
    return _closes(flat.route, code, flat.effort, amount, start, *found, texts)


def purchase_option(rules: RuleSet, code: str, gap: int, start: dt.date, target: dt.date) -> Option:
    """The smallest invoice amount excl. VAT in purchase category ``code`` that closes ``gap``."""

    def purchase(cents: int) -> SocialPurchase:
        return SocialPurchase(Organisation("(planned supplier)"), code, start, from_cents(cents))

    def texts(cents: int, gives_nl: str, gives_en: str, day: str) -> tuple[str, str]:
        amount_nl = format_euro(from_cents(cents), "nl")
        amount_en = format_euro(from_cents(cents), "en")
        return (
            f"inkoop in categorie {code} van {amount_nl} excl. btw op {day} ({gives_nl})",
            f"purchases in category {code} of {amount_en} excl. VAT on {day} ({gives_en})",
        )

    flat = _Flat(
        Route.PURCHASE,
        Effort.INVOICE_AMOUNT,
        purchase,
        # Half up: round(x) >= g exactly when x >= g - 1/2; the engine confirms the guess.
        lambda gap, share: int(-(-(Fraction(2 * gap - 1, 2) / share) // 1)),
        from_cents,
        (
            f"inkoop in categorie {code} telt niet mee (aandeel 0)",
            f"purchases in category {code} count nothing (share 0)",
        ),
        texts,
    )
    return _flat_option(flat, rules, code, gap, start, target)


def project_option(rules: RuleSet, code: str, gap: int, start: dt.date, target: dt.date) -> Option:
    """The fewest project hours at block ``code``'s hourly rate that close ``gap`` by ``target``."""

    def project(hours: int) -> SrProject:
        return SrProject.on(start, "(planned SR project)", code, hours=Decimal(hours))

    rate = rules.blocks[code].value

    def texts(hours: int, gives_nl: str, gives_en: str, day: str) -> tuple[str, str]:
        rate_nl, rate_en = format_euro(rate, "nl"), format_euro(rate, "en")
        return (
            f"{hours} projecturen in {code} à {rate_nl} op {day} ({gives_nl})",
            f"{hours} project {_hours_en(hours)} in {code} at {rate_en} on {day} ({gives_en})",
        )

    flat = _Flat(
        Route.PROJECT,
        Effort.PROJECT_HOURS,
        project,
        lambda gap, rate: int(-(-(Fraction(gap, 100) / rate) // 1)),
        Decimal,
        (
            f"projecturen in {code} tellen niet mee (tarief 0)",
            f"project hours in {code} count nothing (rate 0)",
        ),
        texts,
    )
    return _flat_option(flat, rules, code, gap, start, target)
