"""The body of a request, read whole within the contract's limit before it is bound.

The engine reads the body's messages once, then binds them; a binding that reads them in
another way (`general_body`) gets them replayed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.types import Message, Receive, Scope

from ..problems import ProblemDetails, ProblemRaised


def body_too_large(limit: int) -> ProblemRaised:
    return ProblemRaised(
        ProblemDetails(
            status=413,
            error_code="payload_too_large",
            title="Payload Too Large",
            detail=f"The request body exceeds the limit of {limit} bytes.",
        )
    )


class Undecided(Exception):
    """A fast binding does not read the body in this form; the general one will."""


class ClientGone(Exception):
    """The client went away before its whole body came: there is no one to answer."""


@dataclass
class ReadBody:
    """The body messages read so far, in order."""

    messages: list[Message] = field(default_factory=list)

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
    """Read the whole body into `read`: the 413 problem once it passes `limit`,
    `ClientGone` on a disconnect."""
    received = 0
    while True:
        message = await receive()
        read.messages.append(message)
        if message["type"] != "http.request":
            raise ClientGone()
        received += len(message.get("body", b""))
        if received > limit:
            raise body_too_large(limit)
        if not message.get("more_body", False):
            return


def bounded(receive: Receive, limit: int) -> Receive:
    """`receive`, raising the 413 problem once the body it has given passes `limit`."""
    received = 0

    async def counting() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise body_too_large(limit)
        return message

    return counting


@dataclass(frozen=True)
class DeclaredBody:
    """What a request's headers say of its body: each `Content-Type` and `Content-Length`
    it sent, in order."""

    content_types: list[bytes]
    lengths: list[bytes]

    @classmethod
    def of(cls, scope: Scope) -> DeclaredBody:
        content_types, lengths = [], []
        for name, value in scope["headers"]:
            if name == b"content-type":
                content_types.append(value)
            elif name == b"content-length":
                lengths.append(value)
        return cls(content_types, lengths)

    def media_type(self, first_of_several: bool = False) -> bytes | None:
        """The media type of the one `Content-Type` (of the first, with
        `first_of_several`), without its parameters."""
        if not self.content_types or (len(self.content_types) > 1 and not first_of_several):
            return None
        return self.content_types[0].split(b";", 1)[0]

    def length(self) -> int | None:
        """The one `Content-Length`, when it is one number."""
        if len(self.lengths) != 1 or not self.lengths[0].isdigit():
            return None
        return int(self.lengths[0])
