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
    """The prefixes under which no outer route can match a path."""
    literals = []  # each route's path up to its first parameter, and whether it has one
    for route in routes:
        path = str(getattr(route, "path", ""))
        literal, brace, _ = path.partition("{")
        literals.append((literal, bool(brace)))
    return tuple(
        prefix
        for prefix in prefixes
        if not any(
            literal.startswith(prefix) or (templated and prefix.startswith(literal))
            for literal, templated in literals
        )
    )


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
