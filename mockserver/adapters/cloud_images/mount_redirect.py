"""Glance's answer to its API mount written without the trailing slash.

Glance routes `/v2` (and `/v2.1`, once negotiated to it) to a redirect: after the token is
checked, 302 Found to `/v2/`, with an empty `text/plain; charset=utf8` body, whatever the
method. Without a token, or with one it does not know, it is the 401 any API path gets.
Nothing else answers `/v2` in the mock: without this it would be a path of no contract.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ...http.authentication import Authenticate, CredentialSource, find_principal
from .version_negotiation import MOUNT

RenderError = Callable[[Scope, Exception], Response]


class MountRedirect:
    def __init__(
        self,
        app: ASGIApp,
        *,
        base_url: Callable[[Scope], str],
        sources: tuple[CredentialSource, ...],
        authenticate: Authenticate,
        render_error: RenderError,
    ) -> None:
        self.app = app
        self.base_url = base_url
        self.sources = sources
        self.authenticate = authenticate
        self.render_error = render_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != MOUNT:
            await self.app(scope, receive, send)
            return
        try:
            find_principal(scope, self.sources, self.authenticate)
        except Exception as refusal:  # a missing or unknown token: the API's own 401
            response = self.render_error(scope, refusal)
        else:
            response = Response(
                status_code=302,
                headers={"Location": f"{self.base_url(scope)}{MOUNT}/"},
                media_type="text/plain; charset=utf8",
            )
        await response(scope, receive, send)
