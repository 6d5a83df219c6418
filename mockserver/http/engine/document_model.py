"""The operations of a contract's document, its references resolved, as the engine reads them.

References are resolved as the documents were written to be read (Connexion's reading):
a `$ref` is replaced by what it names, keys written beside it kept unless the target has
them too. An operation's parameters are its own followed by its path's, in document order
(the order in which their checks run, so the first failure reported is the same).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from .binding_rules import media_type_entry

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def base_path(document: Mapping[str, Any]) -> str:
    """The path the document's paths are mounted under: its first server's, as Connexion
    reads it ("" at the root)."""
    servers = document.get("servers") or [{"url": "/"}]
    return str(urlparse(str(servers[0].get("url", "/"))).path).rstrip("/")


def resolved(document: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `document` with every local `$ref` replaced by what it names."""
    spec = _copied(dict(document), {})
    spec.setdefault("components", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict) and "$ref" in node:
            target = _pointed(spec, node["$ref"])
            node.update(target)
            if isinstance(target, Mapping) and "$ref" in target:
                node = resolve(node)
            node.pop("$ref", None)
            return node
        if isinstance(node, dict):
            for key, value in node.items():
                node[key] = resolve(value)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                node[index] = resolve(value)
        return node

    resolved_spec: dict[str, Any] = resolve(spec)
    return resolved_spec


def _copied(node: Any, copies: dict[int, Any]) -> Any:
    """A deep copy of plain data (mappings, lists and scalars, as YAML or JSON gives them),
    an object met twice copied once, as `copy.deepcopy` does it, at half its cost."""
    if isinstance(node, dict):
        copy = copies.get(id(node))
        if copy is None:
            copy = copies[id(node)] = {}
            for key, value in node.items():
                copy[key] = _copied(value, copies)
        return copy
    if isinstance(node, list):
        copy = copies.get(id(node))
        if copy is None:
            copy = copies[id(node)] = []
            copy.extend(_copied(value, copies) for value in node)
        return copy
    return node


def _pointed(spec: Mapping[str, Any], reference: str) -> Any:
    if not reference.startswith("#/"):
        raise ValueError(f"only references within the document are read: {reference}")
    node: Any = spec
    for part in reference[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


@dataclass(frozen=True)
class Operation:
    method: str
    """Lower case, as the document spells it."""
    path: str
    operation_id: str
    parameters: list[dict[str, Any]]
    request_body: dict[str, Any]
    responses: dict[str, Any]

    @property
    def consumes(self) -> list[str]:
        """The media types of the request body, in document order."""
        return list(self.request_body.get("content", {}))

    def body_definition(self, media_type: str | None = None) -> dict[str, Any]:
        """The request body's definition for `media_type` (the first when None)."""
        if not self.request_body:
            return {}
        if media_type is None:
            media_type = self.consumes[0]
        found = media_type_entry(self.request_body.get("content", {}), media_type)
        return found if isinstance(found, dict) else {}

    def body_schema(self, media_type: str | None = None) -> dict[str, Any]:
        schema: dict[str, Any] = self.body_definition(media_type).get("schema", {})
        return schema

    @property
    def body_name(self) -> str:
        """The handler's argument for the body (`x-body-name`, `body` by default)."""
        return str(self.request_body.get("x-body-name", "body"))

    @property
    def produces(self) -> list[str]:
        """Every media type of every response, in document order."""
        return [media for answer in self.responses.values() for media in answer.get("content", {})]


class DocumentModel:
    """A contract's document, resolved, with its operations in document order."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.spec = resolved(document)

    @property
    def base_path(self) -> str:
        return base_path(self.spec)

    def operations(self) -> Iterator[Operation]:
        for path, item in self.spec.get("paths", {}).items():
            path_parameters = item.get("parameters", [])
            for method, operation in item.items():
                if method not in METHODS:
                    continue
                yield Operation(
                    method=method,
                    path=path,
                    operation_id=str(operation.get("operationId", "")),
                    parameters=[*operation.get("parameters", []), *path_parameters],
                    request_body=operation.get("requestBody", {}),
                    responses=operation.get("responses", {}),
                )
