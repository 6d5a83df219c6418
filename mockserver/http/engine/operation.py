"""One contract operation compiled into a single ASGI endpoint.

Past routing (`endpoint`), a request goes through the decisions Connexion's stack makes,
each built once and in the same order: the credential (the contract's `authenticate`), the
parameters, the body's media type, the body itself (read whole within the contract's
limit, then bound by the fast binding of its form or else the general one), then the
handler with the arguments Connexion would bind, the request entered in `request_context`.

Each refusal is answered here by the contract's own error renderer. The handler runs
once, and a failure it raises is rendered the same way. A client that goes away before
its whole body came gets no answer.
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from ...domain.ratelimit import Limiter
from .. import request_context
from ..authentication import Authenticate, CredentialSource, find_principal
from ..decoding import DEFAULT_JSON_LIMITS, JsonLimits
from ..rate_limiting import ClientKey, Methods, RenderRefusal
from .binding_rules import FormFields, function_arguments, is_json_media_type, per_definition
from .body_reading import ClientGone, ReadBody, Undecided, read_body
from .bytes_body import BytesBinding
from .document_model import Operation
from .form_body import FORM_MEDIA_TYPES, FormBinding, UnsupportedBody
from .general_body import GeneralBody
from .json_body import JsonBinding
from .parameters import ParameterBinding
from .response_checks import ResponseCheck

_PATH_PARAMETER = re.compile(r"\{([^}]+)\}")
_CONTEXT_ARGUMENT = "context_"
"""The argument a handler names to take the whole request context."""

Handler = Callable[..., Awaitable[Response]]
RenderError = Callable[[Scope, Exception], Response]
"""(request, failure) → the contract's answer, as its Connexion app renders it."""


class UnsupportedOperation(Exception):
    """An operation the engine cannot serve, and why."""


@dataclass(frozen=True)
class RateLimiting:
    limiter: Limiter
    client_key: ClientKey
    render_refusal: RenderRefusal
    methods: Methods = None


@dataclass(frozen=True)
class Security:
    sources: tuple[CredentialSource, ...]
    authenticate: Authenticate

    def context(self, scope: Scope) -> dict[str, Any]:
        """What the credential check finds: the principal, for operations it guards."""
        if not self.sources:
            return {}
        return {"principal": find_principal(scope, self.sources, self.authenticate)}


class CompiledOperation:
    def __init__(
        self,
        operation: Operation,
        handler: Callable[..., Any],
        *,
        security: Security,
        max_body_bytes: int,
        render_error: RenderError,
        json_limits: JsonLimits = DEFAULT_JSON_LIMITS,
        validate_responses: bool = False,
    ) -> None:
        _check_handler(handler)
        arguments, has_kwargs = function_arguments(handler)
        fields = FormFields(operation.body_definition())
        self.operation = operation
        self.handler: Handler = handler
        self.parameters = ParameterBinding(operation.parameters, arguments, has_kwargs)
        declared = {parameter.name for parameter in self.parameters.path}
        if set(_PATH_PARAMETER.findall(operation.path)) != declared:
            raise UnsupportedOperation("the path template and the path parameters differ")
        content = (operation.request_body or {}).get("content", {})
        json_types = [media_type for media_type in content if is_json_media_type(media_type)]
        unread_types = [media_type for media_type in content if _unvalidated(media_type)]
        self.form: FormBinding | None = None
        self.json: JsonBinding | None = None
        self.bytes: BytesBinding | None = None
        if json_types and len(json_types) == len(content):
            self.json = JsonBinding(
                operation.request_body, json_types, arguments, has_kwargs, json_limits
            )
        elif unread_types and len(unread_types) == len(content):
            self.bytes = BytesBinding(operation.request_body, unread_types, arguments, has_kwargs)
        elif operation.request_body:
            try:
                self.form = FormBinding(operation.request_body, fields, arguments, has_kwargs)
            except UnsupportedBody:  # read by the general binding alone
                self.form = None
        self.body = (
            GeneralBody(operation, fields, arguments, has_kwargs, json_limits)
            if operation.request_body
            else None
        )
        self.arguments = frozenset(arguments)
        self.has_kwargs = has_kwargs
        self.security = security
        self.max_body_bytes = max_body_bytes
        self.render_error = render_error
        self.response_check = ResponseCheck(operation) if validate_responses else None

    async def __call__(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        path_params: Mapping[str, str],
    ) -> None:
        read = ReadBody()
        form: FormData | None = None
        try:
            try:
                context = self.security.context(scope)
                arguments = self.parameters.bind(path_params, scope["query_string"])
                if self.body is not None:
                    mime_type, _ = self.body.media_type(scope)
                    await read_body(receive, self.max_body_bytes, read)
                    try:
                        body_arguments, form = await self._bind_fast(scope, read)
                    except Undecided:
                        raw = b"".join(message.get("body", b"") for message in read.messages)
                        body_arguments, form = await self.body.bind(scope, raw, mime_type)
                    arguments.update(body_arguments)
            except ClientGone:
                return
            except Exception as refused:  # a credential or a value the contract refuses
                await self.render_error(scope, refused)(scope, receive, send)
                return
            await self._respond(scope, read.replaying(receive), send, context, arguments)
        finally:
            if form is not None:
                await form.close()

    async def _bind_fast(
        self, scope: Scope, read: ReadBody
    ) -> tuple[dict[str, Any], FormData | None]:
        """The body's arguments as the fast binding of its form reads them; `Undecided`
        when none reads this form."""
        if self.form is not None and self.form.accepts(scope):
            return await self.form.bind(scope, read)
        if self.json is not None and self.json.accepts(scope):
            return await self.json.bind(scope, read), None
        if self.bytes is not None and self.bytes.accepts(scope):
            return self.bytes.bind(read), None
        raise Undecided()

    async def _respond(
        self,
        scope: Scope,
        receive: Receive,
        answer: Send,
        context: dict[str, Any],
        arguments: dict[str, Any],
    ) -> None:
        self._bind_context(context, arguments)
        request_context.enter(scope, context)
        try:
            response = await self.handler(**arguments)
        except Exception as error:  # a domain refusal or a failure: answered from this run
            await self.render_error(scope, error)(scope, receive, answer)
            return
        if self.response_check is not None:  # the handler's own answer
            answer = self.response_check.checking(answer)
        await response(scope, receive, answer)

    def _bind_context(self, context: dict[str, Any], arguments: dict[str, Any]) -> None:
        """Context entries the handler takes, as Connexion's parameter decorator adds them."""
        for key, value in context.items():
            if self.has_kwargs or key in self.arguments:
                arguments[key] = value
        if _CONTEXT_ARGUMENT in self.arguments:
            arguments[_CONTEXT_ARGUMENT] = context


def _unvalidated(media_type: str) -> bool:
    """Whether no check reads a body of `media_type`: not JSON, not a form."""
    return not is_json_media_type(media_type) and media_type not in FORM_MEDIA_TYPES


def _check_handler(handler: Callable[..., Any]) -> None:
    problem = _handler_problem(handler)
    if problem is not None:
        raise UnsupportedOperation(problem)


@per_definition
def _handler_problem(function: Callable[..., Any]) -> str | None:
    """Why the engine cannot call `function` as a handler, if it cannot."""
    if not inspect.iscoroutinefunction(function):
        return "the handler is not a coroutine function"
    returns = typing.get_type_hints(function).get("return")
    if not (isinstance(returns, type) and issubclass(returns, Response)):
        return "the handler is not declared to return a Response"
    return None
