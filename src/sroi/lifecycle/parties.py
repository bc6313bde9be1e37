"""Who takes part in a contract, and what may be attached to it.

* :class:`Role`: the four roles of the manuals (buyer, contract manager, SR coordinator,
  contractor). Every event records the role that made it.
* :class:`ContactPerson`: a person who may see the contract, stored as a role and initials only.
* :class:`Attachment`: a document's metadata (file name, media type, size, SHA-256); sroi never
  stores the content.
"""

from __future__ import annotations

import enum
import hashlib
import re
from typing import Any

import attrs

from sroi import _validators as v
from sroi.exceptions import InvalidValueError, Withheld
from sroi.privacy import check_free_text, check_initials

__all__ = ["Attachment", "ContactPerson", "Role"]

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+\-]*/[a-z0-9][a-z0-9!#$&^_.+\-]*$")


class Role(enum.Enum):
    """The role in which someone records an event on a contract."""

    BUYER = "buyer"
    """The contracting authority's buyer (opdrachtgever, inkoopadviseur)."""
    CONTRACT_MANAGER = "contract_manager"
    """The buyer's contract manager (contractmanagement)."""
    SR_COORDINATOR = "sr_coordinator"
    """The SR coordinator (regisseur, team social return): agrees, reviews and monitors."""
    CONTRACTOR = "contractor"
    """The contractor (opdrachtnemer, contractpartner): proposes and keeps items up to date."""


@attrs.frozen
class ContactPerson:
    """A person who may see the contract: the role and initials, nothing more.

    Contact persons are employees of the buyer or the contractor, but sroi still stores no name,
    e-mail address or phone number for them: the role and initials are enough to show who is
    involved, and the organisations' own systems hold how to reach them.
    """

    role: Role = attrs.field(validator=v.member(Role))
    """The role of the person on this contract."""
    initials: str = attrs.field(validator=lambda i, a, value: check_initials(value, a.name))
    """Initials, e.g. ``"A.B."``; a full name is refused."""


def _file_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    v.text(255)(instance, attribute, value)
    assert isinstance(value, str)
    if "/" in value or "\\" in value:
        raise InvalidValueError(
            attribute.name, Withheld.of(value), "a file name without a directory"
        )


def _media_type(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    expected = "a lower-case media type such as 'application/pdf'"
    if not isinstance(value, str):
        raise InvalidValueError(attribute.name, value, expected)
    check_free_text(value, attribute.name, names=False)  # checked like free text
    if not _MEDIA_TYPE.match(value):
        raise InvalidValueError(attribute.name, Withheld.of(value), expected)


def _sha256(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _SHA256.match(value):
        raise InvalidValueError(attribute.name, value, "64 lower-case hexadecimal characters")


@attrs.frozen
class Attachment:
    """A document attached to a contract or an item: metadata only, never the content.

    The SHA-256 digest lets anyone check later that a document shown is the one recorded.

    >>> a = Attachment.of("sr-agreement.pdf", "application/pdf", b"%PDF-1.7 ...")
    >>> a.size, a.sha256[:12]
    (12, 'cd98c5bce101')
    """

    file_name: str = attrs.field(validator=_file_name)
    """The file name, e.g. ``"plan-van-aanpak.pdf"``; checked for personal identifiers."""
    media_type: str = attrs.field(validator=_media_type)
    """The media type, e.g. ``"application/pdf"``."""
    size: int = attrs.field(validator=v.int_range(0))
    """The size in bytes."""
    sha256: str = attrs.field(validator=_sha256)
    """The SHA-256 digest of the content, in lower-case hexadecimal."""

    @classmethod
    def of(cls, file_name: str, media_type: str, content: bytes) -> Attachment:
        """Describe ``content`` by its size and digest; the content itself is not kept.

        Raises:
            InvalidValueError: when the file name or media type is not valid.
        """
        if not isinstance(content, bytes):
            raise InvalidValueError("content", type(content).__name__, "bytes")
        return cls(file_name, media_type, len(content), hashlib.sha256(content).hexdigest())
