"""Closient's error shape: RFC 9457 problem+json with `error_code`, `retryable`, `timestamp`.

`problem_for` is the one table from failures (domain errors, Connexion's validation
problems, routing errors) to Closient problems; `render_problem` the one place they
become responses.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime

from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.responses import Response

from ...domain import (
    errors,
    identity,
    import_errors,
    metadef_records,
    product_pictures,
    registry_errors,
    store_budget,
)
from ...domain.ratelimit import RateDecision
from ...http.authentication import MissingCredential
from ...http.problems import ProblemDetails, ProblemRaised
from ...http.validation_problems import RequestProblem

PROBLEM_JSON = "application/problem+json"
ERROR_TYPE_BASE = "https://closient.com/docs/errors/"

logger = logging.getLogger(__name__)

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "service_unavailable",
}

DOMAIN_STATUS: dict[type[errors.DomainError], int] = {
    errors.UnknownCredential: 401,
    errors.NotAMember: 403,
    errors.PermissionMissing: 403,
    errors.ProductNotFound: 404,
    errors.ImageNotFound: 404,
    errors.UnsupportedImage: 422,
    errors.EmptyImage: 422,
    errors.ImageMissing: 422,
    errors.TitleTooLong: 422,
    errors.TitleNotText: 422,
    errors.ImageTooLarge: 413,
    store_budget.StorageFull: 413,
    errors.StoreUnavailable: 503,
    # The other contracts' refusals, never raised by Closient's operations: each still has
    # its status in Closient's words (a table with no gap has no KeyError to raise).
    product_pictures.InvalidWebhook: 401,
    product_pictures.CannotView: 403,
    product_pictures.CannotModify: 403,
    product_pictures.CatalogProductNotFound: 404,
    product_pictures.InvalidFileName: 422,
    product_pictures.NotAPicture: 422,
    registry_errors.RecordNotFound: 404,
    registry_errors.NotTheOwner: 403,
    registry_errors.ImageProtected: 403,
    registry_errors.ReadOnlyProperty: 403,
    registry_errors.ReservedProperty: 403,
    registry_errors.BasePropertyRemoval: 403,
    registry_errors.PublicizeForbidden: 403,
    registry_errors.TasksNeedTheAdminRole: 403,
    registry_errors.ActionNotAuthorized: 403,
    registry_errors.OwnerNotPermitted: 403,
    registry_errors.OwnerChangeForbidden: 403,
    registry_errors.ImageDeactivated: 403,
    registry_errors.StatusActionRefused: 409,
    registry_errors.MembershipRefused: 403,
    registry_errors.InvalidPropertyValue: 422,
    registry_errors.FourByteText: 422,
    registry_errors.CountOutOfRange: 422,
    registry_errors.FormatsNotSet: 422,
    registry_errors.UnknownMarker: 422,
    registry_errors.DataFormatMismatch: 422,
    registry_errors.PropertyExists: 409,
    registry_errors.PropertyAbsent: 409,
    registry_errors.ImageIdTaken: 409,
    registry_errors.StatusConflict: 409,
    registry_errors.MemberExists: 409,
    registry_errors.QuotaExceeded: 413,
    registry_errors.TagAbsent: 404,
    registry_errors.MemberNotFound: 404,
    import_errors.ImportRequestInvalid: 422,
    import_errors.ImportConflict: 409,
    import_errors.ImportRefused: 422,
    import_errors.MethodNotOffered: 404,
    import_errors.StoreNotAvailable: 409,
    import_errors.StoreImageNotFound: 404,
    import_errors.NotInStore: 404,
    import_errors.LastStore: 403,
    import_errors.StoreDataConflict: 409,
    import_errors.TaskNotFound: 404,
    import_errors.InvalidTaskRequest: 422,
    metadef_records.MetadefNotFound: 404,
    metadef_records.NamespaceHidden: 404,
    metadef_records.NamespaceNotVisible: 403,
    metadef_records.MetadefPolicyRefused: 403,
    metadef_records.MetadefProtected: 403,
    metadef_records.ReadOnlyAttribute: 403,
    metadef_records.MetadefDuplicate: 409,
    identity.AuthenticationFailed: 401,
    identity.TokenNotFound: 404,
    identity.IdentityActionForbidden: 403,
    identity.IdentityEntityNotFound: 404,
}
"""Every domain error's status (tests/unit/adapters/test_error_tables.py keeps it total)."""


def problem(status: int, detail: str, **extensions: object) -> ProblemDetails:
    return ProblemDetails(
        status=status,
        error_code=_CODES.get(status, "error"),
        title=_TITLES.get(status, "Error"),
        detail=detail,
        retryable=status in (429, 500, 502, 503, 504),
        extensions=extensions,
    )


def problem_for(error: Exception) -> ProblemDetails:
    """The Closient problem for any failure raised while serving a request."""
    if isinstance(error, ProblemRaised):
        return error.problem
    if isinstance(error, errors.StoreUnavailable):
        retry_after = str(error.retry_after)
        return replace(problem(503, str(error)), headers={"Retry-After": retry_after})
    if isinstance(error, errors.DomainError):
        return problem(DOMAIN_STATUS[type(error)], str(error))
    if isinstance(error, MissingCredential):
        return problem(401, str(errors.UnknownCredential()))
    if isinstance(error, RequestProblem):
        # Connexion's request validation: the contract reports every bad input as a 422.
        status = 422 if error.status in (400, 415) else error.status
        return problem(status, str(error.detail or error.title))
    if isinstance(error, MultiPartException):
        return problem(422, f"The multipart body cannot be read: {error.message}")
    if isinstance(error, HTTPException):
        routed = problem(error.status_code, _route_detail(error.status_code))
        return replace(routed, headers=dict(error.headers or {}))
    logger.exception("unexpected failure", exc_info=error)
    return problem(500, "An unexpected error occurred in the mock server.")


def rate_limited(decision: RateDecision) -> ProblemDetails:
    return ProblemDetails(
        status=429,
        error_code="rate_limited",
        title="Too Many Requests",
        detail=f"Rate limit exceeded; retry in {decision.reset_seconds} seconds.",
        retryable=True,
        headers={"Retry-After": str(decision.reset_seconds)},
        extensions={"retry_after_seconds": decision.reset_seconds},
    )


def render_problem(details: ProblemDetails, now: datetime) -> Response:
    body = {
        "type": ERROR_TYPE_BASE + details.error_code,
        "title": details.title,
        "status": details.status,
        "detail": details.detail,
        "error_code": details.error_code,
        "retryable": details.retryable,
        "timestamp": now.astimezone(UTC).isoformat(timespec="seconds"),
        **details.extensions,
    }
    return Response(
        json.dumps(body),
        status_code=details.status,
        headers=dict(details.headers),
        media_type=PROBLEM_JSON,
    )


def _route_detail(status: int) -> str:
    if status == 404:
        return "The requested resource was not found."
    if status == 405:
        return "The method is not allowed for the requested resource."
    return _TITLES.get(status, "Error")
