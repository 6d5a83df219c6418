"""A registry of image records owned by projects: the model behind the Cloud Images contract.

- A record is created `queued`, without data. Storing its data (once; both formats must be
  set first) makes it `active` with its size and checksums. A second upload is refused.
- A `protected` record cannot be deleted until the flag is cleared.
- A project sees its own records and the `public` ones (`community` ones only when it
  asks for them); a record it cannot see does not exist for it. Only the owner changes,
  uploads to or deletes a record.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from .errors import UnknownCredential
from .image_properties import DEFAULT_PROPERTIES, Properties
from .registry_errors import (
    FormatsNotSet,
    ImageIdTaken,
    ImageProtected,
    NotTheOwner,
    RecordNotFound,
    StatusConflict,
    UnknownMarker,
)
from .sources import Sources

QUEUED = "queued"
ACTIVE = "active"
HASH_ALGORITHM = "sha512"
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 1000
LISTED_BY_DEFAULT = ("public", "shared", "private")


@dataclass(frozen=True)
class Project:
    """A tenant of the registry, and the token that acts for it."""

    id: str
    name: str = ""
    tokens: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegistrySeed:
    projects: tuple[Project, ...] = ()


@dataclass(frozen=True)
class ImageData:
    content: bytes
    checksum: str
    hash_value: str

    @classmethod
    def of(cls, content: bytes) -> ImageData:
        return cls(
            content,
            hashlib.md5(content, usedforsecurity=False).hexdigest(),
            hashlib.new(HASH_ALGORITHM, content).hexdigest(),
        )


@dataclass(frozen=True)
class ImageRecord:
    id: uuid.UUID
    owner: str
    status: str
    properties: Properties
    created_at: datetime
    updated_at: datetime
    data: ImageData | None = None

    def __getitem__(self, name: str) -> Any:
        """A base property's value."""
        return self.properties.base[name]

    @property
    def protected(self) -> bool:
        return bool(self["protected"])


@dataclass(frozen=True)
class ImageQuery:
    """Filters, order and page of a listing. A filter left None does not filter."""

    names: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None
    visibility: str | None = None
    protected: bool | None = None
    owner: str | None = None
    tags: tuple[str, ...] = ()
    os_hidden: bool = False
    sort_key: str = "created_at"
    descending: bool = True
    limit: int = DEFAULT_PAGE_SIZE
    marker: str | None = None

    def matches(self, record: ImageRecord) -> bool:
        visibility = record["visibility"]
        return (
            (visibility == self.visibility if self.visibility else visibility in LISTED_BY_DEFAULT)
            and (self.names is None or record["name"] in self.names)
            and (self.statuses is None or record.status in self.statuses)
            and (self.protected is None or record.protected == self.protected)
            and (self.owner is None or record.owner == self.owner)
            and all(tag in record["tags"] for tag in self.tags)
            and record["os_hidden"] == self.os_hidden
        )


@dataclass(frozen=True)
class ImagePage:
    records: tuple[ImageRecord, ...]
    limit: int
    has_more: bool = field(default=False)


class ImageRegistry:
    def __init__(self, seed: RegistrySeed, sources: Sources | None = None) -> None:
        self.seed = seed
        self._sources = sources or Sources()
        self._projects = {token: project for project in seed.projects for token in project.tokens}
        self._records: dict[uuid.UUID, ImageRecord] = {}
        self._lock = threading.Lock()

    def _clock(self) -> datetime:
        """Glance's timestamps are whole seconds."""
        return self._sources.clock().replace(microsecond=0)

    def reset(self) -> None:
        with self._lock:
            self._records = {}

    def authenticate(self, token: str) -> Project:
        try:
            return self._projects[token]
        except KeyError:
            raise UnknownCredential() from None

    def create(self, project: Project, values: Mapping[str, Any]) -> ImageRecord:
        """A new `queued` record; `values` may name its id and set writable properties."""
        requested = values.get("id")
        fields = {name: value for name, value in values.items() if name != "id"}
        properties = DEFAULT_PROPERTIES.with_values(fields)
        image_id = self._sources.new_id() if requested is None else _parse(str(requested))
        now = self._clock()
        record = ImageRecord(image_id, project.id, QUEUED, properties, now, now)
        with self._lock:
            if image_id in self._records:
                raise ImageIdTaken(str(image_id))
            self._records[image_id] = record
        return record

    def show(self, project: Project, image_id: str) -> ImageRecord:
        return self._visible(project, image_id)

    def list(self, project: Project, query: ImageQuery) -> ImagePage:
        with self._lock:
            records = [r for r in self._records.values() if _sees(project, r, query.visibility)]
        ordered = sorted(
            (r for r in records if query.matches(r)),
            key=lambda r: _sort_value(r, query.sort_key),
            reverse=query.descending,
        )
        if query.marker is not None:
            position = next(
                (i for i, r in enumerate(ordered) if str(r.id) == query.marker.lower()), None
            )
            if position is None:
                raise UnknownMarker(query.marker)
            ordered = ordered[position + 1 :]
        limit = min(query.limit, MAX_PAGE_SIZE)
        # An empty page (limit 0) has no last id to continue from, so no next page either.
        return ImagePage(tuple(ordered[:limit]), limit, has_more=0 < limit < len(ordered))

    def update(
        self, project: Project, image_id: str, operations: Sequence[Mapping[str, Any]]
    ) -> ImageRecord:
        """Apply a patch to a record the project owns: every operation or none."""
        with self._lock:
            record = self._owned(project, image_id)
            properties = record.properties.patched(operations)
            updated = replace(record, properties=properties, updated_at=self._clock())
            self._records[record.id] = updated
            return updated

    def delete(self, project: Project, image_id: str) -> ImageRecord:
        with self._lock:
            record = self._owned(project, image_id)
            if record.protected:
                raise ImageProtected(str(record.id))
            return self._records.pop(record.id)

    def upload(self, project: Project, image_id: str, content: bytes) -> ImageRecord:
        """Store a queued record's data; the record becomes active."""
        with self._lock:
            record = self._owned(project, image_id)
            if record.status != QUEUED:
                raise StatusConflict(record.status, "saving")
            if record["disk_format"] is None or record["container_format"] is None:
                raise FormatsNotSet(str(record.id))
            stored = replace(
                record, status=ACTIVE, data=ImageData.of(content), updated_at=self._clock()
            )
            self._records[record.id] = stored
            return stored

    def download(self, project: Project, image_id: str) -> ImageRecord:
        return self._visible(project, image_id)

    def records(self) -> Iterable[ImageRecord]:
        with self._lock:
            return list(self._records.values())

    def snapshot(self) -> dict[str, Any]:
        """Projects and their records as plain data (image data left out)."""
        records = sorted(self.records(), key=lambda record: record.created_at)
        return {
            "projects": [
                {
                    "id": project.id,
                    "name": project.name,
                    "images": [
                        {
                            "id": str(record.id),
                            "status": record.status,
                            "protected": record.protected,
                            "name": record["name"],
                            "visibility": record["visibility"],
                            "size": len(record.data.content) if record.data else None,
                        }
                        for record in records
                        if record.owner == project.id
                    ],
                }
                for project in self.seed.projects
            ]
        }

    def _visible(self, project: Project, image_id: str) -> ImageRecord:
        parsed = _parse_or_none(image_id)
        with self._lock:
            record = self._records.get(parsed) if parsed else None
        if record is None or not _sees(project, record, "community"):
            raise RecordNotFound(image_id)
        return record

    def _owned(self, project: Project, image_id: str) -> ImageRecord:
        """The record, if the project may change it; the caller holds the lock."""
        parsed = _parse_or_none(image_id)
        record = self._records.get(parsed) if parsed else None
        if record is None or not _sees(project, record, "community"):
            raise RecordNotFound(image_id)
        if record.owner != project.id:
            raise NotTheOwner(str(record.id))
        return record


def _sees(project: Project, record: ImageRecord, asked_visibility: str | None) -> bool:
    visibility = record["visibility"]
    return (
        record.owner == project.id
        or visibility == "public"
        or (visibility == "community" and asked_visibility == "community")
    )


def _sort_value(record: ImageRecord, key: str) -> tuple[bool, Any]:
    values: dict[str, Any] = {
        "id": str(record.id),
        "status": record.status,
        "size": len(record.data.content) if record.data else None,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }
    value = values[key] if key in values else record.properties.base.get(key)
    # Unset values sort before set ones, as SQL's NULLS FIRST in ascending order.
    return (value is not None, value if value is not None else 0)


def _parse_or_none(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _parse(text: str) -> uuid.UUID:
    parsed = _parse_or_none(text)
    if parsed is None:
        raise RecordNotFound(text)
    return parsed
