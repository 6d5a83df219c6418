"""Each contract served by Connexion's own stack, over the same handlers, checks and error
renderer as the engine: the reference the tests compare the engine with
(`MockConfig(engine=False)`), layered in the order the engine decides.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolver
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp

from ..contract_documents import validated_digests
from ..domain.ratelimit import Limiter
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
from .contract_app import Contract, docs_path, error_response, own_headers
from .decoding import DEFAULT_JSON_LIMITS, JsonLimits
from .engine.document_model import base_path
from .json_media_types import with_json_media_types
from .media_type_case import LowerCaseMediaType
from .openapi31 import add_openapi31_api
from .prepared import (
    DocsOnlySwaggerUIMiddleware,
    PreparedAsyncApp,
    PreparedRequestValidationMiddleware,
)
from .rate_limiting import RateLimitMiddleware
from .validation_problems import RequestProblem
from .validators import compiled_validator_map


class _ChosenMediaTypeNotice(logging.Filter):
    """Drops Connexion's warning, logged on every request to an operation that takes
    several media types, that it picked one of them: it picks the request's own."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("this operation accepts multiple content")


_CHOSEN_MEDIA_TYPE_NOTICE = _ChosenMediaTypeNotice()


def build_connexion_app(
    contract: Contract,
    *,
    limiter: Limiter | None,
    max_body_bytes: int,
    validate_responses: bool,
    json_limits: JsonLimits = DEFAULT_JSON_LIMITS,
) -> ASGIApp:
    """The contract served by Connexion's stack, layered as the engine decides."""

    # The same filter object each time: a logger keeps one copy of it.
    logging.getLogger("connexion.operations.openapi3").addFilter(_CHOSEN_MEDIA_TYPE_NOTICE)

    async def render_error(request: ConnexionRequest, error: Exception) -> ConnexionResponse:
        if isinstance(error, ProblemException) and not isinstance(error, RequestProblem):
            # Connexion's own refusals, as the engine raises them
            error = RequestProblem(error.status, error.title, error.detail, error.headers)
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


def _connexion_response(response: Response) -> ConnexionResponse:
    return ConnexionResponse(
        status_code=response.status_code,
        mimetype=response.media_type,
        body=response.body,
        headers=own_headers(response),
    )
