"""A catalog of metadata definitions (Glance's "metadefs"): namespaces of definitions that
describe the properties a resource (an image, a flavor, a volume) may carry, the resource
types they apply to, and who may see and change them (`metadef_access`). Its state is a
value per namespace, holding everything in it, and a value per resource type, in the
mock's store: each change of a namespace is one atomic change of its value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from .image_records import Project
from .metadef_access import (
    NAMESPACES,
    NamespaceAccess,
    missing,
    refuse_if_protected,
    refuse_read_only,
    require_admin,
    sees,
)
from .metadef_contents import (
    NamespaceContents,
    ResourceTypes,
    new_association,
    new_object,
    new_property,
    new_tags,
)
from .metadef_records import (
    PRIVATE,
    MetadefDuplicate,
    Namespace,
    NamespaceNotVisible,
    ResourceType,
)
from .store import Store

OPERATOR = "admin"
"""The owner of the definitions a deployment loads (Glance's loader names no project)."""
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 1000
SORT_KEYS = (
    "namespace",
    "display_name",
    "description",
    "visibility",
    "protected",
    "owner",
    "created_at",
    "updated_at",
)


@dataclass(frozen=True)
class NamespaceQuery:
    visibility: str | None = None
    resource_types: tuple[str, ...] | None = None
    """Only namespaces associated with one of these (None: any namespace)."""
    sort_key: str = "created_at"
    descending: bool = True
    limit: int = DEFAULT_PAGE_SIZE
    marker: str | None = None


@dataclass(frozen=True)
class NamespacePage:
    namespaces: tuple[Namespace, ...]
    has_more: bool


class MetadefCatalog:
    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self._store = store
        self._access = NamespaceAccess(store, clock)
        self._resource_types = ResourceTypes(store)
        self.contents = NamespaceContents(self._access, self._resource_types)
        """The objects, properties, tags and associations of each namespace."""

    def resource_types(self) -> list[ResourceType]:
        return self._resource_types.all()

    def list(self, caller: Project, query: NamespaceQuery) -> NamespacePage:
        marker = None if query.marker is None else self._marker(caller, query.marker)
        matching = {
            namespace.name: namespace
            for namespace in self._store.values(NAMESPACES)
            if sees(caller, namespace) and _matches(namespace, query)
        }
        # A marker the filters leave out still has its place in the order.
        placed = {**matching, **({marker.name: marker} if marker is not None else {})}
        in_order = sorted(placed.values(), key=_order_key(query.sort_key), reverse=query.descending)
        if marker is not None:
            after = [n.name for n in in_order].index(marker.name) + 1
            in_order = [n for n in in_order[after:] if n.name in matching]
        limit = min(query.limit, MAX_PAGE_SIZE)
        page = tuple(in_order[:limit])
        return NamespacePage(page, has_more=0 < len(page) == limit)

    def _marker(self, caller: Project, name: str) -> Namespace:
        namespace = self._store.read(NAMESPACES, name)
        if namespace is None:
            raise missing(name)
        if not sees(caller, namespace):
            raise NamespaceNotVisible(name)
        return namespace

    def show(self, caller: Project, name: str) -> Namespace:
        return self._access.shown(caller, name)

    def load(self, definitions: Iterable[Mapping[str, Any]]) -> None:
        """Definitions loaded as a deployment's operator loads them (`glance-manage
        db_load_metadefs`): owned by `admin` unless one names its owner; a namespace that is
        there already is left as it is."""
        operator = Project(OPERATOR, admin=True)
        for definition in definitions:
            if self._store.read(NAMESPACES, str(definition["namespace"])) is None:
                self.create(operator, {"owner": OPERATOR, **definition})

    def create(self, caller: Project, values: Mapping[str, Any]) -> Namespace:
        """A namespace and every definition the body gives for it, or nothing."""
        require_admin(caller, "add_metadef_namespace")
        refuse_read_only(values)
        name = str(values["namespace"])
        now = self._access.clock()
        created = _with_contents(
            Namespace(
                name,
                _text(values.get("display_name")),
                _text(values.get("description")),
                str(values.get("visibility") or PRIVATE),
                bool(values.get("protected") or False),
                _text(values.get("owner", caller.id)),
                now,
                now,
                self._store.next_number(NAMESPACES.name),
            ),
            values,
            now,
        )

        def take_name(taken: Namespace | None) -> tuple[Namespace, Namespace]:
            if taken is not None:
                raise MetadefDuplicate(f"The metadata definition namespace={name} already exists.")
            return created, created

        namespace = self._store.change(NAMESPACES, name, take_name)
        self._resource_types.ensure((a.resource_type for a in namespace.associations), now)
        return namespace

    def update(self, caller: Project, name: str, values: Mapping[str, Any]) -> Namespace:
        """The namespace's own attributes replaced (those the body leaves out go back to
        their defaults, the owner to the caller's project); a new name moves everything in
        it."""
        refuse_read_only(values)
        renamed = str(values["namespace"])
        now = self._access.clock()

        def update(found: Namespace) -> tuple[Namespace, Namespace]:
            updated = replace(
                found,
                name=renamed,
                display_name=_text(values.get("display_name")),
                description=_text(values.get("description")),
                visibility=str(values.get("visibility") or PRIVATE),
                protected=bool(values.get("protected") or False),
                owner=str(values.get("owner") or caller.id),
                updated_at=now,
            )
            return updated, updated

        if renamed == name:
            return self._access.change(caller, name, "modify_metadef_namespace", update)
        return self._rename(caller, name, renamed, update)

    def _rename(
        self,
        caller: Project,
        name: str,
        renamed: str,
        update: Callable[[Namespace], tuple[Namespace, Namespace]],
    ) -> Namespace:
        found = self._access.seen(caller, name)
        require_admin(caller, "modify_metadef_namespace")
        moved, _ = update(found)

        def take_name(taken: Namespace | None) -> tuple[Namespace, Namespace]:
            if taken is not None:
                raise MetadefDuplicate(
                    "Invalid update. It would result in a duplicate metadata definition"
                    f" namespace with the same name of {renamed}"
                )
            return moved, moved

        self._store.change(NAMESPACES, renamed, take_name)
        self._store.change(NAMESPACES, name, lambda _: (None, None))
        return moved

    def delete(self, caller: Project, name: str) -> None:
        def delete(found: Namespace) -> tuple[None, None]:
            refuse_if_protected(found, "namespace", name)
            return None, None

        self._access.change(caller, name, "delete_metadef_namespace", delete)

    def delete_objects(self, caller: Project, name: str) -> None:
        self._empty(caller, name, lambda found: replace(found, objects=()))

    def delete_properties(self, caller: Project, name: str) -> None:
        self._empty(caller, name, lambda found: replace(found, properties=()))

    def delete_tags(self, caller: Project, name: str) -> None:
        self._empty(caller, name, lambda found: replace(found, tags=()))

    def _empty(self, caller: Project, name: str, emptied: Callable[[Namespace], Namespace]) -> None:
        """Every definition of one kind gone from a namespace that is not protected (Glance
        asks the namespace's own deletion policy)."""

        def empty(found: Namespace) -> tuple[Namespace, None]:
            refuse_if_protected(found, "namespace", name)
            return emptied(found), None

        self._access.change(caller, name, "delete_metadef_namespace", empty)


def _with_contents(namespace: Namespace, values: Mapping[str, Any], now: datetime) -> Namespace:
    """A new namespace with the definitions its create body gives."""
    for association in values.get("resource_type_associations") or ():
        namespace, _ = new_association(namespace, association, now)
    for given in values.get("objects") or ():
        namespace, _ = new_object(namespace, given, now)
    namespace = new_tags(namespace, [str(tag["name"]) for tag in values.get("tags") or ()], now)
    for name, schema in (values.get("properties") or {}).items():
        namespace, _ = new_property(namespace, str(name), schema)
    return namespace


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _matches(namespace: Namespace, query: NamespaceQuery) -> bool:
    if query.visibility is not None and namespace.visibility != query.visibility:
        return False
    if query.resource_types is None:
        return True
    return any(a.resource_type in query.resource_types for a in namespace.associations)


def _order_key(sort_key: str) -> Callable[[Namespace], tuple[Any, ...]]:
    """The listing's order: the key (a missing value first, as SQL sorts a NULL), then the
    creation time and number."""
    attribute = "name" if sort_key == "namespace" else sort_key

    def key(namespace: Namespace) -> tuple[Any, ...]:
        value = getattr(namespace, attribute)
        return (value is not None, value if value is not None else 0), (
            namespace.created_at,
            namespace.number,
        )

    return key
