"""Tells open gallery pages that the state may have changed: every request that can change
it (any method but GET, HEAD and OPTIONS, answered below 400) and every reset bumps a
version number, and server-sent events carry the number to the pages."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_READS = frozenset({"GET", "HEAD", "OPTIONS"})
KEEPALIVE_SECONDS = 15.0
STREAM_SECONDS = 300.0
"""A stream ends after this long (EventSource reconnects at once): none outlives a page."""


class ChangeFeed:
    def __init__(self) -> None:
        self.version = 0
        self._waiters: set[asyncio.Event] = set()

    def bump(self) -> None:
        self.version += 1
        for waiter in self._waiters:
            waiter.set()

    async def versions(
        self, keepalive: float = KEEPALIVE_SECONDS, lifetime: float = STREAM_SECONDS
    ) -> AsyncGenerator[int | None, None]:
        """The current version, then each new one as it comes; None when nothing changed for
        `keepalive` seconds (a comment keeps proxies from closing the stream)."""
        waiter = asyncio.Event()
        self._waiters.add(waiter)
        loop = asyncio.get_running_loop()
        ends = loop.time() + lifetime
        try:
            seen = self.version
            yield seen
            while loop.time() < ends:
                try:
                    await asyncio.wait_for(waiter.wait(), timeout=keepalive)
                except TimeoutError:
                    yield None
                    continue
                waiter.clear()
                if self.version != seen:
                    seen = self.version
                    yield seen
        finally:
            self._waiters.discard(waiter)


class ChangeWatch:
    """Bumps the feed after each answered request that may have changed the state; the
    loop's own thread runs it, so the waiters are set there."""

    def __init__(self, app: ASGIApp, *, feed: ChangeFeed) -> None:
        self.app = app
        self.feed = feed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _READS:
            await self.app(scope, receive, send)
            return
        status = 500

        async def watching(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watching)
        finally:
            if status < 400:
                self.feed.bump()
