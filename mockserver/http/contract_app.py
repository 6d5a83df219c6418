"""One engine per vendor contract, and the dispatcher that puts them side by side.

Each contract gets its own engine, so each renders failures in its own vendor's shape;
their paths do not collide, so a request goes to the contract whose path prefix it starts
with (the first contract takes everything else, e.g. unknown routes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, Protocol

from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ..contract_documents import check_document, is_shared_document
from ..domain.ratelimit import Limiter, RateDecision
from .authentication import credential_sources
from .decoding import DEFAULT_JSON_LIMITS, JsonLimits
from .engine import compile_engine
from .engine.document_model import DocumentModel
from .engine.documents import ServedDocument
from .engine.operation import RateLimiting


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


def docs_path(contract: Contract) -> str:
    return f"/__docs/{contract.name}"


_MODELS: dict[int, DocumentModel] = {}


def checked_model(document: Mapping[str, Any]) -> DocumentModel:
    """The document checked and resolved: once per process for a shared document (every
    app after the first reads the same model; nothing changes it), each time for any other."""
    shared = is_shared_document(document)
    model = _MODELS.get(id(document)) if shared else None
    if model is None:
        check_document(document)
        model = DocumentModel(document)
        if shared:
            _MODELS[id(document)] = model
    return model


def build_contract_app(
    contract: Contract,
    *,
    limiter: Limiter | None,
    max_body_bytes: int,
    validate_responses: bool,
    json_limits: JsonLimits = DEFAULT_JSON_LIMITS,
) -> ASGIApp:
    """The contract's engine, which answers every request of the contract."""
    model = checked_model(contract.document)
    return compile_engine(
        model,
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
        document=ServedDocument(docs_path(contract), model.base_path, model.spec),
        json_limits=json_limits,
        transport=contract.request_transport,
        validate_responses=validate_responses,
    )


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
    (its headers first, then the length and type): the one rendering for the engine and
    for Connexion's reference stack."""
    rendered = render(scope, error)
    return Response(
        content=rendered.body,
        status_code=rendered.status_code,
        media_type=rendered.media_type,
        headers=own_headers(rendered),
    )


def own_headers(response: Response) -> dict[str, str]:
    return {
        key: value
        for key, value in response.headers.items()
        if key not in ("content-length", "content-type")
    }
