"""Values as bytes for the engines that keep them outside the process: MessagePack, by
msgspec, decoded back to each table's value type (dataclasses, enums, UUIDs and datetimes
come back as they went in).

A part that is a tuple of values never changed in place (`EncodedOnce`: a run of a
gallery's images) is encoded from its values' own encodings, each made once and kept with
the value: a delete or an upload in a run of 200 images encodes one image, not 200 (a run
of 190 images took 113 us to encode whole, every time).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import cache
from typing import Any

import msgspec

from ..domain.store import EncodedOnce, T, Table

_ENCODER = msgspec.msgpack.Encoder()
KEPT_VALUES = 4096
"""Values kept decoded, at most (the most recently used)."""
KEPT_BYTES = 64 * 1024 * 1024
"""The most bytes of encoded values kept with them."""


def encode(value: object) -> bytes:
    if type(value) is tuple and value and isinstance(value[0], EncodedOnce):
        return _ENCODER.encode([_encoded_once(item) for item in value])
    return _ENCODER.encode(value)


def _encoded_once(value: object) -> object:
    if not isinstance(value, EncodedOnce):
        return value
    try:
        encoded: msgspec.Raw = value._encoded
    except AttributeError:
        encoded = msgspec.Raw(_ENCODER.encode(value))
        object.__setattr__(value, "_encoded", encoded)
    return encoded


def decode(table: Table[T], data: bytes) -> T:
    decoded: T = _decoder(table.value_type).decode(data)
    return decoded


@cache
def _decoder(value_type: Any) -> msgspec.msgpack.Decoder[Any]:
    return msgspec.msgpack.Decoder(value_type)


class DecodedValues:
    """The last value read or written under each key, with its bytes: read again
    unchanged, a value is not decoded again but is the object read before, so that what
    is derived from it and kept with it (a gallery's rendered listing) is found again, as
    over the memory store. A large gallery then costs no decoding either while no other
    process changes it."""

    def __init__(self, max_values: int = KEPT_VALUES, max_bytes: int = KEPT_BYTES) -> None:
        self._values: OrderedDict[tuple[str, str], tuple[bytes, Any]] = OrderedDict()
        self._bytes = 0
        self._max_values, self._max_bytes = max_values, max_bytes
        self._lock = threading.Lock()

    def decode(self, table: Table[T], key: str, data: bytes) -> T:
        with self._lock:
            kept = self._values.get((table.name, key))
            if kept is not None:
                self._values.move_to_end((table.name, key))
        if kept is not None and kept[0] == data:
            value: T = kept[1]
            return value
        value = decode(table, data)
        self.keep(table, key, data, value)
        return value

    def keep(self, table: Table[T], key: str, data: bytes, value: T) -> None:
        with self._lock:
            old = self._values.pop((table.name, key), None)
            self._bytes += len(data) - (len(old[0]) if old else 0)
            self._values[(table.name, key)] = (data, value)
            while self._values and (
                len(self._values) > self._max_values or self._bytes > self._max_bytes
            ):
                _, (dropped, _) = self._values.popitem(last=False)
                self._bytes -= len(dropped)

    def forget(self, table: Table[T], key: str) -> None:
        with self._lock:
            old = self._values.pop((table.name, key), None)
            self._bytes -= len(old[0]) if old else 0

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._bytes = 0
