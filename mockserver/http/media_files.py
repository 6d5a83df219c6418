"""Serving stored image bytes back at their public URLs, so that they cannot run script.

Every file goes out with its sniffed type, `X-Content-Type-Options: nosniff` and a
`Content-Security-Policy` that sandboxes the document: an uploaded SVG opened directly in
a browser renders, but its scripts, forms and plugins do not run.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Awaitable, Callable
from typing import Protocol

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Scope

from ..domain.gallery import StoredImage
from ..domain.store import StoreUnavailable
from .scope_headers import header_value

MEDIA_PREFIX = "/media"
SAFE_FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Cache-Control": "no-cache",
}


class ProductRef(Protocol):
    @property
    def organization_id(self) -> str: ...
    @property
    def gtin(self) -> str: ...


FindImage = Callable[[str, str, str], StoredImage | None]
ReadContent = Callable[[StoredImage], bytes | None]
"""A stored image's bytes, or None once it is removed."""
RenderNotFound = Callable[[], Response]
RenderError = Callable[[Scope, Exception], Response]
"""The contract's answer to a domain error (its error table's row)."""
RenderNotAllowed = Callable[[str], Response]
"""The contract's 405, given the value of its `Allow` header."""
FILE_METHODS = ("GET", "HEAD")
# File routes take every method, so that those they refuse get the contract's 405.
EVERY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]
Endpoint = Callable[[Request], Awaitable[Response]]


class MediaUrls:
    """Where an image's bytes are served: under the public base URL when one is configured,
    else under the scheme and host the client used to reach the mock, when that host names
    the address the client connected to (or, over loopback, any loopback name). Another
    `Host` (a forged one, or a DNS name rebound to the mock) is not written into links: they
    go to the address the client connected to instead."""

    REMEMBERED = 256
    """Bases kept for the (scheme, Host, server, root path) they were found for: a client
    asks with the same ones again and again, and checking a Host costs a regex."""

    def __init__(self, public_url: str | None) -> None:
        self.public_url = public_url.rstrip("/") if public_url else None
        self._found: dict[tuple[object, ...], str] = {}

    def base(self, scope: Scope) -> str:
        """The part of every image URL before its path, for the request in `scope`."""
        if self.public_url:
            return self.public_url
        server = scope.get("server")
        server = tuple(server) if server else None  # hashable whatever the ASGI server gave
        host = header_value(scope, b"host")
        key = (scope.get("scheme", "http"), host, server, scope.get("root_path", ""))
        found = self._found.get(key)
        if found is None:
            if len(self._found) >= self.REMEMBERED:
                self._found.clear()
            found = self._found[key] = self._base(*key)
        return found

    @staticmethod
    def _base(
        scheme: str, host: str | None, server: tuple[str, int | None] | None, root_path: str
    ) -> str:
        if host is None or not names_server(host, server):
            host = _authority(server) if server else "127.0.0.1"
        return f"{scheme}://{host}{root_path}"


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::[0-9]{1,5})?")


def names_server(host: str, server: tuple[str, int | None] | None) -> bool:
    """Whether a `Host` header value names the server address the request reached."""
    matched = _HOST.fullmatch(host)
    if matched is None:
        return False
    name = matched.group(1).strip("[]").lower()
    if server is None:  # a Unix socket: no address to compare with
        return True
    address = str(server[0]).lower()
    return name == address or (name in LOOPBACK_NAMES and _is_loopback(address))


def _is_loopback(address: str) -> bool:
    try:
        return address == "localhost" or ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def _authority(server: tuple[str, int | None]) -> str:
    host, port = server
    host = f"[{host}]" if ":" in host else host
    return host if port is None else f"{host}:{port}"


def media_path(product: ProductRef, image: StoredImage) -> str:
    return (
        f"{MEDIA_PREFIX}/{product.organization_id}/{product.gtin}/"
        f"{image.short_id}.{image.image_type.extension}"
    )


def image_file_response(
    request: Request, image: StoredImage, read_content: ReadContent
) -> Response | None:
    """A stored image's bytes with its sniffed type, the safe headers and an ETag; None
    when the image was removed meanwhile."""
    etag = '"' + hashlib.blake2b(image.id.bytes, digest_size=12).hexdigest() + '"'
    headers = {**SAFE_FILE_HEADERS, "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    content = read_content(image)
    if content is None:
        return None
    return Response(content, media_type=image.image_type.media_type, headers=headers)


def read_only(
    endpoint: Endpoint, render_not_allowed: RenderNotAllowed, render_error: RenderError
) -> Endpoint:
    """`endpoint` for reads; any other method gets the contract's own 405 (Starlette's
    would be plain text), and a store out of reach the contract's answer to that."""

    async def guarded(request: Request) -> Response:
        if request.method not in FILE_METHODS:
            return render_not_allowed(", ".join(FILE_METHODS))
        try:
            return await endpoint(request)
        except StoreUnavailable as error:
            return render_error(request.scope, error)

    return guarded


def media_routes(
    find_image: FindImage,
    read_content: ReadContent,
    render_not_found: RenderNotFound,
    render_not_allowed: RenderNotAllowed,
    render_error: RenderError,
) -> list[Route]:
    async def serve(request: Request) -> Response:
        params = request.path_params
        image_id, _, extension = params["filename"].partition(".")
        image = find_image(params["organization_id"], params["gtin"], image_id)
        if image is None or image.short_id != image_id or extension != image.image_type.extension:
            return render_not_found()
        return image_file_response(request, image, read_content) or render_not_found()

    return [
        Route(
            MEDIA_PREFIX + "/{organization_id}/{gtin}/{filename}",
            read_only(serve, render_not_allowed, render_error),
            methods=EVERY_METHOD,
        )
    ]
