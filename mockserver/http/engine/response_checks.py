"""A handler's answer checked against its operation's documented responses, when the mock
is asked to (the mock's own tests run it so): its media type is one the operation
documents (for a success), the headers the status documents as required are there, and a
JSON body is valid against the status's schema (read as OpenAPI 3.1 reads it). The answer
is held until it is whole and checked; one that breaks the document is a failure
(`NonConformingAnswer`), never sent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from fnmatch import fnmatch
from typing import Any

from jsonschema import Draft4Validator, ValidationError, validators
from starlette.types import Message, Send

from ..validation_problems import NonConformingAnswer
from .binding_rules import is_nullable, media_type_entry
from .body_checks import INTEGERS_AS_IN_3_1, FormValidator, compiled, where_in_the_body
from .document_model import Operation


def _write_only(
    _validator: Any, _write_only: Any, _instance: Any, _schema: Mapping[str, Any]
) -> Any:
    yield ValidationError("Property is write-only")


ResponseValidator = validators.extend(  # type: ignore[no-untyped-call]
    FormValidator,
    {"writeOnly": _write_only, "x-writeOnly": _write_only},
    type_checker=INTEGERS_AS_IN_3_1,
)


class ResponseCheck:
    def __init__(self, operation: Operation) -> None:
        self.operation = operation
        self.produces = {media.lower(): True for media in operation.produces}

    def checking(self, send: Send) -> Send:
        """`send`, holding the answer until it is whole and checked."""
        held: list[Message] = []
        body_schema: dict[str, Any] | None = None
        nullable = False

        async def checked(message: Message) -> None:
            nonlocal body_schema, nullable
            held.append(message)
            if message["type"] == "http.response.start":
                body_schema, nullable = self._check_start(message)
                return
            if message.get("more_body", False):
                return
            if body_schema is not None:
                raw = b"".join(
                    m.get("body", b"") for m in held if m["type"] != "http.response.start"
                )
                self._check_body(raw, body_schema, nullable)
            while held:
                await send(held.pop(0))

        return checked

    def _check_start(self, message: Message) -> tuple[dict[str, Any] | None, bool]:
        """The checks of the status line and headers; the JSON body's schema to check the
        body against (None for a body of another kind)."""
        headers: list[tuple[bytes, bytes]] = message["headers"]
        content_type = next(
            (value.decode("latin-1") for name, value in headers if name.lower() == b"content-type"),
            None,
        )
        media_type = content_type.split(";", 1)[0] if content_type else None
        if media_type is None:
            media_type = self.operation.produces[0] if self.operation.produces else ""
            media_type = media_type or "application/octet-stream"
        status = message["status"]
        if (
            status < 400
            and self.produces
            and media_type_entry(self.produces, media_type.lower()) is None
        ):
            raise NonConformingAnswer(
                f"Invalid Response Content-type ({media_type}), expected {self.operation.produces}"
            )
        definition = self.operation.responses.get(
            str(status), self.operation.responses.get("default", {})
        )
        required = {
            name.lower()
            for name, header in definition.get("headers", {}).items()
            if header.get("required", False)
        }
        missing = required - {name.decode("latin-1").lower() for name, _ in headers}
        if missing:
            raise NonConformingAnswer(
                "Keys in response header don't match response specification. "
                f"Difference: {', '.join(missing)}"
            )
        if not fnmatch(media_type, "*/*json"):
            return None, False
        content = definition.get("content", definition)
        found = content.get(media_type, content)
        schema = found.get("schema", {}) if "schema" in found else {}
        return schema, is_nullable(definition)

    def _validator(self, schema: dict[str, Any]) -> Draft4Validator:
        """The validator of one of the operation's response schemas, built once."""
        return compiled(schema, ResponseValidator)

    def _check_body(self, raw: bytes, schema: dict[str, Any], nullable: bool) -> None:
        text = raw.decode("utf-8")
        if not text:
            body = None
        else:
            try:
                body = json.loads(text)
            except json.JSONDecodeError as refused:
                raise NonConformingAnswer(str(refused)) from None
        if body is None and nullable:
            return
        error = next(iter(self._validator(schema).iter_errors(body)), None)
        if error is not None:
            raise NonConformingAnswer(
                "Response body does not conform to specification. "
                f"{error.message}{where_in_the_body(error)}"
            )
