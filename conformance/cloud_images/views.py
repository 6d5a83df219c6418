"""The Cloud Images contract as the suite reads it.

The published document already declares, operation by operation, every status and the error
body of each (webob's `Error`, Keystone's `AuthError` for 401). What its prose adds is on
the client's side: errors are JSON for a client that sends `Accept: application/json`,
which the target policy does on every request. So the *documented* view is the document
as published.

The *fuzzing* view pins every image id to an image the run created for the purpose (one
per kind of operation, since a delete or an upload changes what the others can see) or to
an id it made up, drops the security requirements (the client sends the token), and links
a created image's id to the operations on it, for Schemathesis' linked mode.
"""

from __future__ import annotations

import copy
import pathlib
from dataclasses import dataclass
from typing import Any

from ..documents import HTTP_METHODS, operations

CONTRACT_FILE = pathlib.Path("cloud-images") / "openapi.yaml"
CREATE_OPERATION = "createImage"
LINKED_OPERATIONS = (
    "showImage",
    "updateImage",
    "deleteImage",
    "uploadImageData",
    "downloadImageData",
)


@dataclass(frozen=True)
class FuzzSubjects:
    """The run's own images the schema-driven layer works on, and an id naming nothing."""

    record: str
    """Shown and patched."""
    doomed: str
    """Deleted."""
    data: str
    """Given data, then downloaded."""
    unknown: str

    def for_operation(self, operation_id: str) -> list[str]:
        subject = {
            "deleteImage": self.doomed,
            "uploadImageData": self.data,
            "downloadImageData": self.data,
        }.get(operation_id, self.record)
        return [subject, self.unknown]


def documented_view(published: dict[str, Any]) -> dict[str, Any]:
    """The published document (see the module docstring: its prose adds nothing to it)."""
    return copy.deepcopy(published)


METADEF_PATHS = ("/metadefs/", "/schemas/metadefs/")
"""The metadata definitions API: every change it takes needs the admin role, so a run with
a project's token draws 403s from it and little else; it is left out of the schema-driven
layers, which cost a run's time by the operation (the reference run and the mock's tests
judge it)."""


def fuzzing_view(published: dict[str, Any], subjects: FuzzSubjects) -> dict[str, Any]:
    """The documented view without the metadata definitions API, every image id pinned to
    `subjects`, without security requirements, with links from a created image to the
    operations on it."""
    document = documented_view(published)
    document.pop("security", None)
    document["paths"] = {
        path: item
        for path, item in document.get("paths", {}).items()
        if not path.startswith(METADEF_PATHS)
    }
    for item in document.get("paths", {}).values():
        # The path-level `image_id` moves into each operation, pinned to that one's subject.
        shared = item.pop("parameters", [])
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            operation.pop("security", None)
            pinned = subjects.for_operation(str(operation.get("operationId")))
            operation["parameters"] = [
                _pinned(parameter, document, pinned) for parameter in shared
            ] + operation.get("parameters", [])
    return _with_links(document)


def _pinned(parameter: dict[str, Any], document: dict[str, Any], ids: list[str]) -> dict[str, Any]:
    resolved = copy.deepcopy(_resolve(parameter, document))
    if resolved.get("in") == "path" and resolved.get("name") == "image_id":
        resolved["schema"] = {"type": "string", "enum": ids}
    return resolved


def _resolve(node: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    reference = node.get("$ref")
    if not isinstance(reference, str):
        return node
    target: Any = document
    for part in reference.removeprefix("#/").split("/"):
        target = target[part]
    resolved: dict[str, Any] = target
    return resolved


def _with_links(document: dict[str, Any]) -> dict[str, Any]:
    """The published document declares no links; a created image's id leads to every
    operation on one image."""
    for _, _, operation in operations(document):
        created = operation.get("responses", {}).get("201")
        if operation.get("operationId") == CREATE_OPERATION and created:
            created["links"] = {
                f"{target[0].upper()}{target[1:]}": {
                    "operationId": target,
                    "parameters": {"image_id": "$response.body#/id"},
                }
                for target in LINKED_OPERATIONS
            }
    return document
