"""The error codes the contract names and the HTTP status it gives each, as its response
descriptions list them (the current and the older revision of the vendor's system-error
table, so either conforms)."""

from __future__ import annotations

METHOD_ERROR_STATUS = 400
NO_RIGHT_TO_VIEW = "200040300010"
NO_RIGHT_TO_MODIFY = "200040300020"
MISSING_PARAMETER = "100"
OTHER_ERROR = "0"
"""The code of every other method error, an unknown product or picture included."""

METHOD_ERRORS: dict[str, tuple[str, ...]] = {
    "AddError": (NO_RIGHT_TO_MODIFY, MISSING_PARAMETER, OTHER_ERROR),
    "GetError": (NO_RIGHT_TO_VIEW, MISSING_PARAMETER, OTHER_ERROR),
    "ListError": (NO_RIGHT_TO_VIEW, MISSING_PARAMETER, OTHER_ERROR),
    "DeleteError": (NO_RIGHT_TO_MODIFY, MISSING_PARAMETER, OTHER_ERROR),
    "GetFieldsError": (NO_RIGHT_TO_VIEW, OTHER_ERROR),
}
"""The method errors (HTTP 400) of each method's error response, by its component name."""

SYSTEM_ERRORS: dict[str, frozenset[int]] = {
    "INVALID_REQUEST": frozenset({400, 401}),
    "ERROR_BATCH_LENGTH_EXCEEDED": frozenset({400}),
    "NO_AUTH_FOUND": frozenset({401}),
    "INVALID_CREDENTIALS": frozenset({401, 403}),
    "expired_token": frozenset({401}),
    "insufficient_scope": frozenset({401, 403}),
    "OVERLOAD_LIMIT": frozenset({401, 503}),
    "ACCESS_DENIED": frozenset({401, 403}),
    "user_access_error": frozenset({401, 403}),
    "PORTAL_DELETED": frozenset({403}),
    "ERROR_METHOD_NOT_FOUND": frozenset({404}),
    "ERROR_MANIFEST_IS_NOT_AVAILABLE": frozenset({404}),
    "ERROR_BATCH_METHOD_NOT_ALLOWED": frozenset({405}),
    "OPERATION_TIME_LIMIT": frozenset({429}),
    "INTERNAL_SERVER_ERROR": frozenset({500}),
    "ERROR_UNEXPECTED_ANSWER": frozenset({500}),
    "QUERY_LIMIT_EXCEEDED": frozenset({503}),
}
"""System errors, shared by every method: code → the statuses the contract allows it."""

SYSTEM_ERROR_RESPONSES: dict[str, int] = {
    "Unauthorized": 401,
    "Forbidden": 403,
    "NotFound": 404,
    "BatchNotAllowed": 405,
    "OperationTimeLimit": 429,
    "InternalServerError": 500,
    "ServiceUnavailable": 503,
}
"""The contract's shared error responses, by component name, and their status."""


def is_method_code(code: object) -> bool:
    """A method error's code: a string of digits."""
    return isinstance(code, str) and code.isascii() and code.isdigit()


def statuses_of(code: object) -> frozenset[int] | None:
    """The statuses the contract gives an error code; None for a code it does not name (the
    empty code included, whose status it leaves open)."""
    if is_method_code(code):
        return frozenset({METHOD_ERROR_STATUS})
    return SYSTEM_ERRORS.get(code) if isinstance(code, str) else None


def codes_of_status(status: int) -> list[str]:
    """The system error codes the contract allows with `status`."""
    return [code for code, statuses in SYSTEM_ERRORS.items() if status in statuses]
