"""The metadata definitions documents Cloud Images answers with, as Glance 33 writes them:
an attribute without a value is left out, and a write answers with what its body gave."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any

from ...contract_documents import contract_path
from ...domain.metadef_contents import property_schema
from ...domain.metadef_records import (
    Association,
    MetadefObject,
    MetadefProperty,
    MetadefTag,
    Namespace,
    ResourceType,
)
from .documents import API_ROOT, CONTRACT_DOCUMENT, timestamp

NAMESPACES = f"{API_ROOT}/metadefs/namespaces"
NAMESPACE_SCHEMA = f"{API_ROOT}/schemas/metadefs/namespace"
NAMESPACES_SCHEMA = f"{API_ROOT}/schemas/metadefs/namespaces"
OBJECT_SCHEMA = f"{API_ROOT}/schemas/metadefs/object"
# Glance writes the objects' list schema without its leading slash.
OBJECTS_SCHEMA = "v2/schemas/metadefs/objects"
SCHEMA_NAMES = (
    "namespace",
    "namespaces",
    "object",
    "objects",
    "property",
    "properties",
    "tag",
    "tags",
    "resource_type",
    "resource_types",
)


@functools.cache
def metadef_schema(name: str) -> Any:
    """One of the metadefs JSON schemas Glance 33 serves, as it serves it."""
    path = contract_path(CONTRACT_DOCUMENT).parent / "schemas" / "metadefs" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def namespace_link(name: str) -> str:
    return f"{NAMESPACES}/{name}"


def _present(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    return {name: value for name, value in pairs if value is not None}


def _links(namespace: Namespace, rendered: dict[str, Any]) -> dict[str, Any]:
    return {**rendered, "self": namespace_link(namespace.name), "schema": NAMESPACE_SCHEMA}


def render_namespace_attributes(namespace: Namespace) -> dict[str, Any]:
    """The namespace's own attributes, as its update answers."""
    return _links(namespace, _attributes(namespace))


def _attributes(namespace: Namespace) -> dict[str, Any]:
    return _present(
        (
            ("namespace", namespace.name),
            ("display_name", namespace.display_name),
            ("description", namespace.description),
            ("visibility", namespace.visibility),
            ("protected", namespace.protected),
            ("owner", namespace.owner),
            ("created_at", timestamp(namespace.created_at)),
            ("updated_at", timestamp(namespace.updated_at)),
        )
    )


def render_listed_namespace(namespace: Namespace) -> dict[str, Any]:
    """A namespace in a listing: its attributes and associations."""
    rendered = _attributes(namespace)
    if namespace.associations:
        rendered["resource_type_associations"] = [
            render_association(a) for a in namespace.associations
        ]
    return _links(namespace, rendered)


def render_namespace(namespace: Namespace, prefix: str = "") -> dict[str, Any]:
    """A namespace with everything in it, its property names after `prefix`."""
    rendered = _attributes(namespace)
    if namespace.associations:
        rendered["resource_type_associations"] = [
            render_association(a) for a in namespace.associations
        ]
    if namespace.properties:
        rendered["properties"] = {prefix + p.name: dict(p.schema) for p in namespace.properties}
    objects = sorted(namespace.objects, key=lambda o: o.number, reverse=True)
    if objects:
        rendered["objects"] = [render_object(namespace.name, o, prefix) for o in objects]
    tags = sorted(namespace.tags, key=lambda t: t.number, reverse=True)
    if tags:
        rendered["tags"] = [{"name": t.name} for t in tags]
    return _links(namespace, rendered)


def render_created_namespace(namespace: Namespace, body: Mapping[str, Any]) -> dict[str, Any]:
    """A new namespace, its definitions as the create body gave them."""
    rendered = _attributes(namespace)
    given = {
        "resource_type_associations": [
            _present((k, a.get(k)) for k in ("name", "prefix", "properties_target"))
            for a in body.get("resource_type_associations") or ()
        ],
        "properties": {
            name: property_schema(schema) for name, schema in (body.get("properties") or {}).items()
        },
        "objects": [_given_object(o) for o in body.get("objects") or ()],
        "tags": [{"name": t["name"]} for t in body.get("tags") or ()],
    }
    rendered.update({name: value for name, value in given.items() if value})
    return _links(namespace, rendered)


def _given_object(given: Mapping[str, Any]) -> dict[str, Any]:
    return _present(
        (
            ("name", given.get("name")),
            ("required", given.get("required")),
            ("description", given.get("description")),
            ("properties", _schemas(given.get("properties"))),
        )
    )


def _schemas(given: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if given is None:
        return None
    return {name: property_schema(schema) for name, schema in given.items()}


def render_object(namespace: str, found: MetadefObject, prefix: str = "") -> dict[str, Any]:
    return {
        "name": found.name,
        "required": [prefix + name for name in found.required],
        **_present([("description", found.description)]),
        "properties": {prefix + name: dict(s) for name, s in found.properties.items()},
        "created_at": timestamp(found.created_at),
        "updated_at": timestamp(found.updated_at),
        "self": f"{namespace_link(namespace)}/objects/{found.name}",
        "schema": OBJECT_SCHEMA,
    }


def render_written_object(
    namespace: str, found: MetadefObject, body: Mapping[str, Any]
) -> dict[str, Any]:
    """An object as a create or update answers: what the body gave, and the server's own."""
    rendered = render_object(namespace, found)
    return {
        name: value
        for name, value in rendered.items()
        if name not in ("required", "description", "properties") or body.get(name) is not None
    }


def render_property(found: MetadefProperty) -> dict[str, Any]:
    return {**found.schema, "name": found.name}


def render_tag(tag: MetadefTag) -> dict[str, Any]:
    return {
        "name": tag.name,
        "created_at": timestamp(tag.created_at),
        "updated_at": timestamp(tag.updated_at),
    }


def render_association(association: Association) -> dict[str, Any]:
    return _present(
        (
            ("name", association.resource_type),
            ("prefix", association.prefix),
            ("properties_target", association.properties_target),
            ("created_at", timestamp(association.created_at)),
            ("updated_at", timestamp(association.updated_at)),
        )
    )


def render_resource_type(kind: ResourceType) -> dict[str, Any]:
    return {
        "name": kind.name,
        "created_at": timestamp(kind.created_at),
        "updated_at": timestamp(kind.updated_at),
    }
