"""Request quotas per client: several fixed windows (e.g. 300 a minute and 10,000 a day).

A window opens at a client's first request and closes `seconds` later; a refused request
counts against no window. The decision reports the most restrictive window: the one with
the fewest requests left (the earliest to reset on a tie).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass


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


class RateLimiter:
    def __init__(
        self,
        windows: Sequence[Window] = DEFAULT_WINDOWS,
        clock: Callable[[], float] = time.time,
        max_clients: int = MAX_TRACKED_CLIENTS,
    ) -> None:
        if not windows:
            raise ValueError("a rate limiter needs at least one window")
        self.windows = tuple(windows)
        self.policy = ", ".join(str(window) for window in self.windows)
        self._clock = clock
        self.max_clients = max_clients
        # Least recently seen first: the idle are found at the front, one look each.
        self._counters: OrderedDict[str, list[list[float]]] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, client: str) -> RateDecision:
        """Count one request of `client` if every window still has room."""
        now = self._clock()
        with self._lock:
            counters = self._counters.get(client)
            if counters is None:
                counters = self._counters[client] = [[now, 0] for _ in self.windows]
            else:
                self._counters.move_to_end(client)
            self._forget_idle_clients(now)
            for window, counter in zip(self.windows, counters, strict=True):
                if now >= counter[0] + window.seconds:
                    counter[0], counter[1] = now, 0
            exhausted = [
                i for i, window in enumerate(self.windows) if counters[i][1] >= window.limit
            ]
            if exhausted:
                index = max(exhausted, key=lambda i: counters[i][0] + self.windows[i].seconds)
                return self._decision(False, index, counters, now)
            for counter in counters:
                counter[1] += 1
            index = min(
                range(len(self.windows)),
                key=lambda i: (
                    self.windows[i].limit - counters[i][1],
                    counters[i][0] + self.windows[i].seconds,
                ),
            )
            return self._decision(True, index, counters, now)

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

    def _is_idle(self, counters: list[list[float]], now: float) -> bool:
        return all(
            now >= start + window.seconds
            for window, (start, _) in zip(self.windows, counters, strict=True)
        )

    def _decision(
        self, allowed: bool, index: int, counters: list[list[float]], now: float
    ) -> RateDecision:
        window = self.windows[index]
        resets_at = counters[index][0] + window.seconds
        return RateDecision(
            allowed=allowed,
            limit=window.limit,
            remaining=max(window.limit - int(counters[index][1]), 0),
            reset_seconds=max(math.ceil(resets_at - now), 1),
            reset_at=math.ceil(resets_at),
        )


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
