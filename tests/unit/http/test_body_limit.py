from __future__ import annotations

import asyncio

import pytest
from starlette.types import Message, Receive, Scope, Send

from mockserver.http.body_limit import BodySizeLimitMiddleware
from mockserver.http.problems import ProblemRaised


async def read_whole_body(scope: Scope, receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def run(headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> list[Message]:
    sent: list[Message] = []
    queue = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]

    async def receive() -> Message:
        return queue.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
    asyncio.run(BodySizeLimitMiddleware(read_whole_body, max_bytes=10)(scope, receive, send))
    return sent


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    with pytest.raises(ProblemRaised) as raised:
        run([(b"content-length", b"11")], [])
    assert raised.value.problem.status == 413


def test_a_streamed_body_is_refused_once_it_passes_the_limit() -> None:
    with pytest.raises(ProblemRaised) as raised:
        run([(b"transfer-encoding", b"chunked")], [b"12345", b"67890", b"1"])
    assert raised.value.problem.error_code == "payload_too_large"


def test_a_body_at_the_limit_passes() -> None:
    sent = run([(b"content-length", b"10")], [b"12345", b"67890"])
    assert sent[0]["status"] == 200
