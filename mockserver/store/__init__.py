"""The store engines behind `mockserver --store URL`: where the domain's state is kept.

- `memory:` this process's memory (the default; gone when the process ends);
- `sqlite:///PATH` one SQLite file (`sqlite:PATH` for a path relative to the working
  folder), state and image bytes, kept across restarts and shared by the processes of
  one machine;
- `redis://HOST:PORT/DB` a Redis database, shared by processes on several machines.
"""

from __future__ import annotations

from ..domain.memory_store import MemoryStore
from ..domain.store import Store
from .redis_store import RedisStore
from .sqlite_store import SqliteStore

DEFAULT_STORE_URL = "memory:"
STORE_URL_FORMS = "memory:, sqlite:///PATH or redis://HOST:PORT/DB"


class StoreUrlError(ValueError):
    """A store URL the mock cannot open."""


def open_store(url: str) -> Store:
    """The store `url` names; a fresh, empty one for `memory:`."""
    scheme, separator, _ = url.partition(":")
    if url == "memory:":
        return MemoryStore()
    if scheme == "sqlite" and separator:
        path = url.removeprefix("sqlite:").removeprefix("//")
        if path.strip("/") == "":
            raise StoreUrlError(f"{url!r}: a SQLite store is sqlite:///PATH, with a file path")
        return SqliteStore(path)
    if scheme in ("redis", "rediss", "unix") and separator:
        return RedisStore(url)
    raise StoreUrlError(f"{url!r}: not a store URL ({STORE_URL_FORMS})")
