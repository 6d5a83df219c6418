"""Request bodies in the forms the fast bindings do not read, answered as Connexion's stack
answers them.

The fast bindings (`form_body`, `json_body`, `bytes_body`) read the usual forms of a body
in one pass. Every other form (a media type spelled otherwise, no `Content-Length`, an
empty body, a form with a field repeated or unknown, a file where text is expected) is read
here, in the steps of Connexion's request validation and parameter decorator:

1. the media type, from the first `Content-Type` (its type and subtype in lower case;
   the operation's first when none is sent), refused when the operation does not take it;
2. the body, checked by the check of its media type's kind (`body_checks`: JSON, forms;
   the bytes of any other go unread), which raises the contract's typed problems;
3. the handler's arguments: a JSON body parsed (or the schema's default when there is
   none), a form's fields resolved and typed by the document with its files under their
   own names, any other body as its bytes.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.types import Message, Scope

from ..decoding import JsonLimits
from ..request_context import remember_validated_json_body
from ..validation_problems import UnsupportedMediaType
from ..whole_body import replaying
from .binding_rules import (
    TYPE_MAP,
    FormFields,
    is_json_content_type,
    is_json_media_type,
    is_null,
    is_nullable,
    make_type,
    media_type_entry,
    sanitized,
)
from .body_checks import FormBodyCheck, JsonBodyCheck
from .document_model import Operation
from .form_body import FORM_MEDIA_TYPES

BodyCheck = JsonBodyCheck | FormBodyCheck
CHECKS_KEPT = 32


class GeneralBody:
    """One operation's request body, in any form."""

    def __init__(
        self,
        operation: Operation,
        fields: FormFields,
        arguments: Sequence[str],
        has_kwargs: bool,
        json_limits: JsonLimits,
    ) -> None:
        self.operation = operation
        self.consumes: list[str] = operation.consumes
        self.accepted = {c.lower(): True for c in self.consumes}
        self.fields = fields
        self.json_limits = json_limits
        self.binds_body = bool(arguments) or has_kwargs
        self.arguments = frozenset(arguments)
        self.has_kwargs = has_kwargs
        self._checks: dict[str, BodyCheck | None] = {}

    def media_type(self, scope: Scope) -> tuple[str, str]:
        """The request's media type and encoding; `UnsupportedMediaType` when the
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
        if media_type_entry(self.accepted, mime_type.lower()) is None:
            raise UnsupportedMediaType(
                f"Invalid Content-type ({mime_type}), expected {self.consumes}"
            )
        return mime_type, encoding or "utf-8"

    async def bind(
        self, scope: Scope, raw: bytes, mime_type: str
    ) -> tuple[dict[str, Any], FormData | None]:
        """The handler's keyword arguments from the whole body `raw`, checked, and the
        parsed form (to close) when it is one."""
        check = self._check(mime_type)
        if isinstance(check, JsonBodyCheck):
            body = await check.read(raw)
            remember_validated_json_body(scope, body)
            return self._named(self._json_argument(body, mime_type)), None
        if isinstance(check, FormBodyCheck):
            form = await check.read(_with_length(scope, raw), raw)
            return self._form_arguments(form, mime_type), form
        if not self.binds_body:
            return {}, None
        if is_json_content_type(first_content_type(scope) or ""):
            return self._named(self._json_argument(_json_or_none(raw), mime_type)), None
        if mime_type in FORM_MEDIA_TYPES:
            form = await Request(_with_length(scope, raw), replaying(raw, _disconnected)).form()
            return self._form_arguments(form, mime_type), form
        return self._named(raw or None), None

    def _check(self, mime_type: str) -> BodyCheck | None:
        if mime_type not in self._checks:
            if len(self._checks) >= CHECKS_KEPT:  # a range of media types could be many
                self._checks.clear()
            self._checks[mime_type] = self._built_check(mime_type)
        return self._checks[mime_type]

    def _built_check(self, mime_type: str) -> BodyCheck | None:
        """The check of a body of `mime_type`: JSON for a JSON media type, a form's for a
        form, none for any other (its bytes go unread) or when no schema is given."""
        operation = self.operation
        schema = operation.body_schema(mime_type)
        if not schema:
            return None
        required = bool(operation.request_body.get("required", False))
        nullable = is_nullable(operation.body_definition(mime_type))
        if is_json_media_type(mime_type):
            return JsonBodyCheck(
                schema, required=required, nullable=nullable, json_limits=self.json_limits
            )
        if mime_type in FORM_MEDIA_TYPES:
            return FormBodyCheck(
                schema, self.fields, media_type=mime_type, required=required, nullable=nullable
            )
        return None

    def _named(self, value: Any) -> dict[str, Any]:
        name = sanitized(self.operation.body_name)
        return {name: value} if self.has_kwargs or name in self.arguments else {}

    def _json_argument(self, body: Any, mime_type: str) -> Any:
        schema = self.operation.body_schema(mime_type)
        if is_nullable(schema) and is_null(body):
            return None
        if body is None:
            return copy.deepcopy(schema.get("default", {}))
        return body

    def _form_arguments(self, form: FormData, mime_type: str) -> dict[str, Any]:
        if not self.binds_body:
            return {}
        fields: dict[str, list[Any]] = {}
        files: dict[str, list[UploadFile]] = {}
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                files.setdefault(name, []).append(value)
            else:
                fields.setdefault(name, []).append(value)
        schema = self.operation.body_schema(mime_type)
        body = copy.deepcopy(schema.get("default", {}))
        body.update(self.fields.resolve(fields))
        arguments = self._named(_typed(body, schema))
        properties: Mapping[str, Any] = schema.get("properties", {})
        for name, uploads in files.items():
            if self.has_kwargs or name in self.arguments:
                is_array = properties.get(name, {}).get("type") == "array"
                arguments[name] = uploads if is_array else uploads[0]
        return arguments


def first_content_type(scope: Scope) -> str | None:
    """The first `Content-Type` of the request (its type and subtype already in lower
    case: the engine writes them so as a request arrives)."""
    name: bytes
    value: bytes
    for name, value in scope["headers"]:
        if name == b"content-type":
            return value.decode("latin-1")
    return None


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
    return make_type(value, kind, format_) if kind in TYPE_MAP else value


def _with_length(scope: Scope, raw: bytes) -> Scope:
    """`scope` with its `Content-Length`, when it came without one (chunked)."""
    if any(name == b"content-length" for name, _ in scope["headers"]):
        return scope
    length = (b"content-length", str(len(raw)).encode())
    return {**scope, "headers": [*scope["headers"], length]}


async def _disconnected() -> Message:
    return {"type": "http.disconnect"}
