"""Sharing an image with other projects: the memberships of `shared` images.

The owner adds a project as a member; the membership starts `pending`, and only the member
itself accepts or rejects it. A member sees the shared image whatever its membership's
status, and lists it among its images by that status (`accepted` unless asked otherwise).
Only an image whose visibility is `shared` has members. An image's memberships are one
value of the store, changed by `ImageSharing` through the pure functions below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from .image_records import ImageRecord, Project
from .registry_errors import (
    ActionNotAuthorized,
    MemberExists,
    MemberNotFound,
    MembershipRefused,
)
from .store import Store, Table

MEMBER_STATUSES = ("pending", "accepted", "rejected")
SHARED = "shared"
NOT_SHARED = "Only shared images have members."


@dataclass(frozen=True)
class Membership:
    image_id: str
    member_id: str
    status: str
    created_at: datetime
    updated_at: datetime

    def with_status(self, status: str, now: datetime) -> Membership:
        return replace(self, status=status, updated_at=now)


def with_member(members: tuple[Membership, ...], membership: Membership) -> tuple[Membership, ...]:
    """The memberships with `membership` in its member's place, or added last."""
    if any(m.member_id == membership.member_id for m in members):
        return tuple(membership if m.member_id == membership.member_id else m for m in members)
    return (*members, membership)


def without_member(members: tuple[Membership, ...], member_id: str) -> tuple[Membership, ...]:
    return tuple(m for m in members if m.member_id != member_id)


MEMBERS: Table[tuple[Membership, ...]] = Table("cloud_images.members", tuple[Membership, ...])
"""An image's memberships (by its id), in the order they were added."""


def find_member(members: tuple[Membership, ...] | None, member_id: str) -> Membership | None:
    return next((m for m in members or () if m.member_id == member_id), None)


def may_change(caller: Project, record: ImageRecord) -> bool:
    """Whether the caller owns the record, or is an admin."""
    return caller.admin or record.owner == caller.id


class ImageSharing:
    """The memberships of the shared images a registry holds, in its store; a record the
    caller cannot see (`visible` raises) has none for it."""

    def __init__(
        self,
        visible: Callable[[Project, str], ImageRecord],
        store: Store,
        clock: Callable[[], datetime],
    ) -> None:
        self._visible = visible
        self._store = store
        self._clock = clock

    def members_of(self, image_id: str) -> tuple[Membership, ...]:
        return self._store.read(MEMBERS, image_id) or ()

    def add_member(self, caller: Project, image_id: str, member_id: str) -> Membership:
        record = self._visible(caller, image_id)
        key = str(record.id)
        require_writer(caller, "add_member")
        if record["visibility"] != SHARED or not may_change(caller, record):
            raise MembershipRefused(key, "create")
        now = self._clock()
        membership = Membership(key, member_id, "pending", now, now)

        def add(members: tuple[Membership, ...] | None) -> tuple[tuple[Membership, ...], None]:
            if find_member(members, member_id) is not None:
                raise MemberExists(key, member_id)
            return with_member(members or (), membership), None

        self._store.change(MEMBERS, key, add)
        return membership

    def members(self, caller: Project, image_id: str) -> tuple[Membership, ...]:
        """The memberships the caller may see: all of them for the owner, else its own."""
        record = self._visible(caller, image_id)
        key = str(record.id)
        if record["visibility"] != SHARED:
            raise MembershipRefused(key, "list", NOT_SHARED)
        members = self.members_of(key)
        if may_change(caller, record):
            return members
        return tuple(m for m in members if m.member_id == caller.id)

    def member(self, caller: Project, image_id: str, member_id: str) -> Membership:
        record = self._visible(caller, image_id)
        key = str(record.id)
        found = find_member(self.members_of(key), member_id)
        seen = may_change(caller, record) or member_id == caller.id
        if record["visibility"] != SHARED or found is None or not seen:
            raise MemberNotFound(key, member_id)
        return found

    def set_member_status(
        self, caller: Project, image_id: str, member_id: str, status: str
    ) -> Membership:
        """Only the member itself accepts or rejects an image shared with it."""
        record, found = self._membership(caller, image_id, member_id, "update")
        require_writer(caller, "modify_member")
        if member_id != caller.id and not caller.admin:
            raise MembershipRefused(str(record.id), "update")
        updated = found.with_status(status, self._clock())
        self._change_membership(record, member_id, updated)
        return updated

    def remove_member(self, caller: Project, image_id: str, member_id: str) -> None:
        """Only the owner (or an admin) stops sharing an image."""
        record, _ = self._membership(caller, image_id, member_id, "delete")
        require_writer(caller, "delete_member")
        if not may_change(caller, record):
            raise MembershipRefused(str(record.id), "delete")
        self._change_membership(record, member_id, None)

    def _change_membership(
        self, record: ImageRecord, member_id: str, updated: Membership | None
    ) -> None:
        key = str(record.id)

        def change(members: tuple[Membership, ...] | None) -> tuple[tuple[Membership, ...], None]:
            if find_member(members, member_id) is None:
                raise MemberNotFound(key, member_id)
            kept = without_member(members or (), member_id)
            return (kept if updated is None else with_member(members or (), updated)), None

        self._store.change(MEMBERS, key, change)

    def _membership(
        self, caller: Project, image_id: str, member_id: str, action: str
    ) -> tuple[ImageRecord, Membership]:
        """A shared record and one of its memberships the caller may see (the owner sees
        every one, a member its own)."""
        record = self._visible(caller, image_id)
        key = str(record.id)
        if record["visibility"] != SHARED:
            raise MembershipRefused(key, action)
        found = find_member(self.members_of(key), member_id)
        if found is None or not (may_change(caller, record) or member_id == caller.id):
            raise MemberNotFound(key, member_id)
        return record, found


def require_writer(caller: Project, action: str) -> None:
    """A caller with the reader role alone changes nothing: Glance's policies for writes
    (`action` names the one refused) ask for the member or admin role."""
    if caller.reader:
        raise ActionNotAuthorized(action)
