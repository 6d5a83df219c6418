"""Glance reads a JSON request body as JSON whatever its `Content-Type` says (its request
deserializer never looks at it), so a create sent as `text/plain`, or with no media type
at all, still creates. The document can only name one media type; this layer, in front
of the contract's app, relabels such bodies as `application/json` before they are routed
and validated."""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Receive, Scope, Send

# The operations whose body Glance reads as JSON: create, and the member writes.
_JSON_BODIED = (
    ("POST", re.compile(r"^/v2/images/?$")),
    ("POST", re.compile(r"^/v2/images/[^/]+/members/?$")),
    ("PUT", re.compile(r"^/v2/images/[^/]+/members/[^/]+/?$")),
)
_JSON = b"application/json"


class JsonBodiesWhateverTheirType:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._read_as_json(scope):
            headers = [(k, v) for k, v in scope["headers"] if k != b"content-type"]
            scope = {**scope, "headers": [*headers, (b"content-type", _JSON)]}
        await self.app(scope, receive, send)

    @staticmethod
    def _read_as_json(scope: Scope) -> bool:
        method, path = scope["method"], scope["path"]
        if not any(m == method and p.match(path) for m, p in _JSON_BODIED):
            return False
        declared = dict(scope["headers"]).get(b"content-type", b"")
        return not declared.split(b";")[0].strip().lower().endswith(b"json")
