"""The contract's own rules as Schemathesis checks, one rule each, named for the rule.

They judge the response alone, so they are idempotent under shrinking.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, CheckFunction, Response
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from . import rules


def _judge(rule: rules.Rule, response: Response) -> None:
    headers = {name: values[0] for name, values in response.headers.items() if values}
    problems = rule(rules.Reply.of(response.status_code, headers, response.content or b""))
    if problems:
        raise AssertionError("; ".join(problems))


@schemathesis.check
def errors_are_problem_details(ctx: CheckContext, response: Response, case: Case[Any]) -> None:
    """Every error is application/problem+json with error_code, retryable and timestamp."""
    _judge(rules.errors_are_problem_details, response)


@schemathesis.check
def rate_limit_headers_consistent(ctx: CheckContext, response: Response, case: Case[Any]) -> None:
    """RateLimit-* and X-RateLimit-* are present on every answer and agree."""
    _judge(rules.rate_limit_headers_consistent, response)


@schemathesis.check
def retry_after_on_too_many_requests(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> None:
    """A 429 carries Retry-After and `retry_after_seconds`."""
    _judge(rules.retry_after_on_too_many_requests, response)


STANDARD_CHECKS: tuple[CheckFunction, ...] = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
)
CONTRACT_CHECKS: tuple[CheckFunction, ...] = (
    errors_are_problem_details,
    rate_limit_headers_consistent,
    retry_after_on_too_many_requests,
)
ALL_CHECKS = STANDARD_CHECKS + CONTRACT_CHECKS


def check_name(check: CheckFunction) -> str:
    return getattr(check, "__name__", repr(check))
