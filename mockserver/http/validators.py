"""Connexion request validators that compile each schema once and explain errors briefly.

Connexion's stock validators build a JSON Schema validator (and deep-copy the schema) on
every request and report errors with the whole schema dumped into the message. These
build their validators when the operation is set up and report one line, e.g.
`query parameter 'page_size': 101 is greater than the maximum of 100`.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable, Mapping
from functools import cached_property
from typing import Any, ClassVar

from connexion.exceptions import ExtraParameterProblem
from connexion.lifecycle import ConnexionRequest
from jsonschema import Draft4Validator, validators
from starlette.datastructures import Headers
from starlette.formparsers import MultiPartException
from starlette.types import Message, Receive, Scope

from .connexion_internals import (
    VALIDATOR_MAP,
    Draft4ResponseValidator,
    FormDataValidator,
    JSONRequestBodyValidator,
    JSONResponseBodyValidator,
    MediaTypeDict,
    MultiPartFormDataValidator,
    ParameterValidator,
)
from .decoding import DEFAULT_JSON_LIMITS, JsonLimits
from .decoding.multipart import StrictMultiPartParser
from .engine.body_checks import (
    FORMAT_CHECKER,
    INTEGERS_AS_IN_3_1,
    FormValidator,
    JsonBodyCheck,
    check_form,
)
from .engine.parameter_checks import ParameterChecks
from .request_context import remember_validated_json_body
from .validation_problems import BodyMissing, MalformedBody
from .whole_body import read_whole_body, replaying

# Where a parameter's value is read from, by its `in`: the ConnexionRequest attribute.
_SOURCES = {
    "query": "query_params",
    "path": "path_params",
    "header": "headers",
    "cookie": "cookies",
}


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
        validator: Draft4Validator = FormValidator(self._schema, format_checker=FORMAT_CHECKER)
        return validator

    def _validate(self, body: Any) -> None:
        if getattr(self, "_strict_validation", False):
            self._validate_params_strictly(body)  # type: ignore[attr-defined]
        check_form(self._validator, body)


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
    """Connexion's JSON body validation by the engine's check (`JsonBodyCheck`): built once,
    reading within the contract's `json_limits`, raising the typed problems."""

    json_limits: ClassVar[JsonLimits] = DEFAULT_JSON_LIMITS

    @cached_property
    def check(self) -> JsonBodyCheck:
        return JsonBodyCheck(
            self._schema,
            required=self._required,
            nullable=self._nullable,
            json_limits=self.json_limits,
        )

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
        body = await self.check.parsed_and_validated(raw)
        remember_validated_json_body(scope, body)
        return self._insert_messages(receive, messages=messages), scope

    async def _parse(self, stream: AsyncGenerator[bytes, None], scope: Scope) -> Any:
        return self.check.parsed(b"".join([message async for message in stream]))

    def _validate(self, body: Any) -> None:
        self.check.validated(body)


_Draft4ResponseValidatorOf31 = validators.extend(  # type: ignore[no-untyped-call]
    Draft4ResponseValidator, type_checker=INTEGERS_AS_IN_3_1
)


class JSONResponseValidatorOf31(JSONResponseBodyValidator):  # type: ignore[misc]
    """Connexion's response validation, with `integer` read as OpenAPI 3.1 reads it."""

    @property
    def validator(self) -> Draft4Validator:
        validator: Draft4Validator = _Draft4ResponseValidatorOf31(
            self._schema, format_checker=FORMAT_CHECKER
        )
        return validator


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
