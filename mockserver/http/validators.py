"""Connexion request validators that compile each schema once and explain errors briefly.

Connexion's stock validators build a JSON Schema validator (and deep-copy the schema) on
every request and report errors with the whole schema dumped into the message. These
build their validators when the operation is set up and report one line, e.g.
`query parameter 'page_size': 101 is greater than the maximum of 100`.
"""

from __future__ import annotations

import reprlib
from collections.abc import AsyncGenerator, Callable, Iterable, Iterator, Mapping
from functools import cached_property
from typing import Any, ClassVar

import anyio.to_thread
from connexion.exceptions import ExtraParameterProblem
from connexion.lifecycle import ConnexionRequest
from jsonschema import Draft4Validator, ValidationError, validators
from starlette.datastructures import Headers
from starlette.formparsers import MultiPartException
from starlette.types import Message, Receive, Scope

from .connexion_internals import (
    VALIDATOR_MAP,
    Draft4RequestValidator,
    Draft4ResponseValidator,
    FormDataValidator,
    JSONRequestBodyValidator,
    JSONResponseBodyValidator,
    MediaTypeDict,
    MultiPartFormDataValidator,
    ParameterValidator,
    format_error_with_path,
    is_null,
    is_nullable,
)
from .decoding import (
    DEFAULT_JSON_LIMITS,
    OFF_LOOP_BYTES,
    InputRefused,
    JsonLimits,
    decode_json,
    most_json_values,
)
from .decoding.multipart import StrictMultiPartParser
from .validation_problems import BodyMissing, BodyProblem, MalformedBody, ParameterProblem
from .whole_body import read_whole_body, replaying

_FORMAT_CHECKER = Draft4Validator.FORMAT_CHECKER
# And so are bodies of many values, however short: jsonschema checks a JSON patch of 1,000
# operations (50 KB) in about a quarter of a second.
OFF_LOOP_VALUES = 256
LONGEST_MESSAGE = 1000
_VALIDATED_BODY = "mockserver.validated_json_body"
# Where a parameter's value is read from, by its `in`: the ConnexionRequest attribute.
_SOURCES = {
    "query": "query_params",
    "path": "path_params",
    "header": "headers",
    "cookie": "cookies",
}


def describe(error: ValidationError) -> str:
    """The first line of a JSON Schema error, prefixed by where it happened in the body."""
    where = ".".join(str(part) for part in error.absolute_path)
    return f"{where}: {error.message}" if where else str(error.message)


# Schema keywords that annotate and never make a value invalid.
_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "default",
        "examples",
        "example",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$comment",
    }
)


def accepts_any_string(schema: Mapping[str, Any]) -> bool:
    """Whether every string is valid against `schema`: `type: string` and annotations only."""
    return schema.get("type") == "string" and set(schema) <= _ANNOTATIONS | {"type"}


class ParameterChecks:
    """Every declared parameter's schema, compiled once; `check` raises the first failure.

    A value once found valid for a parameter is remembered (schemas never change), so the
    values a client repeats, such as its organization and product, are checked once.
    """

    REMEMBERED_VALUES = 4096

    def __init__(self, parameters: Iterable[Mapping[str, Any]]) -> None:
        self._checks = [
            (
                parameter,
                Draft4Validator(parameter.get("schema", parameter), format_checker=_FORMAT_CHECKER),
            )
            for parameter in parameters
        ]
        self._valid: set[tuple[int, type, Any]] = set()
        self._any_string = {
            index
            for index, (parameter, _) in enumerate(self._checks)
            if accepts_any_string(parameter.get("schema", parameter))
        }

    def check(self, source: Callable[[str], Mapping[str, Any]]) -> None:
        """Validate the values `source(location)` gives for each location (path, query...)."""
        sources: dict[str, Mapping[str, Any]] = {}  # each read once, and only if needed
        for index, (parameter, validator) in enumerate(self._checks):
            location = parameter["in"]
            name = parameter["name"]
            key = name.replace("-", "_") if location == "path" else name
            if location not in sources:
                sources[location] = source(location)
            value = sources[location].get(key)
            if value is None:
                if parameter.get("required"):
                    raise ParameterProblem(location, name, None)
                continue
            if is_nullable(parameter) and is_null(value):
                continue
            self._check_value(index, validator, value, location, name)

    def _check_value(
        self, index: int, validator: Draft4Validator, value: Any, location: str, name: str
    ) -> None:
        if index in self._any_string and isinstance(value, str):
            return
        try:
            remembered = (index, type(value), value)
            if remembered in self._valid:
                return
        except TypeError:  # an unhashable value (an array) is checked every time
            remembered = None
        error = next(iter(validator.iter_errors(value)), None)
        if error is not None:
            raise ParameterProblem(location, name, error)
        if remembered is not None:
            if len(self._valid) >= self.REMEMBERED_VALUES:
                self._valid.clear()
            self._valid.add(remembered)


class CompiledParameterValidator(ParameterValidator):  # type: ignore[misc]
    def __init__(self, parameters: Iterable[Mapping[str, Any]], *args: Any, **kwargs: Any) -> None:
        parameters = list(parameters)
        super().__init__(parameters, *args, **kwargs)
        self._parameter_checks = ParameterChecks(parameters)

    def validate_request(self, request: ConnexionRequest) -> None:
        if self.strict_validation:
            extra = self.validate_query_parameter_list(
                request, security_params=self.security_query_params
            )
            if extra:
                raise ExtraParameterProblem(param_type="query", extra_params=extra)
        self._parameter_checks.check(lambda location: getattr(request, _SOURCES[location]))


class _CompiledBodyValidation:
    _schema: Mapping[str, Any]

    @cached_property
    def _validator(self) -> Draft4Validator:
        validator: Draft4Validator = Draft4RequestValidator(
            self._schema, format_checker=_FORMAT_CHECKER
        )
        return validator

    def validate_body(self, body: Any) -> None:
        """Raise the first problem with a parsed body (a form, as Connexion presents it)."""
        self._validate(body)

    def _validate(self, body: Any) -> None:
        if not isinstance(body, dict):
            raise BodyProblem("the request body must be a form")
        if getattr(self, "_strict_validation", False):
            self._validate_params_strictly(body)  # type: ignore[attr-defined]
        error = next(iter(self._validator.iter_errors(body)), None)
        if error is not None:
            raise BodyProblem(describe(error), error)


class _ChunkedBodies:
    """A body sent without a `Content-Length` (chunked) is read whole first and given its
    length: Connexion takes a body without one for no body at all ("RequestBody is
    required"). The body-size limit around the validators bounds what is read."""

    async def wrap_receive(self, receive: Receive, *, scope: Scope) -> tuple[Receive, Scope]:
        receive, scope = await with_length(receive, scope)
        wrapped: tuple[Receive, Scope] = await super().wrap_receive(  # type: ignore[misc]
            receive, scope=scope
        )
        return wrapped


async def with_length(receive: Receive, scope: Scope) -> tuple[Receive, Scope]:
    """A chunked body read whole and given its `Content-Length`; others as they are."""
    if any(name == b"content-length" for name, _ in scope["headers"]):
        return receive, scope
    body = await read_whole_body(receive)
    length = (b"content-length", str(len(body)).encode())
    return replaying(body, receive), {**scope, "headers": [*scope["headers"], length]}


class CompiledFormDataValidator(_ChunkedBodies, _CompiledBodyValidation, FormDataValidator):  # type: ignore[misc]
    pass


class CompiledMultiPartValidator(
    _ChunkedBodies,
    _CompiledBodyValidation,
    MultiPartFormDataValidator,  # type: ignore[misc]
):
    """Reads the parts strictly (mockserver/http/decoding/multipart.py): a body without a
    Content-Type, or with a part that is not text, is a malformed body."""

    @property
    def _form_parser_cls(self) -> type[StrictMultiPartParser]:
        return StrictMultiPartParser

    async def _parse(self, stream: AsyncGenerator[bytes, None], scope: Scope) -> Any:
        try:
            return await super()._parse(stream, scope=scope)
        except MultiPartException as error:
            raise MalformedBody(f"Malformed multipart body: {error}") from None


class CompiledJSONBodyValidator(JSONRequestBodyValidator):  # type: ignore[misc]
    """Connexion's JSON body validation with its validator built once, raising the typed
    problems (`validation_problems`) with Connexion's words. The body is read by the one
    bounded decoder (`decoding.decode_json`) within the contract's `json_limits`: what it
    refuses (not UTF-8, a lone surrogate, too deep, too many values) is a `MalformedBody`."""

    json_limits: ClassVar[JsonLimits] = DEFAULT_JSON_LIMITS

    @cached_property
    def _validator(self) -> Draft4Validator:
        validator: Draft4Validator = _BriefDraft4RequestValidator(
            self._schema, format_checker=_FORMAT_CHECKER
        )
        return validator

    async def wrap_receive(self, receive: Receive, *, scope: Scope) -> tuple[Receive, Scope]:
        receive, scope = await with_length(receive, scope)
        length = int(Headers(scope=scope).get("content-length", 0))
        # Connexion's own test for a body that was not sent, made first to raise its type.
        if self._required and not length and self._schema.get("default") is None:
            raise BodyMissing(null=False)
        if not length:  # a default body, as Connexion inserts it
            wrapped: tuple[Receive, Scope] = await super().wrap_receive(receive, scope=scope)
            return wrapped
        messages = await _all_messages(receive)
        raw = b"".join(message.get("body", b"") for message in messages)
        body = await self.parsed_and_validated(raw)
        remember_validated_json_body(scope, body)
        return self._insert_messages(receive, messages=messages), scope

    async def _parse(self, stream: AsyncGenerator[bytes, None], scope: Scope) -> Any:
        return self._parsed(b"".join([message async for message in stream]))

    async def parsed_and_validated(self, raw: bytes) -> Any:
        """The body `raw` spells, validated (on a worker thread when it is large or holds
        many values); raises the problem of a body it refuses."""
        if len(raw) > OFF_LOOP_BYTES or most_json_values(raw) > OFF_LOOP_VALUES:
            return await anyio.to_thread.run_sync(self._parse_and_validate, raw)
        return self._parse_and_validate(raw)

    def _parse_and_validate(self, raw: bytes) -> Any:
        body = self._parsed(raw)
        if not (body is None and self._nullable):
            self._validate(body)
        return body

    def _parsed(self, raw: bytes) -> Any:
        if not raw:
            return None
        try:
            return decode_json(raw, self.json_limits)
        except InputRefused as refusal:
            raise MalformedBody(str(refusal)) from None

    def _validate(self, body: Any) -> None:
        if not self._nullable and body is None:
            raise BodyMissing(null=True)
        error = next(iter(self._validator.iter_errors(body)), None)
        if error is not None:
            message = error.message
            if len(message) > LONGEST_MESSAGE:  # jsonschema quotes the whole wrong value
                message = message[:LONGEST_MESSAGE] + "..."
            raise BodyProblem(f"{message}{format_error_with_path(error)}", error)


def _type_quoting_briefly(
    validator: Draft4Validator, types: Any, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    """jsonschema's `type` with Connexion's nullable, quoting a large wrong value in brief:
    the repr of an 8 MB one holds the interpreter (and so every client) for a second."""
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
    so `1.0` is one, where Connexion's Draft 4 would refuse it."""
    if isinstance(instance, bool):
        return False
    return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())


_INTEGERS_AS_IN_3_1 = Draft4RequestValidator.TYPE_CHECKER.redefine("integer", _is_integer)
_BriefDraft4RequestValidator = validators.extend(  # type: ignore[no-untyped-call]
    Draft4RequestValidator, {"type": _type_quoting_briefly}, type_checker=_INTEGERS_AS_IN_3_1
)
_Draft4ResponseValidatorOf31 = validators.extend(  # type: ignore[no-untyped-call]
    Draft4ResponseValidator, type_checker=_INTEGERS_AS_IN_3_1
)


class JSONResponseValidatorOf31(JSONResponseBodyValidator):  # type: ignore[misc]
    """Connexion's response validation, with `integer` read as OpenAPI 3.1 reads it."""

    @property
    def validator(self) -> Draft4Validator:
        validator: Draft4Validator = _Draft4ResponseValidatorOf31(
            self._schema, format_checker=_FORMAT_CHECKER
        )
        return validator


def remember_validated_json_body(scope: Scope, body: Any) -> None:
    """Keep `body`, parsed and validated, for the handler (`validated_json_body`)."""
    scope.setdefault("state", {})[_VALIDATED_BODY] = body


def validated_json_body(scope: Scope) -> Any:
    """The JSON body the request's validator parsed (None when there was none): a handler
    that takes it from here spares the event loop Connexion's second parse of the text."""
    return scope.get("state", {}).get(_VALIDATED_BODY)


async def _all_messages(receive: Receive) -> list[Message]:
    """The body's messages, until its last one or a disconnect."""
    messages = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages


def _json_validator_class(json_limits: JsonLimits) -> type[CompiledJSONBodyValidator]:
    return type(
        "CompiledJSONBodyValidator",
        (CompiledJSONBodyValidator,),
        {"json_limits": json_limits},
    )


def compiled_json_validator(
    json_limits: JsonLimits,
    *,
    schema: Mapping[str, Any],
    required: bool,
    nullable: bool,
    uri_parser: Any,
) -> CompiledJSONBodyValidator:
    """The JSON body validator the validator map gives an operation's JSON media type, as
    Connexion's request validation builds it."""
    return _json_validator_class(json_limits)(
        schema=schema,
        required=required,
        nullable=nullable,
        encoding="utf-8",
        strict_validation=False,
        uri_parser=uri_parser,
    )


def compiled_validator_map(json_limits: JsonLimits) -> dict[str, Any]:
    """Connexion's validator map with the compiled validators in place of the stock ones,
    JSON bodies read within `json_limits`."""
    body = MediaTypeDict(dict(VALIDATOR_MAP["body"]))
    body["*/*json"] = _json_validator_class(json_limits)
    body["application/x-www-form-urlencoded"] = CompiledFormDataValidator
    body["multipart/form-data"] = CompiledMultiPartValidator
    response = MediaTypeDict(dict(VALIDATOR_MAP["response"]))
    response["*/*json"] = JSONResponseValidatorOf31
    return {
        **VALIDATOR_MAP,
        "parameter": CompiledParameterValidator,
        "body": body,
        "response": response,
    }
