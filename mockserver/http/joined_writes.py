"""A connection's writes of one turn of the event loop sent as one, at the end of the turn.

uvicorn writes a response's status line and headers as soon as the app starts the answer,
and its body in a second write, each a system call the moment it is made. Under load the
loop runs many requests' work in one turn, and each answer's write in the middle of it wakes
its client for that answer alone: on loopback the client is then idle again by the next
one, and every wake-up costs the writer (in a virtual machine, an interrupt to an idle CPU).

`with_joined_writes` makes a protocol class whose connection holds what is written to it
until the end of the turn, and sends it in one write: a response's head and body go out
together, and the turn's answers to all connections go out one after the other, after
their work. Nothing waits longer than its turn. A turn's writes past `FLUSH_BYTES` go out
at once, so a long answer streams (and meets the transport's flow control) as before, and a
piece that large alone goes out as it is, after what was held. Closing the connection
sends what is held first; aborting it drops it.
"""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

P = TypeVar("P", bound=asyncio.Protocol)

FLUSH_BYTES = 64 * 1024
"""Held bytes past which a write goes out at once, without waiting for the end of the turn."""


class JoinedWrites(asyncio.Transport):
    """A connection's transport whose writes of one turn are sent together at its end."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._transport = transport
        self._loop = loop
        self._held: list[bytes] | None = None
        self._size = 0
        """Bytes held, 0 when nothing is."""

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if len(data) >= FLUSH_BYTES:  # a large piece goes out as it is, not copied into one
            self.flush()
            self._transport.write(data)
            return
        held = self._held
        if held is None:
            held = self._held = []
            self._loop.call_soon(self.flush)
        held.append(bytes(data))
        self._size += len(data)
        if self._size > FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Send what is held now (a no-op when nothing is)."""
        held, self._held, self._size = self._held, None, 0
        if held and not self._transport.is_closing():
            self._transport.write(held[0] if len(held) == 1 else b"".join(held))

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        self._held, self._size = None, 0
        self._transport.abort()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)

    def pause_reading(self) -> None:
        self._transport.pause_reading()

    def resume_reading(self) -> None:
        self._transport.resume_reading()

    def is_reading(self) -> bool:
        return self._transport.is_reading()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + self._size

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._transport.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._transport.get_protocol()


def with_joined_writes(base: type[P]) -> type[P]:
    """`base` (uvicorn's HTTP protocol, or a subclass), whose connection is written through
    `JoinedWrites`."""

    class JoinedWritesProtocol(base):  # type: ignore[valid-type,misc]
        def connection_made(self, transport: asyncio.Transport) -> None:
            # uvicorn's flow control keeps the connection's own transport (it pauses and
            # resumes reading); the requests' answers are written through the joined one.
            super().connection_made(transport)
            self.transport = JoinedWrites(transport, self.loop)

    return JoinedWritesProtocol
