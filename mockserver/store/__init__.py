"""The store engines behind `mockserver --store URL`: where the domain's state is kept.

- `memory:` this process's memory (the default; gone when the process ends);
- `sqlite:///PATH` one SQLite file (`sqlite:PATH` for a path relative to the working
  folder), state and image bytes, kept across restarts and shared by the processes of
  one machine;
- `redis://HOST:PORT/DB` a Redis database, shared by processes on several machines.

SQLite and Redis wait at most a timeout for an answer; a store that did not answer in time
fails every call at once until it answers again (`guard.GuardedStore`).
"""

from __future__ import annotations

from ..domain.memory_store import MemoryStore
from ..domain.store import Store
from .guard import GuardedStore

DEFAULT_STORE_URL = "memory:"
DEFAULT_STORE_TIMEOUT = 2.0
"""Seconds a store call waits for SQLite or Redis before the store is unavailable."""
STORE_URL_FORMS = "memory:, sqlite:///PATH or redis://HOST:PORT/DB"


class StoreUrlError(ValueError):
    """A store URL the mock cannot open."""


def open_store(url: str, timeout: float = DEFAULT_STORE_TIMEOUT) -> Store:
    """The store `url` names, whose calls wait at most `timeout` seconds for an answer; a
    fresh, empty one for `memory:`."""
    scheme, separator, _ = url.partition(":")
    if url == "memory:":
        return MemoryStore()
    if scheme == "sqlite" and separator:
        path = url.removeprefix("sqlite:").removeprefix("//")
        if path.strip("/") == "":
            raise StoreUrlError(f"{url!r}: a SQLite store is sqlite:///PATH, with a file path")
        # Each engine is imported when a URL names it: a mock over memory: loads neither.
        from .sqlite_store import SqliteStore

        return GuardedStore(SqliteStore(path, timeout))
    if scheme in ("redis", "rediss", "unix") and separator:
        try:
            from .redis_store import RedisStore
        except ModuleNotFoundError as error:
            if error.name != "redis":
                raise
            raise StoreUrlError(
                f"{url!r}: the Redis store needs the redis package, the redis extra: "
                "pip install 'product-image-contracts[redis]' (or make install)"
            ) from None
        return GuardedStore(RedisStore(url, timeout))
    raise StoreUrlError(f"{url!r}: not a store URL ({STORE_URL_FORMS})")
