"""A store engine that did not answer in time is out of reach until it answers again.

The engines' calls are synchronous, made from the request's own task on the event loop:
a call that waits for a hung store (Redis stopped with SIGSTOP, a SQLite file another
process holds locked) holds up every request of the worker. Each engine waits at most
its timeout for an answer (Redis's socket timeouts, SQLite's busy timeout); the first call
that fails marks the store out of reach, and from then on every call fails at once with
`StoreUnavailable` (each contract's 503, with Retry-After) while a thread probes the
engine in the background. The first probe that goes through brings the store back. So a
hung store costs a worker one timeout, not one per request waiting behind it.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from typing import Protocol

from ..domain.store import (
    Change,
    H,
    P,
    PartedTable,
    PartsChange,
    R,
    Store,
    StoreUnavailable,
    T,
    Table,
)

logger = logging.getLogger(__name__)

PROBE_INTERVAL = 0.25
"""Seconds between two probes of a store out of reach (each waits up to the engine's
timeout for its answer)."""
RETRY_AFTER = 1
"""Seconds a client is told to wait (Retry-After) while the store is out of reach."""


class ProbedEngine(Store, Protocol):
    def probe(self) -> None:
        """Return once the engine answers within its timeout, as its calls need it to;
        raise `StoreUnavailable` otherwise."""
        ...


class GuardedStore:
    """`engine`, failing at once while it is out of reach."""

    def __init__(self, engine: ProbedEngine, probe_interval: float = PROBE_INTERVAL) -> None:
        self.engine = engine
        self.shared = engine.shared
        self._probe_interval = probe_interval
        self._out_of_reach = False
        self._lock = threading.Lock()

    @property
    def reachable(self) -> bool:
        return not self._out_of_reach

    def read(self, table: Table[T], key: str) -> T | None:
        self._check()
        try:
            return self.engine.read(table, key)
        except StoreUnavailable:
            self._lost()
            raise

    def values(self, table: Table[T]) -> list[T]:
        self._check()
        try:
            return self.engine.values(table)
        except StoreUnavailable:
            self._lost()
            raise

    def change(self, table: Table[T], key: str, change: Change[T, R]) -> R:
        self._check()
        try:
            return self.engine.change(table, key, change)
        except StoreUnavailable:
            self._lost()
            raise

    def change_parts(self, table: PartedTable[H, P], key: str, change: PartsChange[H, P, R]) -> R:
        self._check()
        try:
            return self.engine.change_parts(table, key, change)
        except StoreUnavailable:
            self._lost()
            raise

    def next_number(self, counter: str) -> int:
        self._check()
        try:
            return self.engine.next_number(counter)
        except StoreUnavailable:
            self._lost()
            raise

    def put_blob(self, key: str, content: bytes) -> None:
        self._check()
        try:
            self.engine.put_blob(key, content)
        except StoreUnavailable:
            self._lost()
            raise

    def get_blob(self, key: str) -> bytes | None:
        self._check()
        try:
            return self.engine.get_blob(key)
        except StoreUnavailable:
            self._lost()
            raise

    def delete_blob(self, key: str) -> None:
        self._check()
        try:
            self.engine.delete_blob(key)
        except StoreUnavailable:
            self._lost()
            raise

    def clear(self) -> None:
        self._check()
        try:
            self.engine.clear()
        except StoreUnavailable:
            self._lost()
            raise

    def _check(self) -> None:
        if self._out_of_reach:
            raise StoreUnavailable(RETRY_AFTER)

    def _lost(self) -> None:
        """Mark the store out of reach, probed until it is back."""
        with self._lock:
            if not self._out_of_reach:
                self._out_of_reach = True
                logger.warning(
                    "the state store did not answer: out of reach until it answers again"
                )
                # The thread holds the store weakly: a store no longer used is not probed.
                threading.Thread(
                    target=_probe_until_back,
                    args=(weakref.ref(self),),
                    name="store-probe",
                    daemon=True,
                ).start()

    def _probe(self) -> bool:
        """Whether the store is back (then it is taken as reachable again)."""
        try:
            self.engine.probe()
        except Exception:  # StoreUnavailable, or anything else: not back yet
            logger.debug("the state store is still out of reach", exc_info=True)
            return False
        with self._lock:
            self._out_of_reach = False
        logger.warning("the state store answers again")
        return True


def _probe_until_back(guarded: weakref.ref[GuardedStore]) -> None:
    while True:
        store = guarded()
        if store is None:
            return
        interval = store._probe_interval
        del store
        time.sleep(interval)
        store = guarded()
        if store is None or store._probe():
            return
        del store
