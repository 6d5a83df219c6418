"""`/__admin/faults`: see, replace and lift the fault rules at run time. Like the other
admin writes, a replace or a lift from another origin than the mock's own is 403. A
replace is read by the one bounded decoder, within the contracts' body size, and stored
only once it is read whole and valid."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..http.admin import is_own_origin
from ..http.decoding import (
    DEFAULT_JSON_LIMITS,
    BodyTooLarge,
    InputRefused,
    decode_json,
    decoded,
    read_body_within,
)
from .plan import FaultPlan, FaultPlanError, FaultRule, parse_plan

FAULTS_PATH = "/__admin/faults"


def fault_admin_routes(
    plan: FaultPlan, max_body_bytes: int, public_url: str | None = None
) -> list[Route]:
    def cross_origin(request: Request) -> Response | None:
        origin = request.headers.get("origin")
        if origin is None or is_own_origin(origin, request, public_url):
            return None
        detail = "Admin writes are taken only from the mock's own origin."
        return JSONResponse({"error": "cross_origin", "detail": detail}, status_code=403)

    async def show(_request: Request) -> Response:
        return JSONResponse(plan.to_json())

    async def replace(request: Request) -> Response:
        refused = cross_origin(request)
        if refused is not None:
            return refused
        try:
            raw = await read_body_within(request.scope, request.receive, max_body_bytes)
            # (A large body is decoded on a worker thread: the loop serves the rest meanwhile.)
            rules, seed = await decoded(len(raw), lambda: _plan_of(raw))
        except BodyTooLarge as error:
            return JSONResponse({"error": str(error)}, status_code=413)
        except (InputRefused, FaultPlanError) as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        # Stored only once read whole and valid: a refused body leaves the rules as they were.
        plan.replace(rules, seed)
        return JSONResponse(plan.to_json())

    async def lift(request: Request) -> Response:
        refused = cross_origin(request)
        if refused is not None:
            return refused
        plan.clear()
        return Response(status_code=204)

    return [
        Route(FAULTS_PATH, show, methods=["GET"]),
        Route(FAULTS_PATH, replace, methods=["PUT"]),
        Route(FAULTS_PATH, lift, methods=["DELETE"]),
    ]


def _plan_of(raw: bytes) -> tuple[tuple[FaultRule, ...], int]:
    document = decode_json(raw, DEFAULT_JSON_LIMITS) if raw.strip() else None
    return parse_plan(document, "body")
