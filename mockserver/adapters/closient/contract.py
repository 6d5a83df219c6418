"""Closient's side of the wiring: its document, handlers, credentials and error shape."""

from __future__ import annotations

import pathlib
from dataclasses import replace
from typing import Any

from starlette.responses import Response
from starlette.types import Scope

from ...contract_documents import contract_document, contract_path
from ...domain.catalog import ImageCatalog
from ...domain.ratelimit import RateDecision
from ...domain.sources import Clock, utc_now
from ...domain.tenancy import CredentialKind, Principal
from ...http.allowed_methods import AllowedMethods
from ...http.authentication import every_credential_source
from ...http.media_files import MediaUrls
from ...http.rate_limiting import authenticated_key
from .handlers import ClosientImageOperations
from .problems import problem, problem_for, rate_limited, render_problem

DOCUMENT = pathlib.Path("closient/dashboard-images.yaml")
PATH_PREFIX = "/dashboard/api/"
CREDENTIAL_KINDS = {
    "APIKeyHeaderAuth": CredentialKind.API_KEY,
    "OAuthTokenAuth": CredentialKind.BEARER_TOKEN,
    "SessionAuth": CredentialKind.SESSION_ID,
}


class ClosientContract:
    name = "closient"
    path_prefixes = (PATH_PREFIX,)
    rate_limited_methods = None  # every request counts
    request_transport = None  # one form of each call, as the document gives it

    def __init__(self, catalog: ImageCatalog, urls: MediaUrls, clock: Clock = utc_now) -> None:
        self.catalog = catalog
        self.clock = clock
        self.document = contract_document(contract_path(DOCUMENT))
        self.operations = ClosientImageOperations(catalog, urls)
        self.allowed_methods = AllowedMethods(self.document)
        self.credentials = every_credential_source(self.document)

    def canonical_call(self, method: str, path: str) -> tuple[str, str]:
        return method, path  # one form of each call, as the document gives it

    def handlers(self) -> dict[str, Any]:
        return self.operations.by_operation_id()

    def client_key(self, scope: Scope) -> str:
        """Who a request counts against: the credential that authenticates it, else its
        address."""
        return authenticated_key(scope, self.credentials, self.authenticate)

    def authenticate(self, scheme: str, secret: str) -> Principal:
        return self.catalog.authenticate(CREDENTIAL_KINDS[scheme], secret)

    def render_error(self, scope: Scope, error: Exception) -> Response:
        details = problem_for(error)
        if details.status == 405:
            allow = ", ".join(self.allowed_methods.for_path(scope["path"]))
            details = replace(details, headers={**details.headers, "Allow": allow})
        return render_problem(details, self.clock())

    def render_rate_limited(self, _scope: Scope, decision: RateDecision) -> Response:
        return render_problem(rate_limited(decision), self.clock())

    def render_not_found(self) -> Response:
        return render_problem(problem(404, "The requested resource was not found."), self.clock())

    def render_method_not_allowed(self, allow: str) -> Response:
        details = problem(405, "The method is not allowed for the requested resource.")
        return render_problem(replace(details, headers={"Allow": allow}), self.clock())
