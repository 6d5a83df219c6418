"""`/__admin/faults`: see, replace and lift the fault rules at run time. Like the other
admin writes, a replace or a lift from another origin than the mock's own is 403."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..http.admin import is_own_origin
from .plan import FaultPlan, FaultPlanError, parse_plan

FAULTS_PATH = "/__admin/faults"


def fault_admin_routes(plan: FaultPlan, public_url: str | None = None) -> list[Route]:
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
            rules, seed = parse_plan(json.loads(await request.body() or b"null"), "body")
        except (ValueError, FaultPlanError) as error:
            return JSONResponse({"error": str(error)}, status_code=400)
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
