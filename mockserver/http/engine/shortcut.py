"""The mock's app, whose requests on API paths go straight to the contracts.

The mock's outer Starlette app holds the admin, media and picture routes, and sends
everything else to the contract dispatcher. A path under an API prefix that none of those
routes lives under always ends at the dispatcher (the router's default; no route, partial
match or trailing-slash redirect can take it), and Starlette's exception layers see nothing
there (each contract's Connexion app renders its own failures). So such a request skips
Starlette: it goes through the layers every request of its contract passes (CORS, the
contract's own middleware, the change watch), built again from the same `Middleware`
entries, and on to the contract's app.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
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


def wrapped(app: ASGIApp, layers: Sequence[Middleware]) -> ASGIApp:
    """`app` inside `layers`, the first outermost, as Starlette builds its middleware."""
    for cls, args, kwargs in reversed(layers):
        app = cls(app, *args, **kwargs)
    return app


class ContractShortcut(Starlette):
    def __init__(
        self,
        *,
        shortcuts: Sequence[tuple[tuple[str, ...], ASGIApp]],
        dispatcher: ASGIApp,
        **starlette: Any,
    ) -> None:
        """A Starlette app of `starlette`'s routes and middleware, whose router sends what
        it does not route to `dispatcher`, and whose requests under a shortcut's prefixes
        go to that shortcut's app instead."""
        super().__init__(**starlette)
        self.router.default = dispatcher
        self.shortcuts = [(prefixes, app) for prefixes, app in shortcuts if prefixes]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            for prefixes, contract in self.shortcuts:
                if path.startswith(prefixes):
                    await contract(scope, receive, send)
                    return
        await super().__call__(scope, receive, send)
