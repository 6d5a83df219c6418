"""A connection's writes of one turn go out as one, at the end of the turn, never later."""

from __future__ import annotations

import asyncio

import uvicorn
from starlette.types import Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from mockserver.http.joined_writes import FLUSH_BYTES, JoinedWrites, with_joined_writes


class RecordingTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False
        self.aborted = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_write_buffer_size(self) -> int:
        return sum(map(len, self.writes))


async def _one_turn() -> None:
    await asyncio.sleep(0)


def _joined() -> tuple[RecordingTransport, JoinedWrites]:
    transport = RecordingTransport()
    return transport, JoinedWrites(transport, asyncio.get_running_loop())


def test_head_and_body_of_one_turn_are_one_write_at_its_end() -> None:
    async def answer() -> tuple[list[bytes], list[bytes]]:
        transport, joined = _joined()
        joined.write(b"HTTP/1.1 200 OK\r\n\r\n")
        joined.write(b"body")
        during = list(transport.writes)
        await _one_turn()
        return during, transport.writes

    assert asyncio.run(answer()) == ([], [b"HTTP/1.1 200 OK\r\n\r\nbody"])


def test_two_answers_of_one_turn_are_one_write_in_their_order() -> None:
    async def answer() -> list[bytes]:
        transport, joined = _joined()
        for part in (b"head 1 ", b"body 1 ", b"head 2 ", b"body 2"):
            joined.write(part)
        await _one_turn()
        return transport.writes

    assert asyncio.run(answer()) == [b"head 1 body 1 head 2 body 2"]


def test_each_turn_has_its_own_write() -> None:
    async def answer() -> list[bytes]:
        transport, joined = _joined()
        joined.write(b"head")
        await _one_turn()
        joined.write(b"first event")
        await _one_turn()
        joined.write(b"second event")
        await _one_turn()
        return transport.writes

    assert asyncio.run(answer()) == [b"head", b"first event", b"second event"]


def test_a_long_answer_goes_out_as_it_comes() -> None:
    async def answer() -> tuple[list[int], list[int]]:
        transport, joined = _joined()
        joined.write(b"head")
        joined.write(b"x" * (FLUSH_BYTES - 1))  # past the bound with the head: out at once
        joined.write(b"tail")
        during = [len(write) for write in transport.writes]
        assert joined.get_write_buffer_size() == transport.get_write_buffer_size() + 4
        await _one_turn()
        return during, [len(write) for write in transport.writes]

    assert asyncio.run(answer()) == ([3 + FLUSH_BYTES], [3 + FLUSH_BYTES, 4])


def test_a_large_piece_goes_out_as_it_is_after_what_was_held() -> None:
    async def answer() -> list[bytes]:
        transport, joined = _joined()
        large = b"x" * FLUSH_BYTES
        joined.write(b"head")
        joined.write(large)
        assert transport.writes[1] is large  # not copied
        joined.write(b"tail")
        await _one_turn()
        return transport.writes

    assert asyncio.run(answer()) == [b"head", b"x" * FLUSH_BYTES, b"tail"]


def test_closing_sends_what_is_held_first() -> None:
    async def answer() -> tuple[list[bytes], bool]:
        transport, joined = _joined()
        joined.write(b"head")
        joined.write(b"body")
        joined.close()
        await _one_turn()
        return transport.writes, transport.closed

    assert asyncio.run(answer()) == ([b"headbody"], True)


def test_aborting_drops_what_is_held() -> None:
    async def answer() -> tuple[list[bytes], bool]:
        transport, joined = _joined()
        joined.write(b"head")
        joined.abort()
        assert joined.get_write_buffer_size() == 0  # nothing is held any more
        await _one_turn()
        return transport.writes, transport.aborted

    assert asyncio.run(answer()) == ([], True)


def test_uvicorns_protocol_answers_through_it_and_sends_the_held_answer_when_it_stops() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-length", b"6")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"answer"})

    async def serve() -> tuple[bool, list[bytes], bool]:
        config = uvicorn.Config(app, log_level="warning", lifespan="off")
        config.load()
        protocol = with_joined_writes(HttpToolsProtocol)(config, ServerState(), app_state={})
        transport = RecordingTransport()
        protocol.connection_made(transport)
        protocol.data_received(b"GET / HTTP/1.1\r\nHost: mock\r\n\r\n")
        await _one_turn()  # the app answers; its answer is held until the end of the turn
        held = transport.writes == []
        protocol.shutdown()  # as uvicorn stops: the connection closes at once
        return held, transport.writes, transport.closed

    held, writes, closed = asyncio.run(serve())
    assert held
    assert closed
    assert writes == [
        b"HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nanswer",
    ]
