"""Values as bytes for the engines that keep them outside the process: MessagePack, by
msgspec, decoded back to each table's value type (dataclasses, enums, UUIDs and datetimes
come back as they went in).

The same bytes decode to the same object while it is among the last few decoded: a value
read again unchanged is then the object read before, so that what is derived from it and
kept with it (a gallery's rendered listing) is found again, as over the memory store.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

import msgspec

from ..domain.store import T, Table

_ENCODER = msgspec.msgpack.Encoder()
REUSED_VALUES = 1024
"""Decoded values kept for their bytes, at most."""
REUSED_BYTES = 64 * 1024
"""The largest encoded value kept (a gallery of some hundreds of images)."""


def encode(value: object) -> bytes:
    return _ENCODER.encode(value)


def decode(table: Table[T], data: bytes) -> T:
    decoded: T = (
        _decoded(table.value_type, data)
        if len(data) <= REUSED_BYTES
        else _decoder(table.value_type).decode(data)
    )
    return decoded


@lru_cache(maxsize=REUSED_VALUES)
def _decoded(value_type: Any, data: bytes) -> Any:
    return _decoder(value_type).decode(data)


@cache
def _decoder(value_type: Any) -> msgspec.msgpack.Decoder[Any]:
    return msgspec.msgpack.Decoder(value_type)
