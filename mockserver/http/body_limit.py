"""Refuse request bodies above a size before they are parsed or stored."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import ProblemDetails, ProblemRaised


def body_too_large(limit: int) -> ProblemRaised:
    return ProblemRaised(
        ProblemDetails(
            status=413,
            error_code="payload_too_large",
            title="Payload Too Large",
            detail=f"The request body exceeds the limit of {limit} bytes.",
        )
    )


class BodySizeLimitMiddleware:
    """Raises a 413 problem when a body is, or turns out to be, longer than `max_bytes`."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                raise body_too_large(self.max_bytes)
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise body_too_large(self.max_bytes)
            return message

        await self.app(scope, counting_receive, send)
