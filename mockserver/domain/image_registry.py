"""A registry of image records owned by projects: the model behind the Cloud Images contract.

- A record is created `queued`, without data. Storing its data (once; both formats must be
  set first, and the data must be in its disk format) makes it `active` with its size and
  checksums. A second upload is refused.
- An active record may be deactivated (by its owner or an admin) and then reactivated:
  while deactivated, its data is withheld from every caller without the admin role.
- A `protected` record cannot be deleted until the flag is cleared.
- A project sees its own records, the `public` and `community` ones, and the `shared` ones
  it is a member of; a record it cannot see does not exist for it. Its default listing
  leaves out other projects' community records and the shared ones it has not accepted.
  Only the owner changes, uploads to or deletes a record; a token with the admin role sees
  and changes every record, and alone makes a record public.
- A record is one value of the store, its memberships another, and its data a blob: each
  change is one atomic change of a value (a protected record is never deleted, by any
  process), and data is stored before the record names it.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from .disk_formats import virtual_size
from .errors import UnknownCredential
from .image_imports import ImageImports
from .image_listing import (
    MAX_PAGE_SIZE,
    ImagePage,
    ImageQuery,
    ordered,
)
from .image_members import (
    MEMBERS,
    SHARED,
    ImageSharing,
    Membership,
    find_member,
    may_change,
    require_writer,
)
from .image_properties import (
    DEFAULT_PROPERTIES,
    MAX_TAGS,
    OWNER,
    Properties,
    check_new_names,
    check_settable,
)
from .image_records import (
    ACTIVE,
    DEACTIVATED,
    QUEUED,
    RAW,
    ImageData,
    ImageRecord,
    Project,
    RegistrySeed,
)
from .memory_store import MemoryStore
from .registry_errors import (
    ActionNotAuthorized,
    FormatsNotSet,
    ImageDeactivated,
    ImageIdTaken,
    ImageProtected,
    NotTheOwner,
    OwnerNotPermitted,
    QuotaExceeded,
    RecordNotFound,
    StatusActionRefused,
    StatusConflict,
    TagAbsent,
    UnknownMarker,
)
from .sources import Sources
from .store import R, Store, Table
from .store_budget import StoreBudget

RECORDS: Table[ImageRecord] = Table("cloud_images.records", ImageRecord)
RecordChange = Callable[[ImageRecord], tuple[ImageRecord | None, R]]


class ImageRegistry:
    def __init__(
        self,
        seed: RegistrySeed,
        sources: Sources | None = None,
        store: Store | None = None,
        budget: StoreBudget | None = None,
        issued_callers: Callable[[str], Project | None] = lambda _token: None,
    ) -> None:
        """`issued_callers` gives the caller a token issued after the seed acts as (an
        identity service's), or None."""
        self.seed = seed
        self._issued_callers = issued_callers
        self._sources = sources or Sources()
        self._store: Store = store if store is not None else MemoryStore()
        self._budget = budget or StoreBudget(self._store)
        self._callers = {token: project for project in seed.projects for token in project.tokens}
        for project in seed.projects:
            admin = replace(project, admin=True)
            self._callers.update(dict.fromkeys(project.admin_tokens, admin))
        self.sharing = ImageSharing(self._visible, self._store, self._clock)
        """The memberships of its shared images."""
        self.imports = ImageImports(
            RECORDS,
            self._visible,
            self._store,
            self._budget,
            self._clock,
            self._sources.new_id,
            seed.imports,
        )
        """Its interoperable imports, their stores and tasks."""

    def _clock(self) -> datetime:
        """The time to the microsecond, as Glance's database keeps it: records created
        within one second still list in the order they were created (their JSON shows
        whole seconds)."""
        return self._sources.clock()

    def reset(self) -> None:
        """Back to no records (the whole store is cleared)."""
        self._store.clear()

    def authenticate(self, token: str) -> Project:
        caller = self._callers.get(token) or self._issued_callers(token)
        if caller is None:
            raise UnknownCredential()
        return caller

    def create(self, caller: Project, values: Mapping[str, Any]) -> ImageRecord:
        """A new `queued` record; `values` may name its id, its owner (the caller's project
        unless an admin names another) and set writable properties."""
        require_writer(caller, "add_image")
        requested = values.get("id")
        fields = {name: value for name, value in values.items() if name != "id"}
        check_new_names(fields)
        if OWNER in fields:
            _require_may_own(caller, check_settable(OWNER, fields[OWNER]))
        settable = DEFAULT_PROPERTIES.with_values(fields, may_publicize=caller.admin)
        owner, properties = settable.split_owner(caller.id)
        image_id = self._sources.new_id() if requested is None else _parse(str(requested))
        now = self._clock()
        record = ImageRecord(image_id, owner, QUEUED, properties, now, now)

        def take_id(taken: ImageRecord | None) -> tuple[ImageRecord, ImageRecord]:
            if taken is not None:
                raise ImageIdTaken(str(image_id))
            return record, record

        return self._store.change(RECORDS, str(image_id), take_id)

    def show(self, caller: Project, image_id: str) -> ImageRecord:
        return self._visible(caller, image_id)

    def list(self, caller: Project, query: ImageQuery) -> ImagePage:
        members = {group[0].image_id: group for group in self._store.values(MEMBERS) if group}
        listed = [
            r
            for r in self._store.values(RECORDS)
            if self._listed(caller, r, query, members.get(str(r.id), ()))
        ]
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
        now = self._clock()

        def patch(record: ImageRecord) -> tuple[ImageRecord, ImageRecord]:
            patched = record.properties.with_owner(record.owner).patched(
                operations,
                add_replaces=add_replaces,
                may_publicize=caller.admin,
                may_set_owner=caller.admin,
            )
            owner, properties = patched.split_owner(record.owner)
            updated = replace(record, owner=owner, properties=properties, updated_at=now)
            return updated, updated

        return self._change_owned(caller, image_id, patch)

    def delete(self, caller: Project, image_id: str) -> ImageRecord:
        def drop(record: ImageRecord) -> tuple[None, ImageRecord]:
            if record.protected:
                raise ImageProtected(str(record.id))
            return None, record

        record = self._change_owned(caller, image_id, drop, "delete_image")
        self._store.change(MEMBERS, str(record.id), lambda _: (None, None))
        for data in (record.data, record.staged):
            if data is not None:
                self._store.delete_blob(data.blob)
                self._budget.release(data.size)
        return record

    def upload(
        self,
        caller: Project,
        image_id: str,
        content: bytes,
        *,
        raw_picture: bool = False,
        store: str | None = None,
    ) -> ImageRecord:
        """Store a queued record's data in `store` (the default store unless named); the
        record becomes active. Data that is not in the record's disk format is refused and
        leaves the record queued; a store the registry does not have is refused first.

        `raw_picture` says the data is a picture the mock made itself (a seed's placeholder
        PNG, which Glance's inspectors take as raw data) stored as `raw`: its virtual size is
        then its length, without inspection, so a start-up does not load the inspectors."""
        stores = (self.imports.store_named(store),)
        record = self._owned(caller, image_id, "upload_image")
        _require_queued(record)
        disk_format, container_format = record["disk_format"], record["container_format"]
        if disk_format is None or container_format is None:
            raise FormatsNotSet(str(record.id))
        # Inspecting the data takes time and is done before the upload is decided.
        raw = raw_picture and disk_format == RAW
        size = len(content) if raw else virtual_size(content, disk_format, container_format)
        data = ImageData.of(f"{record.id}/{secrets.token_hex(8)}", content, size)
        now = self._clock()

        def activate(queued: ImageRecord) -> tuple[ImageRecord, ImageRecord]:
            _require_queued(queued)
            stored = replace(queued, status=ACTIVE, data=data, stores=stores, updated_at=now)
            return stored, stored

        self._budget.reserve(len(content))  # refused: the record stays queued
        self._store.put_blob(data.blob, content)
        try:
            return self._change_owned(caller, image_id, activate, "upload_image")
        except BaseException:
            self._store.delete_blob(data.blob)
            self._budget.release(len(content))
            raise

    def download(self, caller: Project, image_id: str) -> ImageRecord:
        """A record whose data the caller may read: a deactivated one's only with the admin
        role."""
        record = self._visible(caller, image_id)
        if record.status == DEACTIVATED and not caller.admin:
            raise ImageDeactivated(str(record.id))
        return record

    def deactivate(self, caller: Project, image_id: str) -> ImageRecord:
        """An active record made deactivated (one already deactivated stays so)."""
        return self._move_status(caller, image_id, "deactivate", ACTIVE, DEACTIVATED)

    def reactivate(self, caller: Project, image_id: str) -> ImageRecord:
        """A deactivated record made active again (one already active stays so)."""
        return self._move_status(caller, image_id, "reactivate", DEACTIVATED, ACTIVE)

    def _move_status(
        self, caller: Project, image_id: str, action: str, source: str, target: str
    ) -> ImageRecord:
        record = self._visible(caller, image_id)
        require_writer(caller, action)
        if not may_change(caller, record):
            raise ActionNotAuthorized(action)
        now = self._clock()

        def move(current: ImageRecord | None) -> tuple[ImageRecord | None, ImageRecord]:
            if current is None:
                raise RecordNotFound(image_id)
            if not may_change(caller, current):
                raise ActionNotAuthorized(action)
            if current.status == target:
                return current, current
            if current.status != source:
                raise StatusActionRefused(action, current.status)
            moved = replace(current, status=target, updated_at=now)
            return moved, moved

        return self._store.change(RECORDS, str(record.id), move)

    def content(self, record: ImageRecord) -> bytes | None:
        """The record's data, or None when it has none (or no longer has it)."""
        return None if record.data is None else self._store.get_blob(record.data.blob)

    def add_tag(self, caller: Project, image_id: str, tag: str) -> ImageRecord:
        now = self._clock()

        def add(record: ImageRecord) -> tuple[ImageRecord, ImageRecord]:
            tags = tuple(dict.fromkeys((*record["tags"], tag)))
            if len(tags) > MAX_TAGS:
                raise QuotaExceeded("image tags", MAX_TAGS, len(tags), str(record.id))
            return _with_tags(record, tags, now)

        return self._change_owned(caller, image_id, add)

    def remove_tag(self, caller: Project, image_id: str, tag: str) -> ImageRecord:
        now = self._clock()

        def remove(record: ImageRecord) -> tuple[ImageRecord, ImageRecord]:
            if tag not in record["tags"]:
                raise TagAbsent(str(record.id), tag)
            return _with_tags(record, tuple(t for t in record["tags"] if t != tag), now)

        return self._change_owned(caller, image_id, remove)

    def records(self) -> Iterable[ImageRecord]:
        return self._store.values(RECORDS)

    def snapshot(self) -> dict[str, Any]:
        """Projects and their records as plain data (image data left out)."""
        records = sorted(self._store.values(RECORDS), key=lambda record: record.created_at)
        members = {str(r.id): self.sharing.members_of(str(r.id)) for r in records}
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
                            "size": record.data.size if record.data else None,
                            "members": {m.member_id: m.status for m in members[str(record.id)]},
                        }
                        for record in records
                        if record.owner == project.id
                    ],
                }
                for project in self.seed.projects
            ]
        }

    def _listed(
        self,
        caller: Project,
        record: ImageRecord,
        query: ImageQuery,
        members: tuple[Membership, ...],
    ) -> bool:
        """Whether the record is in the caller's listing for the asked visibility, as
        Glance's database query decides."""
        visibility, own = record["visibility"], record.owner == caller.id
        if not (caller.admin or own or visibility in ("public", "community")):
            found = find_member(members, caller.id)
            if visibility != SHARED or found is None:
                return False
            if query.member_status not in ("all", found.status):
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
        """The record, if the caller may see it."""
        parsed = _parse_or_none(image_id)
        record = self._store.read(RECORDS, str(parsed)) if parsed else None
        if record is None or not self._sees(caller, record):
            raise RecordNotFound(image_id)
        return record

    def _owned(self, caller: Project, image_id: str, action: str = "modify_image") -> ImageRecord:
        """The record, if the caller may change it (`action`: the policy a reader is refused
        by)."""
        record = self._visible(caller, image_id)
        require_writer(caller, action)
        if not may_change(caller, record):
            raise NotTheOwner(str(record.id))
        return record

    def _change_owned(
        self,
        caller: Project,
        image_id: str,
        change: RecordChange[R],
        action: str = "modify_image",
    ) -> R:
        """`change` applied atomically to a record the caller may change, checked again
        as it is changed (another process may have changed or deleted it meanwhile)."""
        record = self._owned(caller, image_id, action)

        def checked(current: ImageRecord | None) -> tuple[ImageRecord | None, R]:
            if current is None:
                raise RecordNotFound(image_id)
            if not may_change(caller, current):
                raise NotTheOwner(str(current.id))
            return change(current)

        return self._store.change(RECORDS, str(record.id), checked)

    def _sees(self, caller: Project, record: ImageRecord) -> bool:
        """As Glance's database decides it: an image that has no owner is seen by all."""
        visibility = record["visibility"]
        return (
            may_change(caller, record)
            or record.owner is None
            or visibility in ("public", "community")
            or (
                visibility == SHARED
                and find_member(self.sharing.members_of(str(record.id)), caller.id) is not None
            )
        )


def _require_may_own(caller: Project, owner: str | None) -> None:
    """Only an admin creates an image owned by another project (or by none)."""
    if not caller.admin and owner != caller.id:
        raise OwnerNotPermitted(owner)


def _require_queued(record: ImageRecord) -> None:
    if record.status != QUEUED:
        raise StatusConflict(record.status, "saving")


def _with_tags(
    record: ImageRecord, tags: tuple[str, ...], now: datetime
) -> tuple[ImageRecord, ImageRecord]:
    properties = Properties({**record.properties.base, "tags": tags}, record.properties.custom)
    updated = replace(record, properties=properties, updated_at=now)
    return updated, updated


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
