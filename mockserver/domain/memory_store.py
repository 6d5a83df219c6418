"""The default store: this process's memory, as fast as plain dictionaries.

It keeps the values themselves (nothing is encoded), so a value read twice between two
changes is the same object, and what is derived from it can be kept with it (the
rendered listing of a gallery). One lock makes each change atomic; a change is a short
pure function, so nobody waits long.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import Any

from .store import Change, H, P, PartedTable, PartsChange, R, T, Table


class MemoryStore:
    shared = False

    def __init__(self) -> None:
        self._tables: defaultdict[str, dict[str, Any]] = defaultdict(dict)
        self._counters: defaultdict[str, int] = defaultdict(int)
        self._blobs: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def read(self, table: Table[T], key: str) -> T | None:
        value: T | None = self._tables[table.name].get(key)
        return value

    def values(self, table: Table[T]) -> list[T]:
        with self._lock:
            return list(self._tables[table.name].values())

    def change(self, table: Table[T], key: str, change: Change[T, R]) -> R:
        with self._lock:
            values = self._tables[table.name]
            old = values.get(key)
            new, result = change(old)
            if new is None:
                values.pop(key, None)
            elif new is not old:
                values[key] = new
            return result

    def change_parts(self, table: PartedTable[H, P], key: str, change: PartsChange[H, P, R]) -> R:
        with self._lock:
            heads, parts = self._tables[table.head.name], self._tables[table.parts.name]
            head = heads.get(key)
            new, writes, result = change(head, lambda name: parts.get(table.part_key(key, name)))
            for name, part in writes.items():
                if part is None:
                    parts.pop(table.part_key(key, name), None)
                else:
                    parts[table.part_key(key, name)] = part
            if new is not head:
                heads[key] = new
            return result

    def next_number(self, counter: str) -> int:
        with self._lock:
            self._counters[counter] += 1
            return self._counters[counter]

    def put_blob(self, key: str, content: bytes) -> None:
        self._blobs[key] = content

    def get_blob(self, key: str) -> bytes | None:
        return self._blobs.get(key)

    def delete_blob(self, key: str) -> None:
        self._blobs.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._tables.clear()
            self._counters.clear()
            self._blobs.clear()
