"""Sharing an image with other projects: the memberships of `shared` images.

The owner adds a project as a member; the membership starts `pending`, and only the member
itself accepts or rejects it. A member sees the shared image whatever its membership's
status, and lists it among its images by that status (`accepted` unless asked otherwise).
Only an image whose visibility is `shared` has members.
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


class ImageMemberships:
    """Memberships by image, then by member, in the order they were added. Not locked: the
    registry that owns it holds its lock around every call."""

    def __init__(self) -> None:
        self._by_image: dict[str, dict[str, Membership]] = {}

    def of_image(self, image_id: str) -> list[Membership]:
        return list(self._by_image.get(image_id, {}).values())

    def find(self, image_id: str, member_id: str) -> Membership | None:
        return self._by_image.get(image_id, {}).get(member_id)

    def put(self, membership: Membership) -> None:
        self._by_image.setdefault(membership.image_id, {})[membership.member_id] = membership

    def remove(self, image_id: str, member_id: str) -> None:
        members = self._by_image.get(image_id, {})
        members.pop(member_id, None)
        if not members:
            self._by_image.pop(image_id, None)

    def forget_image(self, image_id: str) -> None:
        self._by_image.pop(image_id, None)

    def status_for(self, image_id: str, member_id: str) -> str | None:
        membership = self.find(image_id, member_id)
        return membership.status if membership else None
