"""Identifiers: random UUIDs, shown as 22-character shortuuids, accepted in either form."""

from __future__ import annotations

import re
import uuid

import shortuuid

SHORTUUID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_SHORT_FORM = re.compile(f"[{SHORTUUID_ALPHABET}]{{22}}")
_CANONICAL_FORM = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_codec = shortuuid.ShortUUID(alphabet=SHORTUUID_ALPHABET)


def short_form(value: uuid.UUID) -> str:
    """The 22-character shortuuid spelling of a UUID."""
    return _codec.encode(value).rjust(22, SHORTUUID_ALPHABET[0])


_BASE = len(SHORTUUID_ALPHABET)
assert _BASE == 57  # `short_number` multiplies by it written out
_DIGIT_VALUES = bytes.maketrans(SHORTUUID_ALPHABET.encode(), bytes(range(_BASE)))
_UUID_LIMIT = 1 << 128
_GROUP = _BASE**6
_LAST_GROUP = _BASE**4


def short_number(text: str) -> int:
    """The number 22 digits of the alphabet spell in base 57, most significant first (the
    reading of `short_form`'s spelling). Read in groups of six digits and one of four,
    each group a number below 2**36, rather than digit by digit into one number that grows
    to 128 bits: less than half the time."""
    digits = text.encode("ascii").translate(_DIGIT_VALUES)
    a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v = digits  # noqa: E741
    first = ((((a * 57 + b) * 57 + c) * 57 + d) * 57 + e) * 57 + f
    second = ((((g * 57 + h) * 57 + i) * 57 + j) * 57 + k) * 57 + l
    third = ((((m * 57 + n) * 57 + o) * 57 + p) * 57 + q) * 57 + r
    last = ((s * 57 + t) * 57 + u) * 57 + v
    return ((first * _GROUP + second) * _GROUP + third) * _LAST_GROUP + last


def parse_id(text: str) -> uuid.UUID | None:
    """Read an id given as a 22-char shortuuid or a canonical UUID; None when it is neither."""
    if _SHORT_FORM.fullmatch(text):
        number = short_number(text)
        # A 22-char string may encode a number of 2**128 or more: not a UUID at all.
        return uuid.UUID(int=number) if number < _UUID_LIMIT else None
    if _CANONICAL_FORM.fullmatch(text):
        return uuid.UUID(text)
    return None


def is_short_id(text: str) -> bool:
    return parse_id(text) is not None and bool(_SHORT_FORM.fullmatch(text))


# Serial ids are counted from 1 and never come near 19 digits; a longer number names
# nothing (and one past 4,300 digits Python would refuse to read at all).
MAX_SERIAL_DIGITS = 18


def parse_serial(text: str) -> int | None:
    """Read a serial id written in ASCII digits; None for anything else, or a number longer
    than any serial (`int()` alone would also take other scripts' digits and spaces)."""
    if not 0 < len(text) <= MAX_SERIAL_DIGITS or not text.isascii() or not text.isdigit():
        return None
    return int(text)
