"""The older task API's tasks (`POST /v2/tasks`), as Glance 33 reads them: a `type` and an
`input`, and for an `import` task a URL to take the data from (`input.import_from`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .import_errors import InvalidTaskRequest

TASK_TYPES = ("import", "api_image_import", "location_import")
SCHEMA_REFUSAL = "Provided object does not match schema 'task': "


@dataclass(frozen=True)
class LegacyTaskRequest:
    type: str
    input: Mapping[str, Any]


def read_legacy_task(body: Any) -> LegacyTaskRequest:
    """The task asked for, or Glance's refusal of its body."""
    if body is None:
        raise InvalidTaskRequest("Body expected in request.")
    if not isinstance(body, dict):
        raise InvalidTaskRequest(SCHEMA_REFUSAL + f"{body!r} is not of type 'object'")
    for name in ("type", "input"):
        if name not in body:
            raise InvalidTaskRequest(f"Task '{name}' is required")
    task_type, task_input = body["type"], body["input"]
    if task_type not in TASK_TYPES:
        raise InvalidTaskRequest(SCHEMA_REFUSAL + f"{task_type!r} is not one of {list(TASK_TYPES)}")
    if task_input is not None and not isinstance(task_input, dict):
        raise InvalidTaskRequest(SCHEMA_REFUSAL + f"{task_input!r} is not of type 'null', 'object'")
    return LegacyTaskRequest(task_type, task_input or {})


def import_location(task: LegacyTaskRequest) -> str:
    """The `import_from` URL of an `import` task, refused as Glance refuses it unless it is
    an http or https URL (the URL filters are checked apart, as they resolve its host)."""
    location = task.input.get("import_from")
    if not location:
        raise InvalidTaskRequest(f"Invalid location: {location}")
    location = str(location)
    if location.startswith(("http://", "https://")):
        return location
    if location.startswith(("file:///", "filesystem:///")):
        raise InvalidTaskRequest(
            "File based imports are not allowed. Please use a non-local source of image data."
        )
    raise InvalidTaskRequest(
        "The given uri is not valid. Please specify a valid uri from the following list of "
        "supported uri ['http']"
    )


def filtered_out(location: str) -> InvalidTaskRequest:
    return InvalidTaskRequest(f"URI for legacy import task does not pass filtering: {location}")
