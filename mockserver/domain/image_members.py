"""Sharing an image with other projects: the memberships of `shared` images.

The owner adds a project as a member; the membership starts `pending`, and only the member
itself accepts or rejects it. A member sees the shared image whatever its membership's
status, and lists it among its images by that status (`accepted` unless asked otherwise).
Only an image whose visibility is `shared` has members. An image's memberships are one
value of the store, changed by the pure functions below.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

MEMBER_STATUSES = ("pending", "accepted", "rejected")


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
