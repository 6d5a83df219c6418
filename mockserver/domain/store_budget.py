"""The bytes the mock may keep across every contract: each stored image or image data
reserves its size before anything is stored, and gives it back when it is removed, so a
client cannot grow the mock's memory without bound. Thread-safe; O(1) per call."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from .errors import DomainError

DEFAULT_MAX_STORE_BYTES = 1024**3


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
    def __init__(self, max_bytes: int = DEFAULT_MAX_STORE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._used = 0
        self._lock = threading.Lock()

    @property
    def used(self) -> int:
        return self._used

    def reserve(self, size: int) -> None:
        """Count `size` bytes as stored, or refuse them with `StorageFull`."""
        with self._lock:
            if self._used + size > self.max_bytes:
                raise StorageFull(size, self.max_bytes)
            self._used += size

    def release(self, size: int) -> None:
        """Give back bytes no longer stored."""
        with self._lock:
            self._used = max(0, self._used - size)
