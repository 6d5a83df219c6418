"""Cloud Images' side of the wiring: its document, handlers, tokens and error rendering."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Scope

from ...contract_documents import contract_document, contract_path
from ...domain.errors import DomainError
from ...domain.image_records import Project
from ...domain.image_registry import ImageRegistry
from ...domain.metadefs import MetadefCatalog
from ...domain.ratelimit import RateDecision
from ...http.allowed_methods import AllowedMethods
from ...http.rate_limiting import address_key
from .documents import API_ROOT, CONTRACT_DOCUMENT
from .errors import error_for, rate_limited, render_error, request_headers
from .handlers import CloudImageOperations
from .import_handlers import ImportOperations
from .json_bodies import JsonBodiesWhateverTheirType
from .member_handlers import ImageMemberOperations
from .metadef_handlers import MetadefOperations

TOKEN_HEADER = b"x-auth-token"
# The contract declares the rate limit's 413 "Over Limit" on its writes only (as Rackspace
# counts limits per verb): reads are not counted.
WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})


class CloudImagesContract:
    name = "cloud-images"
    path_prefixes = (API_ROOT + "/",)
    rate_limited_methods = WRITE_METHODS
    # Glance reads create and member bodies as JSON whatever their media type.
    request_transport = JsonBodiesWhateverTheirType

    def __init__(
        self,
        registry: ImageRegistry,
        metadefs: MetadefCatalog,
        base_url: Callable[[Scope], str] = lambda _: "",
        max_data_bytes: int | None = None,
    ) -> None:
        """`base_url` gives the mock's URL before its paths, for a request: an absolute
        `Location` starts with it, as webob writes Glance's. `max_data_bytes` caps the data
        an import fetches from a URL."""
        self.registry = registry
        self.document = contract_document(contract_path(CONTRACT_DOCUMENT))
        self.images = CloudImageOperations(registry, base_url)
        self.members = ImageMemberOperations(registry)
        self.imports = ImportOperations(registry, base_url, max_data_bytes)
        self.metadefs = MetadefOperations(metadefs, base_url)
        self.allowed_methods = AllowedMethods(self.document)

    def canonical_call(self, method: str, path: str) -> tuple[str, str]:
        return method, path  # one form of each call, as the document gives it

    def handlers(self) -> dict[str, Any]:
        return {
            **self.images.by_operation_id(),
            **self.members.by_operation_id(),
            **self.imports.by_operation_id(),
            **self.metadefs.by_operation_id(),
        }

    def authenticate(self, _scheme: str, secret: str) -> Project:
        return self.registry.authenticate(secret)

    def client_key(self, scope: Scope) -> str:
        """A known token's bucket; a request without one counts against its address."""
        for name, value in scope["headers"]:
            if name == TOKEN_HEADER:
                token = str(value.decode("latin-1"))
                try:
                    self.registry.authenticate(token)
                except DomainError:
                    break
                return "token:" + token
        return address_key(scope)

    def render_error(self, scope: Scope, error: Exception) -> Response:
        failure = error_for(
            error,
            scope.get("method", ""),
            request_headers(scope).get("content-type"),
            scope.get("path", ""),
        )
        response = render_error(failure, scope)
        if failure.status == 405 and isinstance(error, HTTPException):
            # A router's 405 names the methods of the first route that matched the path;
            # the document names them all (a domain error's own Allow is left as it is).
            response.headers["Allow"] = ", ".join(self.allowed_methods.for_path(scope["path"]))
        return response

    def render_rate_limited(self, scope: Scope, decision: RateDecision) -> Response:
        return render_error(rate_limited(decision), scope)
