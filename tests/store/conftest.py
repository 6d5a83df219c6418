"""Every store engine, each test on a fresh one: memory, a SQLite file, and a real Redis
(its tests are `slow`: they need the redis-server the session starts)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mockserver.domain.store import Store
from mockserver.store import open_store

ENGINES = [
    pytest.param("memory", id="memory"),
    pytest.param("sqlite", id="sqlite"),
    pytest.param("redis", id="redis", marks=pytest.mark.slow),
]

OpenStore = Callable[[], Store]


@pytest.fixture(params=ENGINES)
def open_same_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OpenStore]:
    """Opens the test's store (cleared first): for SQLite and Redis, each call opens the
    same state anew, as another process would; for memory, the one store again."""
    engine: str = request.param
    if engine == "memory":
        store = open_store("memory:")
        yield lambda: store
        return
    url = (
        f"sqlite:///{tmp_path / 'state.db'}"
        if engine == "sqlite"
        else request.getfixturevalue("redis_server").url
    )
    open_store(url).clear()
    yield lambda: open_store(url)


@pytest.fixture
def store(open_same_store: OpenStore) -> Store:
    return open_same_store()
