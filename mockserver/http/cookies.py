"""The one reading of a request's `Cookie` header, for every credential and rate-limit key.

Starlette's `cookie_parser` reads it as browsers send it (as Django does): a malformed
pair is skipped rather than spoiling the whole header, and it is the parser behind the
request's `cookies` that request validation reads, so a cookie means the same thing to
authentication, the rate limit and validation.
"""

from __future__ import annotations

from starlette.requests import cookie_parser
from starlette.types import Scope


def request_cookie(scope: Scope, name: str) -> str | None:
    """The value of cookie `name` in the request, if it sends a non-empty one (the last
    one sent, when several `Cookie` headers or pairs name it)."""
    value: str | None = None
    for key, header in scope["headers"]:
        if key == b"cookie":
            value = cookie_parser(header.decode("latin-1")).get(name, value)
    return value or None
