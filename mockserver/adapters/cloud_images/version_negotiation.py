"""Glance's version negotiation, ahead of routing and of any token check.

Glance 33 reads the API version from the media type a client accepts
(`Accept: application/vnd.openstack.images-v2.1`, the path then taken whole under `/v2`) or
else from the path's first segment (`/v2.1/images` is `/v2/images`). A version it speaks is
served as v2; any other answers the version document with 300 Multiple Choices, whatever
the method and before any token is checked (`/v3/images`, `/v2.14/images` on a server
without an image cache). `OPTIONS` is answered 200 with an empty body on any such path,
ahead of negotiation.

Glance answers 300 for every path that names no version. The mock serves other contracts
beside it, so it negotiates only the paths Glance's API could mean: a first segment that
is a version (`v` and a digit) or one of the API's own collections (`images`, `schemas`,
`tasks`), in a request that asks for a version by media type or not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ...http.scope_headers import header_value
from .versions import VERSIONS, version_document

MEDIA_TYPE_PREFIX = "application/vnd.openstack.images-"
SERVED_VERSIONS = frozenset({"v2", *(f"v{number}" for number, _ in VERSIONS)})
"""What Glance 33 serves as v2: `v2` and each version of its version document."""
MOUNT = "/v2"
_VERSION_SEGMENT = re.compile(r"v[0-9][^/]*")


class VersionNegotiation:
    def __init__(
        self, app: ASGIApp, *, base_url: Callable[[Scope], str], api_segments: Iterable[str]
    ) -> None:
        self.app = app
        self.base_url = base_url
        self.api_segments = frozenset(api_segments)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        segment, _, _ = path[1:].partition("/")
        if segment not in self.api_segments and not _VERSION_SEGMENT.fullmatch(segment):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":  # Glance answers it ahead of negotiation
            await Response(status_code=200)(scope, receive, send)
            return
        accepted = header_value(scope, b"accept")
        if accepted is not None and accepted.startswith(MEDIA_TYPE_PREFIX):
            # The whole path goes under the mount: `/v2/images` asked for this way is
            # `/v2/v2/images`, which Glance does not find either.
            version, prefix = accepted[len(MEDIA_TYPE_PREFIX) :], ""
        else:
            version, prefix = segment, "/" + segment
        if version not in SERVED_VERSIONS:
            body = version_document(self.base_url(scope))
            response = Response(body, status_code=300, media_type="application/json")
            await response(scope, receive, send)
            return
        if prefix != MOUNT:
            scope = _moved(scope, prefix)
        await self.app(scope, receive, send)


def _moved(scope: Scope, prefix: str) -> Scope:
    """`scope` with `prefix` (its path's first segment, or nothing) replaced by the v2
    mount."""
    raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
    if prefix:
        # The raw first segment may be written otherwise (`/v2%2E1/`): drop it as it is.
        slash = raw_path.find(b"/", 1)
        raw_path = raw_path[slash:] if slash != -1 else b""
    moved = dict(scope)
    moved["path"] = MOUNT + scope["path"][len(prefix) :]
    moved["raw_path"] = MOUNT.encode() + raw_path
    return moved
