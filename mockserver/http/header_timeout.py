"""A deadline for a request's head: uvicorn waits for request headers without limit, so a
client that opens connections and sends a head byte by byte (or nothing) holds them all.

`with_header_timeout` makes a protocol class that closes a connection whose request line
and headers are not complete within the deadline: counted from the connection's start, and
again from the first byte of each later request on a kept-alive connection (between
requests uvicorn's own keep-alive timeout applies; a later request whose head arrives
whole in one read, as nearly all do, costs no timer at all). Other connections are never waited on:
each is its own protocol instance on the event loop. It also closes a connection whose
request head grows past `max_head_bytes` before it is complete.

The same protocol gives a request's body `body_seconds` from the end of its head to its
last byte (uvicorn waits for a body without limit too): a body that stalls, or a chunked
upload that never ends, is answered 408 and its connection closed; one still coming after
its answer (the app answered without reading it) is cut off at the same deadline.

It is built on uvicorn's httptools protocol (its C parser, uvicorn's default and several
times faster than h11) when httptools is installed, else on the h11 one.
"""

from __future__ import annotations

import asyncio
from typing import Any

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Base
except ImportError:  # httptools is uvicorn's optional C parser (h11 imported only then)
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Base  # type: ignore[assignment]


REQUEST_TIMEOUT = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\ncontent-length: 33\r\n\r\nThe request body came too slowly."
)


def with_header_timeout(
    seconds: float, max_head_bytes: int = 16 * 1024, body_seconds: float | None = None
) -> type[_Base]:
    """A protocol class that gives each request head `seconds` to arrive, and at most
    `max_head_bytes`; and each body `body_seconds` (no limit when None)."""

    class HeaderTimeoutProtocol(_Base):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._head_deadline: asyncio.TimerHandle | None = None
            self._cycle_seen: object = None
            self._head_bytes = 0
            self._body_deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            # The first bytes of a later request on a kept-alive connection. Its deadline
            # is armed only if they do not hold its whole head, as they nearly always do.
            begins = self._head_deadline is None and self._between_requests()
            if self._head_deadline is not None:
                self._head_bytes += len(data)
            super().data_received(data)
            if self.cycle is not None and self.cycle is not self._cycle_seen:
                self._cycle_seen = self.cycle  # a whole head arrived: the request runs
                self._disarm()
            elif begins:
                self._arm()
                self._head_bytes = len(data)
            if self._head_deadline is not None and self._head_bytes > max_head_bytes:
                self._head_too_slow()  # still no whole head, and already too big
            self._watch_body()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            self._disarm_body()
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

        def _watch_body(self) -> None:
            """A deadline from the end of a head until its body's last byte."""
            cycle = self.cycle
            awaited = cycle is not None and cycle.more_body
            if awaited and self._body_deadline is None and body_seconds is not None:
                self._body_deadline = self.loop.call_later(body_seconds, self._body_too_slow)
            elif not awaited:
                self._disarm_body()

        def _disarm_body(self) -> None:
            if self._body_deadline is not None:
                self._body_deadline.cancel()
                self._body_deadline = None

        def _body_too_slow(self) -> None:
            """Answer 408 and close: the body did not arrive whole in time. The app, still
            waiting for it, is told the client went away. A body still coming after its
            answer (the app answered without reading it) is cut off without one."""
            self._body_deadline = None
            cycle = self.cycle
            if self.transport.is_closing() or cycle is None or not cycle.more_body:
                return
            if not cycle.response_started:
                # The app wakes to a disconnect only once the connection is lost, so no
                # answer of its own can follow this one.
                self.transport.write(REQUEST_TIMEOUT)
            elif not cycle.response_complete:
                self._watch_body()  # an answer still being sent is not cut: look again later
                return
            self.transport.close()

        def _head_too_slow(self) -> None:
            """Close the connection: its head came too slowly, or grew too big."""
            self._head_deadline = None
            if not self.transport.is_closing():
                self.transport.close()

    return HeaderTimeoutProtocol
