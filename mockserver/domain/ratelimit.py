"""Request quotas per client: several fixed windows (e.g. 300 a minute and 10,000 a day).

A window opens at a client's first request and closes `seconds` later; a refused request
counts against no window. The decision reports the most restrictive window: the one with
the fewest requests left (the earliest to reset on a tie).

A mock of one process counts in its memory (`RateLimiter`); processes that share a store
count in it (`StoredRateLimiter`), each hit one atomic change of the client's counters.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from .store import Store, StoreUnavailable, Table


@dataclass(frozen=True)
class Window:
    limit: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.limit};w={self.seconds}"


DEFAULT_WINDOWS = (Window(300, 60), Window(10_000, 86_400))
# The most clients tracked at once; past it the least recently seen is forgotten (and
# starts afresh if it comes back), so a flood of new client keys cannot grow the table.
MAX_TRACKED_CLIENTS = 100_000
# Idle clients forgotten per request, at most: enough to keep up with the new ones.
FORGOTTEN_PER_HIT = 2


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int
    reset_at: int
    """Unix time at which the reported window resets."""


Counters = tuple[tuple[float, int], ...]
"""A client's windows as they stand: when each opened, and the requests it counted."""


def count_hit(
    windows: Sequence[Window], counters: Counters | None, now: float
) -> tuple[Counters, RateDecision]:
    """A client's counters after one more request at `now` (counted only if every window
    still has room), and the decision on that request."""
    opened = [
        (now, 0) if counter is None or now >= counter[0] + window.seconds else counter
        for window, counter in zip(windows, counters or (None,) * len(windows), strict=True)
    ]
    exhausted = [i for i, window in enumerate(windows) if opened[i][1] >= window.limit]
    if exhausted:
        index = max(exhausted, key=lambda i: opened[i][0] + windows[i].seconds)
        return tuple(opened), _decision(False, windows[index], opened[index], now)
    counted = tuple((start, hits + 1) for start, hits in opened)
    index = min(
        range(len(windows)),
        key=lambda i: (windows[i].limit - counted[i][1], counted[i][0] + windows[i].seconds),
    )
    return counted, _decision(True, windows[index], counted[index], now)


def _decision(
    allowed: bool, window: Window, counter: tuple[float, int], now: float
) -> RateDecision:
    resets_at = counter[0] + window.seconds
    return RateDecision(
        allowed=allowed,
        limit=window.limit,
        remaining=max(window.limit - int(counter[1]), 0),
        reset_seconds=max(math.ceil(resets_at - now), 1),
        reset_at=math.ceil(resets_at),
    )


def _policy(windows: Sequence[Window]) -> str:
    return ", ".join(str(window) for window in windows)


class RateLimiter:
    """Counters in this process's memory, for a mock of one process."""

    def __init__(
        self,
        windows: Sequence[Window] = DEFAULT_WINDOWS,
        clock: Callable[[], float] = time.time,
        max_clients: int = MAX_TRACKED_CLIENTS,
    ) -> None:
        if not windows:
            raise ValueError("a rate limiter needs at least one window")
        self.windows = tuple(windows)
        self.policy = _policy(self.windows)
        self._clock = clock
        self.max_clients = max_clients
        # Least recently seen first: the idle are found at the front, one look each.
        self._counters: OrderedDict[str, Counters] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, client: str) -> RateDecision:
        """Count one request of `client` if every window still has room."""
        now = self._clock()
        with self._lock:
            counters = self._counters.get(client)
            if counters is not None:
                self._counters.move_to_end(client)
            self._counters[client], decision = count_hit(self.windows, counters, now)
            self._forget_idle_clients(now)
            return decision

    def reset(self) -> None:
        with self._lock:
            self._counters.clear()

    def tracked_clients(self) -> int:
        return len(self._counters)

    def _forget_idle_clients(self, now: float) -> None:
        """Forget a few of the least recently seen clients whose windows have all closed,
        and any past the most tracked: O(1) amortised, each client is forgotten once."""
        for _ in range(FORGOTTEN_PER_HIT):
            client, counters = next(iter(self._counters.items()))
            if not self._is_idle(counters, now) or len(self._counters) == 1:
                break
            del self._counters[client]
        while len(self._counters) > self.max_clients:
            self._counters.popitem(last=False)

    def _is_idle(self, counters: Counters, now: float) -> bool:
        return all(
            now >= start + window.seconds
            for window, (start, _) in zip(self.windows, counters, strict=True)
        )


class StoredRateLimiter:
    """Counters kept in a store, so that every process sharing it counts into the same
    windows; a client's counters expire once its longest window has closed."""

    def __init__(
        self,
        store: Store,
        windows: Sequence[Window] = DEFAULT_WINDOWS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not windows:
            raise ValueError("a rate limiter needs at least one window")
        self.windows = tuple(windows)
        self.policy = _policy(self.windows)
        self._store = store
        self._clock = clock
        lifetime = max(window.seconds for window in self.windows)
        self._table: Table[Counters] = Table("rate_limits", Counters, lifetime)

    def hit(self, client: str) -> RateDecision:
        """Count one request of `client` if every window still has room."""
        now = self._clock()

        def count(counters: Counters | None) -> tuple[Counters, RateDecision]:
            return count_hit(self.windows, counters, now)

        try:
            return self._store.change(self._table, client, count)
        except StoreUnavailable:
            # Counting fails open: the request goes on, and meets the store's absence (the
            # contract's 503) only if it needs the state.
            return count(None)[1]

    def reset(self) -> None:
        """Nothing of its own to forget: the counters go with the store's `clear`."""


class Limiter(Protocol):
    """What the HTTP layer counts requests with."""

    @property
    def policy(self) -> str: ...

    def hit(self, client: str) -> RateDecision: ...

    def reset(self) -> None: ...


def parse_windows(text: str) -> tuple[Window, ...]:
    """Read windows written as `LIMIT/SECONDS[,LIMIT/SECONDS...]`, e.g. `300/60,10000/86400`."""
    windows = []
    for part in text.split(","):
        limit, _, seconds = part.strip().partition("/")
        try:
            window = Window(int(limit), int(seconds))
        except ValueError:
            raise ValueError(f"not a LIMIT/SECONDS window: {part.strip()!r}") from None
        if window.limit < 1 or window.seconds < 1:
            raise ValueError(f"a window needs a positive limit and length: {part.strip()!r}")
        windows.append(window)
    return tuple(windows)
