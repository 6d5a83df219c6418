"""A response's head goes out with its first body bytes, and never later than its turn."""

from __future__ import annotations

import asyncio

from mockserver.http.joined_writes import JoinedHead


class RecordingTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed


async def _one_turn() -> None:
    await asyncio.sleep(0)


def test_head_and_body_of_one_turn_are_one_write() -> None:
    async def answer() -> list[bytes]:
        transport = RecordingTransport()
        joined = JoinedHead(transport, asyncio.get_running_loop())
        joined.write(b"HTTP/1.1 200 OK\r\n\r\n")
        joined.write(b"body")
        await _one_turn()
        return transport.writes

    assert asyncio.run(answer()) == [b"HTTP/1.1 200 OK\r\n\r\nbody"]


def test_head_alone_goes_out_at_the_end_of_its_turn() -> None:
    async def answer() -> tuple[list[bytes], list[bytes]]:
        transport = RecordingTransport()
        joined = JoinedHead(transport, asyncio.get_running_loop())
        joined.write(b"HTTP/1.1 200 OK\r\n\r\n")
        before = list(transport.writes)
        await _one_turn()
        return before, transport.writes

    before, after = asyncio.run(answer())
    assert (before, after) == ([], [b"HTTP/1.1 200 OK\r\n\r\n"])


def test_later_writes_go_out_as_they_come() -> None:
    async def answer() -> list[bytes]:
        transport = RecordingTransport()
        joined = JoinedHead(transport, asyncio.get_running_loop())
        joined.write(b"head")
        await _one_turn()
        joined.write(b"first event")
        joined.write(b"second event")
        return transport.writes

    assert asyncio.run(answer()) == [b"head", b"first event", b"second event"]


def test_closing_sends_the_held_head_first() -> None:
    async def answer() -> tuple[list[bytes], bool]:
        transport = RecordingTransport()
        joined = JoinedHead(transport, asyncio.get_running_loop())
        joined.write(b"head")
        joined.close()
        await _one_turn()
        return transport.writes, transport.closed

    assert asyncio.run(answer()) == ([b"head"], True)
