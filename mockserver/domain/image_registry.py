"""A registry of image records owned by projects: the model behind the Cloud Images contract.

- A record is created `queued`, without data. Storing its data (once; both formats must be
  set first, and the data must be in its disk format) makes it `active` with its size and
  checksums. A second upload is refused.
- A `protected` record cannot be deleted until the flag is cleared.
- A project sees its own records, the `public` and `community` ones, and the `shared` ones
  it is a member of; a record it cannot see does not exist for it. Its default listing
  leaves out other projects' community records and the shared ones it has not accepted.
  Only the owner changes, uploads to or deletes a record; a token with the admin role sees
  and changes every record, and alone makes a record public.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from .disk_formats import virtual_size
from .errors import UnknownCredential
from .image_listing import (
    MAX_PAGE_SIZE,
    ImagePage,
    ImageQuery,
    ordered,
)
from .image_members import ImageMemberships, Membership
from .image_properties import DEFAULT_PROPERTIES, MAX_TAGS, Properties
from .registry_errors import (
    FormatsNotSet,
    ImageIdTaken,
    ImageProtected,
    MemberExists,
    MemberNotFound,
    MembershipRefused,
    NotTheOwner,
    QuotaExceeded,
    RecordNotFound,
    StatusConflict,
    TagAbsent,
    TasksNeedTheAdminRole,
    UnknownMarker,
)
from .sources import Sources
from .store_budget import StoreBudget

QUEUED = "queued"
RAW = "raw"
ACTIVE = "active"
HASH_ALGORITHM = "sha512"
SHARED = "shared"
NOT_SHARED = "Only shared images have members."


@dataclass(frozen=True)
class Project:
    """A tenant of the registry, and the tokens that act for it. As a caller, `admin` says
    the token carries the admin role (one of the project's `admin_tokens`)."""

    id: str
    name: str = ""
    tokens: tuple[str, ...] = ()
    admin_tokens: tuple[str, ...] = ()
    admin: bool = False


@dataclass(frozen=True)
class RegistrySeed:
    projects: tuple[Project, ...] = ()


@dataclass(frozen=True)
class ImageData:
    content: bytes
    checksum: str
    hash_value: str
    virtual_size: int | None = None

    @classmethod
    def of(cls, content: bytes, virtual_size: int | None = None) -> ImageData:
        return cls(
            content,
            hashlib.md5(content, usedforsecurity=False).hexdigest(),
            hashlib.new(HASH_ALGORITHM, content).hexdigest(),
            virtual_size,
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


class ImageRegistry:
    def __init__(
        self,
        seed: RegistrySeed,
        sources: Sources | None = None,
        budget: StoreBudget | None = None,
    ) -> None:
        self.seed = seed
        self._sources = sources or Sources()
        self._budget = budget or StoreBudget()
        self._callers = {token: project for project in seed.projects for token in project.tokens}
        for project in seed.projects:
            admin = replace(project, admin=True)
            self._callers.update(dict.fromkeys(project.admin_tokens, admin))
        self._records: dict[uuid.UUID, ImageRecord] = {}
        self._members = ImageMemberships()
        self._lock = threading.Lock()

    def _clock(self) -> datetime:
        """The time to the microsecond, as Glance's database keeps it: records created
        within one second still list in the order they were created (their JSON shows
        whole seconds)."""
        return self._sources.clock()

    def reset(self) -> None:
        with self._lock:
            for record in self._records.values():
                self._release(record)
            self._records = {}
            self._members = ImageMemberships()

    def authenticate(self, token: str) -> Project:
        try:
            return self._callers[token]
        except KeyError:
            raise UnknownCredential() from None

    def create(self, caller: Project, values: Mapping[str, Any]) -> ImageRecord:
        """A new `queued` record; `values` may name its id and set writable properties."""
        requested = values.get("id")
        fields = {name: value for name, value in values.items() if name != "id"}
        properties = DEFAULT_PROPERTIES.with_values(fields, may_publicize=caller.admin)
        image_id = self._sources.new_id() if requested is None else _parse(str(requested))
        now = self._clock()
        record = ImageRecord(image_id, caller.id, QUEUED, properties, now, now)
        with self._lock:
            if image_id in self._records:
                raise ImageIdTaken(str(image_id))
            self._records[image_id] = record
        return record

    def show(self, caller: Project, image_id: str) -> ImageRecord:
        with self._lock:
            return self._visible(caller, image_id)

    def list(self, caller: Project, query: ImageQuery) -> ImagePage:
        with self._lock:
            listed = [r for r in self._records.values() if self._listed(caller, r, query)]
            marker = self._marker(caller, query.marker)
        matching = {r.id: r for r in listed if query.matches(r)}
        # A marker the filters leave out still has its place in the order.
        placed = {**matching, **({marker.id: marker} if marker is not None else {})}
        in_order = ordered(placed.values(), query.order)
        if marker is not None:
            after = [r.id for r in in_order].index(marker.id) + 1
            in_order = [r for r in in_order[after:] if r.id in matching]
        limit = min(query.limit, MAX_PAGE_SIZE)
        page = tuple(in_order[:limit])
        return ImagePage(page, limit, has_more=0 < len(page) == limit)

    def update(
        self,
        caller: Project,
        image_id: str,
        operations: Sequence[Mapping[str, Any]],
        *,
        add_replaces: bool = True,
    ) -> ImageRecord:
        """Apply a patch to a record the caller may change: every operation or none."""
        with self._lock:
            record = self._owned(caller, image_id)
            properties = record.properties.patched(
                operations, add_replaces=add_replaces, may_publicize=caller.admin
            )
            updated = replace(record, properties=properties, updated_at=self._clock())
            self._records[record.id] = updated
            return updated

    def delete(self, caller: Project, image_id: str) -> ImageRecord:
        with self._lock:
            record = self._owned(caller, image_id)
            if record.protected:
                raise ImageProtected(str(record.id))
            self._members.forget_image(str(record.id))
            self._release(record)
            return self._records.pop(record.id)

    def upload(
        self, caller: Project, image_id: str, content: bytes, *, raw_picture: bool = False
    ) -> ImageRecord:
        """Store a queued record's data; the record becomes active. Data that is not in the
        record's disk format is refused and leaves the record queued.

        `raw_picture` says the data is a picture the mock made itself (a seed's placeholder
        PNG, which Glance's inspectors take as raw data) stored as `raw`: its virtual size is
        then its length, without inspection, so a start-up does not load the inspectors."""
        with self._lock:
            record = self._owned(caller, image_id)
            if record.status != QUEUED:
                raise StatusConflict(record.status, "saving")
            disk_format, container_format = record["disk_format"], record["container_format"]
            if disk_format is None or container_format is None:
                raise FormatsNotSet(str(record.id))
        # Inspecting the data takes time and needs no lock; the upload is decided below.
        raw = raw_picture and disk_format == RAW
        size = len(content) if raw else virtual_size(content, disk_format, container_format)
        with self._lock:
            record = self._owned(caller, image_id)
            if record.status != QUEUED:
                raise StatusConflict(record.status, "saving")
            self._budget.reserve(len(content))  # refused: the record stays queued
            data = ImageData.of(content, size)
            stored = replace(record, status=ACTIVE, data=data, updated_at=self._clock())
            self._records[record.id] = stored
            return stored

    def _release(self, record: ImageRecord) -> None:
        if record.data is not None:
            self._budget.release(len(record.data.content))

    def download(self, caller: Project, image_id: str) -> ImageRecord:
        with self._lock:
            return self._visible(caller, image_id)

    def add_tag(self, caller: Project, image_id: str, tag: str) -> ImageRecord:
        with self._lock:
            record = self._owned(caller, image_id)
            tags = tuple(dict.fromkeys((*record["tags"], tag)))
            if len(tags) > MAX_TAGS:
                raise QuotaExceeded("image tags", MAX_TAGS, len(tags), str(record.id))
            return self._store_tags(record, tags)

    def remove_tag(self, caller: Project, image_id: str, tag: str) -> ImageRecord:
        with self._lock:
            record = self._owned(caller, image_id)
            if tag not in record["tags"]:
                raise TagAbsent(str(record.id), tag)
            tags = tuple(t for t in record["tags"] if t != tag)
            return self._store_tags(record, tags)

    def add_member(self, caller: Project, image_id: str, member_id: str) -> Membership:
        with self._lock:
            record = self._visible(caller, image_id)
            key = str(record.id)
            if record["visibility"] != SHARED or not _may_change(caller, record):
                raise MembershipRefused(key, "create")
            if self._members.find(key, member_id) is not None:
                raise MemberExists(key, member_id)
            now = self._clock()
            membership = Membership(key, member_id, "pending", now, now)
            self._members.put(membership)
            return membership

    def members(self, caller: Project, image_id: str) -> tuple[Membership, ...]:
        """The memberships the caller may see: all of them for the owner, else its own."""
        with self._lock:
            record = self._visible(caller, image_id)
            key = str(record.id)
            if record["visibility"] != SHARED:
                raise MembershipRefused(key, "list", NOT_SHARED)
            members = self._members.of_image(key)
        if _may_change(caller, record):
            return tuple(members)
        return tuple(m for m in members if m.member_id == caller.id)

    def member(self, caller: Project, image_id: str, member_id: str) -> Membership:
        with self._lock:
            record = self._visible(caller, image_id)
            key = str(record.id)
            found = self._members.find(key, member_id)
        seen = _may_change(caller, record) or member_id == caller.id
        if record["visibility"] != SHARED or found is None or not seen:
            raise MemberNotFound(key, member_id)
        return found

    def set_member_status(
        self, caller: Project, image_id: str, member_id: str, status: str
    ) -> Membership:
        """Only the member itself accepts or rejects an image shared with it."""
        with self._lock:
            record, found = self._membership(caller, image_id, member_id, "update")
            if member_id != caller.id and not caller.admin:
                raise MembershipRefused(str(record.id), "update")
            updated = found.with_status(status, self._clock())
            self._members.put(updated)
            return updated

    def remove_member(self, caller: Project, image_id: str, member_id: str) -> None:
        """Only the owner (or an admin) stops sharing an image."""
        with self._lock:
            record, found = self._membership(caller, image_id, member_id, "delete")
            if not _may_change(caller, record):
                raise MembershipRefused(str(record.id), "delete")
            self._members.remove(found.image_id, member_id)

    def _membership(
        self, caller: Project, image_id: str, member_id: str, action: str
    ) -> tuple[ImageRecord, Membership]:
        """A shared record and one of its memberships the caller may see (the owner sees
        every one, a member its own); the caller holds the lock."""
        record = self._visible(caller, image_id)
        key = str(record.id)
        if record["visibility"] != SHARED:
            raise MembershipRefused(key, action)
        found = self._members.find(key, member_id)
        if found is None or not (_may_change(caller, record) or member_id == caller.id):
            raise MemberNotFound(key, member_id)
        return record, found

    def tasks(self, caller: Project) -> tuple[()]:
        """The import tasks, for an administrator: none, as data comes by upload alone."""
        if not caller.admin:
            raise TasksNeedTheAdminRole()
        return ()

    def records(self) -> Iterable[ImageRecord]:
        with self._lock:
            return list(self._records.values())

    def snapshot(self) -> dict[str, Any]:
        """Projects and their records as plain data (image data left out)."""
        with self._lock:
            records = sorted(self._records.values(), key=lambda record: record.created_at)
            members = {str(r.id): self._members.of_image(str(r.id)) for r in records}
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
                            "tags": list(record["tags"]),
                            "size": len(record.data.content) if record.data else None,
                            "members": {m.member_id: m.status for m in members[str(record.id)]},
                        }
                        for record in records
                        if record.owner == project.id
                    ],
                }
                for project in self.seed.projects
            ]
        }

    def _store_tags(self, record: ImageRecord, tags: tuple[str, ...]) -> ImageRecord:
        properties = Properties({**record.properties.base, "tags": tags}, record.properties.custom)
        updated = replace(record, properties=properties, updated_at=self._clock())
        self._records[record.id] = updated
        return updated

    def _listed(self, caller: Project, record: ImageRecord, query: ImageQuery) -> bool:
        """Whether the record is in the caller's listing for the asked visibility, as
        Glance's database query decides; the caller holds the lock."""
        visibility, own = record["visibility"], record.owner == caller.id
        if not (caller.admin or own or visibility in ("public", "community")):
            status = self._members.status_for(str(record.id), caller.id)
            if visibility != SHARED or status is None:
                return False
            if query.member_status not in ("all", status):
                return False
        if query.visibility is None:
            return own or visibility != "community"
        return query.visibility in ("all", visibility)

    def _marker(self, caller: Project, image_id: str | None) -> ImageRecord | None:
        if image_id is None:
            return None
        try:
            return self._visible(caller, image_id)
        except RecordNotFound:
            raise UnknownMarker(image_id) from None

    def _visible(self, caller: Project, image_id: str) -> ImageRecord:
        """The record, if the caller may see it; the caller holds the lock."""
        parsed = _parse_or_none(image_id)
        record = self._records.get(parsed) if parsed else None
        if record is None or not self._sees(caller, record):
            raise RecordNotFound(image_id)
        return record

    def _owned(self, caller: Project, image_id: str) -> ImageRecord:
        """The record, if the caller may change it; the caller holds the lock."""
        record = self._visible(caller, image_id)
        if not _may_change(caller, record):
            raise NotTheOwner(str(record.id))
        return record

    def _sees(self, caller: Project, record: ImageRecord) -> bool:
        visibility = record["visibility"]
        return (
            _may_change(caller, record)
            or visibility in ("public", "community")
            or (visibility == SHARED and self._members.find(str(record.id), caller.id) is not None)
        )


def _may_change(caller: Project, record: ImageRecord) -> bool:
    return caller.admin or record.owner == caller.id


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
