"""Multipart request bodies: parsed once, validated and bound as Connexion does.

Connexion parses a multipart body twice (once to validate it, once for the handler), with
Starlette's parser both times. Here it is parsed once with the same parser and the same
limits. Only plain forms are bound: every part names a property of the schema, at most
once, files exactly in the binary properties. For those, Connexion's steps reduce to:

- validate: each file property as `""`, the text fields resolved (`FormFields`), against
  the form's schema (`body_checks`);
- bind: the text fields, resolved and typed (`make_type`), as the body argument; each file
  property's upload as its own argument.

Any other form (a repeated or unknown field, a file where text is expected or the reverse)
is left to Connexion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from starlette.datastructures import FormData, Headers, UploadFile
from starlette.types import Scope

from ..decoding.multipart import StrictMultiPartParser
from .binding_rules import TYPE_MAP, FormFields, sanitized
from .body_checks import FormValidator, check_form, compiled
from .body_reading import DeclaredBody, ReadBody, Undecided

MULTIPART = "multipart/form-data"
REMEMBERED_FORMS = 4096
FORM_MEDIA_TYPES = frozenset({MULTIPART, "application/x-www-form-urlencoded"})
"""The bodies Connexion's map reads as forms."""
_SCALAR_TYPES = ("string", "integer", "number", "boolean")


class UnsupportedBody(Exception):
    """A form the fast binding does not read (the general binding does)."""


def _is_scalar(schema: Any) -> bool:
    return (
        isinstance(schema, Mapping)
        and schema.get("type") in _SCALAR_TYPES
        and not schema.get("nullable")
    )


def _is_file(schema: Mapping[str, Any]) -> bool:
    return schema.get("type") == "string" and schema.get("format") in ("binary", "base64")


class FormBinding:
    """One operation's multipart body, from the read messages to handler arguments."""

    def __init__(
        self,
        request_body: Mapping[str, Any],
        fields: FormFields,
        arguments: Sequence[str],
        has_kwargs: bool,
    ) -> None:
        content = request_body.get("content", {})
        definition = content.get(MULTIPART)
        if list(content) != [MULTIPART] or not isinstance(definition, Mapping):
            raise UnsupportedBody("only a body of multipart/form-data alone is bound")
        schema = definition.get("schema", {})
        properties: Mapping[str, Any] = schema.get("properties", {})
        unsupported = (
            schema.get("type") != "object"
            or not properties
            or "default" in schema
            or "encoding" in definition
            or schema.get("nullable")
            or not all(_is_scalar(p) for p in properties.values())
        )
        if unsupported:
            raise UnsupportedBody("only flat forms of scalar fields and files are bound")
        self.properties = properties
        self.files = frozenset(name for name, p in properties.items() if _is_file(p))
        self.fields = fields
        self.validator = compiled(schema, FormValidator)
        self._valid: set[tuple[tuple[str, type, Any], ...]] = set()
        body_name = sanitized(request_body.get("x-body-name", "body"))
        self.body_argument = body_name if has_kwargs or body_name in arguments else None
        # Connexion passes files under their field names, unsanitized.
        self.file_arguments = [name for name in self.files if has_kwargs or name in arguments]

    @staticmethod
    def accepts(scope: Scope) -> bool:
        """Whether the request declares a non-empty multipart body, as this binding reads it."""
        declared = DeclaredBody.of(scope)
        length = declared.length()
        media_type = declared.media_type(first_of_several=True)
        return media_type == MULTIPART.encode() and length is not None and length > 0

    async def bind(self, scope: Scope, body: ReadBody) -> tuple[dict[str, Any], FormData]:
        """The handler's keyword arguments from the body, and the parsed form (to close)."""
        form = await self._parse(scope, body)
        try:
            return self._arguments(form), form
        except Exception:
            await form.close()
            raise

    async def _parse(self, scope: Scope, body: ReadBody) -> FormData:
        raw = b"".join(message.get("body", b"") for message in body.messages)
        try:
            return await StrictMultiPartParser.of_whole_body(Headers(scope=scope), raw).parse()
        except Exception as error:
            raise Undecided() from error

    def _check(self, form: dict[str, Any]) -> None:
        """Raise the form's first problem. A form once found valid is remembered (its
        fields are scalars, the schema never changes): a client repeats its forms, and
        checking one against its schema is a good part of an upload's cost."""
        shape = tuple(sorted((name, type(value), value) for name, value in form.items()))
        if shape in self._valid:
            return
        check_form(self.validator, form)
        if len(self._valid) >= REMEMBERED_FORMS:
            self._valid.clear()
        self._valid.add(shape)

    def _arguments(self, form: FormData) -> dict[str, Any]:
        fields: dict[str, str] = {}
        uploads: dict[str, UploadFile] = {}
        for name, value in form.multi_items():
            if name in fields or name in uploads or name not in self.properties:
                raise Undecided()
            if isinstance(value, UploadFile) != (name in self.files):
                raise Undecided()
            if isinstance(value, UploadFile):
                uploads[name] = value
            else:
                fields[name] = value
        resolved = self.fields.resolve({name: [text] for name, text in fields.items()})
        self._check({**resolved, **dict.fromkeys(uploads, "")})
        arguments: dict[str, Any] = {}
        if self.body_argument is not None:
            arguments[self.body_argument] = {
                name: TYPE_MAP[self.properties[name]["type"]](value)
                for name, value in resolved.items()
            }
        for name in self.file_arguments:
            if name in uploads:
                arguments[name] = uploads[name]
        return arguments
