"""The handlers' plain answers send what Starlette's `Response` would send."""

from __future__ import annotations

import asyncio

from hypothesis import given
from hypothesis import strategies as st
from starlette.responses import Response
from starlette.types import Message

from mockserver.http.plain_answers import JsonText, NoContent


def sent(response: Response) -> list[Message]:
    messages: list[Message] = []

    async def send(message: Message) -> None:
        messages.append(message)

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    asyncio.run(response({"type": "http"}, receive, send))
    return messages


@given(
    text=st.text(), status=st.sampled_from([200, 201, 202, 400, 404, 500]), as_bytes=st.booleans()
)
def test_json_text_is_a_json_response(text: str, status: int, as_bytes: bool) -> None:
    body = text.encode() if as_bytes else text
    expected = Response(body, status_code=status, media_type="application/json")
    assert sent(JsonText(body, status)) == sent(expected)


def test_no_content_is_a_204_response() -> None:
    assert sent(NoContent()) == sent(Response(status_code=204))
