"""`/__admin/faults`: see, replace and lift the fault rules at run time."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .plan import FaultPlan, FaultPlanError, parse_plan

FAULTS_PATH = "/__admin/faults"


def fault_admin_routes(plan: FaultPlan) -> list[Route]:
    async def show(_request: Request) -> Response:
        return JSONResponse(plan.to_json())

    async def replace(request: Request) -> Response:
        try:
            rules, seed = parse_plan(json.loads(await request.body() or b"null"), "body")
        except (ValueError, FaultPlanError) as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        plan.replace(rules, seed)
        return JSONResponse(plan.to_json())

    async def lift(_request: Request) -> Response:
        plan.clear()
        return Response(status_code=204)

    return [
        Route(FAULTS_PATH, show, methods=["GET"]),
        Route(FAULTS_PATH, replace, methods=["PUT"]),
        Route(FAULTS_PATH, lift, methods=["DELETE"]),
    ]
