"""What the suite believes a product's pictures are: a small plain object.

The state machine changes it alongside the server and compares the two after every step.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

SINGLE_TYPES = ("DETAIL_PICTURE", "PREVIEW_PICTURE")
"""Picture types a product holds at most one of: a new one replaces the old."""
DEFAULT_TYPE = "MORE_PHOTO"
PAGE_SIZE = 50


class Gone(Enum):
    """Why a picture the run added is no longer there."""

    DELETED = "deleted"
    REPLACED = "replaced"


@dataclass(frozen=True)
class ModelPicture:
    id: int
    type: str
    name: str | None
    """The file name the run sent; None for pictures found on the product."""
    content: bytes | None


@dataclass
class PicturesModel:
    pictures: dict[int, ModelPicture]
    gone: dict[int, Gone]

    @classmethod
    def from_listing(cls, items: list[dict[str, Any]]) -> PicturesModel:
        """The product's pictures as the server listed them before the run touched it."""
        pictures = {
            item["id"]: ModelPicture(item["id"], str(item.get("type")), None, None)
            for item in items
        }
        return cls(pictures, {})

    @property
    def own_ids(self) -> list[int]:
        return [p.id for p in self.pictures.values() if p.content is not None]

    def gone_ids(self, why: Gone) -> list[int]:
        return [picture_id for picture_id, reason in self.gone.items() if reason is why]

    def add(self, picture: ModelPicture) -> list[int]:
        """Add a picture; the ids it replaced (the previous holder of its single type)."""
        replaced = []
        if picture.type in SINGLE_TYPES:
            replaced = [p.id for p in self.pictures.values() if p.type == picture.type]
            for picture_id in replaced:
                del self.pictures[picture_id]
                self.gone[picture_id] = Gone.REPLACED
        self.pictures[picture.id] = picture
        return replaced

    def delete(self, picture_id: int) -> None:
        del self.pictures[picture_id]
        self.gone[picture_id] = Gone.DELETED


@dataclass(frozen=True)
class ListPage:
    """What one page of the listing must say, given how many pictures there are."""

    start: int
    total: int

    @property
    def length(self) -> int:
        return max(0, min(PAGE_SIZE, self.total - self.start))

    @property
    def next(self) -> int | None:
        following = self.start + PAGE_SIZE
        return following if following < self.total else None

    def problem(self, body: dict[str, Any], items: list[Any]) -> str | None:
        """Where the page's `total`, length and `next` go wrong; None when they agree."""
        got = (body.get("total"), len(items), body.get("next"))
        expected = (self.total, self.length, self.next)
        if got == expected:
            return None
        return (
            f"{self.total} pictures, start {self.start}: expected total {self.total}, "
            f"{self.length} items and next {self.next}; got total {got[0]}, {got[1]} items "
            f"and next {got[2]}"
        )
