"""Identifiers: random UUIDs, shown as 22-character shortuuids, accepted in either form."""

from __future__ import annotations

import re
import uuid

import shortuuid

SHORTUUID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_SHORT_FORM = re.compile(f"^[{SHORTUUID_ALPHABET}]{{22}}$")
_CANONICAL_FORM = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
_codec = shortuuid.ShortUUID(alphabet=SHORTUUID_ALPHABET)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def short_form(value: uuid.UUID) -> str:
    """The 22-character shortuuid spelling of a UUID."""
    return _codec.encode(value).rjust(22, SHORTUUID_ALPHABET[0])


def parse_id(text: str) -> uuid.UUID | None:
    """Read an id given as a 22-char shortuuid or a canonical UUID; None when it is neither."""
    if _SHORT_FORM.match(text):
        try:
            value = _codec.decode(text)
        except ValueError:
            return None
        # A 22-char string may encode a number above 2**128: not a UUID at all.
        return value if short_form(value) == text else None
    if _CANONICAL_FORM.match(text):
        return uuid.UUID(text)
    return None


def is_short_id(text: str) -> bool:
    return parse_id(text) is not None and bool(_SHORT_FORM.match(text))
