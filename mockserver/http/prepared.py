"""Connexion's per-operation work done once, when the app starts, instead of on every request.

Stock Connexion 3.3 rebuilds, for every request: the parameter validator (so a compiled one
is compiled again), the body validator, the URI parser, and the handler's decorator chain,
whose parameter decorator inspects the handler's signature. None of it depends on the
request, only on the operation; these subclasses build it on first use and keep it. They are
drop-in replacements: same validators (from the same validator map), same decorators, same
errors.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from connexion import AsyncApp
from connexion.context import operation as current_operation
from connexion.context import receive as current_receive
from connexion.context import scope as current_scope
from connexion.exceptions import UnsupportedMediaTypeProblem
from connexion.lifecycle import ConnexionRequest
from starlette.types import ASGIApp, Receive, Scope, Send

from . import request_context
from .connexion_internals import (
    AbstractApp,
    AsyncApi,
    AsyncASGIApp,
    AsyncOperation,
    MediaTypeDict,
    RequestValidationAPI,
    RequestValidationMiddleware,
    RequestValidationOperation,
    StarletteDecorator,
    SwaggerUIMiddleware,
    connexion_request,
    is_nullable,
)


class BodilessRequest(ConnexionRequest):  # type: ignore[misc]
    """The request of an operation that declares no body. Connexion reads a form body for
    every handler (to look for files), so a DELETE naming `multipart/form-data` without a
    boundary would fail on a body nobody asked for; here the body is never read, and the
    Content-Type of a request without a declared body changes nothing."""

    async def form(self) -> dict[str, Any]:
        return {}

    async def files(self) -> dict[str, Any]:
        return {}

    async def get_body(self) -> None:
        return None


class PreparedStarletteDecorator(StarletteDecorator):  # type: ignore[misc]
    """Decorates the handler once; per request only the Connexion request is built."""

    def __call__(self, function: Callable[..., Any]) -> Callable[..., Any]:
        decorated = self.decorate(function)
        uri_parser: Any = None
        request_class: type[ConnexionRequest] = ConnexionRequest

        @functools.wraps(function)
        async def wrapper(*_args: Any, **_kwargs: Any) -> Any:
            nonlocal uri_parser, request_class
            if uri_parser is None:  # the operation is only known inside a request
                uri_parser = self.uri_parser
                if not current_operation.request_body:
                    request_class = BodilessRequest
            request = request_class(current_scope, current_receive, uri_parser=uri_parser)
            request_context.enter(*connexion_request())  # what the handlers read
            return await decorated(request)

        return wrapper


class PreparedAsyncOperation(AsyncOperation):  # type: ignore[misc]
    @functools.cached_property
    def fn(self) -> Callable[..., Any]:
        decorator = PreparedStarletteDecorator(
            pythonic_params=self.pythonic_params, jsonifier=self.jsonifier
        )
        prepared: Callable[..., Any] = decorator(self._fn)
        return prepared

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.fn()
        await response(scope, receive, send)


class PreparedAsyncApi(AsyncApi):  # type: ignore[misc]
    def make_operation(self, operation: Any) -> PreparedAsyncOperation:
        return PreparedAsyncOperation(
            operation.function,
            jsonifier=self.jsonifier,
            operation_id=operation.operation_id,
            pythonic_params=self.pythonic_params,
        )


class PreparedAsyncASGIApp(AsyncASGIApp):  # type: ignore[misc]
    api_cls = PreparedAsyncApi


class PreparedAsyncApp(AsyncApp):  # type: ignore[misc]
    """`AsyncApp` whose operations decorate their handlers once."""

    def __init__(self, import_name: str, **kwargs: Any) -> None:
        # AsyncApp.__init__ only picks its inner app and hands everything to AbstractApp.
        self._middleware_app: AsyncASGIApp = PreparedAsyncASGIApp()
        AbstractApp.__init__(self, import_name, **kwargs)


class PreparedRequestValidationOperation(RequestValidationOperation):  # type: ignore[misc]
    """Request validation with its validators built once per operation (and media type)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._body_validators: dict[tuple[str, str], Any] = {}

    @functools.cached_property
    def _parameter_validator(self) -> Any:
        operation = self._operation
        return self._validator_map["parameter"](
            operation.parameters,
            uri_parser=self._uri_parser(),
            strict_validation=self.strict_validation,
            security_query_params=self.security_query_params,
        )

    @functools.cached_property
    def _accepted_media_types(self) -> MediaTypeDict | None:
        consumes = self._operation.consumes
        return MediaTypeDict([(c.lower(), None) for c in consumes]) if consumes else None

    def _uri_parser(self) -> Any:
        operation = self._operation
        return operation._uri_parser_class(operation.parameters, operation.body_definition())

    def validate_mime_type(self, mime_type: str) -> None:
        accepted = self._accepted_media_types
        if accepted is not None and mime_type.lower() not in accepted:
            raise UnsupportedMediaTypeProblem(
                detail=f"Invalid Content-type ({mime_type}), expected {self._operation.consumes}"
            )

    def _body_validator(self, mime_type: str, encoding: str) -> Any:
        key = (mime_type, encoding)
        if key not in self._body_validators:
            self._body_validators[key] = self._build_body_validator(mime_type, encoding)
        return self._body_validators[key]

    def _build_body_validator(self, mime_type: str, encoding: str) -> Any:
        operation = self._operation
        schema = operation.body_schema(mime_type)
        if not schema:
            return None
        try:
            validator_class = self._validator_map["body"][mime_type]
        except KeyError:  # as stock Connexion: no validator registered, no validation
            return None
        return validator_class(
            schema=schema,
            required=operation.request_body.get("required", False),
            nullable=is_nullable(operation.body_definition(mime_type)),
            encoding=encoding,
            strict_validation=self.strict_validation,
            uri_parser=self._uri_parser(),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self._parameter_validator.validate(scope)
        mime_type, encoding = self.extract_content_type(scope["headers"])
        self.validate_mime_type(mime_type)
        validator = self._body_validator(mime_type, encoding)
        if validator is not None:
            receive, scope = await validator.wrap_receive(receive, scope=scope)
        await self.next_app(scope, receive, send)


class PreparedRequestValidationAPI(RequestValidationAPI):  # type: ignore[misc]
    def make_operation(self, operation: Any) -> PreparedRequestValidationOperation:
        return PreparedRequestValidationOperation(
            self.next_app,
            operation=operation,
            strict_validation=self.strict_validation,
            validator_map=self.validator_map,
        )


class PreparedRequestValidationMiddleware(RequestValidationMiddleware):  # type: ignore[misc]
    """`RequestValidationMiddleware` whose validators are built once per operation."""

    api_cls = PreparedRequestValidationAPI


class DocsOnlySwaggerUIMiddleware(SwaggerUIMiddleware):  # type: ignore[misc]
    """Swagger UI that lets every request outside its docs prefix straight through.

    The stock middleware runs every request through its own router (and copies the scope)
    only to fall through to the next app for anything that is not a docs page.
    """

    def __init__(self, app: ASGIApp, *, docs_prefix: str, base_path: str = "") -> None:
        super().__init__(app)
        self.docs_prefix = docs_prefix
        self.base_path = base_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] == "http" and not path.startswith(self.docs_prefix):
            if not path.startswith(self.base_path + self.docs_prefix):
                await self.app(scope, receive, send)
                return
        elif self.base_path:
            # Connexion mounts the docs under the API's base path; they are also served
            # at the docs prefix itself, where the mock's index of contracts points.
            scope = {**scope, "path": self.base_path + path}
        await super().__call__(scope, receive, send)
