"""CORS as Starlette's middleware answers it, with a shorter way for requests without an
`Origin` header (every client but a browser): Starlette's only change to their answers is
`Vary: Origin` on the response, which it adds through its general header machinery."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.types import Message, Receive, Scope, Send

_VARY_ORIGIN = (b"vary", b"Origin")


class CORS(CORSMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or any(name == b"origin" for name, _ in scope["headers"]):
            await super().__call__(scope, receive, send)
            return

        async def varying(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                if any(name.lower() == b"vary" for name, _ in headers):
                    # Starlette merges it into the Vary already there
                    await self.send(message, send, Headers(scope=scope))
                    return
                message["headers"] = [*headers, _VARY_ORIGIN]
            await send(message)

        await self.app(scope, receive, varying)
