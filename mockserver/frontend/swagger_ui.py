"""Swagger UI 5 (it reads OpenAPI 3.1, which the contracts are written in) for every
contract at `/__docs/<contract>/ui/`, beside the document Connexion serves (Connexion's own
UI, 4.x, cannot render 3.1 and is not mounted). "Try it out" goes to the mock, with the demo
credentials filled in."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ..contract_plugin import Prefill
from .assets import ASSETS_PREFIX, script_json, swagger_ui_assets

SWAGGER_UI_ASSETS = ASSETS_PREFIX + "/swagger-ui"

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} · Swagger UI · mock</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" type="image/png" href="{assets}/favicon-32x32.png">
</head>
<body>
<p style="font-family:sans-serif;margin:8px 16px"><a href="/__gallery/">← gallery</a></p>
<div id="swagger-ui"></div>
<script id="docs-config" type="application/json">{config}</script>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{own}/docs.js"></script>
</body>
</html>
"""


def swagger_ui_routes(contracts: Sequence[str], fills: Mapping[str, Prefill]) -> list[BaseRoute]:
    async def page(request: Request) -> Response:
        name = request.path_params["contract"]
        if name not in contracts:
            return Response("no such contract", status_code=404, media_type="text/plain")
        fill = fills.get(name, Prefill())
        config = {
            "specUrl": f"/__docs/{name}/openapi.json",
            "security": fill.security,
            "parameters": fill.parameters,
        }
        body = _PAGE.format(
            title=html.escape(name),
            assets=SWAGGER_UI_ASSETS,
            own=ASSETS_PREFIX + "/mock",
            config=script_json(config),
        )
        return HTMLResponse(body, headers={"Cache-Control": "no-store"})

    async def to_page(request: Request) -> Response:
        return RedirectResponse(f"/__docs/{request.path_params['contract']}/ui/")

    return [
        Route("/__docs/{contract}/ui/", page, methods=["GET", "HEAD"]),
        Route("/__docs/{contract}/ui/index.html", page, methods=["GET", "HEAD"]),
        Route("/__docs/{contract}/ui", to_page, methods=["GET", "HEAD"]),
        Mount(SWAGGER_UI_ASSETS, StaticFiles(directory=swagger_ui_assets())),
    ]
