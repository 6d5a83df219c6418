"""A request's whole body, read only as far as its size limit: a declared length past it
is refused before the first byte is asked for (so a client that sent `Expect:
100-continue` is never told to go on), and a body that grows past it while arriving is
refused at once, its rest never read."""

from __future__ import annotations

from starlette.types import Receive, Scope

from .refusals import BodyTooLarge

# Longer lengths than any limit (and than Python turns into an int without complaint).
_LONGEST_LENGTH = 18


async def read_body_within(scope: Scope, receive: Receive, max_bytes: int) -> bytes:
    """Every chunk of the body, until the last one or a disconnect; `BodyTooLarge` past
    `max_bytes`."""
    for name, value in scope["headers"]:
        if name == b"content-length" and (
            len(value) > _LONGEST_LENGTH or (value.isdigit() and int(value) > max_bytes)
        ):
            raise BodyTooLarge(max_bytes)
    chunks, received = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        received += len(chunk)
        if received > max_bytes:
            raise BodyTooLarge(max_bytes)
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)
