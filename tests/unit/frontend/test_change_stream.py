"""The gallery's event stream route: refused with a 503 of its own past the feed's cap,
its place given back when it ends."""

from __future__ import annotations

import asyncio
import json

from starlette.types import Message

from mockserver.frontend.changes import ChangeFeed
from mockserver.frontend.gallery import ChangeStream

SCOPE = {
    "type": "http",
    "method": "GET",
    "path": "/__gallery/events",
    "headers": [],
    "query_string": b"",
}


def serve(stream: ChangeStream) -> list[Message]:
    sent: list[Message] = []

    async def receive() -> Message:
        await asyncio.sleep(60)  # the client never disconnects on its own
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(stream(dict(SCOPE), receive, send))
    return sent


def test_past_the_cap_a_stream_is_a_503_that_closes_its_connection() -> None:
    feed = ChangeFeed(max_streams=1)
    assert feed.open_stream()
    start, body = serve(ChangeStream(feed))
    assert start["status"] == 503
    headers = {name.decode(): value.decode() for name, value in start["headers"]}
    assert headers["connection"] == "close"
    assert headers["retry-after"] == "5"
    assert json.loads(body["body"])["error"] == "too_many_event_streams"
    assert feed.open_streams == 1


def test_a_stream_that_ends_gives_its_place_back() -> None:
    feed = ChangeFeed(max_streams=1, idle=0.05, lifetime=1)
    sent = serve(ChangeStream(feed))
    assert sent[0]["status"] == 200
    assert b"data: 0" in b"".join(m.get("body", b"") for m in sent[1:])
    assert feed.open_streams == 0
