"""A thin ASGI layer in front of the real mock that rewrites what passes through it, so each
broken server is one small mutation rather than a copy of the mock."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.http.whole_body import read_whole_body

IMAGES_PATH = re.compile(
    r"^/dashboard/api/v1/trade-items/(?P<organization>[^/]+)/(?P<gtin>[^/]+)/images(?:/(?P<image>[^/]+))?$"
)


@dataclass
class Answer:
    """A response on its way out, open to rewriting."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def set_json(self, value: Any) -> None:
        self.body = json.dumps(value).encode()


@dataclass(frozen=True)
class Call:
    """The request an answer is for."""

    method: str
    path: str
    query: str
    body: bytes = b""
    """The request body as the server received it."""
    headers: dict[str, str] = field(default_factory=dict)
    """The request's headers, names lower-cased."""

    def json_body(self) -> Any:
        """The request's JSON body; None if it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def images_path(self) -> re.Match[str] | None:
        return IMAGES_PATH.match(self.path)

    @property
    def is_listing(self) -> bool:
        match = self.images_path
        return self.method == "GET" and match is not None and match["image"] is None

    @property
    def is_upload(self) -> bool:
        match = self.images_path
        return self.method == "POST" and match is not None and match["image"] is None

    @property
    def is_delete(self) -> bool:
        match = self.images_path
        return self.method == "DELETE" and match is not None and match["image"] is not None


@dataclass
class Mutation:
    """Breaks one rule; subclasses override `request` and/or `response`."""

    seen: dict[str, Any] = field(default_factory=dict)
    """Room for a mutation's memory across requests."""

    def request(self, scope: Scope) -> Scope:
        return scope

    def request_body(self, scope: Scope, body: bytes) -> bytes:
        """The body the server receives, for the request `scope` (as `request` left it)."""
        return body

    def response(self, call: Call, answer: Answer) -> Answer:
        return answer


class RewritingLayer:
    def __init__(self, app: ASGIApp, mutation: Mutation) -> None:
        self.app = app
        self.mutation = mutation

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope = self.mutation.request(scope)
        started: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def collect(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        body = self.mutation.request_body(scope, await read_whole_body(receive))
        scope = {**scope, "headers": _with_content_length(scope["headers"], len(body))}
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, collect)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in started["headers"]}
        query = scope.get("query_string", b"").decode()
        sent = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        call = Call(scope["method"], scope["path"], query, body, sent)
        answer = self.mutation.response(call, Answer(started["status"], headers, b"".join(chunks)))
        answer.headers["content-length"] = str(len(answer.body))
        await send(
            {
                "type": "http.response.start",
                "status": answer.status,
                "headers": [
                    (k.encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers.items()
                ],
            }
        )
        await send({"type": "http.response.body", "body": answer.body})


def _with_content_length(
    headers: list[tuple[bytes, bytes]], length: int
) -> list[tuple[bytes, bytes]]:
    kept = [(name, value) for name, value in headers if name != b"content-length"]
    return [*kept, (b"content-length", str(length).encode())] if length else kept
