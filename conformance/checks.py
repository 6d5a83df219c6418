"""The checks every answer of the schema-driven layers goes through: Schemathesis' standard
checks, and a contract's reply rules turned into checks of the same name.

They judge the response alone, so they are idempotent under shrinking.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schemathesis import Case, CheckContext, CheckFunction, Response
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .documents import operations
from .reply import Reply, Rule

STANDARD_CHECKS: tuple[CheckFunction, ...] = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
)


def reply_check(name: str, rule: Rule) -> CheckFunction:
    """`rule` as a Schemathesis check called `name`."""

    def check(ctx: CheckContext, response: Response, case: Case[Any]) -> None:
        headers = {key: values[0] for key, values in response.headers.items() if values}
        sent = response.request.headers.get("Accept")
        accept = sent.decode("latin-1") if isinstance(sent, bytes) else sent
        reply = Reply.of(response.status_code, headers, response.content or b"", accept)
        problems = rule(reply)
        if problems:
            raise AssertionError("; ".join(problems))

    check.__name__ = check.__qualname__ = name
    check.__doc__ = rule.__doc__
    return check


def all_checks(
    reply_rules: Mapping[str, Rule], document: dict[str, Any]
) -> tuple[CheckFunction, ...]:
    """The standard checks that can fail against `document`, then the reply rules."""
    return standard_checks(document) + tuple(
        reply_check(name, rule) for name, rule in reply_rules.items()
    )


def standard_checks(document: dict[str, Any]) -> tuple[CheckFunction, ...]:
    """`STANDARD_CHECKS`, but `response_headers_conformance` only for a document that
    declares a response header: it judges declared headers alone, so against any other
    document no server could break it, and a rule no server can break is no rule."""
    if declares_response_headers(document):
        return STANDARD_CHECKS
    return tuple(check for check in STANDARD_CHECKS if check is not response_headers_conformance)


def declares_response_headers(document: dict[str, Any]) -> bool:
    """Whether a response of an operation (or a shared one) declares a header."""
    shared = document.get("components", {}).get("responses", {})
    responses = [*shared.values()] + [
        response
        for _, _, operation in operations(document)
        for response in operation.get("responses", {}).values()
    ]
    return any(isinstance(r, dict) and r.get("headers") for r in responses)


def check_name(check: CheckFunction) -> str:
    return getattr(check, "__name__", repr(check))
