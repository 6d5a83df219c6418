"""Every transport a portal accepts, turned into the one call the contract's operation takes.

A portal takes a method name in any case and with an optional `.json` suffix, by GET or
POST, its parameters from the query string and from a JSON, form or multipart body, `auth`
among them. `CallTransports` rewrites each such call, before Connexion routes it, into the
canonical form of the contract: `POST` to the method's path as the document spells it,
with the parameters as one JSON object read as PHP reads them. One handler then serves
every transport, once per call. Every form of the parameters is read by the one bounded
decoder (`http/decoding`) within a portal's limits: PHP's `max_input_vars` and
`max_input_nesting_level` for the query, form and multipart fields, `json_decode`'s depth
of 512 for JSON; what it refuses is the contract's error 0, before any handler runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import msgspec
from starlette.datastructures import Headers, UploadFile
from starlette.formparsers import MultiPartException
from starlette.types import ASGIApp, Receive, Scope, Send

from ...domain.ids import parse_serial
from ...domain.product_pictures import InvalidWebhook
from ...http.decoding import (
    JsonLimits,
    MalformedForm,
    MalformedJson,
    NotText,
    PhpLimits,
    decode_json,
    decoded_async,
    php_query_variables,
    php_variables,
)
from ...http.decoding.multipart import StrictMultiPartParser
from ...http.whole_body import discard_body, read_whole_body, replaying
from .errors import NoAuthSent
from .php_values import SchemaReader

_WEBHOOK_USER = re.compile(r"^/rest/([0-9]+)/[^/]+/")
_METHOD_PATH = re.compile(r"^(/rest/(?:[^/]+/[^/]+/)?)([^/]+)$")
_JSON_SUFFIX = ".json"
TRANSPORT_METHODS = frozenset({"GET", "POST"})
JSON_HEADERS = (b"content-type", b"content-length")
PORTAL_INPUT = PhpLimits()
"""php.ini's defaults, which a portal keeps."""
PORTAL_JSON = JsonLimits(max_depth=512)
"""`json_decode`'s default depth."""


@dataclass(frozen=True)
class MethodAddress:
    """Where a call goes: its call style's prefix and the method it names."""

    prefix: str
    """`/rest/` (application style) or `/rest/{user_id}/{webhook}/`."""
    method: str
    """As the contract spells it; as sent when the contract does not know it."""
    known: bool

    @property
    def webhook_style(self) -> bool:
        return self.prefix != "/rest/"

    @property
    def path(self) -> str:
        return self.prefix + self.method


class MethodNames:
    """The contract's methods, found by any spelling a portal accepts, and the schema of
    the parameters each takes in each call style."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.by_lower_name: dict[str, str] = {}
        self.parameters: dict[tuple[str, bool], Mapping[str, Any]] = {}
        for path, item in document.get("paths", {}).items():
            matched = _METHOD_PATH.match(path)
            if matched is None or "post" not in item:
                continue
            method = matched.group(2)
            self.by_lower_name[method.lower()] = method
            body = item["post"].get("requestBody", {})
            if "$ref" in body:
                body = document["components"]["requestBodies"][body["$ref"].rsplit("/", 1)[1]]
            schema = body.get("content", {}).get("application/json", {}).get("schema", {})
            self.parameters[(method, matched.group(1) != "/rest/")] = schema

    def address(self, path: str) -> MethodAddress | None:
        matched = _METHOD_PATH.match(path)
        if matched is None:
            return None
        prefix, name = matched.groups()
        method = self.by_lower_name.get(name.lower())
        if method is None and name.lower().endswith(_JSON_SUFFIX):
            method = self.by_lower_name.get(name[: -len(_JSON_SUFFIX)].lower())
        return MethodAddress(prefix, method or name, method is not None)

    def schema(self, address: MethodAddress) -> Mapping[str, Any]:
        return self.parameters.get((address.method, address.webhook_style), {})


class CallTransports:
    """ASGI middleware: any call a portal accepts → the contract's canonical call."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        names: MethodNames,
        reader: SchemaReader,
        webhook_refusal: Callable[[str], Exception | None],
    ) -> None:
        self.app = app
        self.names = names
        self.reader = reader
        self.webhook_refusal = webhook_refusal
        """The refusal of the webhook in a path, if it names one no user holds."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        user = _WEBHOOK_USER.match(scope.get("path", "")) if scope["type"] == "http" else None
        if user is not None and parse_serial(user.group(1)) is None:
            raise InvalidWebhook()  # a user id no seed can hold, before routing reads it
        address = self.names.address(scope.get("path", "")) if scope["type"] == "http" else None
        if address is None or not address.known or scope["method"] not in TRANSPORT_METHODS:
            await self.app(scope, receive, send)
            return
        refusal = self.webhook_refusal(scope["path"])
        if refusal is not None:  # the credential first: its body is never parsed
            await discard_body(receive)  # (but read off, so the connection stays usable)
            raise refusal
        sent = await read_whole_body(receive)
        size = len(sent) + len(scope.get("query_string", b""))
        body = await decoded_async(size, lambda: self._canonical_body(scope, sent, address))
        headers = [(name, value) for name, value in scope["headers"] if name not in JSON_HEADERS]
        headers += [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        canonical = {
            **scope,
            "method": "POST",
            "path": address.path,
            "raw_path": address.path.encode(),
            "query_string": b"",
            "headers": headers,
        }
        await self.app(canonical, replaying(body, receive), send)

    async def _canonical_body(self, scope: Scope, body: bytes, address: MethodAddress) -> bytes:
        """The call's parameters, read as a portal reads them, as the canonical JSON body."""
        parameters = await _parameters(scope, body)
        if not address.webhook_style and "auth" not in parameters:
            raise NoAuthSent()  # the credential is checked before the parameters
        schema = self.names.schema(address)
        declared = self.reader.declared(schema)
        if declared is not None:  # the others are never read: not carried further either
            parameters = {name: value for name, value in parameters.items() if name in declared}
        parameters = self.reader.read(parameters, schema)
        return msgspec.json.encode(parameters)  # (json.dumps: 6 times as long)


async def _parameters(scope: Scope, body: bytes) -> dict[str, Any]:
    """The query string's parameters, and over them the body's (as PHP's `$_REQUEST`)."""
    query = php_query_variables(
        scope.get("query_string", b"").decode("latin-1"), PORTAL_INPUT, "the query string"
    )
    return {**query, **await _body_parameters(scope, body)}


async def _body_parameters(scope: Scope, body: bytes) -> dict[str, Any]:
    media_type = _media_type(scope)
    if media_type in ("application/json", ""):
        return _json_object(body)
    if media_type == "application/x-www-form-urlencoded":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise NotText("the form body") from None
        return php_query_variables(text, PORTAL_INPUT, "the form body")
    if media_type == "multipart/form-data":
        return await _multipart(scope, body)
    return {}  # PHP reads no parameters from any other body


def _json_object(body: bytes) -> dict[str, Any]:
    if not body.strip():
        return {}
    parsed = decode_json(body, PORTAL_JSON)
    if not isinstance(parsed, dict):
        raise MalformedJson("the parameters are not a JSON object")
    return parsed


async def _multipart(scope: Scope, body: bytes) -> dict[str, Any]:
    parser = StrictMultiPartParser.of_whole_body(
        Headers(scope=scope),
        body,
        max_part_size=len(body) + 1,
        max_fields=PORTAL_INPUT.max_input_vars,
    )
    try:
        form = await parser.parse()
    except MultiPartException as error:
        raise MalformedForm(error.message) from None
    # File parts are not parameters: PHP puts them in $_FILES, not $_REQUEST.
    pairs = [(key, value) for key, value in form.multi_items() if not isinstance(value, UploadFile)]
    await form.close()
    return php_variables(pairs, PORTAL_INPUT)


def _media_type(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"content-type":
            text: str = value.decode("latin-1")
            return text.split(";", 1)[0].strip().lower()
    return ""
