"""Refuse request bodies above a size before they are parsed or stored."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from .engine.body_reading import body_too_large, bounded


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
        await self.app(scope, bounded(receive, self.max_bytes), send)
