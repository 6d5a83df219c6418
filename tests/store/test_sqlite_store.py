"""The SQLite store while another connection holds the file's write lock: a change waits
at most the store's timeout, writes nothing, and the store is back once the lock is."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from mockserver.domain.gallery import PRIMARY, RUN, Gallery
from mockserver.domain.media import PNG
from mockserver.domain.store import Store, StoreUnavailable, Table
from mockserver.store import open_store
from mockserver.store.codec import encode
from tests.images import png

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


def stored_rows(path: Path) -> dict[tuple[str, str, str], bytes]:
    """Every row of the file's values, counters and blobs, by table and key."""
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute(
            "SELECT 'vals', tbl, key, value FROM vals "
            "UNION ALL SELECT 'counters', '', name, CAST(value AS BLOB) FROM counters "
            "UNION ALL SELECT 'blobs', '', key, content FROM blobs"
        ).fetchall()
    return {(kind, table, key): bytes(value) for kind, table, key, value in rows}


def changed_rows(before: Mapping[Any, bytes], after: Mapping[Any, bytes]) -> dict[Any, int]:
    """The rows added, changed or removed, with the bytes each holds now (0: removed)."""
    keys = before.keys() | after.keys()
    return {key: len(after.get(key, b"")) for key in keys if before.get(key) != after.get(key)}


@pytest.mark.parametrize("size", [10, 6 * RUN + 11])
def test_a_gallery_change_writes_a_few_rows_of_at_most_a_run(tmp_path: Path, size: int) -> None:
    path = tmp_path / "state.db"
    store = open_store(f"sqlite:///{path}")
    gallery = Gallery(lambda: datetime(2026, 1, 1, tzinfo=UTC), store=store, key="p")
    added = [gallery.add(png(seed=n), PNG) for n in range(size)]
    one_image = len(encode(added[0]))
    changes = []
    steps: list[Callable[[], object]] = [
        lambda: gallery.add(png(), PNG),
        lambda: gallery.add(png(), PNG, slot=PRIMARY),
        lambda: gallery.add(png(), PNG, slot=PRIMARY),  # the first primary demoted
        lambda: gallery.remove(added[size // 2].id),
    ]
    for change in steps:
        before = stored_rows(path)
        change()
        changes.append(changed_rows(before, stored_rows(path)))
    for changed in changes:
        assert len(changed) <= 9  # head, runs, the images' own rows, blobs, counters
        assert sum(changed.values()) <= (2 * RUN + 8) * one_image
    assert len(gallery) == size + 2
