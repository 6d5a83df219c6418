"""The Redis store when Redis is hung, gone or back, and its expiring values."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import redis

from mockserver.domain.store import Store, StoreUnavailable, Table
from mockserver.store import open_store
from tests.redis_server import RedisServer, running_redis

pytestmark = pytest.mark.slow

NUMBERS: Table[int] = Table("numbers", int)
EXPIRING: Table[int] = Table("expiring", int, lifetime=60)


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
        store = open_store(server.url, timeout=0.5)
        store.change(NUMBERS, "a", lambda _: (1, None))
        server.pause()
        started = time.monotonic()
        with pytest.raises(StoreUnavailable):
            store.read(NUMBERS, "a")
        assert time.monotonic() - started < 0.5 + 1  # waited once, not again on a retry
        started = time.monotonic()
        for _ in range(20):  # out of reach: no call waits any more
            with pytest.raises(StoreUnavailable):
                store.change(NUMBERS, "a", lambda _: (2, None))
        assert time.monotonic() - started < 0.5
        server.resume()
        assert back(store) == 1
        store.change(NUMBERS, "a", lambda _: (3, None))
        assert store.read(NUMBERS, "a") == 3


def test_the_url_timeout_wins_over_the_store_timeout(tmp_path: Path) -> None:
    with running_redis(tmp_path) as server:
        store = open_store(server.url + "?socket_timeout=0.3", timeout=30)
        store.read(NUMBERS, "a")
        server.pause()
        started = time.monotonic()
        with pytest.raises(StoreUnavailable):
            store.read(NUMBERS, "a")
        assert time.monotonic() - started < 5


@pytest.mark.parametrize("table", [NUMBERS, EXPIRING], ids=["kept", "expiring"])
def test_a_change_that_timed_out_is_written_whole_or_not_at_all(
    tmp_path: Path, table: Table[int]
) -> None:
    """Redis stops between the read of a value and the write of its change: the change
    times out, is not tried again, and Redis, once back, holds it whole or not at all."""
    with running_redis(tmp_path) as server:
        store = open_store(server.url, timeout=0.5)
        store.change(table, "kept", lambda _: (1, None))
        calls = []

        def pause_then_set(value: int | None) -> tuple[int, None]:
            calls.append(value)
            server.pause()
            return 7, None

        started = time.monotonic()
        with pytest.raises(StoreUnavailable):
            store.change(table, "new", pause_then_set)
        assert time.monotonic() - started < 0.5 + 1
        server.resume()
        back(store)
        assert calls == [None]
        written = store.read(table, "new")
        assert written in (None, 7)
        raw = redis.Redis.from_url(server.url)
        if not table.lifetime:
            indexed = raw.sismember("mockserver:keys:numbers", "new")
            assert bool(indexed) == (written is not None)
        assert sorted(store.values(table)) == sorted([1] + ([7] if written else []))
        store.change(table, "new", lambda _: (8, None))
        assert store.read(table, "new") == 8


def back(store: Store) -> int | None:
    """The value of "a" once the store answers again (its probe found Redis back)."""
    deadline = time.monotonic() + 10
    while True:
        try:
            return store.read(NUMBERS, "a")
        except StoreUnavailable:
            assert time.monotonic() < deadline, "the store is not back"
            time.sleep(0.05)


def test_a_stopped_redis_is_unavailable_at_once(tmp_path: Path) -> None:
    with running_redis(tmp_path) as server:
        store = open_store(server.url)
        store.read(NUMBERS, "a")
    started = time.monotonic()
    with pytest.raises(StoreUnavailable):
        store.change(NUMBERS, "a", lambda _: (1, None))
    assert time.monotonic() - started < 3
