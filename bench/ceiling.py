"""The ceiling: a bare ASGI app under the same uvicorn, answering every request with a fixed
JSON body after reading the request body (so uploads cost it what they cost the network)."""

from __future__ import annotations

from starlette.types import Receive, Scope, Send

BODY = b'{"data":[],"pagination":{"page":1,"page_size":25,"total_count":0}}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            await send({"type": message["type"] + ".complete"})
            if message["type"] == "lifespan.shutdown":
                return
    more_body = True
    while more_body:
        message = await receive()
        more_body = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
