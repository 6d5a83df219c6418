"""The contract as the suite reads it: the published document plus the conventions its
`info.description` states in prose, applied in memory (the published file stays unedited).

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
from dataclasses import dataclass
from typing import Any

import yaml

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


@dataclass(frozen=True)
class ProductScope:
    """The one organization and product the suite may write to."""

    organization: str
    gtin: str


def default_spec_dir() -> pathlib.Path:
    """The `spec/` folder next to the package (a source checkout), else the one installed
    with the wheel, found on disk without importing the mock."""
    package_dir = pathlib.Path(__file__).resolve().parent
    candidates = [package_dir.parent / "spec", package_dir.parent / "mockserver" / "spec"]
    for candidate in candidates:
        if (candidate / CONTRACT_FILE).is_file():
            return candidate
    return candidates[0]


def load_published(spec_dir: pathlib.Path | None = None) -> dict[str, Any]:
    path = (spec_dir or default_spec_dir()) / CONTRACT_FILE
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation of the document."""
    methods = {"get", "put", "post", "delete", "patch", "head", "options"}
    return [
        (path, method, operation)
        for path, item in document.get("paths", {}).items()
        for method, operation in item.items()
        if method in methods
    ]


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
    """The documented view, pinned to `scope` and without security requirements."""
    document = documented_view(published)
    document.pop("security", None)
    pinned = {"organization_id": scope.organization, "gtin": scope.gtin}
    for _, _, operation in operations(document):
        operation.pop("security", None)
        for parameter in operation.get("parameters", []):
            value = pinned.get(parameter.get("name", ""))
            if parameter.get("in") == "path" and value is not None:
                parameter["schema"] = {"type": "string", "enum": [value]}
    return document


def _problem_response(error_code: str) -> dict[str, Any]:
    return {
        "description": f"Problem details, error_code `{error_code}`.",
        "content": {
            PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}
        },
    }
