"""Builds the mock: the contract documents served by Connexion over the in-memory domain,
plus image files, admin routes and CORS around them.

Request path through the contract stack (outermost first): CORS → rate limit (headers on
every response, 429) → Connexion's exception handling (one error renderer) → Swagger UI →
body size limit (413) → routing → authentication (401) → request validation (422) →
handler → domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from connexion import AsyncApp
from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.middleware.context import ContextMiddleware
from connexion.middleware.exceptions import ExceptionMiddleware
from connexion.middleware.lifespan import LifespanMiddleware
from connexion.middleware.request_validation import RequestValidationMiddleware
from connexion.middleware.response_validation import ResponseValidationMiddleware
from connexion.middleware.routing import RoutingMiddleware
from connexion.middleware.server_error import ServerErrorMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolver
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.routing import Mount

from .adapters.closient.contract import ClosientContract, client_key
from .config import MockConfig
from .domain.catalog import ImageCatalog, Seed, UploadPolicy
from .domain.ratelimit import RateLimiter
from .http.admin import admin_routes
from .http.authentication import AuthenticationMiddleware, credential_sources
from .http.body_limit import BodySizeLimitMiddleware
from .http.media_files import MediaUrls, media_routes
from .http.openapi31 import add_openapi31_api
from .http.rate_limiting import RateLimitMiddleware
from .http.validators import compiled_validator_map
from .seed import load_seed

# Room for the multipart envelope and the text fields around an image at the size limit.
MULTIPART_ALLOWANCE = 64 * 1024
RATE_LIMIT_HEADERS = [
    "RateLimit-Policy",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "Retry-After",
]


@dataclass
class MockState:
    """What a running mock holds, exposed for the admin routes and tests."""

    catalog: ImageCatalog
    limiter: RateLimiter | None

    def reset(self) -> None:
        self.catalog.reset()
        if self.limiter is not None:
            self.limiter.reset()


def create_app(config: MockConfig, seed: Seed | None = None) -> Starlette:
    """A fresh mock with its own state: nothing is shared between two apps."""
    seed = seed if seed is not None else load_seed(config.seed_path)
    catalog = ImageCatalog(seed, UploadPolicy(max_image_bytes=config.max_image_bytes))
    limiter = RateLimiter(config.rate_limit_windows) if config.rate_limit_windows else None
    state = MockState(catalog, limiter)
    closient = ClosientContract(catalog, MediaUrls(config.public_url))

    contract_app = _contract_app(config, closient, limiter)
    app = Starlette(
        routes=[
            *admin_routes(state.reset, catalog.snapshot),
            *media_routes(catalog.find_image, closient.render_not_found),
            Mount("", app=contract_app),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=list(config.cors_origins),
                allow_methods=["*"],
                allow_headers=["*"],
                expose_headers=RATE_LIMIT_HEADERS,
            )
        ],
    )
    app.state.mock = state
    return app


def _contract_app(
    config: MockConfig, closient: ClosientContract, limiter: RateLimiter | None
) -> AsyncApp:
    async def render_error(request: ConnexionRequest, error: Exception) -> ConnexionResponse:
        return _connexion_response(closient.render_error(request.url.path, error))

    middlewares: list[Any] = [ServerErrorMiddleware]
    if limiter is not None:
        middlewares.append(
            partial(
                RateLimitMiddleware,
                limiter=limiter,
                client_key=client_key,
                render_refusal=closient.render_rate_limited,
                exempt_prefixes=("/__docs",),
            )
        )
    middlewares += [
        ExceptionMiddleware,
        SwaggerUIMiddleware,
        partial(BodySizeLimitMiddleware, max_bytes=config.max_image_bytes + MULTIPART_ALLOWANCE),
        RoutingMiddleware,
        partial(
            AuthenticationMiddleware,
            sources=credential_sources(closient.document),
            authenticate=closient.authenticate,
        ),
        RequestValidationMiddleware,
        ResponseValidationMiddleware,
        LifespanMiddleware,
        ContextMiddleware,
    ]
    app = AsyncApp(__name__, middlewares=middlewares)
    add_openapi31_api(
        app,
        closient.document,
        resolver=Resolver(function_resolver=closient.operations.by_operation_id().__getitem__),
        validate_responses=config.validate_responses,
        validator_map=compiled_validator_map(),
        swagger_ui_options=SwaggerUIOptions(
            spec_path=closient.docs_path + "/openapi.json",
            swagger_ui_path=closient.docs_path + "/ui",
        ),
    )
    # Connexion and Starlette register their own handlers for these two; ours replace them.
    for failure in (Exception, ProblemException, HTTPException):
        app.add_error_handler(failure, render_error)
    return app


def _connexion_response(response: Response) -> ConnexionResponse:
    headers = {
        key: value
        for key, value in response.headers.items()
        if key not in ("content-length", "content-type")
    }
    return ConnexionResponse(
        status_code=response.status_code,
        mimetype=response.media_type,
        body=response.body,
        headers=headers,
    )
