"""Cloud Images' side of the wiring: its document, handlers, tokens and error shape."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.types import Scope

from ...contracts import CLOUD_IMAGES, contract_path
from ...domain.image_registry import ImageRegistry, Project
from ...domain.ratelimit import RateDecision
from ...http.allowed_methods import AllowedMethods
from ...http.openapi31 import read_document
from .errors import error_for, rate_limited, render_error_body
from .handlers import COLLECTION, CloudImageOperations

TOKEN_HEADER = b"x-auth-token"
# The contract declares the rate limit's 413 "Over Limit" on its writes only (create,
# update, delete, upload; as Rackspace counts limits per verb): reads are not counted.
WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})


class CloudImagesContract:
    name = "cloud-images"
    path_prefixes = (COLLECTION,)
    rate_limited_methods = WRITE_METHODS
    request_transport = None  # one form of each call, as the document gives it

    def __init__(self, registry: ImageRegistry) -> None:
        self.registry = registry
        self.document = read_document(contract_path(CLOUD_IMAGES))
        self.operations = CloudImageOperations(registry)
        self.allowed_methods = AllowedMethods(self.document)

    def handlers(self) -> dict[str, Any]:
        return self.operations.by_operation_id()

    def authenticate(self, _scheme: str, secret: str) -> Project:
        return self.registry.authenticate(secret)

    def client_key(self, scope: Scope) -> str:
        for name, value in scope["headers"]:
            if name == TOKEN_HEADER:
                return "token:" + str(value.decode("latin-1"))
        client = scope.get("client")
        return "address:" + (client[0] if client else "unknown")

    def render_error(self, path: str, error: Exception) -> Response:
        failure = error_for(error)
        response = render_error_body(failure)
        if failure.status == 405:
            response.headers["Allow"] = ", ".join(self.allowed_methods.for_path(path))
        return response

    def render_rate_limited(self, _scope: Scope, decision: RateDecision) -> Response:
        return render_error_body(rate_limited(decision))
