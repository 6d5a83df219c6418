"""CORS as Starlette's middleware answers it, with a shorter way for requests without an
`Origin` header (every client but a browser): Starlette's only change to their answers is
`Vary: Origin` on the response, which it adds through its general header machinery.

Which origins are allowed is a list of patterns (`--cors-origin`): an origin as a browser
sends it (`scheme://host` or `scheme://host:port`, no path), where `*` stands for one or
more letters, digits, dots or hyphens (any subdomain, any port), and a final `:*` also
matches no port at all. Allowed origins are echoed with credentials allowed, so cookies
work; the single pattern `*` is open CORS without credentials (`Access-Control-Allow-Origin:
*`). Requests the predicate `private` picks (the mock's own pages and admin routes, which
carry its credentials) get no CORS answer at all: a page elsewhere cannot read them.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_VARY_ORIGIN = (b"vary", b"Origin")

ANY_ORIGIN = "*"
LOCAL_ORIGINS = tuple(
    f"{scheme}://{host}:*"
    for host in ("localhost", "127.0.0.1", "[::1]")
    for scheme in ("http", "https")
)
"""The default: pages served from this machine on any port (a frontend's dev server)."""

_ORIGIN_PATTERN = re.compile(r"[a-z][a-z0-9+.-]*://[^/?#@\s]+")
_WILDCARD = "[a-z0-9.-]+"


class OriginPatternError(ValueError):
    pass


def origin_regex(patterns: Sequence[str]) -> str:
    """One regular expression (for a full match) of the origins `patterns` allow."""
    alternatives = []
    for pattern in patterns:
        lowered = pattern.strip().lower()
        if lowered == ANY_ORIGIN:
            raise OriginPatternError("'*' allows every origin and goes alone")
        if not _ORIGIN_PATTERN.fullmatch(lowered):
            raise OriginPatternError(
                f"{pattern!r} is not an origin: scheme://host[:port], without a path or a"
                " trailing slash (e.g. http://localhost:5173, https://*.example.com)"
            )
        any_port = lowered.endswith(":*")
        body = lowered.removesuffix(":*") if any_port else lowered
        regex = _WILDCARD.join(re.escape(part) for part in body.split("*"))
        alternatives.append(regex + ("(?::[0-9]+)?" if any_port else ""))
    return "|".join(f"(?:{alternative})" for alternative in alternatives)


def cors_settings(patterns: Sequence[str]) -> dict[str, Any]:
    """CORSMiddleware's settings for the origins `patterns` allow: `*` alone is any origin
    without credentials; otherwise those origins, echoed, with credentials."""
    if [pattern.strip() for pattern in patterns] == [ANY_ORIGIN]:
        return {"allow_origins": [ANY_ORIGIN]}
    return {"allow_origin_regex": origin_regex(patterns), "allow_credentials": True}


def _public(_scope: Scope) -> bool:
    return False


def has_origin(scope: Scope) -> bool:
    return any(name == b"origin" for name, _ in scope["headers"])


class CORS(CORSMiddleware):
    def __init__(
        self, app: ASGIApp, /, *, private: Callable[[Scope], bool] = _public, **settings: Any
    ) -> None:
        super().__init__(app, **settings)
        self.private = private

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.private(scope):
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http" or has_origin(scope):
            await super().__call__(scope, receive, send)
            return

        await self.app(scope, receive, self.varying(scope, send))

    def varying(self, scope: Scope, send: Send) -> Send:
        """`send` for the answer to a request without an `Origin` header."""

        def varying(message: Message) -> Awaitable[None]:
            # Not a coroutine of its own: the server's `send` is awaited as it is.
            if message["type"] == "http.response.start":
                return self.varied(message, scope, send)
            return send(message)

        return varying

    def varied(self, start: Message, scope: Scope, send: Send) -> Awaitable[None]:
        """The start of an answer to a request without an `Origin` header, sent with the
        one change Starlette makes to it: `Vary: Origin`."""
        headers = start.get("headers", [])
        for name, _ in headers:  # a loop, not `any`: every answer of every client passes
            if name.lower() == b"vary":
                # Starlette merges it into the Vary already there
                return self.send(start, send, Headers(scope=scope))
        start["headers"] = [*headers, _VARY_ORIGIN]
        return send(start)
