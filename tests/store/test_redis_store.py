"""The Redis store when Redis is slow, gone or back, and its expiring values."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import redis

from mockserver.domain.store import StoreUnavailable, Table
from mockserver.store import open_store
from tests.redis_server import RedisServer, running_redis

pytestmark = pytest.mark.slow

NUMBERS: Table[int] = Table("numbers", int)


def test_an_expiring_value_has_its_lifetime_in_redis(redis_server: RedisServer) -> None:
    store = open_store(redis_server.url)
    store.clear()
    store.change(Table("windows", int, lifetime=60), "client", lambda _: (1, None))
    ttl = redis.Redis.from_url(redis_server.url).pttl("mockserver:value:windows:client")
    assert 0 < int(ttl) <= 60_000  # type: ignore[arg-type]


def test_clear_leaves_other_keys_of_the_database_alone(redis_server: RedisServer) -> None:
    other = redis.Redis.from_url(redis_server.url)
    other.set("someone-else", b"kept")
    store = open_store(redis_server.url)
    store.put_blob("k", b"x")
    store.clear()
    assert other.get("someone-else") == b"kept"
    assert store.get_blob("k") is None


def test_a_hung_redis_is_unavailable_within_the_timeout_then_back(tmp_path: Path) -> None:
    with running_redis(tmp_path) as server:
        store = open_store(server.url + "?socket_timeout=0.5")
        store.change(NUMBERS, "a", lambda _: (1, None))
        server.pause()
        started = time.monotonic()
        with pytest.raises(StoreUnavailable):
            store.read(NUMBERS, "a")
        assert time.monotonic() - started < 3
        server.resume()
        assert store.read(NUMBERS, "a") == 1


def test_a_stopped_redis_is_unavailable_at_once(tmp_path: Path) -> None:
    with running_redis(tmp_path) as server:
        store = open_store(server.url)
        store.read(NUMBERS, "a")
    started = time.monotonic()
    with pytest.raises(StoreUnavailable):
        store.change(NUMBERS, "a", lambda _: (1, None))
    assert time.monotonic() - started < 3
