"""The bytes the mock may keep across every contract: each stored image or image data
reserves its size before anything is stored, and gives it back when it is removed, so a
client cannot grow the mock's memory (or its store) without bound.

The count is a value of the store, changed atomically like any other: every contract and
every worker over one store count the same bytes, and clearing the store (a reset) clears
the count with the blobs it counted."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import DomainError
from .store import Store, Table

DEFAULT_MAX_STORE_BYTES = 1024**3
STORED_BYTES: Table[int] = Table("stored_bytes", int)
_KEY = "blobs"


@dataclass
class StorageFull(DomainError):
    """Storing `size` more bytes would pass the mock's limit."""

    size: int
    limit: int

    def __str__(self) -> str:
        return (
            f"The mock's storage is full: {self.size} more bytes would pass its limit of "
            f"{self.limit} bytes (--max-store-bytes). Delete images or reset the mock."
        )


class StoreBudget:
    def __init__(self, store: Store, max_bytes: int = DEFAULT_MAX_STORE_BYTES) -> None:
        self.store = store
        self.max_bytes = max_bytes

    @property
    def used(self) -> int:
        return self.store.read(STORED_BYTES, _KEY) or 0

    def reserve(self, size: int) -> None:
        """Count `size` bytes as stored, or refuse them with `StorageFull`."""

        def take(used: int | None) -> tuple[int, None]:
            total = (used or 0) + size
            if total > self.max_bytes:
                raise StorageFull(size, self.max_bytes)
            return total, None

        self.store.change(STORED_BYTES, _KEY, take)

    def release(self, size: int) -> None:
        """Give back bytes no longer stored."""

        def give(used: int | None) -> tuple[int, None]:
            return max(0, (used or 0) - size), None

        self.store.change(STORED_BYTES, _KEY, give)
