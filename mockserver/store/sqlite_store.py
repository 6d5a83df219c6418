"""A store in one SQLite file: values, counters and image bytes, kept across restarts and
shared by every process of the machine that opens the file.

Each change is one `BEGIN IMMEDIATE` transaction (SQLite's write lock, taken before the
value is read), so a change is atomic across processes without retries; a parted value's
head and each of its parts are rows of their own, and its change reads and writes only the
rows it names. The file is in
WAL mode: readers do not wait for the writer. Each thread has its own connection. A
change that waits longer than the store's timeout for another connection's write lock is
the store unavailable, and nothing of it is written.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..domain.store import Change, H, P, PartedTable, PartsChange, R, StoreUnavailable, T, Table
from .codec import DecodedValues, encode

BUSY_TIMEOUT = 2.0
"""Seconds a change waits for another connection's write lock before the store is
unavailable, unless the store is given its own."""
CACHE_KIB = 32 * 1024
"""Each connection's page cache (SQLite's default is 2 MiB): a gallery of 10,000 images
fills some 20 MiB of pages, and a change that found its run's pages outside the cache read
them from the file again (a read of a run's row took 30 us against 22 us within it)."""
PURGE_EVERY = 1000
"""Expired values are deleted once every this many changes of an expiring table."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vals (
    tbl TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, expires REAL,
    PRIMARY KEY (tbl, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS vals_expires ON vals (expires) WHERE expires IS NOT NULL;
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY, content BLOB NOT NULL);
"""


class SqliteStore:
    shared = True

    def __init__(self, path: str, timeout: float = BUSY_TIMEOUT) -> None:
        self.path = path
        self.timeout = timeout
        self._local = threading.local()
        self._expiring_changes = 0
        self._decoded = DecodedValues()
        with self._connection() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    def probe(self) -> None:
        """Return once a change could take the write lock (within the timeout)."""
        with self._transaction():
            pass

    def read(self, table: Table[T], key: str) -> T | None:
        with self._connection() as db:
            row = db.execute(
                "SELECT value FROM vals WHERE tbl = ? AND key = ? AND "
                "(expires IS NULL OR expires > ?)",
                (table.name, key, time.time()),
            ).fetchone()
        return None if row is None else self._decoded.decode(table, key, row[0])

    def values(self, table: Table[T]) -> list[T]:
        with self._connection() as db:
            rows = db.execute(
                "SELECT key, value FROM vals WHERE tbl = ? AND (expires IS NULL OR expires > ?)",
                (table.name, time.time()),
            ).fetchall()
        return [self._decoded.decode(table, key, value) for key, value in rows]

    def change(self, table: Table[T], key: str, change: Change[T, R]) -> R:
        now = time.time()
        with self._transaction() as db:
            row = db.execute(
                "SELECT value, expires FROM vals WHERE tbl = ? AND key = ?", (table.name, key)
            ).fetchone()
            old = None if row is None or (row[1] is not None and row[1] <= now) else row[0]
            current = None if old is None else self._decoded.decode(table, key, old)
            new, result = change(current)
            data = None if new is None or new is current else encode(new)
            if new is None:
                db.execute("DELETE FROM vals WHERE tbl = ? AND key = ?", (table.name, key))
            elif data is not None or table.lifetime:
                expires = now + table.lifetime if table.lifetime else None
                db.execute(
                    "INSERT OR REPLACE INTO vals (tbl, key, value, expires) VALUES (?, ?, ?, ?)",
                    (table.name, key, data or old, expires),
                )
            if table.lifetime:
                self._purge_now_and_then(db, now)
        if data is not None and new is not None:
            self._decoded.keep(table, key, data, new)
        return result

    def change_parts(self, table: PartedTable[H, P], key: str, change: PartsChange[H, P, R]) -> R:
        """The head and the parts `change` reads are read, and what it writes written, in
        one transaction; a part is a row of its own (never the whole value)."""
        heads, parts = table.head, table.parts
        kept: list[tuple[str, bytes, P]] = []
        head_data = b""
        with self._transaction() as db:

            def read(name: str) -> P | None:
                part_key = table.part_key(key, name)
                row = db.execute(
                    "SELECT value FROM vals WHERE tbl = ? AND key = ?", (parts.name, part_key)
                ).fetchone()
                return None if row is None else self._decoded.decode(parts, part_key, row[0])

            row = db.execute(
                "SELECT value FROM vals WHERE tbl = ? AND key = ?", (heads.name, key)
            ).fetchone()
            head = None if row is None else self._decoded.decode(heads, key, row[0])
            new, writes, result = change(head, read)
            removed = [
                (parts.name, table.part_key(key, name))
                for name, part in writes.items()
                if part is None
            ]
            written = []
            for name, part in writes.items():
                if part is not None:
                    data = encode(part)
                    kept.append((table.part_key(key, name), data, part))
                    written.append((parts.name, table.part_key(key, name), data))
            if new is not head or writes:
                head_data = encode(new)
                written.append((heads.name, key, head_data))
            db.executemany("DELETE FROM vals WHERE tbl = ? AND key = ?", removed)
            db.executemany(
                "INSERT OR REPLACE INTO vals (tbl, key, value, expires) VALUES (?, ?, ?, NULL)",
                written,
            )
        if new is not head or writes:
            self._decoded.keep(heads, key, head_data, new)
        for part_key, data, part in kept:
            self._decoded.keep(parts, part_key, data, part)
        for _, part_key in removed:
            self._decoded.forget(parts, part_key)
        return result

    def next_number(self, counter: str) -> int:
        with self._transaction() as db:
            row = db.execute(
                "INSERT INTO counters (name, value) VALUES (?, 1) "
                "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
                (counter,),
            ).fetchone()
        number: int = row[0]
        return number

    def put_blob(self, key: str, content: bytes) -> None:
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO blobs (key, content) VALUES (?, ?)", (key, content))

    def get_blob(self, key: str) -> bytes | None:
        with self._connection() as db:
            row = db.execute("SELECT content FROM blobs WHERE key = ?", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    def delete_blob(self, key: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM blobs WHERE key = ?", (key,))

    def clear(self) -> None:
        self._decoded.clear()
        with self._transaction() as db:
            for name in ("vals", "counters", "blobs"):
                db.execute(f"DELETE FROM {name}")  # our own tables' names

    def _purge_now_and_then(self, db: sqlite3.Connection, now: float) -> None:
        self._expiring_changes += 1
        if self._expiring_changes % PURGE_EVERY == 0:
            db.execute("DELETE FROM vals WHERE expires IS NOT NULL AND expires <= ?", (now,))

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection; a database that cannot be opened or stays locked is
        the store unavailable."""
        try:
            db: sqlite3.Connection | None = getattr(self._local, "db", None)
            if db is None:
                db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
                self._local.db = db
            yield db
        except sqlite3.OperationalError as error:
            raise StoreUnavailable() from error

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                # Also when COMMIT failed: the connection is not left inside a transaction.
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
