"""Cloud Images' error shapes: webob's JSON error body for every failure but 401, which the
Keystone auth middleware answers in its own shape.

`error_for` is the one table from failures (registry refusals, Connexion's validation
problems, routing errors, byte-range errors) to statuses; `render_error_body` the one place
they become responses.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from http import HTTPStatus

from connexion.exceptions import ProblemException
from starlette.exceptions import HTTPException
from starlette.responses import Response

from ...domain import registry_errors as refused
from ...domain.errors import DomainError, UnknownCredential
from ...domain.ratelimit import RateDecision
from ...http.authentication import MissingCredential
from ...http.problems import ProblemRaised

logger = logging.getLogger(__name__)

UNAUTHORIZED_MESSAGE = "The request you have made requires authentication."
MALFORMED_JSON_MESSAGE = "Malformed JSON in request body."


@dataclass
class MalformedRange(Exception):
    header: str

    def __str__(self) -> str:
        return f"Invalid Range header: {self.header!r}."


@dataclass
class RangeNotSatisfiable(Exception):
    header: str
    size: int

    def __str__(self) -> str:
        return f"Requested range {self.header!r} cannot be satisfied for {self.size} bytes."


@dataclass
class NotAPatch(Exception):
    def __str__(self) -> str:
        return "The request body must be a JSON array of patch operations."


_STATUS: dict[type[Exception], int] = {
    refused.RecordNotFound: 404,
    refused.NotTheOwner: 403,
    refused.ImageProtected: 403,
    refused.ReadOnlyProperty: 403,
    refused.ReservedProperty: 403,
    refused.BasePropertyRemoval: 403,
    refused.InvalidPropertyValue: 400,
    refused.PropertyExists: 409,
    refused.PropertyAbsent: 409,
    refused.ImageIdTaken: 409,
    refused.QuotaExceeded: 413,
    refused.StatusConflict: 409,
    refused.FormatsNotSet: 400,
    refused.UnknownMarker: 400,
    MalformedRange: 400,
    RangeNotSatisfiable: 416,
    NotAPatch: 400,
}


@dataclass(frozen=True)
class CloudError:
    status: int
    message: str
    headers: tuple[tuple[str, str], ...] = ()


def error_for(error: Exception) -> CloudError:
    """The status and message for any failure raised while serving a request."""
    if isinstance(error, UnknownCredential | MissingCredential):
        return CloudError(401, UNAUTHORIZED_MESSAGE)
    if isinstance(error, UnicodeDecodeError):  # a JSON body that is no UTF-8 text
        return CloudError(400, MALFORMED_JSON_MESSAGE)
    status = _STATUS.get(type(error))
    if status is not None:
        return CloudError(status, str(error))
    if isinstance(error, DomainError):
        return CloudError(400, str(error))
    if isinstance(error, ProblemRaised):  # the body size limit
        return CloudError(error.problem.status, error.problem.detail)
    if isinstance(error, ProblemException):  # Connexion's request validation: 400 or 415
        return CloudError(error.status, str(error.detail or error.title))
    if isinstance(error, HTTPException):
        headers = tuple((error.headers or {}).items())
        return CloudError(error.status_code, _route_message(error.status_code), headers)
    logger.exception("unexpected failure", exc_info=error)
    return CloudError(500, "An unexpected error occurred in the mock server.")


def rate_limited(decision: RateDecision) -> CloudError:
    # OpenStack APIs answer a spent rate limit with 413 "Over Limit" and Retry-After.
    return CloudError(
        413,
        f"Rate limit exceeded; retry in {decision.reset_seconds} seconds.",
        (("Retry-After", str(decision.reset_seconds)),),
    )


def render_error_body(error: CloudError) -> Response:
    phrase = HTTPStatus(error.status).phrase
    if error.status == 401:
        body: object = {"error": {"code": 401, "title": phrase, "message": error.message}}
    else:
        body = {"code": f"{error.status} {phrase}", "title": phrase, "message": error.message}
    return Response(
        json.dumps(body),
        status_code=error.status,
        headers=dict(error.headers),
        media_type="application/json",
    )


def _route_message(status: int) -> str:
    if status == 404:
        return "The resource could not be found."
    if status == 405:
        return "The method is not allowed for this resource."
    return HTTPStatus(status).phrase
