"""A response's head and its first body bytes sent in one write.

uvicorn writes a response's status line and headers as soon as the app starts the answer,
and its body in a second write: two system calls and two packets for an answer of one
piece, where the client reads both at once. `with_joined_head` makes a protocol class whose
every response holds its head until the next write, and sends both in one; a head whose
body does not follow within the same turn of the event loop (a stream's, a HEAD answer's,
a `100 Continue`) goes out alone at the end of that turn, and every later write of the
response goes out as it comes.
"""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

P = TypeVar("P", bound=asyncio.Protocol)


class JoinedHead(asyncio.Transport):
    """The transport one response is written to: its first write held until its second."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._transport = transport
        self._loop = loop
        self._held: bytes | None = None
        self._first = True

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._first:
            self._first = False
            self._held = bytes(data)
            self._loop.call_soon(self._flush)
        elif self._held is not None:
            held, self._held = self._held, None
            self._transport.write(b"".join((held, data)))
        else:
            self._transport.write(data)

    def _flush(self) -> None:
        held, self._held = self._held, None
        if held is not None and not self._transport.is_closing():
            self._transport.write(held)

    def close(self) -> None:
        self._flush()
        self._transport.close()

    def abort(self) -> None:
        self._held = None
        self._transport.abort()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)


def with_joined_head(base: type[P]) -> type[P]:
    """`base` (uvicorn's HTTP protocol, or a subclass), each of whose responses is written
    through a `JoinedHead`."""

    class JoinedHeadProtocol(base):  # type: ignore[valid-type,misc]
        _joined_cycle: object = None

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            cycle = self.cycle
            if cycle is not None and cycle is not self._joined_cycle:
                # A new request whose answer has not begun: its task runs on a later turn.
                self._joined_cycle = cycle
                if not cycle.response_started:
                    cycle.transport = JoinedHead(self.transport, self.loop)

    return JoinedHeadProtocol
