"""The two answers handlers give on nearly every request, built straight into the fields
Starlette's `Response` sends: its constructor's general path (render, header mapping,
encoding each header) is most of a small answer's cost, and these never need it."""

from __future__ import annotations

from starlette.responses import Response

_JSON = b"application/json"


class JsonText(Response):
    """`Response(text, status_code=status, media_type="application/json")` for JSON
    already rendered: the same body and headers, in the same order."""

    media_type = "application/json"

    def __init__(self, text: str | bytes, status_code: int = 200) -> None:
        body = text.encode() if isinstance(text, str) else text
        self.status_code = status_code
        self.background = None
        self.body = body
        self.raw_headers = [(b"content-length", b"%d" % len(body)), (b"content-type", _JSON)]


class NoContent(Response):
    """`Response(status_code=204)`: no body, no headers."""

    def __init__(self) -> None:
        self.status_code = 204
        self.background = None
        self.body = b""
        self.raw_headers = []
