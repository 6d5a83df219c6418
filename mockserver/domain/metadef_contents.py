"""What a namespace of metadata definitions holds: objects, properties, tags and its
associations with resource types, each created, changed and deleted within its namespace
(see `metadef_access` for who may). A resource type comes into being with its first
association and stays when the association goes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from .image_records import Project
from .metadef_access import NamespaceAccess, refuse_if_protected, refuse_read_only
from .metadef_records import (
    Association,
    MetadefDuplicate,
    MetadefNotFound,
    MetadefObject,
    MetadefProperty,
    MetadefTag,
    Namespace,
    ResourceType,
)
from .store import Store, Table

RESOURCE_TYPES: Table[ResourceType] = Table("cloud_images.metadef_resource_types", ResourceType)
PROPERTY_ATTRIBUTES = (
    "name",
    "type",
    "title",
    "description",
    "operators",
    "default",
    "readonly",
    "minimum",
    "maximum",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "confidential",
    "items",
    "uniqueItems",
    "minItems",
    "maxItems",
    "additionalItems",
)
"""The attributes of a property's schema that are kept; any other is dropped."""
Numbered = TypeVar("Numbered", MetadefObject, MetadefTag)


def property_schema(given: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in given.items() if k in PROPERTY_ATTRIBUTES and v is not None}


def newest_first(items: Iterable[Numbered]) -> list[Numbered]:
    return sorted(items, key=lambda item: item.number, reverse=True)


def new_object(
    namespace: Namespace, values: Mapping[str, Any], now: datetime
) -> tuple[Namespace, MetadefObject]:
    """The namespace with an object added from `values` (a name taken is refused)."""
    name = str(values["name"])
    if any(o.name == name for o in namespace.objects):
        raise MetadefDuplicate(
            f"A metadata definition object with name={name} already exists"
            f" in namespace={namespace.name}."
        )
    numbered, number = namespace.numbered()
    found = MetadefObject(name, None, (), {}, now, now, number)
    found = _object_values(found, values, now)
    return replace(numbered, objects=(*numbered.objects, found)), found


def _object_values(found: MetadefObject, values: Mapping[str, Any], now: datetime) -> MetadefObject:
    description = values.get("description")
    properties = values.get("properties") or {}
    return replace(
        found,
        name=str(values["name"]),
        description=None if description is None else str(description),
        required=tuple(str(name) for name in values.get("required") or ()),
        properties={str(k): property_schema(v) for k, v in properties.items()},
        updated_at=now,
    )


def new_property(
    namespace: Namespace, name: str, schema: Mapping[str, Any]
) -> tuple[Namespace, MetadefProperty]:
    if any(p.name == name for p in namespace.properties):
        raise MetadefDuplicate(
            f"A metadata definition property with name={name} already exists"
            f" in namespace={namespace.name}."
        )
    numbered, number = namespace.numbered()
    added = MetadefProperty(name, property_schema(schema), number)
    return replace(numbered, properties=(*numbered.properties, added)), added


def new_tags(namespace: Namespace, names: Sequence[str], now: datetime) -> Namespace:
    for name in names:
        if any(t.name == name for t in namespace.tags):
            raise MetadefDuplicate(
                f"A metadata tag with name={name} already exists in namespace={namespace.name}."
                " (Please note that metadata tag names are case insensitive)."
            )
        namespace, number = namespace.numbered()
        namespace = replace(namespace, tags=(*namespace.tags, MetadefTag(name, now, now, number)))
    return namespace


def new_association(
    namespace: Namespace, values: Mapping[str, Any], now: datetime
) -> tuple[Namespace, Association]:
    name = str(values["name"])
    if any(a.resource_type == name for a in namespace.associations):
        raise MetadefDuplicate(
            "The metadata definition resource-type association of"
            f" resource-type={name} to namespace={namespace.name} already exists."
        )
    numbered, number = namespace.numbered()
    prefix, target = values.get("prefix"), values.get("properties_target")
    association = Association(
        name,
        None if prefix is None else str(prefix),
        None if target is None else str(target),
        now,
        now,
        number,
    )
    return replace(numbered, associations=(*numbered.associations, association)), association


def find_object(namespace: Namespace, name: str) -> MetadefObject:
    for found in namespace.objects:
        if found.name == name:
            return found
    raise MetadefNotFound(f"Could not find metadata object {name}")


def find_property(namespace: Namespace, name: str) -> MetadefProperty:
    for found in namespace.properties:
        if found.name == name:
            return found
    raise MetadefNotFound(f"Could not find property {name}")


def find_tag(namespace: Namespace, name: str) -> MetadefTag:
    for found in namespace.tags:
        if found.name == name:
            return found
    raise MetadefNotFound(f"Could not find metadata tag {name}")


class ResourceTypes:
    """The resource types every association names, kept apart from the namespaces."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def all(self) -> list[ResourceType]:
        return sorted(self._store.values(RESOURCE_TYPES), key=lambda kind: kind.number)

    def ensure(self, names: Iterable[str], now: datetime) -> None:
        """Each named resource type, created where it is not yet there."""
        for name in names:
            if self._store.read(RESOURCE_TYPES, name) is None:
                self._create(name, now)

    def _create(self, name: str, now: datetime) -> None:
        created = ResourceType(name, now, now, self._store.next_number(RESOURCE_TYPES.name))

        def create(kind: ResourceType | None) -> tuple[ResourceType, None]:
            return kind or created, None

        self._store.change(RESOURCE_TYPES, name, create)


class NamespaceContents:
    """The operations on what namespaces hold, for a caller."""

    def __init__(self, access: NamespaceAccess, resource_types: ResourceTypes) -> None:
        self._access = access
        self._resource_types = resource_types

    # --- objects

    def objects(self, caller: Project, namespace: str) -> list[MetadefObject]:
        return newest_first(self._access.seen(caller, namespace, missing_words=True).objects)

    def object(self, caller: Project, namespace: str, name: str) -> MetadefObject:
        return find_object(self._access.seen(caller, namespace, missing_words=True), name)

    def create_object(
        self, caller: Project, namespace: str, values: Mapping[str, Any]
    ) -> MetadefObject:
        refuse_read_only(values)
        now = self._access.clock()
        return self._access.change(
            caller,
            namespace,
            "add_metadef_object",
            lambda found: new_object(found, values, now),
            missing_words=True,
        )

    def update_object(
        self, caller: Project, namespace: str, name: str, values: Mapping[str, Any]
    ) -> MetadefObject:
        refuse_read_only(values)
        now = self._access.clock()

        def update(found: Namespace) -> tuple[Namespace, MetadefObject]:
            old = find_object(found, name)
            renamed = str(values["name"])
            if renamed != name and any(o.name == renamed for o in found.objects):
                raise MetadefDuplicate(
                    f"A metadata definition object with name={renamed} already exists"
                    f" in namespace={found.name}."
                )
            new = _object_values(old, values, now)
            objects = tuple(new if o is old else o for o in found.objects)
            return replace(found, objects=objects), new

        return self._access.change(
            caller, namespace, "modify_metadef_object", update, missing_words=True
        )

    def delete_object(self, caller: Project, namespace: str, name: str) -> None:
        def delete(found: Namespace) -> tuple[Namespace, None]:
            old = find_object(found, name)
            refuse_if_protected(found, "object", name)
            return replace(found, objects=tuple(o for o in found.objects if o is not old)), None

        self._access.change(caller, namespace, "delete_metadef_object", delete, missing_words=True)

    # --- properties

    def properties(self, caller: Project, namespace: str) -> tuple[MetadefProperty, ...]:
        return self._access.seen(caller, namespace).properties

    def property(self, caller: Project, namespace: str, name: str) -> MetadefProperty:
        return find_property(self._access.seen(caller, namespace), name)

    def create_property(
        self, caller: Project, namespace: str, schema: Mapping[str, Any]
    ) -> MetadefProperty:
        refuse_read_only(schema)
        name = str(schema["name"])
        return self._access.change(
            caller,
            namespace,
            "add_metadef_property",
            lambda found: new_property(found, name, schema),
        )

    def update_property(
        self, caller: Project, namespace: str, name: str, schema: Mapping[str, Any]
    ) -> MetadefProperty:
        refuse_read_only(schema)
        renamed = str(schema["name"])

        def update(found: Namespace) -> tuple[Namespace, MetadefProperty]:
            old = find_property(found, name)
            if renamed != name and any(p.name == renamed for p in found.properties):
                raise MetadefDuplicate(
                    f"A metadata definition property with name={renamed} already exists"
                    f" in namespace={found.name}."
                )
            new = MetadefProperty(renamed, property_schema(schema), old.number)
            properties = tuple(new if p is old else p for p in found.properties)
            return replace(found, properties=properties), new

        return self._access.change(caller, namespace, "modify_metadef_property", update)

    def delete_property(self, caller: Project, namespace: str, name: str) -> None:
        def delete(found: Namespace) -> tuple[Namespace, None]:
            old = find_property(found, name)
            refuse_if_protected(found, "property", name)
            kept = tuple(p for p in found.properties if p is not old)
            return replace(found, properties=kept), None

        self._access.change(caller, namespace, "remove_metadef_property", delete)

    # --- tags

    def tags(self, caller: Project, namespace: str) -> list[MetadefTag]:
        return newest_first(self._access.seen(caller, namespace).tags)

    def tag(self, caller: Project, namespace: str, name: str) -> MetadefTag:
        return find_tag(self._access.seen(caller, namespace), name)

    def create_tag(self, caller: Project, namespace: str, name: str) -> MetadefTag:
        now = self._access.clock()

        def create(found: Namespace) -> tuple[Namespace, MetadefTag]:
            added = new_tags(found, [name], now)
            return added, added.tags[-1]

        return self._access.change(caller, namespace, "add_metadef_tag", create)

    def create_tags(
        self, caller: Project, namespace: str, names: Sequence[str], *, append: bool
    ) -> list[MetadefTag]:
        """Several tags at once, in place of the namespace's tags unless `append`."""
        now = self._access.clock()

        def create(found: Namespace) -> tuple[Namespace, list[MetadefTag]]:
            if not names:
                return found, []
            start = found if append else replace(found, tags=())
            added = new_tags(start, names, now)
            return added, list(added.tags[len(added.tags) - len(names) :])

        return self._access.change(caller, namespace, "add_metadef_tags", create)

    def rename_tag(self, caller: Project, namespace: str, name: str, new_name: str) -> MetadefTag:
        now = self._access.clock()

        def rename(found: Namespace) -> tuple[Namespace, MetadefTag]:
            old = find_tag(found, name)
            others = replace(found, tags=tuple(t for t in found.tags if t is not old))
            new_tags(others, [new_name], now)  # refuses a name another tag has
            new = replace(old, name=new_name, updated_at=now)
            return replace(found, tags=tuple(new if t is old else t for t in found.tags)), new

        return self._access.change(caller, namespace, "modify_metadef_tag", rename)

    def delete_tag(self, caller: Project, namespace: str, name: str) -> None:
        def delete(found: Namespace) -> tuple[Namespace, None]:
            old = find_tag(found, name)
            refuse_if_protected(found, "tag", name)
            return replace(found, tags=tuple(t for t in found.tags if t is not old)), None

        self._access.change(caller, namespace, "delete_metadef_tag", delete)

    # --- resource type associations

    def associations(self, caller: Project, namespace: str) -> tuple[Association, ...]:
        return self._access.seen(caller, namespace).associations

    def associate(self, caller: Project, namespace: str, values: Mapping[str, Any]) -> Association:
        refuse_read_only(values)
        now = self._access.clock()
        association = self._access.change(
            caller,
            namespace,
            "add_metadef_resource_type_association",
            lambda found: new_association(found, values, now),
        )
        self._resource_types.ensure([association.resource_type], now)
        return association

    def dissociate(self, caller: Project, namespace: str, resource_type: str) -> None:
        def delete(found: Namespace) -> tuple[Namespace, None]:
            kept = tuple(a for a in found.associations if a.resource_type != resource_type)
            if len(kept) == len(found.associations):
                raise MetadefNotFound(f"Failed to find resource type {resource_type} to delete")
            refuse_if_protected(found, "resource-type-association", resource_type)
            return replace(found, associations=kept), None

        self._access.change(caller, namespace, "remove_metadef_resource_type_association", delete)
