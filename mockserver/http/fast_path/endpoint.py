"""The fast path's ASGI app: route a request to its compiled operation, or hand it over."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from connexion.exceptions import ResolverError
from connexion.resolver import Resolver
from starlette.types import ASGIApp, Receive, Scope, Send

from ..authentication import Authenticate, CredentialSource
from ..connexion_internals import METHODS, OpenAPIOperation, Specification
from ..decoding import DEFAULT_JSON_LIMITS, JsonLimits
from .form_body import UnsupportedBody
from .operation import (
    FastOperation,
    RateLimiting,
    RenderError,
    Security,
    UnsupportedOperation,
)
from .parameters import UnsupportedParameter
from .routes import Route, RouteTable, route


class FastPath:
    """In front of a contract's Connexion app (the reference): takes what it can decide."""

    def __init__(
        self, routes: RouteTable[FastOperation], reference: ASGIApp, max_body_bytes: int
    ) -> None:
        self.routes = routes
        self.reference = reference
        self.max_body_bytes = max_body_bytes

    @property
    def compiled_operations(self) -> list[str]:
        """The operationIds the fast path takes requests for."""
        return [r.operation.operation.operation_id for r in self.routes.routes if r.operation]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._routable(scope):
            found = self.routes.match(scope["method"], scope["path"])
            if found is not None:
                operation, path_params = found
                await operation(scope, receive, send, path_params, self.reference)
                return
        await self.reference(scope, receive, send)

    def _routable(self, scope: Scope) -> bool:
        """Whether the route table matches paths here as Connexion's router would, and the
        body size limit lets the request through before it is read."""
        if scope.get("root_path") or "\n" in scope["path"]:  # the API mount's `.*` stops there
            return False
        return not any(
            name == b"content-length" and value.isdigit() and int(value) > self.max_body_bytes
            for name, value in scope["headers"]
        )


def compile_fast_path(
    specification: Specification,
    handlers: Mapping[str, Callable[..., Any]],
    *,
    credential_sources: Mapping[str, tuple[CredentialSource, ...]],
    authenticate: Authenticate,
    rate_limiting: RateLimiting | None,
    max_body_bytes: int,
    render_error: RenderError,
    reference: ASGIApp,
    json_limits: JsonLimits = DEFAULT_JSON_LIMITS,
) -> FastPath:
    """Every operation of the served document, in Connexion's route order; those the fast
    path can bind are compiled, the others stay Connexion's."""
    resolver = Resolver(function_resolver=handlers.__getitem__)
    routes: list[Route[FastOperation]] = []
    for path, path_item in specification["paths"].items():
        for method in path_item:
            if method not in METHODS:
                continue
            try:
                operation = OpenAPIOperation.from_spec(
                    specification, path=path, method=method, resolver=resolver
                )
                compiled: FastOperation | None = FastOperation(
                    operation,
                    security=Security(
                        credential_sources.get(operation.operation_id, ()), authenticate
                    ),
                    rate_limiting=rate_limiting,
                    max_body_bytes=max_body_bytes,
                    render_error=render_error,
                    json_limits=json_limits,
                )
            except (
                ResolverError,
                UnsupportedOperation,
                UnsupportedParameter,
                UnsupportedBody,
            ):
                compiled = None
            routes.append(route(specification.base_path, path, method, compiled))
    return FastPath(RouteTable(routes), reference, max_body_bytes)
