"""A request body checked against its operation's schema for its media type.

- JSON (`JsonBodyCheck`): read by the one bounded decoder (`decoding.decode_json`) within
  the contract's limits, then validated, on a worker thread when it is large or holds many
  values; an empty body is the schema's default, else missing.
- Forms (`FormBodyCheck`), URL-encoded or multipart: parsed (a multipart body strictly:
  `decoding.multipart`), each file field standing as `""` and each text field resolved by
  the document (`binding_rules.FormFields`), then validated.

The schemas are read as OpenAPI 3.1 reads them, with the Connexion conventions the
documents were written for: JSON Schema Draft 4 keywords, `nullable`, an `integer` that is
any number without a fraction. Each refusal is a typed problem (`validation_problems`)
with a one-line detail; a wrong value is quoted briefly, however large.
"""

from __future__ import annotations

import copy
import reprlib
from collections.abc import Iterator, Mapping
from typing import Any

import anyio.to_thread
from jsonschema import Draft4Validator, ValidationError, validators
from starlette.datastructures import FormData, Headers, UploadFile
from starlette.formparsers import FormParser, MultiPartException
from starlette.types import Scope

from ..decoding import (
    DEFAULT_JSON_LIMITS,
    OFF_LOOP_BYTES,
    InputRefused,
    JsonLimits,
    decode_json,
    most_json_values,
)
from ..decoding.multipart import StrictMultiPartParser, chunks_of
from ..validation_problems import BadRequest, BodyMissing, BodyProblem, MalformedBody
from .binding_rules import FormFields

FORMAT_CHECKER = Draft4Validator.FORMAT_CHECKER
_COMPILED: dict[tuple[type, int], tuple[Mapping[str, Any], Draft4Validator]] = {}
"""Validators by their kind and the schema they were compiled from (kept with them, so that
its id names no other object while the entry lives): the contract documents are loaded once
and every mock built from them, as each test builds its own, checks the same schemas."""
COMPILED_KEPT = 4096


def compiled(schema: Mapping[str, Any], kind: type = Draft4Validator) -> Draft4Validator:
    """The validator of `kind` (a Draft 4 validator class) for `schema`, compiled once."""
    key = (kind, id(schema))
    kept = _COMPILED.get(key)
    if kept is not None and kept[0] is schema:
        return kept[1]
    if len(_COMPILED) >= COMPILED_KEPT:
        _COMPILED.clear()
    validator: Draft4Validator = kind(schema, format_checker=FORMAT_CHECKER)
    _COMPILED[key] = (schema, validator)
    return validator


OFF_LOOP_VALUES = 256
"""Bodies of many values are validated on a worker thread too, however short: jsonschema
checks a JSON patch of 1,000 operations (50 KB) in about a quarter of a second."""
LONGEST_MESSAGE = 1000
MULTIPART = "multipart/form-data"


def _nullable(check: Any) -> Any:
    """A keyword's check that lets a null through where the schema is `nullable`."""

    def nullable_check(
        validator: Any, value: Any, instance: Any, schema: Mapping[str, Any]
    ) -> Iterator[ValidationError]:
        if instance is None and (schema.get("x-nullable") is True or schema.get("nullable")):
            return
        yield from check(validator, value, instance, schema)

    return nullable_check


def _type_quoting_briefly(
    validator: Any, types: Any, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    """`type`, `nullable` read, a large wrong value quoted in brief: the repr of an 8 MB
    one holds the interpreter (and so every client) for a second."""
    if instance is None and (schema.get("x-nullable") is True or schema.get("nullable")):
        return
    kinds = [types] if isinstance(types, str) else list(types)
    if not any(validator.is_type(instance, kind) for kind in kinds):
        quoted = _BRIEF.repr(instance) if _is_large(instance) else repr(instance)
        yield ValidationError(f"{quoted} is not of type {', '.join(map(repr, kinds))}")


def _is_large(instance: Any) -> bool:
    return isinstance(instance, str | list | dict) and len(instance) > LONGEST_MESSAGE


_BRIEF = reprlib.Repr()
_BRIEF.maxstring = LONGEST_MESSAGE


def _is_integer(_checker: Any, instance: Any) -> bool:
    """`integer` as OpenAPI 3.1 (JSON Schema 2020-12) reads it: a number with no fraction,
    so `1.0` is one, where Draft 4 would refuse it."""
    if isinstance(instance, bool):
        return False
    return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())


INTEGERS_AS_IN_3_1 = Draft4Validator.TYPE_CHECKER.redefine("integer", _is_integer)
FormValidator = validators.extend(  # type: ignore[no-untyped-call]
    Draft4Validator,
    {
        "type": _nullable(Draft4Validator.VALIDATORS["type"]),
        "enum": _nullable(Draft4Validator.VALIDATORS["enum"]),
    },
)
"""The checks of a form's fields."""
BodyValidator = validators.extend(  # type: ignore[no-untyped-call]
    FormValidator, {"type": _type_quoting_briefly}, type_checker=INTEGERS_AS_IN_3_1
)
"""The checks of a JSON body."""


def describe(error: ValidationError) -> str:
    """The first line of a JSON Schema error, prefixed by where it happened in the body."""
    where = ".".join(str(part) for part in error.absolute_path)
    return f"{where}: {error.message}" if where else str(error.message)


def where_in_the_body(error: ValidationError) -> str:
    """Where in a JSON body its schema failed, as the contract's words spell it."""
    path = ".".join(str(item) for item in error.path)
    return f" - '{path}'" if path else ""


class JsonBodyCheck:
    """One operation's JSON body for one media type."""

    def __init__(
        self,
        schema: Mapping[str, Any],
        *,
        required: bool,
        nullable: bool,
        json_limits: JsonLimits = DEFAULT_JSON_LIMITS,
    ) -> None:
        self.schema = schema
        self.required = required
        self.nullable = nullable
        self.json_limits = json_limits
        self.validator = compiled(schema, BodyValidator)

    async def read(self, raw: bytes) -> Any:
        """The body `raw` spells, or its default when it is empty, validated."""
        if raw:
            return await self.parsed_and_validated(raw)
        default = self.schema.get("default")
        if default is None:
            if self.required:
                raise BodyMissing(null=False)
            return self.validated(None)
        return self.validated(copy.deepcopy(default))

    async def parsed_and_validated(self, raw: bytes) -> Any:
        """The body `raw` spells, validated (on a worker thread when it is large or holds
        many values)."""
        if len(raw) > OFF_LOOP_BYTES or most_json_values(raw) > OFF_LOOP_VALUES:
            return await anyio.to_thread.run_sync(self.parse_and_validate, raw)
        return self.parse_and_validate(raw)

    def parse_and_validate(self, raw: bytes) -> Any:
        return self.validated(self.parsed(raw))

    def parsed(self, raw: bytes) -> Any:
        if not raw:
            return None
        try:
            return decode_json(raw, self.json_limits)
        except InputRefused as refusal:
            raise MalformedBody(str(refusal)) from None

    def validated(self, body: Any) -> Any:
        if body is None and self.nullable:
            return body
        if body is None:
            raise BodyMissing(null=True)
        error = next(iter(self.validator.iter_errors(body)), None)
        if error is not None:
            message = error.message
            if len(message) > LONGEST_MESSAGE:  # jsonschema quotes the whole wrong value
                message = message[:LONGEST_MESSAGE] + "..."
            raise BodyProblem(f"{message}{where_in_the_body(error)}", error)
        return body


class FormBodyCheck:
    """One operation's form body (URL-encoded or multipart) for one media type."""

    def __init__(
        self,
        schema: Mapping[str, Any],
        fields: FormFields,
        *,
        media_type: str,
        required: bool,
        nullable: bool,
    ) -> None:
        self.schema = schema
        self.properties: Mapping[str, Any] = schema.get("properties", {})
        self.fields = fields
        self.multipart = media_type == MULTIPART
        self.required = required
        self.nullable = nullable
        self.validator = compiled(schema, FormValidator)

    async def read(self, scope: Scope, raw: bytes) -> FormData:
        """The form `raw` holds, checked; the caller closes it."""
        if not raw and self.schema.get("default") is None and self.required:
            raise BadRequest("RequestBody is required")
        form = await self.parsed(scope, raw)
        try:
            self.validate(self.as_validated(form))
        except Exception:
            await form.close()
            raise
        return form

    async def parsed(self, scope: Scope, raw: bytes) -> FormData:
        headers = Headers(scope=scope)
        if not self.multipart:
            return await FormParser(headers, chunks_of(raw)).parse()
        try:
            return await StrictMultiPartParser.of_whole_body(headers, raw).parse()
        except MultiPartException as error:
            raise MalformedBody(f"Malformed multipart body: {error}") from None

    def as_validated(self, form: FormData) -> dict[str, Any]:
        """The form as its schema sees it: a file field as `""` (as many as were sent,
        when not one), the text fields resolved."""
        text: dict[str, list[Any]] = {}
        files: dict[str, Any] = {}
        for name in form.keys():  # noqa: SIM118 (a multi-dict: every name once)
            values = form.getlist(name)
            schema = self.properties.get(name, {})
            if _is_file(schema):
                files[name] = "" if len(values) == 1 else [""] * len(values)
            elif _is_file(schema.get("items", {})) or isinstance(values[0], UploadFile):
                files[name] = [""] * len(values)
            else:
                text[name] = values
        resolved = self.fields.resolve(text)
        resolved.update(files)
        return resolved

    def validate(self, body: Any) -> None:
        if body is None and self.nullable:
            return
        check_form(self.validator, body)


def check_form(validator: Any, body: Any) -> None:
    """Raise the first problem of a form, as its fields stand for its schema."""
    if not isinstance(body, dict):
        raise BodyProblem("the request body must be a form")
    error = next(iter(validator.iter_errors(body)), None)
    if error is not None:
        raise BodyProblem(describe(error), error)


def _is_file(schema: Mapping[str, Any]) -> bool:
    return schema.get("type") == "string" and schema.get("format") in ("binary", "base64")
