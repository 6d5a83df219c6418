"""Bitrix24's error shape: `{"error": CODE, "error_description": TEXT}`.

Method errors are HTTP 400 with a code of digits (`200040300010` no right to view,
`200040300020` no right to modify, `100` a parameter missing or empty, `0` anything else);
system errors carry their status and a code of letters. Every code is a JSON string, as
both official SDKs read it (spec/bitrix24/NOTES.md gives the evidence). `error_for` is the
one table from failures to errors; `render_error_body` the one place they become responses.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace

from starlette.exceptions import HTTPException
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
from ...http.decoding import InputRefused
from ...http.problems import ProblemRaised
from ...http.validation_problems import BodyMissing, BodyProblem, ParameterProblem, RequestProblem

logger = logging.getLogger(__name__)

NO_RIGHT_TO_VIEW = "200040300010"
NO_RIGHT_TO_MODIFY = "200040300020"
MISSING_PARAMETER = "100"
OTHER_ERROR = "0"


@dataclass(frozen=True)
class BitrixError:
    status: int
    code: str
    description: str
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CalledMethod:
    """What the error renderer knows of the call it answers, from its path."""

    application_style: bool = False
    """The token travels in the body (no webhook in the path)."""
    takes_parameters: bool = True
    """False for getFields: nothing it is sent can be a missing parameter."""


@dataclass
class InvalidFileContent(Exception):
    def __str__(self) -> str:
        return "File content is not valid base64"


@dataclass
class NoAuthSent(Exception):
    """An application-style call that carries no `auth`, in its query or its body."""

    def __str__(self) -> str:
        return "No access token was sent"


@dataclass
class BatchTooLong(Exception):
    limit: int

    def __str__(self) -> str:
        return f"Max batch length exceeded: at most {self.limit} commands"


@dataclass
class NestedBatch(Exception):
    def __str__(self) -> str:
        return "Method is not allowed for batch usage"


INVALID_CREDENTIALS = BitrixError(401, "INVALID_CREDENTIALS", "Invalid request credentials")
NO_AUTH_FOUND = BitrixError(401, "NO_AUTH_FOUND", "Wrong authorization data")
# What a portal answers while its database is out of reach.
SERVICE_UNAVAILABLE = BitrixError(503, "INTERNAL_SERVER_ERROR", "Service is unavailable")
DOMAIN_ERRORS: dict[type[errors.DomainError], str | BitrixError] = {
    # A method error (HTTP 400) by its code, or a system error as it is sent.
    product_pictures.InvalidWebhook: INVALID_CREDENTIALS,
    errors.UnknownCredential: INVALID_CREDENTIALS,
    product_pictures.CannotView: NO_RIGHT_TO_VIEW,
    product_pictures.CannotModify: NO_RIGHT_TO_MODIFY,
    product_pictures.CatalogProductNotFound: OTHER_ERROR,
    product_pictures.InvalidFileName: OTHER_ERROR,
    product_pictures.NotAPicture: OTHER_ERROR,
    errors.ImageNotFound: OTHER_ERROR,
    errors.EmptyImage: OTHER_ERROR,
    errors.ImageTooLarge: OTHER_ERROR,
    store_budget.StorageFull: OTHER_ERROR,
    errors.StoreUnavailable: SERVICE_UNAVAILABLE,
    # The other contracts' refusals, never raised by Bitrix24's methods: each still has its
    # row, a right missing as the catalog's, anything else as error 0.
    errors.NotAMember: NO_RIGHT_TO_VIEW,
    errors.PermissionMissing: NO_RIGHT_TO_MODIFY,
    registry_errors.NotTheOwner: NO_RIGHT_TO_MODIFY,
    registry_errors.ImageProtected: NO_RIGHT_TO_MODIFY,
    registry_errors.PublicizeForbidden: NO_RIGHT_TO_MODIFY,
    registry_errors.TasksNeedTheAdminRole: NO_RIGHT_TO_MODIFY,
    registry_errors.ActionNotAuthorized: NO_RIGHT_TO_MODIFY,
    registry_errors.OwnerNotPermitted: NO_RIGHT_TO_MODIFY,
    registry_errors.OwnerChangeForbidden: NO_RIGHT_TO_MODIFY,
    registry_errors.ImageDeactivated: NO_RIGHT_TO_VIEW,
    registry_errors.MembershipRefused: NO_RIGHT_TO_MODIFY,
    errors.ProductNotFound: OTHER_ERROR,
    errors.UnsupportedImage: OTHER_ERROR,
    errors.ImageMissing: OTHER_ERROR,
    errors.TitleTooLong: OTHER_ERROR,
    errors.TitleNotText: OTHER_ERROR,
    registry_errors.RecordNotFound: OTHER_ERROR,
    registry_errors.ReadOnlyProperty: OTHER_ERROR,
    registry_errors.ReservedProperty: OTHER_ERROR,
    registry_errors.BasePropertyRemoval: OTHER_ERROR,
    registry_errors.InvalidPropertyValue: OTHER_ERROR,
    registry_errors.PropertyExists: OTHER_ERROR,
    registry_errors.PropertyAbsent: OTHER_ERROR,
    registry_errors.ImageIdTaken: OTHER_ERROR,
    registry_errors.QuotaExceeded: OTHER_ERROR,
    registry_errors.StatusConflict: OTHER_ERROR,
    registry_errors.StatusActionRefused: OTHER_ERROR,
    registry_errors.FormatsNotSet: OTHER_ERROR,
    registry_errors.UnknownMarker: OTHER_ERROR,
    registry_errors.FourByteText: OTHER_ERROR,
    registry_errors.CountOutOfRange: OTHER_ERROR,
    registry_errors.DataFormatMismatch: OTHER_ERROR,
    registry_errors.TagAbsent: OTHER_ERROR,
    registry_errors.MemberExists: OTHER_ERROR,
    registry_errors.MemberNotFound: OTHER_ERROR,
    import_errors.ImportRequestInvalid: OTHER_ERROR,
    import_errors.ImportConflict: OTHER_ERROR,
    import_errors.ImportRefused: OTHER_ERROR,
    import_errors.MethodNotOffered: OTHER_ERROR,
    import_errors.StoreNotAvailable: OTHER_ERROR,
    import_errors.StoreImageNotFound: OTHER_ERROR,
    import_errors.NotInStore: OTHER_ERROR,
    import_errors.LastStore: NO_RIGHT_TO_MODIFY,
    import_errors.StoreDataConflict: OTHER_ERROR,
    import_errors.TaskNotFound: OTHER_ERROR,
    import_errors.InvalidTaskRequest: OTHER_ERROR,
    metadef_records.MetadefPolicyRefused: NO_RIGHT_TO_MODIFY,
    metadef_records.MetadefProtected: NO_RIGHT_TO_MODIFY,
    metadef_records.ReadOnlyAttribute: NO_RIGHT_TO_MODIFY,
    metadef_records.NamespaceNotVisible: NO_RIGHT_TO_VIEW,
    metadef_records.MetadefNotFound: OTHER_ERROR,
    metadef_records.NamespaceHidden: OTHER_ERROR,
    metadef_records.MetadefDuplicate: OTHER_ERROR,
    identity.AuthenticationFailed: INVALID_CREDENTIALS,
    identity.TokenNotFound: OTHER_ERROR,
    identity.IdentityActionForbidden: NO_RIGHT_TO_VIEW,
    identity.IdentityEntityNotFound: OTHER_ERROR,
}
"""Every domain error's row (tests/unit/adapters/test_error_tables.py keeps it total)."""
# The adapter's own failures, in the same form.
_REQUEST_ERRORS: dict[type[Exception], str | BitrixError] = {
    InvalidFileContent: OTHER_ERROR,
    NoAuthSent: NO_AUTH_FOUND,
    BatchTooLong: BitrixError(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded"),
    # Inside a batch, where its status is not seen: only `error` and its description are.
    NestedBatch: BitrixError(
        405, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage"
    ),
}
NOT_UTF8 = BitrixError(400, OTHER_ERROR, "The body is not JSON: it is not UTF-8 text")
METHOD_NOT_FOUND = BitrixError(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")


def error_for(error: Exception, call: CalledMethod | None = None) -> BitrixError:
    """The Bitrix24 error for any failure raised while serving a request."""
    row = (
        DOMAIN_ERRORS[type(error)]
        if isinstance(error, errors.DomainError)
        else _REQUEST_ERRORS.get(type(error))
    )
    if isinstance(error, errors.StoreUnavailable):
        return replace(SERVICE_UNAVAILABLE, headers=(("Retry-After", str(error.retry_after)),))
    if isinstance(row, BitrixError):
        return row
    if row is not None:
        description = "Image not found" if isinstance(error, errors.ImageNotFound) else str(error)
        return BitrixError(400, row, description)
    if isinstance(error, InputRefused):  # the decoder's: a portal's error 0, in its words
        return BitrixError(400, OTHER_ERROR, str(error))
    if isinstance(error, UnicodeDecodeError):  # raised by Connexion's JSON body parsing
        return NOT_UTF8
    if isinstance(error, ProblemRaised):  # the body size limit: the vendor's "size exceeded"
        return BitrixError(400, OTHER_ERROR, error.problem.detail)
    if isinstance(error, RequestProblem):
        return _validation_error(error, call or CalledMethod())
    if isinstance(error, HTTPException):
        if error.status_code == 405:
            return BitrixError(
                405,
                "INVALID_REQUEST",
                "REST methods are called with GET or POST.",
                (("Allow", "GET, POST"),),
            )
        return METHOD_NOT_FOUND
    logger.exception("unexpected failure", exc_info=error)
    return BitrixError(500, "INTERNAL_SERVER_ERROR", "Internal server error")


def _validation_error(error: RequestProblem, call: CalledMethod) -> BitrixError:
    """Connexion's request validation, read as the vendor's missing-parameter and
    credential errors, by what failed."""
    detail = str(error.detail or error.title)
    if isinstance(error, BodyProblem) and _auth_missing_or_empty(error):
        return NO_AUTH_FOUND
    if isinstance(error, BodyMissing):
        if call.application_style:  # no body, so no token either
            return NO_AUTH_FOUND
        if not call.takes_parameters:
            return BitrixError(400, OTHER_ERROR, "The body is not the JSON object {}")
        if error.null:
            return BitrixError(400, OTHER_ERROR, detail)
        return BitrixError(400, MISSING_PARAMETER, f"Parameter missing or empty: {detail}")
    if isinstance(error, ParameterProblem) and error.location == "path":
        # A user id or webhook code of the wrong form.
        return INVALID_CREDENTIALS
    if isinstance(error, ParameterProblem) and error.failure is None:
        return BitrixError(400, MISSING_PARAMETER, f"Parameter missing or empty: {detail}")
    if isinstance(error, BodyProblem) and error.keyword in _MISSING_OR_EMPTY:
        return BitrixError(400, MISSING_PARAMETER, f"Parameter missing or empty: {detail}")
    # Anything else (a 415, a body that is no JSON, a value of the wrong type): error 0.
    return BitrixError(400, OTHER_ERROR, detail)


# The schema keywords whose failure means a parameter is missing or empty.
_MISSING_OR_EMPTY = frozenset({"required", "minLength", "minItems"})


def _auth_missing_or_empty(error: BodyProblem) -> bool:
    """No token to read: `auth` left out, or sent empty (a portal reads both as none)."""
    failure = error.failure
    empty = (
        failure is not None
        and list(failure.path) == ["auth"]
        and error.keyword in _MISSING_OR_EMPTY
    )
    return empty or "auth" in error.missing_properties


def rate_limited(decision: RateDecision) -> BitrixError:
    return BitrixError(
        503,
        "QUERY_LIMIT_EXCEEDED",
        "Too many requests",
        (("Retry-After", str(decision.reset_seconds)),),
    )


LONGEST_DESCRIPTION = 1000
"""Characters of an error's description sent: one that quotes a value sent (megabytes, at
most the body's size) is cut, so that writing the answer costs little."""


def render_error_body(error: BitrixError) -> Response:
    description = error.description
    if len(description) > LONGEST_DESCRIPTION:
        description = description[:LONGEST_DESCRIPTION] + "..."
    return Response(
        json.dumps({"error": error.code, "error_description": description}),
        status_code=error.status,
        headers=dict(error.headers),
        media_type="application/json",
    )
