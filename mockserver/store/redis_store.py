"""A store in a Redis database, shared by every process (on any machine) that opens it.

Each value is one Redis key, changed by an optimistic transaction (WATCH the key, read it,
compute the change, MULTI/EXEC), retried when another process changed the key meanwhile,
so a change is atomic across processes. A parted value's head and each of its parts are
keys of their own: its change watches the head alone (every change writes it) and reads
and writes only the parts it names. A table's keys are also listed in a set, for
`values` (a parted value's heads, not its parts). Every key starts with `mockserver:`,
and `clear` removes those alone. Each command waits at most the store's timeout for its
answer: a Redis that is gone or hung is the store unavailable, never a hang, and a command
that timed out is not sent again (it may still be carried out once Redis answers: a
change's MULTI/EXEC then applies whole or not at all). The next command after Redis is
back reconnects.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from ..domain.store import Change, H, P, PartedTable, PartsChange, R, StoreUnavailable, T, Table
from .codec import DecodedValues, encode

PREFIX = "mockserver:"
SOCKET_TIMEOUT = 2.0
"""Seconds a command waits for Redis's answer, unless the store is given its own."""
CONNECT_TIMEOUT = 1.0
"""Seconds a new connection waits to be accepted (the timeout, when that is shorter)."""
MAX_CONFLICTS = 1000
"""Changes of one key lost to other processes before the store gives up (never reached
in practice: each conflict means another change went through)."""
CLEAR_BATCH = 500


class RedisStore:
    shared = True

    def __init__(self, url: str, timeout: float = SOCKET_TIMEOUT) -> None:
        # Timeouts given in the URL's query (socket_timeout=...) win over these.
        self._client = redis.Redis.from_url(
            url,
            socket_timeout=timeout,
            socket_connect_timeout=min(CONNECT_TIMEOUT, timeout),
            # One immediate retry, on a fresh connection, of a command whose connection
            # failed (Redis closed it when it restarted); never of one that timed out.
            retry=Retry(NoBackoff(), 1, supported_errors=(redis.ConnectionError,)),
        )
        self._decoded = DecodedValues()

    def probe(self) -> None:
        with _reachable():
            self._client.ping()

    def read(self, table: Table[T], key: str) -> T | None:
        with _reachable():
            data = _bytes(self._client.get(_value_key(table, key)))
        return None if data is None else self._decoded.decode(table, key, data)

    def values(self, table: Table[T]) -> list[T]:
        with _reachable():
            if table.lifetime:
                prefix = _value_key(table, "")
                names = cast("list[bytes]", list(self._client.scan_iter(match=prefix + "*")))
                keys = [name.decode().removeprefix(prefix) for name in names]
            else:
                members = cast("set[bytes]", self._client.smembers(_index_key(table)))
                keys = [key.decode() for key in members]
            stored = [_value_key(table, key) for key in keys]
            found = cast("list[bytes | None]", self._client.mget(stored)) if keys else []
        return [
            self._decoded.decode(table, key, data)
            for key, data in zip(keys, found, strict=True)
            if data is not None
        ]

    def change(self, table: Table[T], key: str, change: Change[T, R]) -> R:
        name = _value_key(table, key)
        with _reachable(), _own_connection(self._client.connection_pool) as own:
            connection = own.connection
            for _ in range(MAX_CONFLICTS):
                old = _bytes(_watch_and_get(connection, name))
                try:
                    current = None if old is None else self._decoded.decode(table, key, old)
                    new, result = change(current)
                except BaseException:
                    _command(connection, "UNWATCH")  # nothing is written
                    own.refused = True
                    raise
                data = None if new is None or new is current else encode(new)
                # Unchanged, an expiring value is written again: its lifetime restarts.
                writes = _writes(table, key, new, data or (old if table.lifetime else None))
                if _transaction(connection, writes):
                    if data is not None and new is not None:
                        self._decoded.keep(table, key, data, new)
                    return result
        raise StoreUnavailable()

    def change_parts(self, table: PartedTable[H, P], key: str, change: PartsChange[H, P, R]) -> R:
        """As `change`, with the head watched: every change that writes a part writes the
        head, so a part read meanwhile by another change is caught by its EXEC. A change
        that raised after reading parts torn by another is called again."""
        heads, parts = table.head, table.parts
        name = _value_key(heads, key)
        with _reachable(), _own_connection(self._client.connection_pool) as own:
            connection = own.connection
            for _ in range(MAX_CONFLICTS):
                old = _bytes(_watch_and_get(connection, name))

                def read(part: str) -> P | None:
                    part_key = table.part_key(key, part)
                    data = _bytes(_command(connection, "GET", _value_key(parts, part_key)))
                    return None if data is None else self._decoded.decode(parts, part_key, data)

                try:
                    current = None if old is None else self._decoded.decode(heads, key, old)
                    new, writes, result = change(current, read)
                except BaseException:
                    if not _transaction(connection, []):
                        continue  # the head changed meanwhile: what it read may be torn
                    own.refused = True
                    raise
                encoded = {
                    part: None if value is None else encode(value) for part, value in writes.items()
                }
                commands: list[tuple[Any, ...]] = [
                    ("DEL", _value_key(parts, table.part_key(key, part)))
                    if data is None
                    else ("SET", _value_key(parts, table.part_key(key, part)), data)
                    for part, data in encoded.items()
                ]
                head_data = None
                if new is not current or writes:
                    head_data = encode(new)
                    commands += _writes(heads, key, new, head_data)
                if _transaction(connection, commands):
                    if head_data is not None:
                        self._decoded.keep(heads, key, head_data, new)
                    for part, data in encoded.items():
                        part_key = table.part_key(key, part)
                        value = writes[part]
                        if data is None or value is None:
                            self._decoded.forget(parts, part_key)
                        else:
                            self._decoded.keep(parts, part_key, data, value)
                    return result
        raise StoreUnavailable()

    def next_number(self, counter: str) -> int:
        with _reachable():
            number = self._client.incr(f"{PREFIX}counter:{counter}")
        return cast("int", number)

    def put_blob(self, key: str, content: bytes) -> None:
        with _reachable():
            self._client.set(_blob_key(key), content)

    def get_blob(self, key: str) -> bytes | None:
        with _reachable():
            return _bytes(self._client.get(_blob_key(key)))

    def delete_blob(self, key: str) -> None:
        with _reachable():
            self._client.delete(_blob_key(key))

    def clear(self) -> None:
        self._decoded.clear()
        with _reachable():
            keys = self._client.scan_iter(match=PREFIX + "*", count=CLEAR_BATCH)
            while batch := list(itertools.islice(keys, CLEAR_BATCH)):
                self._client.unlink(*batch)


def _writes(table: Table[T], key: str, new: T | None, data: bytes | None) -> list[tuple[Any, ...]]:
    """The commands of a change to `new`, encoded as `data` (None, or the bytes stored
    already, when it is unchanged)."""
    name = _value_key(table, key)
    if new is None:
        return (
            [("DEL", name)] if table.lifetime else [("DEL", name), ("SREM", _index_key(table), key)]
        )
    if table.lifetime and data is not None:
        return [("SET", name, data, "PX", int(table.lifetime * 1000))]
    if data is not None:
        return [("SET", name, data), ("SADD", _index_key(table), key)]
    return []


def _command(connection: Any, *args: Any) -> Any:
    connection.send_command(*args)
    return connection.read_response()


def _watch_and_get(connection: Any, name: str) -> Any:
    """The value stored under `name`, watched (both commands sent at once)."""
    connection.send_packed_command(connection.pack_commands([("WATCH", name), ("GET", name)]))
    connection.read_response()
    return connection.read_response()


def _transaction(connection: Any, writes: list[tuple[Any, ...]]) -> bool:
    """Whether `writes` were made, as one MULTI/EXEC (not when a watched key changed)."""
    connection.send_packed_command(connection.pack_commands([("MULTI",), *writes, ("EXEC",)]))
    for _ in range(len(writes) + 1):  # MULTI's OK, then QUEUED for each write
        connection.read_response()
    return connection.read_response() is not None


def _value_key(table: Table[T], key: str) -> str:
    return f"{PREFIX}value:{table.name}:{key}"


def _index_key(table: Table[T]) -> str:
    return f"{PREFIX}keys:{table.name}"


def _blob_key(key: str) -> str:
    return f"{PREFIX}blob:{key}"


def _bytes(reply: Any) -> bytes | None:
    """A reply of the synchronous client (typed as sync or async by redis-py)."""
    return cast("bytes | None", reply)


@dataclass
class _OwnConnection:
    connection: Any
    refused: bool = False
    """Whether the change refused, its watch undone: the connection is clean to reuse."""


@contextmanager
def _own_connection(pool: Any) -> Iterator[_OwnConnection]:
    """A connection of its own, spoken to directly: a command that times out is never sent
    again (redis-py's pipeline would UNWATCH on a new connection, waiting for a hung Redis
    twice, and take the lost connection for a conflict). On any failure but a clean refusal
    it is dropped, since an answer may still be due or a key watched (a later command opens
    another); it goes back to the pool either way."""
    own = _OwnConnection(pool.get_connection())
    try:
        yield own
    except BaseException:
        if not own.refused:
            own.connection.disconnect()
        raise
    finally:
        pool.release(own.connection)


@contextmanager
def _reachable() -> Iterator[None]:
    """Redis out of reach, or too slow to answer, is the store unavailable."""
    try:
        yield
    except (redis.ConnectionError, redis.TimeoutError) as error:
        raise StoreUnavailable() from error
