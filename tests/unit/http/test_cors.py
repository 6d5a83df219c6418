"""The mock's CORS answers exactly as Starlette's CORSMiddleware, which it shortens."""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from starlette.middleware.cors import CORSMiddleware
from starlette.types import Message, Receive, Scope, Send

from mockserver.http.cors import CORS

SETTINGS: dict[str, Any] = {
    "allow_methods": ["*"],
    "allow_headers": ["*"],
    "expose_headers": ["RateLimit-Limit", "Retry-After"],
}

request_headers = st.lists(
    st.tuples(
        st.sampled_from([b"origin", b"accept", b"access-control-request-method", b"x-api-key"]),
        st.sampled_from([b"https://app.example", b"GET", b"*/*", b"k"]),
    ),
    max_size=4,
)
response_headers = st.lists(
    st.tuples(
        st.sampled_from([b"content-type", b"vary", b"Vary", b"x-ratelimit-limit"]),
        st.sampled_from([b"application/json", b"Accept", b"10"]),
    ),
    max_size=3,
)


def answer(cors: type[CORSMiddleware], scope: Scope, headers: list[tuple[bytes, bytes]]) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": list(headers)})
        await send({"type": "http.response.body", "body": b"{}"})

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    for origins in (["*"], ["https://app.example"]):
        asyncio.run(cors(app, allow_origins=origins, **SETTINGS)(dict(scope), receive, send))
    return sent


@given(
    method=st.sampled_from(["GET", "OPTIONS", "DELETE"]),
    sent_headers=request_headers,
    answered_headers=response_headers,
)
def test_every_answer_is_starlettes(
    method: str,
    sent_headers: list[tuple[bytes, bytes]],
    answered_headers: list[tuple[bytes, bytes]],
) -> None:
    scope = {"type": "http", "method": method, "path": "/", "headers": sent_headers}
    assert answer(CORS, scope, answered_headers) == answer(CORSMiddleware, scope, answered_headers)
