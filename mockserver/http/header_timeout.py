"""A deadline for a request's head: uvicorn waits for request headers without limit, so a
client that opens connections and sends a head byte by byte (or nothing) holds them all.

`with_header_timeout` makes a protocol class that closes a connection whose request line
and headers are not complete within the deadline: counted from the connection's start, and
again from the first byte of each later request on a kept-alive connection (between
requests uvicorn's own keep-alive timeout applies). Other connections are never waited on:
each is its own protocol instance on the event loop. It also closes a connection whose
request head grows past `max_head_bytes` before it is complete.

It is built on uvicorn's httptools protocol (its C parser, uvicorn's default and several
times faster than h11) when httptools is installed, else on the h11 one.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Base
except ImportError:  # httptools is uvicorn's optional C parser
    _Base = H11Protocol  # type: ignore[assignment,misc]


def with_header_timeout(seconds: float, max_head_bytes: int = 16 * 1024) -> type[_Base]:
    """A protocol class that gives each request head `seconds` to arrive, and at most
    `max_head_bytes`."""

    class HeaderTimeoutProtocol(_Base):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._head_deadline: asyncio.TimerHandle | None = None
            self._cycle_seen: object = None
            self._head_bytes = 0

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self._head_deadline is None and self._between_requests():
                self._arm()  # the first byte of a later request on a kept-alive connection
            if self._head_deadline is not None:
                self._head_bytes += len(data)
            super().data_received(data)
            if self.cycle is not None and self.cycle is not self._cycle_seen:
                self._cycle_seen = self.cycle  # a whole head arrived: the request runs
                self._disarm()
            elif self._head_deadline is not None and self._head_bytes > max_head_bytes:
                self._head_too_slow()  # still no whole head, and already too big

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _between_requests(self) -> bool:
            return self.cycle is None or self.cycle.response_complete

        def _arm(self) -> None:
            self._disarm()
            self._head_bytes = 0
            self._head_deadline = self.loop.call_later(seconds, self._head_too_slow)

        def _disarm(self) -> None:
            if self._head_deadline is not None:
                self._head_deadline.cancel()
                self._head_deadline = None

        def _head_too_slow(self) -> None:
            """Close the connection: its head came too slowly, or grew too big."""
            self._head_deadline = None
            if not self.transport.is_closing():
                self.transport.close()

    return HeaderTimeoutProtocol
