"""Past Starlette's exception layer and router, straight to the contracts, for API paths.

The mock's outer router holds the admin, media and picture routes, and sends everything
else to the contract dispatcher. A path under an API prefix that none of those routes lives
under always ends at the dispatcher (its default; no route, partial match or trailing-slash
redirect of the outer router can take it), and the outer exception layer sees nothing there
(each contract's Connexion app renders its own failures). This middleware, placed after
CORS, sends those paths to the dispatcher directly.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send


def unshadowed(prefixes: Sequence[str], routes: Sequence[BaseRoute]) -> tuple[str, ...]:
    """The prefixes no outer route lives under."""
    paths = [str(getattr(route, "path", "")) for route in routes]
    return tuple(p for p in prefixes if not any(path.startswith(p) for path in paths))


class ContractShortcut:
    def __init__(self, app: ASGIApp, *, dispatcher: ASGIApp, prefixes: tuple[str, ...]) -> None:
        self.app = app
        self.dispatcher = dispatcher
        self.prefixes = prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.prefixes and scope["type"] == "http" and scope["path"].startswith(self.prefixes):
            await self.dispatcher(scope, receive, send)
            return
        await self.app(scope, receive, send)
