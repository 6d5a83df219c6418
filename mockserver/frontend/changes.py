"""Tells open gallery pages that the state may have changed: every request that can change
it (any method but GET, HEAD and OPTIONS, answered below 400) and every reset bumps a
version number, and server-sent events carry the number to the pages.

Streams are bounded, so pages left open cannot take the connections the APIs need: at
most `max_streams` at once (past it a stream is refused, see `gallery.py`), each ended
after `idle` seconds without a change and after `lifetime` seconds in any case (a page's
EventSource reconnects at once)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_READS = frozenset({"GET", "HEAD", "OPTIONS"})
KEEPALIVE_SECONDS = 15.0
IDLE_SECONDS = 60.0
"""A stream with no change for this long ends (EventSource reconnects at once): a page
closed without a word, behind a proxy that keeps its connection, holds it no longer."""
STREAM_SECONDS = 300.0
"""A stream ends after this long whatever happens: none outlives a page."""
DEFAULT_MAX_STREAMS = 100


def stream_cap(max_streams: int, max_connections: int) -> int:
    """The streams open at once: at most half of the server's connections (`max_connections`),
    so the other half is always kept for the APIs."""
    return max(0, min(max_streams, max_connections // 2))


class ChangeFeed:
    def __init__(
        self,
        max_streams: int = DEFAULT_MAX_STREAMS,
        *,
        idle: float = IDLE_SECONDS,
        lifetime: float = STREAM_SECONDS,
    ) -> None:
        self.version = 0
        self.max_streams = max_streams
        self.idle = idle
        self.lifetime = lifetime
        self.open_streams = 0
        self._waiters: set[asyncio.Event] = set()

    def open_stream(self) -> bool:
        """Take a stream's place, False when all are taken; `close_stream` gives it back."""
        if self.open_streams >= self.max_streams:
            return False
        self.open_streams += 1
        return True

    def close_stream(self) -> None:
        self.open_streams -= 1

    def answered(self, method: str, status: int) -> None:
        """After a request is answered: a bump when it may have changed the state (any
        method but GET, HEAD and OPTIONS, answered below 400)."""
        if may_change_state(method) and status < 400:
            self.bump()

    def bump(self) -> None:
        self.version += 1
        for waiter in self._waiters:
            waiter.set()

    async def versions(
        self, keepalive: float = KEEPALIVE_SECONDS
    ) -> AsyncGenerator[int | None, None]:
        """The current version, then each new one as it comes; None when nothing changed for
        `keepalive` seconds (a comment keeps proxies from closing the stream). Ends after
        the feed's `idle` seconds without a change, or its `lifetime`."""
        waiter = asyncio.Event()
        self._waiters.add(waiter)
        loop = asyncio.get_running_loop()
        ends = loop.time() + self.lifetime
        try:
            seen = self.version
            yield seen
            changed = loop.time()
            while True:
                now = loop.time()
                wait = min(keepalive, ends - now, changed + self.idle - now)
                if wait <= 0:
                    return
                try:
                    await asyncio.wait_for(waiter.wait(), timeout=wait)
                except TimeoutError:
                    if wait == keepalive:
                        yield None
                    continue
                waiter.clear()
                if self.version != seen:
                    seen = self.version
                    changed = loop.time()
                    yield seen
        finally:
            self._waiters.discard(waiter)


def may_change_state(method: str) -> bool:
    """Whether a request of this method can change the state (when answered below 400)."""
    return method not in _READS


class ChangeWatch:
    """Bumps the feed after each answered request that may have changed the state; the
    loop's own thread runs it, so the waiters are set there."""

    def __init__(self, app: ASGIApp, *, feed: ChangeFeed) -> None:
        self.app = app
        self.feed = feed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not may_change_state(scope["method"]):
            await self.app(scope, receive, send)
            return
        status = 500

        def watching(message: Message) -> Awaitable[None]:
            # Not a coroutine of its own: the server's `send` is awaited as it is.
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            return send(message)

        try:
            await self.app(scope, receive, watching)
        finally:
            self.feed.answered(scope["method"], status)
