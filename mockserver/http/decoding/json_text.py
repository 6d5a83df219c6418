"""JSON request bodies, decoded strictly and within limits, in time linear in their size.

msgspec's decoder refuses what Python's `json` lets through and a server cannot give back:
invalid UTF-8 (also surrogates encoded in it), lone UTF-16 surrogate escapes, `NaN` and
`Infinity`, numbers out of range. What it builds is bounded before it builds it: the count
of the body's `,`, `[` and `{` bytes outside its strings bounds the values it holds (each
value but the first follows a comma or opens a container), so a body past `max_values` is
refused by counts made at memory speed, before any object is made: first of every such
byte, and only when that is too many, of those outside strings (found by splitting at the
quotes left once escaped backslashes and quotes are taken out). Depth is checked on the
decoded value, only when the body opens more containers than `max_depth`; the decoder's
own recursion guard answers for anything deeper than Python can nest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from .refusals import MalformedJson, NestedTooDeeply, NotText, TooManyValues

_DECODER = msgspec.json.Decoder()
_COUNTED_PIECE = 256 * 1024


@dataclass(frozen=True)
class JsonLimits:
    """How much JSON one request may carry."""

    max_depth: int = 100
    """Containers nested in one another (`[[1]]` is 2 deep)."""
    max_values: int = 10_000
    """Values of any kind, containers included, object keys not counted."""


DEFAULT_JSON_LIMITS = JsonLimits()


def decode_json(raw: bytes, limits: JsonLimits) -> Any:
    """The JSON value `raw` spells; `InputRefused` for anything else or anything larger."""
    opened = _opened_containers(raw, limits.max_values)
    try:
        value = _DECODER.decode(raw)
    except RecursionError:
        raise NestedTooDeeply(limits.max_depth) from None
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raise NotText() from None
        raise MalformedJson(_without_offset(str(error))) from None
    if opened > limits.max_depth and _depth_exceeds(value, limits.max_depth):
        raise NestedTooDeeply(limits.max_depth)
    return value


def most_json_values(raw: bytes) -> int:
    """At most how many values `raw` holds (its `,`, `[` and `{` bytes, strings included,
    and one): a count at memory speed, for a caller that weighs the work a body will cost."""
    return raw.count(b",") + raw.count(b"[") + raw.count(b"{") + 1


def _opened_containers(raw: bytes, max_values: int, piece: int = _COUNTED_PIECE) -> int:
    """How many containers `raw` opens outside its strings (at most: inside them too,
    when that is few enough); `TooManyValues` when it holds more than `max_values`."""
    opened = raw.count(b"[") + raw.count(b"{")
    if opened + raw.count(b",") < max_values:
        return opened
    opened = values = quotes = 0
    inside = False  # (whether the piece starts inside a string)
    carried = b""  # (a backslash the last piece ended with, its pair still to come)
    # A piece at a time, so that no one call keeps the interpreter long when this runs on a
    # worker thread: taking the escapes out of 10 MB at once takes over 20 ms, splitting
    # 8 MB of short strings 40 ms.
    for start in range(0, len(raw), piece):
        text = carried + raw[start : start + piece]
        # A run of backslashes at the piece's end is finished by the next piece's first
        # byte: kept back, as its parity (pairs of backslashes escape each other).
        kept = len(text) - len(text.rstrip(b"\\"))
        carried = b"\\" * (kept % 2)
        unescaped = text[: len(text) - kept].replace(b"\\\\", b"").replace(b'\\"', b"")
        quotes += unescaped.count(b'"')
        # Each string is a key or a value: past twice the values, too many either way.
        if quotes > 4 * max_values:
            raise TooManyValues(max_values)
        strings = unescaped.split(b'"')
        outside = b"".join(strings[1 if inside else 0 :: 2])
        opened += outside.count(b"[") + outside.count(b"{")
        values += outside.count(b",")
        inside ^= len(strings) % 2 == 0  # an odd count of quotes in the piece
    if opened + values >= max_values:
        raise TooManyValues(max_values)
    return opened


def _depth_exceeds(value: Any, limit: int) -> bool:
    pending = [(value, 1)] if isinstance(value, dict | list) else []
    while pending:
        item, depth = pending.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _without_offset(message: str) -> str:
    """msgspec's words without its `JSON is malformed: ` prefix."""
    return message.removeprefix("JSON is malformed: ")
