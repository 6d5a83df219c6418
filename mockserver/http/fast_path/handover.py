"""Handing a request the fast path cannot decide to the reference app, as it arrived.

A phase that cannot decide raises `Undecided`; the fast path then passes the scope and a
`receive` that first replays whatever body it has already read to the contract's Connexion
app, which answers as if the fast path were not there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.types import Message, Receive


class Undecided(Exception):
    """The fast path cannot decide this request alone; the reference app will."""


@dataclass
class ReadBody:
    """The body messages read so far, in order, and whether the whole body is among them."""

    messages: list[Message] = field(default_factory=list)
    complete: bool = False

    def replaying(self, receive: Receive) -> Receive:
        """`receive` with the messages already read put back in front of it."""
        if not self.messages:
            return receive
        pending = iter(list(self.messages))

        async def replay() -> Message:
            for message in pending:
                return message
            return await receive()

        return replay


async def read_body(receive: Receive, limit: int, read: ReadBody) -> None:
    """Read the whole body into `read`; `Undecided` once it passes `limit` or on a disconnect."""
    received = 0
    while True:
        message = await receive()
        read.messages.append(message)
        if message["type"] != "http.request":
            raise Undecided()
        received += len(message.get("body", b""))
        if received > limit:
            raise Undecided()
        if not message.get("more_body", False):
            read.complete = True
            return
