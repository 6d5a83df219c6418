"""A store in a Redis database, shared by every process (on any machine) that opens it.

Each value is one Redis key, changed by an optimistic transaction (WATCH the key, read it,
compute the change, MULTI/EXEC), retried when another process changed the key meanwhile,
so a change is atomic across processes. A table's keys are also listed in a set, for
`values`. Every key starts with `mockserver:`, and `clear` removes those alone. Each
command has socket timeouts: a Redis that is gone or stopped is the store unavailable
within seconds, never a hang; the next command after it is back reconnects.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from ..domain.store import Change, R, StoreUnavailable, T, Table
from .codec import DecodedValues, encode

PREFIX = "mockserver:"
SOCKET_TIMEOUT = 2.0
CONNECT_TIMEOUT = 1.0
MAX_CONFLICTS = 1000
"""Changes of one key lost to other processes before the store gives up (never reached
in practice: each conflict means another change went through)."""
CLEAR_BATCH = 500


class RedisStore:
    shared = True

    def __init__(self, url: str) -> None:
        # Timeouts given in the URL's query (socket_timeout=...) win over these.
        self._client = redis.Redis.from_url(
            url,
            socket_timeout=SOCKET_TIMEOUT,
            socket_connect_timeout=CONNECT_TIMEOUT,
            # One immediate retry, on a fresh connection: a pooled connection that Redis
            # closed (it restarted) fails its next command once.
            retry=Retry(NoBackoff(), 1),
        )
        self._decoded = DecodedValues()

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
        with _reachable(), self._client.pipeline() as pipe:
            for _ in range(MAX_CONFLICTS):
                try:
                    pipe.watch(name)  # type: ignore[no-untyped-call]
                    old = _bytes(pipe.get(name))
                    current = None if old is None else self._decoded.decode(table, key, old)
                    new, result = change(current)
                    data = None if new is None or new is current else encode(new)
                    pipe.multi()
                    # Unchanged, an expiring value is written again: its lifetime restarts.
                    _write(pipe, table, key, new, data or (old if table.lifetime else None))
                    pipe.execute()
                    if data is not None and new is not None:
                        self._decoded.keep(table, key, data, new)
                    return result
                except redis.WatchError:
                    continue
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


def _write(
    pipe: redis.client.Pipeline, table: Table[T], key: str, new: T | None, data: bytes | None
) -> None:
    """The writes of a change to `new`, encoded as `data` (None, or the bytes stored
    already, when it is unchanged)."""
    name = _value_key(table, key)
    if new is None:
        pipe.delete(name)
        if not table.lifetime:
            pipe.srem(_index_key(table), key)
    elif table.lifetime and data is not None:
        pipe.set(name, data, px=int(table.lifetime * 1000))
    elif data is not None:
        pipe.set(name, data)
        pipe.sadd(_index_key(table), key)


def _value_key(table: Table[T], key: str) -> str:
    return f"{PREFIX}value:{table.name}:{key}"


def _index_key(table: Table[T]) -> str:
    return f"{PREFIX}keys:{table.name}"


def _blob_key(key: str) -> str:
    return f"{PREFIX}blob:{key}"


def _bytes(reply: Any) -> bytes | None:
    """A reply of the synchronous client (typed as sync or async by redis-py)."""
    return cast("bytes | None", reply)


@contextmanager
def _reachable() -> Iterator[None]:
    """Redis out of reach, or too slow to answer, is the store unavailable."""
    try:
        yield
    except (redis.ConnectionError, redis.TimeoutError) as error:
        raise StoreUnavailable() from error
