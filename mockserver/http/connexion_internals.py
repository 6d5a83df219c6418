"""Every name the reference stack (`connexion_stack`) takes from Connexion beyond its
documented API, in one place. The engine imports nothing of Connexion.

Connexion is pinned to one release (pyproject.toml): a patch release may rename any of
these. The rest of the mock imports them from here, and only the documented API
(`connexion.AsyncApp`, `connexion.exceptions`, `connexion.lifecycle`, the proxies of
`connexion.context`, `connexion.options`, `connexion.resolver`) from Connexion directly;
`tests/unit/http/test_connexion_internals.py` holds both to that and checks that every
name and attribute listed here still exists.

Why each is needed:

The middleware stack (`contract_app`), built by hand so each contract has its own error
renderer, authentication and rate limit in Connexion's order:
- `ServerErrorMiddleware`, `ExceptionMiddleware`, `RoutingMiddleware`,
  `ResponseValidationMiddleware`, `LifespanMiddleware`, `ContextMiddleware`: Connexion's own
  layers, the ones `ConnexionMiddleware.default_middlewares` lists.
- `SwaggerUIMiddleware`, `RequestValidationMiddleware` (with `RequestValidationAPI`,
  `RequestValidationOperation`): subclassed in `prepared` to build their work once.

Loading an OpenAPI 3.1 document (`openapi31`):
- `OpenAPISpecification`: subclassed; its `_validate_spec` (the 3.0 meta-schema check) is
  replaced, and `_raw_spec`, `_base_uri` are read to clone it.
- `API`: the middleware's record of one served document, appended to
  `app.middleware.apis` as `add_api` does (`middleware_stack`, `options.replace`).

Per-operation work done once (`prepared`, `validators`):
- `AbstractApp`, `AsyncApi`, `AsyncASGIApp`, `AsyncOperation`: subclassed to decorate
  each handler once; `AsyncOperation._fn` is the undecorated handler, `AsyncApp`'s
  `_middleware_app` the inner app it picks.
- `StarletteDecorator`: subclassed; its `decorate`, `framework` and `uri_parser` are used.
- `RequestValidationOperation._operation`, `._validator_map`, `.extract_content_type`;
  `OpenAPIOperation._uri_parser_class`: read by the prepared request validation.
- `ParameterValidator`, `FormDataValidator`, `MultiPartFormDataValidator`: subclassed
  with compiled schemas; `_schema`, `_strict_validation`, `_validate_params_strictly` and
  the `_validate` they override are theirs.
- `VALIDATOR_MAP`, `MediaTypeDict`, `Draft4RequestValidator`, `is_null`, `is_nullable`:
  the validator map the compiled validators go into, and the checks Connexion's make.
- `JSONRequestBodyValidator`: subclassed to raise typed problems (`validation_problems`)
  with its own words and to read bodies Python's JSON parser refuses as 400s; `_schema`,
  `_required`, `_nullable`, `_encoding`, `wrap_receive`, `_parse` and `_validate` are its,
  and `format_error_with_path` spells where in a body its schema failed.
- `JSONResponseBodyValidator`, `Draft4ResponseValidator`: the response validation the
  mock's own tests turn on, subclassed to read `integer` as OpenAPI 3.1 does; its
  `_schema` and `validator` are its.

Handlers read the request through `request_context`; the reference stack enters it from
`_context` and `_scope` (the context variables behind the public `connexion.context`
proxies), which `connexion_request` reads.
"""

from __future__ import annotations

from typing import Any

from connexion import AsyncApp
from connexion.apps.abstract import AbstractApp
from connexion.apps.asynchronous import AsyncApi, AsyncASGIApp, AsyncOperation
from connexion.context import _context, _scope
from connexion.datastructures import MediaTypeDict
from connexion.decorators import StarletteDecorator
from connexion.json_schema import Draft4ResponseValidator
from connexion.middleware.context import ContextMiddleware
from connexion.middleware.exceptions import ExceptionMiddleware
from connexion.middleware.lifespan import LifespanMiddleware
from connexion.middleware.main import API
from connexion.middleware.request_validation import (
    RequestValidationAPI,
    RequestValidationMiddleware,
    RequestValidationOperation,
)
from connexion.middleware.response_validation import ResponseValidationMiddleware
from connexion.middleware.routing import RoutingMiddleware
from connexion.middleware.server_error import ServerErrorMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.operations import OpenAPIOperation
from connexion.spec import OpenAPISpecification
from connexion.utils import is_nullable
from connexion.validators import (
    VALIDATOR_MAP,
    JSONRequestBodyValidator,
    JSONResponseBodyValidator,
)
from connexion.validators.form_data import FormDataValidator, MultiPartFormDataValidator
from connexion.validators.parameter import ParameterValidator
from starlette.types import Scope

__all__ = [
    "API",
    "VALIDATOR_MAP",
    "AbstractApp",
    "AsyncASGIApp",
    "AsyncApi",
    "AsyncOperation",
    "ContextMiddleware",
    "Draft4ResponseValidator",
    "ExceptionMiddleware",
    "FormDataValidator",
    "JSONRequestBodyValidator",
    "JSONResponseBodyValidator",
    "LifespanMiddleware",
    "MediaTypeDict",
    "MultiPartFormDataValidator",
    "OpenAPIOperation",
    "OpenAPISpecification",
    "ParameterValidator",
    "RequestValidationAPI",
    "RequestValidationMiddleware",
    "RequestValidationOperation",
    "ResponseValidationMiddleware",
    "RoutingMiddleware",
    "ServerErrorMiddleware",
    "StarletteDecorator",
    "SwaggerUIMiddleware",
    "is_nullable",
]

PRIVATE_ATTRIBUTES: dict[type, tuple[str, ...]] = {
    OpenAPISpecification: ("_validate_spec", "_raw_spec", "_base_uri"),
    AbstractApp: ("middleware",),
    AsyncApp: ("_middleware_app",),
    AsyncOperation: ("_fn", "fn"),
    StarletteDecorator: ("decorate", "framework", "uri_parser"),
    RequestValidationOperation: ("_operation", "_validator_map", "extract_content_type"),
    OpenAPIOperation: ("_uri_parser_class",),
    FormDataValidator: ("_schema", "_strict_validation", "_validate", "_validate_params_strictly"),
    JSONRequestBodyValidator: (
        "_schema",
        "_required",
        "_nullable",
        "_encoding",
        "_parse",
        "_validate",
        "wrap_receive",
    ),
}
"""The private attributes the subclasses in `openapi31`, `prepared` and `validators` read
or override, by the class that has them (as a class attribute or set on `self` by one of
its methods); checked by the tests."""


def connexion_request() -> tuple[Scope, dict[str, Any]]:
    """The scope and the context of the request Connexion's stack is handling: what
    `connexion.context.scope` and `.context` stand for, read without their proxies."""
    scope: Scope = _scope.get()
    context: dict[str, Any] = _context.get()
    return scope, context
