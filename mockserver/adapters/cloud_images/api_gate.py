"""What Glance decides about a request on its API before any route does.

Glance's pipeline checks the token (keystonemiddleware) before its router sees a request,
and its router knows no more than its routes. So on the API mount (`/v2` and under it,
once the version is negotiated):

- a request without a known token gets the API's 401, also on a path or with a method no
  route takes (there Connexion would answer 404 or 405 first; a request an operation takes
  is left to it, which checks the token after the mock's rate limit, as before);
- `/v2` itself (also `/v2.1`, negotiated to it) is a 302 Found to `/v2/`, with an empty
  `text/plain; charset=utf8` body, whatever the method;
- a path with a trailing slash is not found (Connexion's router would redirect it to the
  path without one, which Glance does not);
- `HEAD` is no method of any route: 405 with the path's `Allow`, or 404 on no route.

(`OPTIONS` is answered before, with version negotiation.)
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ...http.allowed_methods import AllowedMethods
from ...http.authentication import Authenticate, CredentialSource, find_principal
from .version_negotiation import MOUNT

RenderError = Callable[[Scope, Exception], Response]


class ApiGate:
    def __init__(
        self,
        app: ASGIApp,
        *,
        base_url: Callable[[Scope], str],
        sources: tuple[CredentialSource, ...],
        authenticate: Authenticate,
        render_error: RenderError,
        allowed_methods: AllowedMethods,
    ) -> None:
        self.app = app
        self.base_url = base_url
        self.sources = sources
        self.authenticate = authenticate
        self.render_error = render_error
        self.allowed_methods = allowed_methods

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"] if scope["type"] == "http" else ""
        if path != MOUNT and not path.startswith(MOUNT + "/"):
            await self.app(scope, receive, send)
            return
        answer = self._answer(scope, path)
        if answer is None:
            await self.app(scope, receive, send)
            return
        await answer(scope, receive, send)

    def _answer(self, scope: Scope, path: str) -> Response | None:
        """Glance's answer to the request before routing, or None to route it."""
        method = scope["method"]
        routable = path != MOUNT and not path.endswith("/")
        allowed = self.allowed_methods.for_path(path) if routable else []
        if method in allowed:
            return None  # its operation checks the token, after the mock's rate limit
        try:
            find_principal(scope, self.sources, self.authenticate)
        except Exception as refusal:  # a missing or unknown token: the API's own 401
            return self.render_error(scope, refusal)
        if path == MOUNT:
            return Response(
                status_code=302,
                headers={"Location": f"{self.base_url(scope)}{MOUNT}/"},
                media_type="text/plain; charset=utf8",
            )
        if not routable:  # a trailing slash
            return self.render_error(scope, HTTPException(404))
        if method == "HEAD":
            if not allowed:
                return self.render_error(scope, HTTPException(404))
            return self.render_error(
                scope, HTTPException(405, headers={"Allow": ", ".join(allowed)})
            )
        return None
