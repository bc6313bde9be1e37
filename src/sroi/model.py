"""The domain model: organisations, contracts, candidates and the three kinds of contribution.

Every class is a frozen attrs class whose validators raise
:class:`~sroi.exceptions.InvalidValueError` naming the field, the value and what was expected.
Use :func:`attrs.evolve` for a changed copy. Money is ``Decimal``, dates are ``datetime.date``,
periods are closed :class:`~sroi.period.Period` intervals.

A person is a :class:`Candidate`: initials, target group and birth date, nothing more.

Evidence for a sample audit is recorded as :class:`EvidenceItem`: *that* a document exists,
never the document itself. For every candidate the contractor must be able to show two
documents when the SR coordinator audits a sample (the contractor manual, "Bewijsstukken"):

1. a formal document from a benefits agency, a sheltered company or a recognised training
   institution that shows the candidate's starting position
   (:attr:`EvidenceKind.STARTING_POSITION`);
2. the signed employment, learning-work or internship agreement, or the secondment agreement
   (:attr:`EvidenceKind.SIGNED_AGREEMENT`).

sroi records for each document only its kind, what sort of document it is and its date, so a
coordinator can see which placements still miss evidence. No content, no file, no name.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import typing
from decimal import Decimal
from typing import Any

import attrs

from sroi import _validators as v
from sroi.exceptions import InvalidValueError, PrivacyError, Withheld
from sroi.period import Period
from sroi.privacy import (
    MAX_CODE_DIGITS,
    check_code,
    check_initials,
    find_personal_identifier,
)

__all__ = [
    "MAX_WORKING_AGE",
    "MIN_WORKING_AGE",
    "REQUIRED_EVIDENCE",
    "BonusGrant",
    "Candidate",
    "Contract",
    "EvidenceItem",
    "EvidenceKind",
    "Item",
    "Location",
    "Organisation",
    "Placement",
    "PlacementKind",
    "SocialPurchase",
    "SrProject",
    "age_on",
]

MIN_WORKING_AGE = 15
"""The youngest plausible age of a candidate on a placement's first day (PrO/VSO interns)."""
MAX_WORKING_AGE = 75
"""The oldest plausible age of a candidate on a placement's first day."""

_KVK = re.compile(r"^\d{8}$")
_DIGITS_AND_SPACES = re.compile(r"^[\d .\-]{0,20}$")
_CODE = re.compile(rf"^(?!.*\d{{{MAX_CODE_DIGITS + 1}}})[a-z0-9][a-z0-9_\-.]{{0,62}}$")
_MAX_CODE_LENGTH = 63
_CODE_EXPECTED = (
    "a code of lower-case letters, digits, '-', '_' or '.' (at most 63 characters, no run of "
    f"more than {MAX_CODE_DIGITS} digits)"
)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day`` of a person born on ``birth_date``.

    >>> age_on(dt.date(1974, 3, 1), dt.date(2024, 2, 29))
    49
    >>> age_on(dt.date(1974, 3, 1), dt.date(2024, 3, 1))
    50
    """
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _kvk(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    expected = "an 8-digit KvK number such as '12345678'"
    if value is None or (isinstance(value, str) and _KVK.match(value)):
        return
    if isinstance(value, str):
        found = find_personal_identifier(value)
        if found is not None:  # e.g. a BSN (nine digits) typed where the KvK number belongs
            raise PrivacyError(attribute.name, value, expected, hint=f"it contains {found}")
        if not _DIGITS_AND_SPACES.match(value):  # letters may be a name: do not repeat them
            raise InvalidValueError(
                attribute.name,
                Withheld.of(value),
                expected,
                hint="not shown, as it may be personal data",
            )
    raise InvalidValueError(attribute.name, value, expected)


_accepted_codes: set[str] = set()
_accepted_initials: set[str] = set()


def _code(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value.__class__ is str and value in _accepted_codes:
        return  # passed every check below before: the checks depend on the value alone
    _check_code(attribute.name, value)
    v.remember(_accepted_codes, typing.cast(str, value))


def _initials(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value.__class__ is str and value in _accepted_initials:
        return
    check_initials(value, attribute.name)
    v.remember(_accepted_initials, typing.cast(str, value))


def _check_code(field: str, value: object) -> None:
    """Check a code's grammar and that it holds no personal data; raise naming ``field``."""
    if not isinstance(value, str):
        raise InvalidValueError(field, value, _CODE_EXPECTED)
    if len(value) > _MAX_CODE_LENGTH:
        # far too long for a code: it is text, and may be personal data
        raise InvalidValueError(
            field,
            Withheld.of(value),
            _CODE_EXPECTED,
            hint="not shown, as it may be personal data",
        )
    check_code(value, field)
    if _CODE.match(value):
        return
    if any(char.isspace() for char in value.strip()):
        # words with spaces may be a name or a sentence: say so, without repeating them
        raise InvalidValueError(
            field,
            Withheld.of(value),
            _CODE_EXPECTED,
            hint="it has spaces between words; not shown, as it may be personal data",
        )
    raise InvalidValueError(field, value, _CODE_EXPECTED)


code_validator = _code
"""Validator for rule codes (building blocks, bonuses, adjustments, target groups, regions).

A code is lower-case ASCII letters, digits, ``-``, ``_`` and ``.``, at most 63 characters, with
no run of more than :data:`~sroi.privacy.MAX_CODE_DIGITS` digits; a code holding a personal
identifier is a :class:`~sroi.exceptions.PrivacyError`, and a value with spaces between words is
refused without being repeated. Codes are also checked against the rule set when valuing.
"""


@attrs.frozen
class Location:
    """A location or unit of an organisation (vestiging, organisatieonderdeel)."""

    name: str = attrs.field(validator=v.text(200, names=False))
    """The name of the location or unit, e.g. ``"Vestiging Arnhem"``."""
    city: str | None = attrs.field(default=None, validator=v.optional(v.text(100, names=False)))
    """The city (plaats), if known."""
    address: str | None = attrs.field(default=None, validator=v.optional(v.text(200, names=False)))
    """The street address of the company location, if known (company data only)."""


@attrs.frozen
class Organisation:
    """A company or public body: a contractor, a buyer or a supplier.

    Only company data: name, Chamber of Commerce (KvK) number and locations; never a contact
    person's personal data.
    """

    name: str = attrs.field(validator=v.text(200, names=False))
    """The registered name."""
    kvk: str | None = attrs.field(default=None, validator=_kvk)
    """The 8-digit Chamber of Commerce number (KvK-nummer), if known."""
    locations: tuple[Location, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance(Location, "a Location"), "Location")
    )
    """The organisation's locations or units."""


@attrs.frozen
class Contract:
    """A procurement contract with a social-return obligation.

    Four fields are required (as in the buyer's manual): number, title, term and contractor. The
    rest is context that the obligation and the rule version depend on.
    """

    number: str = attrs.field(validator=v.text(100, names=False))
    """The contract number (inkoopcontractnummer)."""
    title: str = attrs.field(validator=v.text(300, names=False))
    """What was bought (onderwerp van de opdracht)."""
    term: Period = attrs.field(validator=v.instance(Period, "a Period"))
    """The contract term (looptijd), both days included."""
    contractor: Organisation = attrs.field(validator=v.instance(Organisation, "an Organisation"))
    """The contractor (opdrachtnemer) who carries the obligation."""
    value_excl_vat: Decimal | None = attrs.field(
        default=None, validator=v.optional(v.decimal_range(Decimal(0)))
    )
    """The contract value excluding VAT, in euros."""
    sr_percentage: Decimal | None = attrs.field(
        default=None, validator=v.optional(v.decimal_range(Decimal(0), Decimal(100)))
    )
    """The social-return percentage, e.g. ``Decimal("5")`` for 5%; the region's default if None."""
    award_date: dt.date | None = attrs.field(default=None, validator=v.optional(v.calendar_date))
    """The date of final award (gunning); picks the rule version when known."""
    region: str | None = attrs.field(default=None, validator=v.optional(_code))
    """The code of the region whose rules apply, e.g. ``"midden-gelderland"``."""
    adjustments: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(_code, "adjustment codes")
    )
    """Codes of the region's obligation adjustments that apply (e.g. a PSO discount)."""
    measurement_fractions: tuple[Decimal, ...] | None = attrs.field(
        default=None,
        validator=v.optional(
            v.tuple_of(
                v.decimal_range(Decimal(0), Decimal(1), low_inclusive=False), "fractions in (0, 1]"
            )
        ),
    )
    """Agreed measurement moments as fractions of the term; the region's defaults if None."""
    buyer: Organisation | None = attrs.field(
        default=None, validator=v.optional(v.instance(Organisation, "an Organisation"))
    )
    """The contracting authority (opdrachtgever), if recorded."""
    description: str | None = attrs.field(default=None, validator=v.optional(v.text(2000)))
    """Free-text context for the SR coordinator (never personal data)."""


class PlacementKind(enum.Enum):
    """The kind of agreement under which a candidate is placed."""

    JOB = "job"
    """An employment contract (arbeidsovereenkomst)."""
    BBL = "bbl"
    """A learning-work job (beroepsbegeleidende leerweg)."""
    BOL_INTERNSHIP = "bol-internship"
    """An MBO internship (beroepsopleidende leerweg, stage)."""
    INTERNSHIP = "internship"
    """Another internship (HBO/WO, PrO/VSO)."""
    SECONDMENT = "secondment"
    """A secondment (detachering) through a sheltered company or agency."""
    WORK_EXPERIENCE = "work-experience"
    """A work-experience place or trial placement (werkervaringsplek, proefplaatsing)."""


@attrs.frozen
class Candidate:
    """A person placed on a contract: initials, target group and birth date, nothing else.

    Initials that look like a full name are refused with :class:`~sroi.exceptions.PrivacyError`.
    """

    initials: str = attrs.field(validator=_initials)
    """Initials of first and last name, e.g. ``"J.P."``; never the name."""
    target_group: str = attrs.field(validator=_code)
    """The target group code (doelgroep), e.g. ``"participatiewet"``."""
    birth_date: dt.date = attrs.field(validator=v.calendar_date)
    """The birth date, used only for the age bonus and plausibility checks."""


@attrs.frozen
class BonusGrant:
    """A bonus value applied to a placement on a date (bonuswaarde toepassen)."""

    code: str = attrs.field(validator=_code)
    """The code of a bonus in the region's rule set, e.g. ``"permanent-contract"``."""
    granted_on: dt.date = attrs.field(validator=v.calendar_date)
    """The day the bonus was granted; a one-off bonus counts in full on this day."""


@attrs.frozen
class Placement:
    """A candidate placed on a contract under a building block.

    ``period`` is the agreed period (after any extension); ``exit_date`` records an early exit
    (voortijdig uit dienst): nothing after it counts.
    """

    candidate: Candidate = attrs.field(validator=v.instance(Candidate, "a Candidate"))
    """Who is placed."""
    kind: PlacementKind = attrs.field(validator=v.member(PlacementKind))
    """The kind of agreement."""
    block: str = attrs.field(validator=_code)
    """The building block code in the region's rule set."""
    period: Period = attrs.field(validator=v.instance(Period, "a Period"))
    """The agreed period, both days included."""
    hours_per_week: Decimal = attrs.field(validator=v.decimal_range(Decimal(0), Decimal(168)))
    """Average hours per week (an average is fine)."""
    exit_date: dt.date | None = attrs.field(default=None, validator=v.optional(v.calendar_date))
    """The last day worked after an early exit, if any."""
    bonuses: tuple[BonusGrant, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.instance(BonusGrant, "a BonusGrant"), "BonusGrant")
    )
    """Bonus values applied to this placement."""

    def __attrs_post_init__(self) -> None:
        age = age_on(self.candidate.birth_date, self.period.first)
        if not MIN_WORKING_AGE <= age <= MAX_WORKING_AGE:
            raise InvalidValueError(
                "candidate.birth_date",
                self.candidate.birth_date,
                f"an age of {MIN_WORKING_AGE} to {MAX_WORKING_AGE} on the placement's first day "
                f"({self.period.first.isoformat()}), not {age}",
            )
        if self.exit_date is not None and self.exit_date not in self.period:
            raise InvalidValueError("exit_date", self.exit_date, f"a day within {self.period}")
        for index, grant in enumerate(self.bonuses):
            if grant.granted_on not in self.active_period:
                raise InvalidValueError(
                    f"bonuses[{index}].granted_on",
                    grant.granted_on,
                    f"a day within the placement ({self.active_period})",
                )

    @property
    def active_period(self) -> Period:
        """The days the placement actually runs: the agreed period, cut at an early exit."""
        if self.exit_date is None:
            return self.period
        return Period(self.period.first, self.exit_date)


@attrs.frozen
class SocialPurchase:
    """A purchase from a social enterprise (sociaal inkopen), valued on its invoice date."""

    supplier: Organisation = attrs.field(validator=v.instance(Organisation, "an Organisation"))
    """The supplier (an SW-bedrijf, a social enterprise, a PSO-certified company)."""
    category: str = attrs.field(validator=_code)
    """The supplier category: a purchase building block code in the region's rule set."""
    invoice_date: dt.date = attrs.field(validator=v.calendar_date)
    """The invoice date; the purchase counts on this day."""
    amount_excl_vat: Decimal = attrs.field(validator=v.decimal_range(Decimal(0)))
    """The invoice amount excluding VAT, in euros."""
    reference: str | None = attrs.field(default=None, validator=v.optional(v.text(200)))
    """The invoice number or another reference."""


@attrs.frozen
class SrProject:
    """A social-return project (MVO-activiteit): hours at the region's rate, or an agreed amount.

    Exactly one of ``hours`` and ``agreed_amount`` is given. A one-day ``period`` is a single
    activity date; a longer one spreads the value evenly over its days.
    """

    description: str = attrs.field(validator=v.text(500))
    """What was done (guest lesson, coaching, help for a local initiative ...)."""
    period: Period = attrs.field(validator=v.instance(Period, "a Period"))
    """The activity date (a one-day period) or the activity's period."""
    block: str = attrs.field(validator=_code)
    """The project building block code (its hourly rate and provenance)."""
    hours: Decimal | None = attrs.field(
        default=None, validator=v.optional(v.decimal_range(Decimal(0)))
    )
    """Hours spent, valued at the block's hourly rate."""
    agreed_amount: Decimal | None = attrs.field(
        default=None, validator=v.optional(v.decimal_range(Decimal(0)))
    )
    """An amount agreed with the SR coordinator instead of hours."""

    def __attrs_post_init__(self) -> None:
        if (self.hours is None) == (self.agreed_amount is None):
            raise InvalidValueError(
                "hours",
                self.hours,
                "exactly one of hours and agreed_amount",
                hint=f"agreed_amount is {self.agreed_amount!r}",
            )

    @classmethod
    def on(
        cls,
        day: dt.date,
        description: str,
        block: str,
        *,
        hours: Decimal | None = None,
        agreed_amount: Decimal | None = None,
    ) -> SrProject:
        """Return a project held on one day."""
        return cls(description, Period(day, day), block, hours=hours, agreed_amount=agreed_amount)


Item = Placement | SocialPurchase | SrProject
"""Anything a contractor delivers that is valued: a placement, a social purchase or a project."""


class EvidenceKind(enum.Enum):
    """The two pieces of evidence every placement needs for a sample audit."""

    STARTING_POSITION = "starting_position"
    """A formal document showing the candidate's starting position (uitgangspositie)."""
    SIGNED_AGREEMENT = "signed_agreement"
    """The signed employment, learning-work, internship or secondment agreement."""


REQUIRED_EVIDENCE = (EvidenceKind.STARTING_POSITION, EvidenceKind.SIGNED_AGREEMENT)
"""The evidence every placement needs, in the order the contractor manual lists it."""


@attrs.frozen
class EvidenceItem:
    """A record that one piece of evidence exists: its kind, what document it is and its date.

    Metadata only: ``document_kind`` is a short description such as ``"UWV decision"`` or
    ``"BBL agreement"``, refused when it holds a personal identifier.
    """

    kind: EvidenceKind = attrs.field(validator=v.member(EvidenceKind))
    """Which of the two required pieces of evidence this is."""
    document_kind: str = attrs.field(validator=v.text(100))
    """What sort of document it is, e.g. ``"UWV decision"``; never a name or a number."""
    dated: dt.date = attrs.field(validator=v.supported_date)
    """The date of the document."""
