"""A store that did not answer in time fails every call at once, until a probe in the
background reaches it again."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable

import pytest

from mockserver.domain.memory_store import MemoryStore
from mockserver.domain.store import Change, R, StoreUnavailable, T, Table
from mockserver.store.guard import RETRY_AFTER, GuardedStore

NUMBERS: Table[int] = Table("numbers", int)
BOUND = 5.0
"""Seconds within which the background probe must have found the engine back (it probes
every few hundredths of a second in these tests)."""


class FlakyEngine(MemoryStore):
    """A store in memory that can be made to fail its calls and its probes, counting them."""

    def __init__(self) -> None:
        super().__init__()
        self.down = False
        self.calls = 0
        self.probes = 0

    def _reach(self) -> None:
        self.calls += 1
        if self.down:
            raise StoreUnavailable()

    def probe(self) -> None:
        self.probes += 1
        if self.down:
            raise StoreUnavailable()

    def read(self, table: Table[T], key: str) -> T | None:
        self._reach()
        return super().read(table, key)

    def change(self, table: Table[T], key: str, change: Change[T, R]) -> R:
        self._reach()
        return super().change(table, key, change)


def set_to(value: int) -> Callable[[int | None], tuple[int, None]]:
    return lambda _: (value, None)


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + BOUND
    while not condition():
        assert time.monotonic() < deadline, "not within the bound"
        time.sleep(0.01)


def test_a_reachable_engine_is_called_through() -> None:
    engine = FlakyEngine()
    store = GuardedStore(engine, probe_interval=0.01)
    store.change(NUMBERS, "a", set_to(1))
    assert store.read(NUMBERS, "a") == 1
    assert (engine.calls, engine.probes, store.reachable) == (2, 0, True)


def test_after_a_failure_every_call_fails_at_once_until_a_probe_goes_through() -> None:
    engine = FlakyEngine()
    store = GuardedStore(engine, probe_interval=0.01)
    store.change(NUMBERS, "a", set_to(1))
    engine.down = True
    with pytest.raises(StoreUnavailable):
        store.read(NUMBERS, "a")
    assert not store.reachable
    calls = engine.calls
    for _ in range(5):
        with pytest.raises(StoreUnavailable) as refused:
            store.change(NUMBERS, "a", set_to(2))
        assert refused.value.retry_after == RETRY_AFTER
    assert engine.calls == calls  # the engine was not asked again
    wait_until(lambda: engine.probes >= 2)
    assert not store.reachable
    engine.down = False
    wait_until(lambda: store.reachable)
    assert store.read(NUMBERS, "a") == 1  # the refused changes wrote nothing
    store.change(NUMBERS, "a", set_to(3))
    assert store.read(NUMBERS, "a") == 3


def test_a_refused_change_does_not_take_the_store_out_of_reach() -> None:
    store = GuardedStore(FlakyEngine(), probe_interval=0.01)

    def refuse(_: int | None) -> tuple[int, None]:
        raise KeyError("refused")

    with pytest.raises(KeyError):
        store.change(NUMBERS, "a", refuse)
    assert store.reachable


def test_failures_at_once_start_one_probe() -> None:
    engine = FlakyEngine()
    engine.down = True
    store = GuardedStore(engine, probe_interval=0.01)
    probing = {t.ident for t in threading.enumerate() if t.name == "store-probe"}

    def call() -> None:
        with pytest.raises(StoreUnavailable):
            store.read(NUMBERS, "a")

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    started = [
        t for t in threading.enumerate() if t.name == "store-probe" and t.ident not in probing
    ]
    assert len(started) == 1
    engine.down = False
    started[0].join(BOUND)
    assert store.reachable


def test_a_store_no_longer_used_is_no_longer_probed() -> None:
    engine = FlakyEngine()
    engine.down = True
    store = GuardedStore(engine, probe_interval=0.01)
    with pytest.raises(StoreUnavailable):
        store.read(NUMBERS, "a")
    wait_until(lambda: engine.probes >= 1)
    del store
    gc.collect()
    time.sleep(0.1)
    probes = engine.probes
    time.sleep(0.1)
    assert engine.probes == probes
