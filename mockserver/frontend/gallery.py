"""The gallery page: every contract's state in one page that changes it through the
contracts' own APIs and follows changes live (server-sent events). Each contract describes
its part (`ContractPlugin.gallery`); the page draws whatever the served contracts describe.

The root `/` may also be a contract's (a version document that clients read there with
`Accept: application/json`, or none). So the page is served at `/` only to a request that
prefers HTML, as browsers' navigations do; every other request to `/` gets what lies
beneath, and both answers say `Vary: Accept`. The page is always at `/__gallery/`.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..contract_plugin import GalleryView
from .assets import ASSETS_PREFIX, own_assets, script_json
from .changes import ChangeFeed

GALLERY_PATH = "/__gallery/"
EVENTS_PATH = "/__gallery/events"


def gallery_page(views: Mapping[str, GalleryView]) -> str:
    """The page for the contracts' views, by contract name, in the order they are served:
    a link to each one's Swagger UI, a section for each one, and what the page's script
    draws in it (the seed's credentials included)."""
    config: dict[str, Any] = {
        "contracts": [{"name": name, "draw": view.draw} for name, view in views.items()]
    }
    links = "\n".join(
        f'    <a href="/__docs/{html.escape(name)}/ui/">{html.escape(view.link)}</a>'
        for name, view in views.items()
    )
    sections = "\n".join(
        f'  <section id="{html.escape(name)}"><h2>{html.escape(view.heading)}</h2>'
        '<div class="body"></div></section>'
        for name, view in views.items()
    )
    template = (own_assets() / "gallery.html").read_text(encoding="utf-8")
    return (
        template.replace("    {{links}}", links)
        .replace("  {{sections}}", sections)
        .replace("{{config}}", script_json(config))
        .replace("{{assets}}", ASSETS_PREFIX + "/mock")
    )


RETRY_STREAM_SECONDS = 5
"""When a refused stream may be asked for again (`Retry-After`)."""


def gallery_routes(page: str, feed: ChangeFeed) -> list[BaseRoute]:
    async def show(_request: Request) -> Response:
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})

    return [
        Route(GALLERY_PATH, show, methods=["GET", "HEAD"]),
        Route("/__gallery", show, methods=["GET", "HEAD"]),
        Route(EVENTS_PATH, ChangeStream(feed), methods=["GET"]),
        Mount(ASSETS_PREFIX + "/mock", StaticFiles(directory=own_assets())),
    ]


class ChangeStream:
    """The server-sent events of the feed's versions, while the feed has room for one more
    stream; past its cap a 503 that closes the connection, for this stream only."""

    def __init__(self, feed: ChangeFeed) -> None:
        self.feed = feed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.feed.open_stream():
            refusal = JSONResponse(
                {
                    "error": "too_many_event_streams",
                    "detail": f"The mock serves at most {self.feed.max_streams} live-update "
                    "streams at once; the APIs are not affected. Close a gallery page, or "
                    "retry later.",
                },
                status_code=503,
                headers={"Retry-After": str(RETRY_STREAM_SECONDS), "Connection": "close"},
            )
            await refusal(scope, receive, send)
            return
        try:
            await StreamingResponse(
                self._events(),
                media_type="text/event-stream",
                headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
            )(scope, receive, send)
        finally:
            self.feed.close_stream()

    async def _events(self) -> AsyncIterator[str]:
        yield "retry: 1000\n\n"
        async for version in self.feed.versions():
            yield ": keepalive\n\n" if version is None else f"data: {version}\n\n"


def prefers_html(accept: str) -> bool:
    """Whether an Accept header asks for HTML over JSON: text/html listed with a weight at
    least that of any JSON type it lists (a browser's navigation; never a missing header,
    */* alone or application/json)."""
    html_weight, json_weight = 0.0, 0.0
    for item in accept.split(","):
        media_type, *parameters = (part.strip() for part in item.split(";"))
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        media_type = media_type.lower()
        if media_type in ("text/html", "application/xhtml+xml"):
            html_weight = max(html_weight, weight)
        elif media_type == "application/json" or media_type.endswith("+json"):
            json_weight = max(json_weight, weight)
    return html_weight > 0 and html_weight >= json_weight


def home_page_wanted(scope: Scope) -> bool:
    """Whether a request is answered the page at `/` (a GET or HEAD there preferring HTML)."""
    if scope["path"] != "/" or scope["method"] not in ("GET", "HEAD"):
        return False
    accept = ", ".join(
        value.decode("latin-1") for name, value in scope["headers"] if name == b"accept"
    )
    return prefers_html(accept)


class BrowserHome:
    """`/` for a browser is the gallery page; for anyone else, what lies beneath (a
    contract's route there, or a 404)."""

    def __init__(self, app: ASGIApp, *, page: str) -> None:
        self.app = app
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/":
            await self.app(scope, receive, send)
            return
        if home_page_wanted(scope):
            response = HTMLResponse(
                self.page, headers={"Vary": "Accept", "Cache-Control": "no-store"}
            )
            await response(scope, receive, send)
            return

        async def varying(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message["headers"], (b"vary", b"Accept")]}
            await send(message)

        await self.app(scope, receive, varying)
