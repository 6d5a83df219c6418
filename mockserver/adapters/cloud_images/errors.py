"""Cloud Images' errors: which status and words each failure gets, rendered as Glance's
webob renders its exceptions (JSON, HTML or plain text, by `Accept`), 401 included.

`error_for` is the one table from failures (registry refusals, Connexion's validation
problems, routing errors, byte-range errors) to statuses; `render_error` the one place
they become responses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Scope

from ...domain import errors, identity, metadef_records, product_pictures, store_budget
from ...domain import import_errors as not_imported
from ...domain import registry_errors as refused
from ...domain.errors import DomainError, UnknownCredential
from ...domain.ratelimit import RateDecision
from ...http.authentication import MissingCredential
from ...http.problems import ProblemRaised
from ...http.validation_problems import (
    BodyMissing,
    BodyProblem,
    MalformedBody,
    ParameterProblem,
    RequestProblem,
)
from .query_words import QUERY_WORDS
from .webob_rendering import WebobError

logger = logging.getLogger(__name__)

MALFORMED_JSON_MESSAGE = "Malformed JSON in request body."
METADEFS = "/v2/metadefs/"
"""Where every operation reads its body itself (a missing one is worded as Glance does)."""
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
class BodyNotExpected(Exception):
    """A body sent to an operation Glance routes with `body_reject` (one that takes none):
    a length above zero, or a transfer encoding, says there is one."""

    def __str__(self) -> str:
        return "A body is not expected with this request."


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


@dataclass(frozen=True)
class Row:
    """How Glance raises a failure: its status, and where its words go (webob's
    `explanation`, its `detail` under the status's own explanation, or nowhere: a bare
    exception)."""

    status: int
    words: Literal["explanation", "detail", "none"] = "explanation"
    said: Callable[[Any], str] | None = None
    """Glance's own words for the failure, where they are not the domain's."""


DOMAIN_ERRORS: dict[type[DomainError], Row] = {
    UnknownCredential: Row(401, "none"),
    refused.RecordNotFound: Row(404),
    refused.NotTheOwner: Row(403),
    refused.ImageProtected: Row(403),
    refused.ReadOnlyProperty: Row(403),
    refused.ReservedProperty: Row(403),
    refused.BasePropertyRemoval: Row(403, "detail"),
    refused.PublicizeForbidden: Row(403),
    refused.OwnerNotPermitted: Row(403, "detail"),
    refused.OwnerChangeForbidden: Row(403, "detail"),
    refused.TasksNeedTheAdminRole: Row(403),
    refused.InvalidPropertyValue: Row(400),
    refused.FourByteText: Row(400),
    refused.CountOutOfRange: Row(400),
    refused.PropertyExists: Row(409, "detail"),
    refused.PropertyAbsent: Row(409, "detail"),
    refused.ImageIdTaken: Row(409, said=lambda taken: f"Image ID {taken.image_id} already exists!"),
    refused.QuotaExceeded: Row(413),
    refused.StatusConflict: Row(409),
    refused.StatusActionRefused: Row(403),
    refused.ActionNotAuthorized: Row(403),
    refused.ImageDeactivated: Row(403),
    refused.FormatsNotSet: Row(
        400,
        said=lambda _: "Properties disk_format, container_format must be set prior to saving data.",
    ),
    refused.UnknownMarker: Row(400),
    refused.MembershipRefused: Row(403),
    refused.MemberExists: Row(409),
    refused.MemberNotFound: Row(404),
    refused.TagAbsent: Row(404, "none"),  # Glance raises a bare HTTPNotFound here
    refused.DataFormatMismatch: Row(415, "detail"),
    metadef_records.MetadefNotFound: Row(404),
    metadef_records.NamespaceHidden: Row(404, "none"),  # Glance raises a bare HTTPNotFound
    metadef_records.NamespaceNotVisible: Row(403),
    metadef_records.MetadefPolicyRefused: Row(403),
    metadef_records.MetadefProtected: Row(403),
    metadef_records.ReadOnlyAttribute: Row(403),
    metadef_records.MetadefDuplicate: Row(409),
    # The identity endpoint answers its own refusals in Keystone's shape
    # (identity_routes.py); the Images API never raises them.
    identity.AuthenticationFailed: Row(401, "none"),
    identity.TokenNotFound: Row(404),
    identity.IdentityActionForbidden: Row(403),
    identity.IdentityEntityNotFound: Row(404),
    errors.StoreUnavailable: Row(503),
    not_imported.ImportRequestInvalid: Row(400),
    not_imported.ImportConflict: Row(409),
    not_imported.ImportRefused: Row(400),
    not_imported.MethodNotOffered: Row(404),
    not_imported.StoreNotAvailable: Row(409),
    not_imported.StoreImageNotFound: Row(404),
    not_imported.NotInStore: Row(404),
    not_imported.LastStore: Row(403),
    not_imported.StoreDataConflict: Row(409),
    not_imported.TaskNotFound: Row(404),
    not_imported.InvalidTaskRequest: Row(400),
    # The other contracts' refusals, never raised by Cloud Images' operations: each still
    # has its row, as Glance would raise the like of it.
    errors.NotAMember: Row(403),
    errors.PermissionMissing: Row(403),
    errors.ProductNotFound: Row(404),
    errors.ImageNotFound: Row(404),
    errors.UnsupportedImage: Row(400),
    errors.ImageTooLarge: Row(413),
    store_budget.StorageFull: Row(413),
    errors.ImageMissing: Row(400),
    errors.EmptyImage: Row(400),
    errors.TitleTooLong: Row(400),
    errors.TitleNotText: Row(400),
    product_pictures.InvalidWebhook: Row(401, "none"),
    product_pictures.CannotView: Row(403),
    product_pictures.CannotModify: Row(403),
    product_pictures.CatalogProductNotFound: Row(404),
    product_pictures.InvalidFileName: Row(400),
    product_pictures.NotAPicture: Row(400),
}
"""Every domain error's row (tests/unit/adapters/test_error_tables.py keeps it total)."""
# The adapter's own failures, in the same form.
_REQUEST_ERRORS: dict[type[Exception], Row] = {
    MultipleRanges: Row(400),
    NotAPatch: Row(400),
    BodyNotExpected: Row(400),
    InvalidListQuery: Row(400),
    RangeNotSatisfiable: Row(416, "detail"),
    NotOctetStream: Row(415, "detail"),
}


@dataclass(frozen=True)
class CloudError:
    """A failure as Glance raises it: status, explanation (None: webob's default for the
    status), detail, and the headers it adds."""

    status: int
    explanation: str | None = None
    detail: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    bare: bool = False
    """Raised with a template of the explanation alone (webob's `body_template`)."""


@dataclass
class TasksAreNotDeleted(Exception):
    """`DELETE /v2/tasks/{id}` by an admin: Glance's task API refuses it with a 405 of its
    own (allowing GET alone), worded bare."""

    def __str__(self) -> str:
        return (
            "This operation is currently not permitted on Glance Tasks. They are auto deleted "
            "after reaching the time based on their expires_at property."
        )


def error_for(
    error: Exception, method: str = "", content_type: str | None = None, path: str = ""
) -> CloudError:
    """The status and words for any failure raised while serving a request (whose method
    and media type pick Glance's words for a 415, whose method and path its words for an
    image it does not find)."""
    if isinstance(error, MissingCredential):
        return CloudError(401)
    if isinstance(error, TasksAreNotDeleted):
        return CloudError(405, str(error), headers=(("Allow", "GET"),), bare=True)
    if isinstance(error, refused.RecordNotFound):
        return _record_not_found(error, method, path)
    worded = glance_words(error, method, path)
    if worded is not None:
        return worded
    if isinstance(error, UnicodeDecodeError):  # a JSON body that is no UTF-8 text
        return CloudError(400, MALFORMED_JSON_MESSAGE)
    if isinstance(error, errors.StoreUnavailable):
        unavailable = _raised(DOMAIN_ERRORS[type(error)], error)
        return replace(unavailable, headers=(("Retry-After", str(error.retry_after)),))
    row = (
        DOMAIN_ERRORS[type(error)]
        if isinstance(error, DomainError)
        else _REQUEST_ERRORS.get(type(error))
    )
    if row is not None:
        return _raised(row, error)
    if isinstance(error, ProblemRaised):  # the body size limit
        return CloudError(error.problem.status, error.problem.detail)
    refused_type = isinstance(error, RequestProblem) and error.status == 415
    if isinstance(error, PatchMediaTypeMissing) or (refused_type and method == "PATCH"):
        allowed = ", ".join(PATCH_MEDIA_TYPES)
        detail = f"Image PATCH expects Content-Type one of: {allowed}"
        return CloudError(415, detail=detail, headers=(("Accept-Patch", allowed),))
    if isinstance(error, ParameterProblem) and error.location == "query" and error.failure:
        words = QUERY_WORDS.get(error.name)
        if words is not None:
            return CloudError(400, words(error.failure.instance))
    if isinstance(error, RequestProblem):  # request validation: 400 or 415
        if error.status == 415:  # an upload that is not application/octet-stream
            return CloudError(415, detail=str(NotOctetStream(content_type)))
        return CloudError(error.status, str(error.detail or error.title))
    if isinstance(error, HTTPException):
        return CloudError(error.status_code, headers=tuple((error.headers or {}).items()))
    logger.exception("unexpected failure", exc_info=error)
    return CloudError(500, "An unexpected error occurred in the mock server.")


def glance_words(error: Exception, method: str, path: str) -> CloudError | None:
    """Glance's own words for a refusal the mock words otherwise, chosen by its type and
    the operation (never by the mock's words), or None to use the mock's."""
    parts = path.split("/")
    on_record = len(parts) == 4 and parts[2] == "images"  # /v2/images/{id}
    if isinstance(error, refused.ReservedProperty) and method == "POST":
        return CloudError(403, detail=str(error))  # webob's explanation first on a create
    if isinstance(error, refused.NotTheOwner) and on_record and method in POLICY_ACTIONS:
        action = POLICY_ACTIONS[method]
        return CloudError(403, f"You are not authorized to complete {action} action.")
    if isinstance(error, MalformedBody):
        return CloudError(400, MALFORMED_JSON_MESSAGE)
    if isinstance(error, BodyMissing) and method == "POST" and path.endswith(BODY_EXPECTED_PATHS):
        return CloudError(400, "Body expected in request.")
    if isinstance(error, BodyMissing) and not error.null and path.startswith(METADEFS):
        return CloudError(400, "Body expected in request.")
    if isinstance(error, BodyProblem):
        return _body_words(error, method, path)
    return None


POLICY_ACTIONS = {"PATCH": "modify_image", "DELETE": "delete_image"}
BODY_EXPECTED_PATHS = ("/import", "/v2/tasks")
"""Where Glance reads a body itself and words its absence."""
"""The policy Glance names when it refuses another project's image, by method."""


def _body_words(problem: BodyProblem, method: str, path: str) -> CloudError | None:
    failure = problem.failure
    if failure is None:
        return None
    where = list(failure.absolute_path)
    keyword = problem.keyword
    if not where and keyword == "type":
        if method == "POST" and path.endswith("/images"):
            return CloudError(400, "Unexpected body type. Expected list/dict.")
        if method == "PATCH":
            return CloudError(400, "Request body must be a JSON array of operation objects.")
    if "member" in problem.missing_properties and path.endswith("/members"):
        return CloudError(400, "Member to be added not specified")
    if where == ["status"] and keyword == "enum" and "/members/" in path:
        return CloudError(
            400, 'Incorrect request: Status must be "pending", "accepted" or "rejected".'
        )
    if len(where) == 1 and where[0] in ("min_disk", "min_ram") and keyword == "minimum":
        return CloudError(400, str(refused.CountOutOfRange(where[0], str(failure.instance))))
    return None


def _record_not_found(error: refused.RecordNotFound, method: str, path: str) -> CloudError:
    """Glance words a missing image by what was asked of it: its tags and members say
    "Image … not found.", its tasks webob's default, a delete "Failed to find image … to
    delete", anything else the record's own "No image found with ID …"."""
    image_id = error.image_id
    parts = path.split("/")  # "", "v2", "images", the id, then what of it
    part = parts[4] if len(parts) > 4 else ""
    if part in ("tags", "members"):
        return CloudError(404, f"Image {image_id} not found.")
    if part == "tasks":
        return CloudError(404)
    if method == "DELETE" and not part:
        return CloudError(404, f"Failed to find image {image_id} to delete")
    return CloudError(404, str(error))


def _raised(row: Row, error: Exception) -> CloudError:
    text = row.said(error) if row.said is not None else str(error)
    if row.words == "explanation":
        return CloudError(row.status, text)
    if row.words == "detail":
        return CloudError(row.status, detail=text)
    return CloudError(row.status)


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
        bare=error.bare,
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
