"""Admin routes, off every contract's paths: reset to the seeded state, dump the state.

They need no credential, so a write is refused when a browser sends it on behalf of
another site: a request whose `Origin` is not the mock's own (its public URL, or the address
the request reached, by any loopback name over loopback) is 403. A page elsewhere, or a DNS
name rebound to the mock, cannot reset it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..domain.store import StoreUnavailable
from .media_files import EVERY_METHOD, names_server

ADMIN_PREFIX = "/__admin"
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_own_origin(origin: str, request: Request, public_url: str | None) -> bool:
    """Whether `origin` (an `Origin` header) is the mock's own."""
    try:
        parts = urlsplit(origin)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return False
    if public_url is not None:
        public = urlsplit(public_url)
        if (parts.scheme, parts.netloc) == (public.scheme, public.netloc):
            return True
    server = request.scope.get("server")
    if parts.scheme != request.url.scheme or not parts.hostname:
        return False
    if server is not None and server[1] != port:
        return False
    return names_server(parts.netloc, server)


def unavailable(error: StoreUnavailable) -> Response:
    return JSONResponse(
        {"error": "store_unavailable", "detail": str(error)},
        status_code=503,
        headers={"Retry-After": str(error.retry_after)},
    )


def admin_routes(
    reset: Callable[[], None],
    state: Callable[[], dict[str, Any]],
    public_url: str | None = None,
) -> list[Route]:
    def refusal(request: Request, allowed: str) -> Response | None:
        if request.method != allowed:
            return JSONResponse(
                {"error": "method_not_allowed", "allow": allowed},
                status_code=405,
                headers={"Allow": allowed},
            )
        origin = request.headers.get("origin")
        if (
            allowed == "POST"
            and origin is not None
            and not is_own_origin(origin, request, public_url)
        ):
            detail = "Admin writes are taken only from the mock's own origin."
            return JSONResponse({"error": "cross_origin", "detail": detail}, status_code=403)
        return None

    async def reset_state(request: Request) -> Response:
        refused = refusal(request, "POST")
        if refused is not None:
            return refused
        try:
            # In a thread: a store in another process takes a while to clear and restock.
            await run_in_threadpool(reset)
        except StoreUnavailable as error:
            return unavailable(error)
        return Response(status_code=204)

    async def dump_state(request: Request) -> Response:
        refused = refusal(request, "GET")
        if refused is not None:
            return refused
        try:
            return JSONResponse(await run_in_threadpool(state))
        except StoreUnavailable as error:
            return unavailable(error)

    return [
        Route(ADMIN_PREFIX + "/reset", reset_state, methods=EVERY_METHOD),
        Route(ADMIN_PREFIX + "/state", dump_state, methods=EVERY_METHOD),
    ]
