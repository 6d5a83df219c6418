"""Reading a request's whole body before the app behind does, and handing it on: for the
layers that must see a body before it is routed (a contract's transports) or read chunked
bodies whole (the form validators)."""

from __future__ import annotations

from starlette.types import Message, Receive


async def read_whole_body(receive: Receive) -> bytes:
    """Every chunk of the body, until the last one or a disconnect."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def discard_body(receive: Receive) -> None:
    """Read the body off the connection, keeping none of it."""
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


def replaying(body: bytes, receive: Receive) -> Receive:
    """`receive` that first gives `body` back as one message, then defers to `receive`."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
