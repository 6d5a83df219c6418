"""The Closient contract as the suite reads it: the published document plus the conventions
its `info.description` states in prose, applied in memory (the published file stays unedited).

Two views are built from one document:

- the *documented* view: every operation also lists the API-wide error responses
  (401, 403, 404, 422, 429, 500; 413 for uploads) as RFC 9457 problems, and every response
  the rate-limit headers. openapi-core validates every received response against it.
- the *fuzzing* view: the documented view with the path parameters pinned to the product the
  suite may touch and the security requirements removed (the target client authenticates
  every request), so Schemathesis varies only what it may vary safely.
"""

from __future__ import annotations

import copy
import pathlib
from typing import Any

from ..documents import operations
from .target import ProductScope

CONTRACT_FILE = pathlib.Path("closient") / "dashboard-images.yaml"
PROBLEM_MEDIA_TYPE = "application/problem+json"

# Status → error_code, as listed under "Error Responses" in the contract's description.
DOCUMENTED_ERRORS: dict[int, str] = {
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
}
# The mock's answer to an image over its size limit: an error of the upload only.
UPLOAD_ONLY_ERRORS: dict[int, str] = {413: "payload_too_large"}
UPLOAD_OPERATION = "apps_dashboard_api_images_upload_image"
DELETE_OPERATION = "apps_dashboard_api_images_delete_image"

PROBLEM_DETAILS_SCHEMA: dict[str, Any] = {
    "title": "ProblemDetails",
    "description": "RFC 9457 problem with the contract's error_code, retryable and timestamp.",
    "type": "object",
    "required": ["type", "title", "status", "detail", "error_code", "retryable", "timestamp"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "error_code": {"type": "string", "minLength": 1},
        "retryable": {"type": "boolean"},
        "timestamp": {"type": "string", "format": "date-time"},
        "retry_after_seconds": {"type": "integer", "minimum": 0},
    },
}


# "Rate-limit headers are included on every response".
RATE_LIMIT_RESPONSE_HEADERS: dict[str, dict[str, Any]] = {
    name: {"required": True, "schema": schema}
    for name, schema in {
        "RateLimit-Policy": {"type": "string", "minLength": 1},
        "RateLimit-Limit": {"type": "integer", "minimum": 0},
        "RateLimit-Remaining": {"type": "integer", "minimum": 0},
        "RateLimit-Reset": {"type": "integer", "minimum": 0},
        "X-RateLimit-Limit": {"type": "integer", "minimum": 0},
        "X-RateLimit-Remaining": {"type": "integer", "minimum": 0},
        "X-RateLimit-Reset": {"type": "integer", "minimum": 0},
    }.items()
}


def documented_view(published: dict[str, Any]) -> dict[str, Any]:
    """The published document with the API-wide error conventions spelt out per operation."""
    document = copy.deepcopy(published)
    components = document.setdefault("components", {})
    components.setdefault("schemas", {})["ProblemDetails"] = PROBLEM_DETAILS_SCHEMA
    for _, _, operation in operations(document):
        errors = dict(DOCUMENTED_ERRORS)
        if operation.get("operationId") == UPLOAD_OPERATION:
            errors.update(UPLOAD_ONLY_ERRORS)
        responses = operation.setdefault("responses", {})
        for status, error_code in errors.items():
            responses.setdefault(str(status), _problem_response(error_code))
        for response in responses.values():
            response.setdefault("headers", {}).update(copy.deepcopy(RATE_LIMIT_RESPONSE_HEADERS))
    return document


def fuzzing_view(published: dict[str, Any], scope: ProductScope) -> dict[str, Any]:
    """The documented view, pinned to `scope`, without security requirements (the client
    authenticates every request), and with a created image's id linked to its deletion."""
    document = documented_view(published)
    document.pop("security", None)
    pinned = {"organization_id": scope.organization, "gtin": scope.gtin}
    for _, _, operation in operations(document):
        operation.pop("security", None)
        for parameter in operation.get("parameters", []):
            value = pinned.get(parameter.get("name", ""))
            if parameter.get("in") == "path" and value is not None:
                parameter["schema"] = {"type": "string", "enum": [value]}
    return _with_links(document)


def _with_links(document: dict[str, Any]) -> dict[str, Any]:
    """Link a created image's id to its deletion (the published contract declares no links),
    so Schemathesis chains upload → delete (→ delete again)."""
    for _, method, operation in operations(document):
        created = operation.get("responses", {}).get("201")
        if method == "post" and operation.get("operationId") == UPLOAD_OPERATION and created:
            created["links"] = {
                "DeleteCreatedImage": {
                    "operationId": DELETE_OPERATION,
                    "parameters": {"image_id": "$response.body#/id"},
                }
            }
    return document


def _problem_response(error_code: str) -> dict[str, Any]:
    return {
        "description": f"Problem details, error_code `{error_code}`.",
        "content": {
            PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}
        },
    }
