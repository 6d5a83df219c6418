"""Admin routes, off every contract's paths: reset to the seeded state, dump the state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

ADMIN_PREFIX = "/__admin"


def admin_routes(reset: Callable[[], None], state: Callable[[], dict[str, Any]]) -> list[Route]:
    async def reset_state(_request: Request) -> Response:
        reset()
        return Response(status_code=204)

    async def dump_state(_request: Request) -> Response:
        return JSONResponse(state())

    return [
        Route(ADMIN_PREFIX + "/reset", reset_state, methods=["POST"]),
        Route(ADMIN_PREFIX + "/state", dump_state, methods=["GET"]),
    ]
