"""The SQLite store while another connection holds the file's write lock: a change waits
at most the store's timeout, writes nothing, and the store is back once the lock is."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from mockserver.domain.store import Store, StoreUnavailable, Table
from mockserver.store import open_store

NUMBERS: Table[int] = Table("numbers", int)
TIMEOUT = 0.3


@contextmanager
def locked(path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holding the database's write lock, rolled back at the end."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    other.execute("DELETE FROM vals")  # uncommitted: never seen by the store
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


def back(store: Store) -> int | None:
    deadline = time.monotonic() + 10
    while True:
        try:
            return store.read(NUMBERS, "a")
        except StoreUnavailable:
            assert time.monotonic() < deadline, "the store is not back"
            time.sleep(0.02)


def test_a_change_waits_for_a_held_lock_at_most_the_timeout(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    store = open_store(f"sqlite:///{path}", timeout=TIMEOUT)
    store.change(NUMBERS, "a", lambda _: (1, None))
    with locked(path):
        started = time.monotonic()
        with pytest.raises(StoreUnavailable):
            store.change(NUMBERS, "a", lambda _: (2, None))
        assert time.monotonic() - started < TIMEOUT + 2
        started = time.monotonic()
        for _ in range(20):  # out of reach: no call waits any more
            with pytest.raises(StoreUnavailable):
                store.next_number("ids")
        assert time.monotonic() - started < TIMEOUT
    assert back(store) == 1
    assert store.next_number("ids") == 1  # the refused calls counted nothing
    store.change(NUMBERS, "a", lambda _: (3, None))
    assert open_store(f"sqlite:///{path}").read(NUMBERS, "a") == 3
