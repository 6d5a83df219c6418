"""Request bodies in the forms the fast bindings do not read, answered as Connexion's stack
answers them.

The fast bindings (`form_body`, `json_body`, `bytes_body`) read the usual forms of a body
in one pass. Every other form (a media type spelled otherwise, no `Content-Length`, an
empty body, a form with a field repeated or unknown, a file where text is expected) is read
here, in the steps of Connexion's request validation and parameter decorator:

1. the media type, from the first `Content-Type` (its type and subtype in lower case;
   the operation's first when none is sent), refused when the operation does not take it;
2. the body, checked by the compiled validator the validator map gives that media type
   (`validators`), which raises the contract's typed problems;
3. the handler's arguments: a JSON body parsed (or the schema's default when there is
   none), a form's fields resolved and typed by the document with its files under their
   own names, any other body as its bytes.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from typing import Any

from connexion.exceptions import UnsupportedMediaTypeProblem
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.types import Message, Receive, Scope

from ..connexion_internals import (
    TYPE_MAP,
    MediaTypeDict,
    OpenAPIOperation,
    OpenAPIURIParser,
    is_null,
    is_nullable,
    sanitized,
)
from ..validators import validated_json_body
from .form_body import FORM_MEDIA_TYPES


class GeneralBody:
    """One operation's request body, in any form."""

    def __init__(
        self,
        operation: OpenAPIOperation,
        validator_map: Mapping[str, Any],
        arguments: Sequence[str],
        has_kwargs: bool,
    ) -> None:
        self.operation = operation
        self.consumes: list[str] = list(operation.consumes)
        self.accepted = MediaTypeDict([(c.lower(), None) for c in self.consumes])
        self.validator_map = validator_map
        self.uri_parser = OpenAPIURIParser(operation.parameters, operation.body_definition())
        self.binds_body = bool(arguments) or has_kwargs
        self.arguments = frozenset(arguments)
        self.has_kwargs = has_kwargs
        self._validators: dict[tuple[str, str], Any] = {}

    def media_type(self, scope: Scope) -> tuple[str, str]:
        """The request's media type and encoding; `UnsupportedMediaTypeProblem` when the
        operation does not take it."""
        content_type = first_content_type(scope)
        if content_type is None:
            mime_type, encoding = self.consumes[0], None
        else:
            mime_type, _, parameters = content_type.partition(";")
            encoding = None
            for parameter in parameters.split(";") if parameters else ():
                if parameter.startswith("charset="):
                    encoding = parameter[len("charset=") :]
        if mime_type.lower() not in self.accepted:
            raise UnsupportedMediaTypeProblem(
                detail=f"Invalid Content-type ({mime_type}), expected {self.consumes}"
            )
        return mime_type, encoding or "utf-8"

    async def bind(
        self, scope: Scope, receive: Receive, mime_type: str, encoding: str
    ) -> tuple[dict[str, Any], Scope]:
        """The handler's keyword arguments from the body `receive` replays (the request's
        whole body), and the scope the handler sees."""
        validator = self._validator(mime_type, encoding)
        if validator is not None:
            receive, scope = await validator.wrap_receive(receive, scope=scope)
        if not self.binds_body:
            return {}, scope
        messages = await _every_message(receive)
        raw = b"".join(message.get("body", b"") for message in messages)
        content_type = first_content_type(scope) or ""
        if _is_json(content_type):
            body = validated_json_body(scope)
            if body is None:  # no validator read it, or it was an inserted default
                body = _json_or_none(raw)
            return self._named(mime_type, self._json_argument(body, mime_type)), scope
        if mime_type in FORM_MEDIA_TYPES:
            return await self._form_arguments(scope, messages, mime_type), scope
        return self._named(mime_type, raw or None), scope

    def _validator(self, mime_type: str, encoding: str) -> Any:
        key = (mime_type, encoding)
        if key not in self._validators:
            self._validators[key] = self._build_validator(mime_type, encoding)
        return self._validators[key]

    def _build_validator(self, mime_type: str, encoding: str) -> Any:
        operation = self.operation
        schema = operation.body_schema(mime_type)
        if not schema:
            return None
        try:
            validator_class = self.validator_map["body"][mime_type]
        except KeyError:  # no validator for the media type: the body goes unchecked
            return None
        return validator_class(
            schema=schema,
            required=operation.request_body.get("required", False),
            nullable=is_nullable(operation.body_definition(mime_type)),
            encoding=encoding,
            strict_validation=False,
            uri_parser=self.uri_parser,
        )

    def _named(self, mime_type: str, value: Any) -> dict[str, Any]:
        name = sanitized(self.operation.body_name(mime_type))
        return {name: value} if self.has_kwargs or name in self.arguments else {}

    def _json_argument(self, body: Any, mime_type: str) -> Any:
        schema = self.operation.body_schema(mime_type)
        if is_nullable(schema) and is_null(body):
            return None
        if body is None:
            return copy.deepcopy(schema.get("default", {}))
        return body

    async def _form_arguments(
        self, scope: Scope, messages: list[Message], mime_type: str
    ) -> dict[str, Any]:
        form = await Request(scope, _replaying(messages)).form()
        try:
            fields: dict[str, list[Any]] = {}
            files: dict[str, list[UploadFile]] = {}
            for name, value in form.multi_items():
                kind = files if isinstance(value, UploadFile) else fields
                kind.setdefault(name, []).append(value)  # type: ignore[arg-type]
            schema = self.operation.body_schema(mime_type)
            body = copy.deepcopy(schema.get("default", {}))
            body.update(self.uri_parser.resolve_form(fields))
            arguments = self._named(mime_type, _typed(body, schema))
            properties: Mapping[str, Any] = schema.get("properties", {})
            for name, uploads in files.items():
                if self.has_kwargs or name in self.arguments:
                    is_array = properties.get(name, {}).get("type") == "array"
                    arguments[name] = uploads if is_array else uploads[0]
            return arguments
        except Exception:
            await form.close()
            raise


def first_content_type(scope: Scope) -> str | None:
    """The first `Content-Type` of the request, its type and subtype in lower case (media
    types are case-insensitive, RFC 9110 section 8.3.1), its parameters as they came."""
    name: bytes
    value: bytes
    for name, value in scope["headers"]:
        if name == b"content-type":
            media_type, separator, parameters = value.decode("latin-1").partition(";")
            return media_type.lower() + separator + parameters
    return None


def _is_json(content_type: str) -> bool:
    main, _, sub = content_type.partition(";")[0].partition("/")
    return main == "application" and (sub == "json" or sub.endswith("+json"))


def _json_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _typed(body: Mapping[str, Any], schema: Mapping[str, Any]) -> dict[str, Any]:
    """A form's values typed by the body schema's properties, the others as they are (or
    dropped, when the schema allows no others)."""
    properties: Mapping[str, Any] = schema.get("properties", {})
    others = schema.get("additionalProperties", True)
    typed: dict[str, Any] = {}
    for name, value in body.items():
        if name in properties:
            typed[name] = _typed_value(value, properties[name])
        elif isinstance(others, Mapping):
            typed[name] = _typed_value(value, others)
        elif others:
            typed[name] = value
    return typed


def _typed_value(value: Any, schema: Mapping[str, Any]) -> Any:
    if is_nullable(schema) and is_null(value):
        return None
    if schema.get("type") == "array":
        items = schema.get("items", {})
        return [_made(part, items.get("type"), items.get("format")) for part in value]
    return _made(value, schema.get("type"), schema.get("format"))


def _made(value: Any, kind: Any, format_: Any) -> Any:
    if (kind == "string" and format_ == "binary") or kind not in TYPE_MAP:
        return value
    return TYPE_MAP[kind](value)


async def _every_message(receive: Receive) -> list[Message]:
    messages = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages


def _replaying(messages: list[Message]) -> Receive:
    pending = iter(messages)

    async def receive() -> Message:
        for message in pending:
            return message
        return {"type": "http.disconnect"}

    return receive
