"""The values of a catalog of metadata definitions (Glance's "metadefs"): namespaces, and in
each its objects, properties, tags and resource type associations; the resource types the
associations name; and the refusals of the catalog. Immutable: a change is a new value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from .errors import DomainError

PUBLIC = "public"
PRIVATE = "private"


@dataclass(frozen=True)
class MetadefObject:
    name: str
    description: str | None
    required: tuple[str, ...]
    properties: Mapping[str, Mapping[str, Any]]
    """Each property's schema, by name."""
    created_at: datetime
    updated_at: datetime
    number: int
    """Its place in the order of creation within its namespace."""


@dataclass(frozen=True)
class MetadefProperty:
    name: str
    schema: Mapping[str, Any]
    """The property's schema, as it was given."""
    number: int


@dataclass(frozen=True)
class MetadefTag:
    name: str
    created_at: datetime
    updated_at: datetime
    number: int


@dataclass(frozen=True)
class Association:
    """A namespace's association with a resource type: its properties apply there, under
    the prefix."""

    resource_type: str
    prefix: str | None
    properties_target: str | None
    created_at: datetime
    updated_at: datetime
    number: int


@dataclass(frozen=True)
class ResourceType:
    name: str
    created_at: datetime
    updated_at: datetime
    number: int


@dataclass(frozen=True)
class Namespace:
    name: str
    display_name: str | None
    description: str | None
    visibility: str
    protected: bool
    owner: str | None
    created_at: datetime
    updated_at: datetime
    number: int
    """Its place in the order of creation: the last key of every listing's order."""
    objects: tuple[MetadefObject, ...] = ()
    properties: tuple[MetadefProperty, ...] = ()
    tags: tuple[MetadefTag, ...] = ()
    associations: tuple[Association, ...] = ()
    last_number: int = 0
    """The last number given to one of its definitions."""

    def numbered(self) -> tuple[Namespace, int]:
        """The namespace with its next definition number taken, and that number."""
        number = self.last_number + 1
        return replace(self, last_number=number), number


@dataclass
class MetadefNotFound(DomainError):
    """A namespace, or a definition in one, that is not there (or not for this caller)."""

    words: str

    def __str__(self) -> str:
        return self.words


@dataclass
class NamespaceHidden(DomainError):
    """A namespace shown to a caller who may not see it: found nowhere, in no words."""

    namespace: str

    def __str__(self) -> str:
        return f"Namespace {self.namespace} is not visible."


@dataclass
class NamespaceNotVisible(DomainError):
    """A listing's marker naming a namespace the caller does not see: refused, not hidden
    (Glance's database layer words it so, and its listing answers 403)."""

    namespace: str

    def __str__(self) -> str:
        return f"Forbidding request, metadata definition namespace={self.namespace} is not visible."


@dataclass
class MetadefPolicyRefused(DomainError):
    """A change the caller's role may not make (every change needs the admin role)."""

    action: str

    def __str__(self) -> str:
        return f"You are not authorized to complete {self.action} action."


@dataclass
class MetadefProtected(DomainError):
    """A deletion in a protected namespace."""

    kind: str
    name: str

    def __str__(self) -> str:
        return f"Metadata definition {self.kind} {self.name} is protected and cannot be deleted."


@dataclass
class MetadefDuplicate(DomainError):
    words: str

    def __str__(self) -> str:
        return self.words


@dataclass
class ReadOnlyAttribute(DomainError):
    """A body naming an attribute the server alone writes (`self`, `created_at`, ...)."""

    attribute: str

    def __str__(self) -> str:
        return f"Attribute '{self.attribute}' is read-only."
