"""Values as bytes for the engines that keep them outside the process: MessagePack, by
msgspec, decoded back to each table's value type (dataclasses, enums, UUIDs and datetimes
come back as they went in)."""

from __future__ import annotations

from functools import cache
from typing import Any

import msgspec

from ..domain.store import T, Table

_ENCODER = msgspec.msgpack.Encoder()


def encode(value: object) -> bytes:
    return _ENCODER.encode(value)


def decode(table: Table[T], data: bytes) -> T:
    decoded: T = _decoder(table.value_type).decode(data)
    return decoded


@cache
def _decoder(value_type: Any) -> msgspec.msgpack.Decoder[Any]:
    return msgspec.msgpack.Decoder(value_type)
