"""Bitrix24's side of the wiring: its document, methods, credentials and error shape."""

from __future__ import annotations

import pathlib
import re
from functools import partial
from typing import Any

from starlette.responses import Response
from starlette.types import ASGIApp, Scope

from ...contract_documents import contract_document, contract_path
from ...domain.errors import DomainError
from ...domain.ids import parse_serial
from ...domain.product_pictures import InvalidWebhook, ProductPictures
from ...domain.ratelimit import RateDecision
from ...http.rate_limiting import address_key
from ...http.validation_problems import RequestProblem
from .batch import BatchMethod
from .errors import BitrixError, CalledMethod, error_for, rate_limited, render_error_body
from .files import PictureUrls
from .handlers import Clock, ProductImageMethods
from .php_values import SchemaReader
from .transports import TRANSPORT_METHODS, CallTransports, MethodNames

DOCUMENT = pathlib.Path("bitrix24/openapi.yaml")
PATH_PREFIX = "/rest/"
GET_FIELDS = "catalog.productImage.getFields"
_WEBHOOK_PATH = re.compile(r"^/rest/([0-9]+)/([0-9A-Za-z]+)/")


class Bitrix24Contract:
    name = "bitrix24"
    path_prefixes = (PATH_PREFIX,)
    rate_limited_methods = None  # every request counts

    def __init__(self, pictures: ProductPictures, urls: PictureUrls, clock: Clock) -> None:
        self.pictures = pictures
        self.document = contract_document(contract_path(DOCUMENT))
        self.methods = ProductImageMethods(pictures, urls, clock)
        self.method_names = MethodNames(self.document)
        self.batch = BatchMethod(pictures, self.method_names, clock)
        self.request_transport = partial(
            CallTransports,
            names=self.method_names,
            reader=SchemaReader(self.document),
            webhook_refusal=self._webhook_refusal,
        )

    def handlers(self) -> dict[str, Any]:
        handlers = {**self.methods.by_operation_id(), **self.batch.handlers()}
        # A GET never reaches its operation (the transports rewrite it into the POST form
        # first); the document describes it, and Connexion wants a handler for each.
        for item in self.document["paths"].values():
            if "get" in item and "post" in item:
                handlers[item["get"]["operationId"]] = handlers[item["post"]["operationId"]]
        return handlers

    def canonical_call(self, method: str, path: str) -> tuple[str, str]:
        """A method named in any case, with `.json`, by GET or POST: the document's POST."""
        address = self.method_names.address(path)
        if address is None or not address.known or method not in TRANSPORT_METHODS:
            return method, path
        return "POST", address.path

    def serve_batch_commands_with(self, app: ASGIApp) -> None:
        """`app` is this contract's whole app, which serves the commands of a batch."""
        self.batch.bind(app)

    def authenticate(self, _scheme: str, _secret: str) -> Any:
        # The document declares no security scheme; each method checks its own credential.
        raise NotImplementedError

    def client_key(self, scope: Scope) -> str:
        """A known webhook's bucket; application calls (their token is in the body) and
        unknown webhooks count against their address."""
        path = scope.get("path", "")
        webhook = _WEBHOOK_PATH.match(path)
        if webhook and self._webhook_refusal(path) is None:
            return f"webhook:{webhook.group(1)}/{webhook.group(2)}"
        return address_key(scope)

    def render_error(self, scope: Scope, error: Exception) -> Response:
        path: str = scope["path"]
        if isinstance(error, RequestProblem):
            # The vendor checks a webhook before the parameters of the call.
            error = self._webhook_refusal(path) or error
        address = self.method_names.address(path)
        call = CalledMethod(
            application_style=_WEBHOOK_PATH.match(path) is None,
            takes_parameters=address is None or address.method != GET_FIELDS,
        )
        return render_error_body(error_for(error, call))

    def render_rate_limited(self, _scope: Scope, decision: RateDecision) -> Response:
        return render_error_body(rate_limited(decision))

    def render_not_found(self) -> Response:
        return render_error_body(BitrixError(404, "ERROR_NOT_FOUND", "File not found"))

    def render_method_not_allowed(self, allow: str) -> Response:
        refusal = BitrixError(
            405, "INVALID_REQUEST", "Files are read with GET.", (("Allow", allow),)
        )
        return render_error_body(refusal)

    def _webhook_refusal(self, path: str) -> DomainError | None:
        webhook = _WEBHOOK_PATH.match(path)
        if webhook is None:
            return None
        user_id = parse_serial(webhook.group(1))
        if user_id is None:
            return InvalidWebhook()
        try:
            self.pictures.by_webhook(user_id, webhook.group(2))
        except DomainError as refusal:
            return refusal
        return None
