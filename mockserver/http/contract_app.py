"""One Connexion app per vendor contract, and the dispatcher that puts them side by side.

Each contract gets its own middleware stack, so each renders failures in its own vendor's
shape; their paths do not collide, so a request goes to the contract whose path prefix it
starts with (the first contract takes everything else, e.g. unknown routes).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, Protocol

from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolver
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ..contract_documents import validated_digests
from ..domain.ratelimit import Limiter, RateDecision
from .authentication import AuthenticationMiddleware, credential_sources
from .body_limit import BodySizeLimitMiddleware
from .connexion_internals import (
    ContextMiddleware,
    ExceptionMiddleware,
    LifespanMiddleware,
    ResponseValidationMiddleware,
    RoutingMiddleware,
    ServerErrorMiddleware,
)
from .decoding import DEFAULT_JSON_LIMITS, JsonLimits
from .fast_path import compile_fast_path
from .fast_path.document_model import DocumentModel, base_path
from .fast_path.documents import ServedDocument
from .fast_path.operation import RateLimiting
from .json_media_types import with_json_media_types
from .media_type_case import LowerCaseMediaType
from .openapi31 import add_openapi31_api, check_31_document, document_digest
from .prepared import (
    DocsOnlySwaggerUIMiddleware,
    PreparedAsyncApp,
    PreparedRequestValidationMiddleware,
)
from .rate_limiting import RateLimitMiddleware
from .validators import compiled_validator_map


class Contract(Protocol):
    """What a vendor adapter provides to be served."""

    @property
    def name(self) -> str: ...
    @property
    def path_prefixes(self) -> tuple[str, ...]: ...
    @property
    def document(self) -> Mapping[str, Any]: ...
    def handlers(self) -> Mapping[str, Callable[..., Any]]: ...
    def authenticate(self, scheme: str, secret: str) -> Any: ...
    def render_error(self, scope: Scope, error: Exception) -> Response:
        """The contract's answer to a failure while serving the request in `scope`."""
        ...

    def render_rate_limited(self, scope: Scope, decision: RateDecision) -> Response: ...
    @property
    def rate_limited_methods(self) -> frozenset[str] | None:
        """The methods whose requests count against the rate limit; None for every one."""
        ...

    def client_key(self, scope: Scope) -> str: ...
    @property
    def request_transport(self) -> Callable[[ASGIApp], ASGIApp] | None:
        """Middleware that turns the contract's other accepted forms of a call into the one
        its document describes, before the call is routed; None when there are none."""
        ...

    def canonical_call(self, method: str, path: str) -> tuple[str, str]:
        """The method and path, as the document spells them, of a call in any form the
        contract accepts (as sent, for a contract that accepts only the document's)."""
        ...


class _ChosenMediaTypeNotice(logging.Filter):
    """Drops Connexion's warning, logged on every request to an operation that takes
    several media types, that it picked one of them: it picks the request's own."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("this operation accepts multiple content")


_CHOSEN_MEDIA_TYPE_NOTICE = _ChosenMediaTypeNotice()


def docs_path(contract: Contract) -> str:
    return f"/__docs/{contract.name}"


def build_contract_app(
    contract: Contract,
    *,
    limiter: Limiter | None,
    max_body_bytes: int,
    validate_responses: bool,
    json_limits: JsonLimits = DEFAULT_JSON_LIMITS,
    fast_path: bool = True,
) -> ASGIApp:
    """The contract's engine (`fast_path`), which answers every request of the contract;
    without `fast_path`, Connexion's own stack over the same handlers and validators (the
    reference the engine is compared with)."""
    # The same filter object each time: a logger keeps one copy of it.
    logging.getLogger("connexion.operations.openapi3").addFilter(_CHOSEN_MEDIA_TYPE_NOTICE)
    if not fast_path:
        return build_connexion_app(
            contract,
            limiter=limiter,
            max_body_bytes=max_body_bytes,
            validate_responses=validate_responses,
            json_limits=json_limits,
        )
    check_document(contract.document)
    return compile_fast_path(
        DocumentModel(contract.document),
        contract.handlers(),
        credential_sources=credential_sources(contract.document),
        authenticate=contract.authenticate,
        rate_limiting=(
            RateLimiting(
                limiter,
                contract.client_key,
                contract.render_rate_limited,
                contract.rate_limited_methods,
            )
            if limiter
            else None
        ),
        max_body_bytes=max_body_bytes,
        render_error=partial(error_response, contract.render_error),
        document=ServedDocument(
            docs_path(contract), base_path(contract.document), contract.document
        ),
        json_limits=json_limits,
        transport=contract.request_transport,
        validate_responses=validate_responses,
    )


def build_connexion_app(
    contract: Contract,
    *,
    limiter: Limiter | None,
    max_body_bytes: int,
    validate_responses: bool,
    json_limits: JsonLimits = DEFAULT_JSON_LIMITS,
) -> ASGIApp:
    """The contract served by Connexion's stack, layered as the engine decides."""

    async def render_error(request: ConnexionRequest, error: Exception) -> ConnexionResponse:
        return _connexion_response(error_response(contract.render_error, request.scope, error))

    sources = credential_sources(contract.document)
    validator_map = with_json_media_types(compiled_validator_map(json_limits), contract.document)
    middlewares: list[Any] = [ServerErrorMiddleware]
    if limiter is not None:
        middlewares.append(
            partial(
                RateLimitMiddleware,
                limiter=limiter,
                client_key=contract.client_key,
                render_refusal=contract.render_rate_limited,
                exempt_prefixes=("/__docs",),
                methods=contract.rate_limited_methods,
            )
        )
    middlewares += [
        ExceptionMiddleware,
        partial(
            DocsOnlySwaggerUIMiddleware,
            docs_prefix=docs_path(contract),
            base_path=base_path(contract.document),
        ),
        partial(BodySizeLimitMiddleware, max_bytes=max_body_bytes),
        LowerCaseMediaType,
        *([contract.request_transport] if contract.request_transport else []),
        RoutingMiddleware,
        partial(
            AuthenticationMiddleware,
            sources=sources,
            authenticate=contract.authenticate,
        ),
        PreparedRequestValidationMiddleware,
        ResponseValidationMiddleware,
        LifespanMiddleware,
        ContextMiddleware,
    ]
    app = PreparedAsyncApp(contract.name, middlewares=middlewares)
    handlers = contract.handlers()
    add_openapi31_api(
        app,
        contract.document,
        known_valid=validated_digests(),
        resolver=Resolver(function_resolver=handlers.__getitem__),
        validate_responses=validate_responses,
        validator_map=validator_map,
        # Connexion serves the document; the UI in front of it is Swagger UI 5
        # (`frontend/swagger_ui.py`), which renders OpenAPI 3.1.
        swagger_ui_options=SwaggerUIOptions(
            spec_path=docs_path(contract) + "/openapi.json", swagger_ui=False
        ),
    )
    # Connexion and Starlette register their own handlers for these two; ours replace them.
    for failure in (Exception, ProblemException, HTTPException):
        app.add_error_handler(failure, render_error)
    return app


def check_document(document: Mapping[str, Any]) -> None:
    """Raise `InvalidSpecification` unless the document is valid OpenAPI 3.1 (a document
    whose digest is known to be valid is not checked again)."""
    spec = dict(document)
    spec.setdefault("components", {})
    if document_digest(spec) not in validated_digests():
        check_31_document(spec)


class ContractDispatcher:
    """Sends each request to the app of the contract whose paths it is on."""

    def __init__(self, routes: Sequence[tuple[tuple[str, ...], ASGIApp]]) -> None:
        if not routes:
            raise ValueError("no contract to serve")
        self.routes = [(prefixes, app) for prefixes, app in routes]
        self.fallback = routes[0][1]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        for prefixes, app in self.routes:
            if path.startswith(prefixes):
                await app(scope, receive, send)
                return
        await self.fallback(scope, receive, send)


def error_response(
    render: Callable[[Scope, Exception], Response], scope: Scope, error: Exception
) -> Response:
    """The contract's answer to a failure, exactly as Connexion's exception layer sends it
    (its headers first, then the length and type): the one rendering for the Connexion app
    and for a handler that raised on the fast path."""
    rendered = render(scope, error)
    return Response(
        content=rendered.body,
        status_code=rendered.status_code,
        media_type=rendered.media_type,
        headers=_own_headers(rendered),
    )


def _own_headers(response: Response) -> dict[str, str]:
    return {
        key: value
        for key, value in response.headers.items()
        if key not in ("content-length", "content-type")
    }


def _connexion_response(response: Response) -> ConnexionResponse:
    return ConnexionResponse(
        status_code=response.status_code,
        mimetype=response.media_type,
        body=response.body,
        headers=_own_headers(response),
    )
