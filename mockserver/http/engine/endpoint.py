"""The engine's ASGI app: every request of one contract, in the order the contract's
decisions are made.

1. The rate limit (the document's docs are exempt): a spent window is the contract's
   refusal; every other answer carries the decision's headers.
2. The document itself (`documents`).
3. A declared body longer than the contract's limit: 413, before routing.
4. The contract's transport, when it accepts other forms of a call than its document's:
   the call rewritten into the document's form, the body read within the same limit.
5. Routing: no route is the contract's 404, a path of other methods its 405; a path whose
   trailing slash alone stands in the way is redirected (307) as Starlette's router does.
6. The route's compiled operation (`operation`): credential, parameters, body, handler.

Each refusal is rendered by the contract's own error renderer, with the rate-limit headers
of the one decision taken.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from starlette.datastructures import URL
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..authentication import Authenticate, CredentialSource
from ..decoding import DEFAULT_JSON_LIMITS, JsonLimits
from ..media_type_case import with_lower_case_media_type
from ..rate_limiting import (
    COUNTED_DECISION,
    is_counted,
    mark_counted,
    rate_limit_headers,
    with_rate_limit_headers,
)
from .body_reading import body_too_large, bounded
from .document_model import DocumentModel
from .documents import ServedDocument
from .operation import (
    CompiledOperation,
    RateLimiting,
    RenderError,
    Security,
    UnsupportedOperation,
)
from .parameters import UnsupportedParameter
from .routes import Route, RouteTable, SlashRedirect, route

Transport = Callable[[ASGIApp], ASGIApp]
"""Middleware that turns the contract's other forms of a call into the one its document
describes (`Contract.request_transport`)."""


class ContractEngine:
    """One contract's requests, each answered by its compiled operation or refused."""

    def __init__(
        self,
        routes: RouteTable[CompiledOperation],
        *,
        max_body_bytes: int,
        rate_limiting: RateLimiting | None,
        document: ServedDocument,
        render_error: RenderError,
        transport: Transport | None = None,
    ) -> None:
        self.routes = routes
        self.max_body_bytes = max_body_bytes
        self.rate_limiting = rate_limiting
        self.document = document
        self.render_error = render_error
        self._transported = transport(self._route) if transport is not None else self._route

    @property
    def compiled_operations(self) -> list[str]:
        """The operationIds the engine takes requests for."""
        return [r.operation.operation.operation_id for r in self.routes.routes]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await _refuse_other_protocols(scope, receive, send)
            return
        scope = with_lower_case_media_type(scope)
        path = route_path(scope)
        answer = await self._count(scope, receive, send, path)
        if answer is None:
            return
        if self.document.wants(path, scope["method"]):
            await self.document(scope, receive, answer)
            return
        started = False

        def answering(message: Message) -> Awaitable[None]:
            # Not a coroutine of its own: the server's `send` is awaited as it is.
            nonlocal started
            started = True
            return answer(message)

        try:
            if self._declares_too_long_a_body(scope):
                raise body_too_large(self.max_body_bytes)
            await self._transported(scope, bounded(receive, self.max_body_bytes), answering)
        except Exception as refused:
            if started:  # a failure while the answer was being sent: nothing more to say
                raise
            await self.render_error(scope, refused)(scope, receive, answer)

    async def _route(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The request (in the form the document describes) to its operation; raises the
        router's refusal."""
        path = route_path(scope)
        try:
            taken, path_params = self.routes.match(scope["method"], path)
        except SlashRedirect as redirect:
            moved = {
                **scope,
                "path": scope["path"][: len(scope["path"]) - len(path)] + redirect.path,
            }
            await RedirectResponse(str(URL(scope=moved)))(scope, receive, send)
            return
        await taken.operation(scope, receive, send, path_params)

    async def _count(self, scope: Scope, receive: Receive, send: Send, path: str) -> Send | None:
        """Count the request against its client's windows: the `send` that adds the
        decision's headers, or None once a spent window's refusal is sent."""
        limiting = self.rate_limiting
        if (
            limiting is None
            or self.document.exempts(path)
            or not is_counted(limiting.methods, scope["method"])
        ):
            return send
        decision = scope.get("extensions", {}).get(COUNTED_DECISION)
        if decision is None:
            decision = limiting.limiter.hit(limiting.client_key(scope))
        # for calls made in process on its behalf (a batch's), and for an uncompiled
        # operation's stack, which then answers from it
        mark_counted(scope, decision)
        headers = rate_limit_headers(limiting.limiter.policy, decision)
        if not decision.allowed:
            refusal = limiting.render_refusal(scope, decision)
            refusal.headers.update(headers)
            await refusal(scope, receive, send)
            return None
        return with_rate_limit_headers(send, headers)

    def _declares_too_long_a_body(self, scope: Scope) -> bool:
        for name, value in scope["headers"]:  # a loop, not a generator: every request asks
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body_bytes:
                return True
        return False


async def _refuse_other_protocols(scope: Scope, receive: Receive, send: Send) -> None:
    """A contract speaks HTTP alone: a WebSocket is closed before it opens; the app's
    lifespan is its host's to run."""
    if scope["type"] == "websocket":
        await receive()  # websocket.connect
        await send({"type": "websocket.close", "code": 1003})


def route_path(scope: Scope) -> str:
    """The request's path within the app (past the root path it is mounted at), as
    Starlette's router matches it."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and (len(path) == len(root) or path[len(root)] == "/"):
        return path[len(root) :]
    return path


def integer_path_parameters(parameters: Sequence[Mapping[str, Any]]) -> frozenset[str]:
    return frozenset(
        parameter["name"]
        for parameter in parameters
        if parameter.get("in") == "path" and parameter.get("schema", {}).get("type") == "integer"
    )


def compile_engine(
    model: DocumentModel,
    handlers: Mapping[str, Callable[..., Any]],
    *,
    credential_sources: Mapping[str, tuple[CredentialSource, ...]],
    authenticate: Authenticate,
    rate_limiting: RateLimiting | None,
    max_body_bytes: int,
    render_error: RenderError,
    document: ServedDocument,
    json_limits: JsonLimits = DEFAULT_JSON_LIMITS,
    transport: Transport | None = None,
    validate_responses: bool = False,
) -> ContractEngine:
    """Every operation of the document compiled, in document order (the order of its
    routes); `UnsupportedOperation` names one the engine cannot serve (no handler, a
    handler that is not a coroutine returning a Response, a parameter of a kind it does
    not read)."""
    routes: list[Route[CompiledOperation]] = []
    for operation in model.operations():
        where = f"{operation.method.upper()} {operation.path} ({operation.operation_id})"
        if operation.operation_id not in handlers:
            raise UnsupportedOperation(f"{where}: no handler")
        try:
            compiled = CompiledOperation(
                operation,
                handlers[operation.operation_id],
                security=Security(credential_sources.get(operation.operation_id, ()), authenticate),
                max_body_bytes=max_body_bytes,
                render_error=render_error,
                json_limits=json_limits,
                validate_responses=validate_responses,
            )
        except (UnsupportedOperation, UnsupportedParameter) as unsupported:
            raise UnsupportedOperation(f"{where}: {unsupported}") from unsupported
        integers = integer_path_parameters(operation.parameters)
        routes.append(route(model.base_path, operation.path, operation.method, compiled, integers))
    return ContractEngine(
        RouteTable(routes),
        max_body_bytes=max_body_bytes,
        rate_limiting=rate_limiting,
        document=document,
        render_error=render_error,
        transport=transport,
    )
