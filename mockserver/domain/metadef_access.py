"""Who sees and changes a namespace of metadata definitions, as Glance 33's default policy
has it, and the one place a namespace is read and changed in the store.

- A caller sees a namespace that is public, has no owner, or is its project's; the admin
  role sees every one. A namespace a caller does not see is not there for it.
- Only the admin role changes anything (creates, changes, deletes); a member of the owning
  project who sees the namespace is refused by the policy's name.
- Nothing is deleted from a protected namespace, nor the namespace itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from .image_records import Project
from .metadef_records import (
    PUBLIC,
    MetadefNotFound,
    MetadefPolicyRefused,
    MetadefProtected,
    Namespace,
    NamespaceHidden,
    ReadOnlyAttribute,
)
from .store import R, Store, Table

NAMESPACES: Table[Namespace] = Table("cloud_images.metadef_namespaces", Namespace)
READ_ONLY_ATTRIBUTES = ("self", "schema", "created_at", "updated_at")

NamespaceChange = Callable[[Namespace], tuple[Namespace | None, R]]


def sees(caller: Project, namespace: Namespace) -> bool:
    return (
        caller.admin
        or namespace.owner is None
        or namespace.visibility == PUBLIC
        or namespace.owner == caller.id
    )


def require_admin(caller: Project, action: str) -> None:
    if not caller.admin:
        raise MetadefPolicyRefused(action)


def refuse_read_only(values: Mapping[str, Any]) -> None:
    """A body may not name an attribute the server alone writes."""
    for attribute in READ_ONLY_ATTRIBUTES:
        if attribute in values:
            raise ReadOnlyAttribute(attribute)


def missing(name: str) -> MetadefNotFound:
    """A namespace that is not there, in the words of the namespace's own store."""
    return MetadefNotFound(f"Metadata definition namespace={name} was not found.")


def not_found(name: str) -> MetadefNotFound:
    """A namespace that is not there or not seen, in the words of most operations."""
    return MetadefNotFound(f"Namespace {name} not found")


def refuse_if_protected(namespace: Namespace, kind: str, name: str) -> None:
    if namespace.protected:
        raise MetadefProtected(kind, name)


class NamespaceAccess:
    """Namespaces as a caller reaches them in the store."""

    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock

    def shown(self, caller: Project, name: str) -> Namespace:
        """The namespace as its own show finds it: one not seen is hidden, not missing."""
        namespace = self.store.read(NAMESPACES, name)
        if namespace is None:
            raise missing(name)
        if not sees(caller, namespace):
            raise NamespaceHidden(name)
        return namespace

    def seen(self, caller: Project, name: str, *, missing_words: bool = False) -> Namespace:
        """The namespace, if the caller sees it (`missing_words`: a namespace that is not
        there in the store's words, as the object operations say it)."""
        namespace = self.store.read(NAMESPACES, name)
        if namespace is None:
            raise missing(name) if missing_words else not_found(name)
        if not sees(caller, namespace):
            raise not_found(name)
        return namespace

    def change(
        self,
        caller: Project,
        name: str,
        action: str,
        change: NamespaceChange[R],
        *,
        missing_words: bool = False,
    ) -> R:
        """Apply `change` to a namespace the caller sees, if its role may take `action`,
        atomically; the namespace's `updated_at` is left to the change."""
        self.seen(caller, name, missing_words=missing_words)
        require_admin(caller, action)

        def checked(namespace: Namespace | None) -> tuple[Namespace | None, R]:
            if namespace is None or not sees(caller, namespace):
                raise missing(name) if missing_words else not_found(name)
            return change(namespace)

        return self.store.change(NAMESPACES, name, checked)
