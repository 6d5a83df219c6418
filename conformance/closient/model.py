"""What the suite believes a product's gallery holds: a small plain object.

The state machine changes it alongside the server and compares the two after every step.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class ModelImage:
    id: str
    title: str
    content: bytes | None
    """The uploaded bytes; None for images the run found on the product."""


@dataclass
class GalleryModel:
    images: dict[str, ModelImage]
    primary: str | None
    deleted: list[str]

    @classmethod
    def from_listing(cls, items: list[dict[str, Any]]) -> GalleryModel:
        """The gallery as the server listed it before the run touched it."""
        images = {item["id"]: ModelImage(item["id"], item.get("title", ""), None) for item in items}
        primaries = [item["id"] for item in items if item.get("is_primary")]
        return cls(images, primaries[0] if primaries else None, [])

    @property
    def own_ids(self) -> list[str]:
        return [image.id for image in self.images.values() if image.content is not None]

    def upload(self, image_id: str, title: str, content: bytes, primary: bool) -> None:
        # A new primary demotes the previous one for good: nothing is promoted back later.
        self.images[image_id] = ModelImage(image_id, title, content)
        if primary:
            self.primary = image_id

    def delete(self, image_id: str) -> None:
        del self.images[image_id]
        self.deleted.append(image_id)
        if self.primary == image_id:
            self.primary = None


@dataclass(frozen=True)
class PageArithmetic:
    """The pagination envelope a page request must get, given how many images there are."""

    page: int
    page_size: int
    total_count: int

    @property
    def total_pages(self) -> int:
        return math.ceil(self.total_count / self.page_size)

    @property
    def bounds(self) -> tuple[int, int]:
        start = (self.page - 1) * self.page_size
        return start, start + self.page_size

    def expected(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "page_size": self.page_size,
            "total_count": self.total_count,
            "total_pages": self.total_pages,
            "has_next": self.page < self.total_pages,
            "has_previous": self.page > 1,
        }


def listing_order_key(item: dict[str, Any]) -> tuple[bool, int, datetime]:
    """Primary first, then ascending priority; `created` breaks ties (newest first, which
    the caller checks)."""
    try:
        created = datetime.fromisoformat(str(item.get("created")).replace("Z", "+00:00"))
    except ValueError:  # a missing or malformed `created` is the schema checks' finding
        created = datetime.min.replace(tzinfo=UTC)
    return (not item.get("is_primary"), int(item.get("priority", 0)), created)


def ordering_problem(items: list[dict[str, Any]]) -> str | None:
    """Where a listing breaks "primary → priority → newest"; None when it holds."""
    for before, after in itertools.pairwise(items):
        first, second = listing_order_key(before), listing_order_key(after)
        if first[:2] > second[:2] or (first[:2] == second[:2] and first[2] < second[2]):
            return (
                f"{before['id']} (primary={before.get('is_primary')}, priority="
                f"{before.get('priority')}, created={before.get('created')}) is listed before "
                f"{after['id']} (primary={after.get('is_primary')}, priority="
                f"{after.get('priority')}, created={after.get('created')})"
            )
    return None
