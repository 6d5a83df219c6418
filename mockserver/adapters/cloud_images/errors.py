"""Cloud Images' errors: which status and words each failure gets, rendered as Glance's
webob renders its exceptions (JSON, HTML or plain text, by `Accept`), 401 included.

`error_for` is the one table from failures (registry refusals, Connexion's validation
problems, routing errors, byte-range errors) to statuses; `render_error` the one place
they become responses.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from connexion.exceptions import ProblemException
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Scope

from ...domain import registry_errors as refused
from ...domain.errors import DomainError, UnknownCredential
from ...domain.ratelimit import RateDecision
from ...http.authentication import MissingCredential
from ...http.problems import ProblemRaised
from .webob_rendering import WebobError

logger = logging.getLogger(__name__)

MALFORMED_JSON_MESSAGE = "Malformed JSON in request body."
PATCH_MEDIA_TYPES = (
    "application/openstack-images-v2.0-json-patch",
    "application/openstack-images-v2.1-json-patch",
)


@dataclass
class RangeNotSatisfiable(Exception):
    reason: str

    def __str__(self) -> str:
        return self.reason


@dataclass
class MultipleRanges(Exception):
    def __str__(self) -> str:
        return (
            "Requests with multiple ranges are not supported in Glance. You may make "
            "multiple single-range requests instead."
        )


@dataclass
class NotAPatch(Exception):
    reason: str = "Request body must be a JSON array of operation objects."

    def __str__(self) -> str:
        return self.reason


@dataclass
class PatchMediaTypeMissing(Exception):
    """A PATCH without a Content-Type (one with another media type Connexion refuses)."""


@dataclass
class InvalidListQuery(Exception):
    reason: str

    def __str__(self) -> str:
        return self.reason


@dataclass
class NotOctetStream(Exception):
    """An upload whose Content-Type is not `application/octet-stream` (or missing)."""

    content_type: str | None

    def __str__(self) -> str:
        return f"Invalid content type {self.content_type}"


_STATUS: dict[type[Exception], int] = {
    refused.RecordNotFound: 404,
    refused.NotTheOwner: 403,
    refused.ImageProtected: 403,
    refused.ReadOnlyProperty: 403,
    refused.ReservedProperty: 403,
    refused.BasePropertyRemoval: 403,
    refused.PublicizeForbidden: 403,
    refused.TasksNeedTheAdminRole: 403,
    refused.InvalidPropertyValue: 400,
    refused.FourByteText: 400,
    refused.PropertyExists: 409,
    refused.PropertyAbsent: 409,
    refused.ImageIdTaken: 409,
    refused.QuotaExceeded: 413,
    refused.StatusConflict: 409,
    refused.FormatsNotSet: 400,
    refused.UnknownMarker: 400,
    refused.MembershipRefused: 403,
    refused.MemberExists: 409,
    refused.MemberNotFound: 404,
    MultipleRanges: 400,
    NotAPatch: 400,
    InvalidListQuery: 400,
}
# Failures Glance raises with their words as webob's `detail`, under the status's own
# explanation, rather than as the explanation.
_DETAILED: dict[type[Exception], int] = {
    RangeNotSatisfiable: 416,
    refused.DataFormatMismatch: 415,
    NotOctetStream: 415,
}


@dataclass(frozen=True)
class CloudError:
    """A failure as Glance raises it: status, explanation (None: webob's default for the
    status), detail, and the headers it adds."""

    status: int
    explanation: str | None = None
    detail: str = ""
    headers: tuple[tuple[str, str], ...] = ()


def error_for(error: Exception, method: str = "", content_type: str | None = None) -> CloudError:
    """The status and words for any failure raised while serving a request (whose method
    and media type pick Glance's words for a 415)."""
    if isinstance(error, UnknownCredential | MissingCredential):
        return CloudError(401)
    if isinstance(error, UnicodeDecodeError):  # a JSON body that is no UTF-8 text
        return CloudError(400, MALFORMED_JSON_MESSAGE)
    if isinstance(error, refused.TagAbsent):  # Glance raises a bare HTTPNotFound here
        return CloudError(404)
    status = _STATUS.get(type(error))
    if status is not None:
        return CloudError(status, str(error))
    status = _DETAILED.get(type(error))
    if status is not None:
        return CloudError(status, detail=str(error))
    if isinstance(error, DomainError):
        return CloudError(400, str(error))
    if isinstance(error, ProblemRaised):  # the body size limit
        return CloudError(error.problem.status, error.problem.detail)
    refused_type = isinstance(error, ProblemException) and error.status == 415
    if isinstance(error, PatchMediaTypeMissing) or (refused_type and method == "PATCH"):
        allowed = ", ".join(PATCH_MEDIA_TYPES)
        detail = f"Image PATCH expects Content-Type one of: {allowed}"
        return CloudError(415, detail=detail, headers=(("Accept-Patch", allowed),))
    if isinstance(error, ProblemException):  # Connexion's request validation: 400 or 415
        if error.status == 415:  # an upload that is not application/octet-stream
            return CloudError(415, detail=str(NotOctetStream(content_type)))
        return CloudError(error.status, str(error.detail or error.title))
    if isinstance(error, HTTPException):
        return CloudError(error.status_code, headers=tuple((error.headers or {}).items()))
    logger.exception("unexpected failure", exc_info=error)
    return CloudError(500, "An unexpected error occurred in the mock server.")


def rate_limited(decision: RateDecision) -> CloudError:
    # OpenStack APIs answer a spent rate limit with 413 "Over Limit" and Retry-After.
    return CloudError(
        413,
        f"Rate limit exceeded; retry in {decision.reset_seconds} seconds.",
        headers=(("Retry-After", str(decision.reset_seconds)),),
    )


def request_headers(scope: Scope) -> dict[str, str]:
    return {
        name.decode("latin-1").lower(): value.decode("latin-1")
        for name, value in scope.get("headers", ())
    }


def render_error(error: CloudError, scope: Scope) -> Response:
    """The error as webob renders it for this request (its `Accept`, method, media type)."""
    headers = request_headers(scope)
    raised = WebobError(
        error.status,
        error.explanation,
        error.detail,
        method=scope.get("method", ""),
        content_type=headers.get("content-type"),
    )
    media_type, body = raised.rendered(headers.get("accept"))
    extra = dict(error.headers)
    if error.status == 401:
        # keystonemiddleware names where a token comes from on every 401 it lets through.
        extra["WWW-Authenticate"] = f'Keystone uri="{_identity_uri(scope, headers)}"'
    return Response(body, status_code=error.status, headers=extra, media_type=media_type)


def _identity_uri(scope: Scope, headers: dict[str, str]) -> str:
    host = headers.get("host") or "localhost"
    return f"{scope.get('scheme', 'http')}://{host}/identity"
