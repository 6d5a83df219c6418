"""A product's image gallery and its rules.

- At most one image is primary at every instant: uploading a primary demotes the previous
  one in the same critical section (`demote_primary`).
- Priority keeps upload order: a new image gets one more than the highest priority in the
  gallery (0 for the first), so ascending priority lists images oldest first.
- Listing order: the primary first, then ascending priority, then the most recent first.
- Deleting the primary leaves the gallery without one; nothing is promoted in its place.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from .errors import ImageNotFound
from .ids import new_id, short_form
from .media import ImageType


@dataclass(frozen=True)
class StoredImage:
    id: uuid.UUID
    title: str
    is_primary: bool
    priority: int
    created: datetime
    image_type: ImageType
    content: bytes
    sequence: int

    @property
    def short_id(self) -> str:
        return short_form(self.id)

    @property
    def size(self) -> int:
        return len(self.content)


def listing_order(image: StoredImage) -> tuple[bool, int, float, int]:
    return (not image.is_primary, image.priority, -image.created.timestamp(), -image.sequence)


class Gallery:
    """The images of one product. Every method is atomic with respect to the others."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock
        self._images: dict[uuid.UUID, StoredImage] = {}
        self._lock = threading.Lock()
        self._uploads = 0

    def add(
        self, content: bytes, image_type: ImageType, title: str, make_primary: bool
    ) -> StoredImage:
        """Store an already validated image; a primary one demotes the previous primary."""
        with self._lock:
            if make_primary:
                self._demote_primary()
            self._uploads += 1
            image = StoredImage(
                id=new_id(),
                title=title,
                is_primary=make_primary,
                priority=self._next_priority(),
                created=self._clock(),
                image_type=image_type,
                content=content,
                sequence=self._uploads,
            )
            self._images[image.id] = image
            return image

    def remove(self, image_id: uuid.UUID) -> StoredImage:
        with self._lock:
            try:
                return self._images.pop(image_id)
            except KeyError:
                raise ImageNotFound(short_form(image_id)) from None

    def get(self, image_id: uuid.UUID) -> StoredImage | None:
        return self._images.get(image_id)

    def ordered(self) -> list[StoredImage]:
        """All images in listing order."""
        with self._lock:
            images = list(self._images.values())
        return sorted(images, key=listing_order)

    def __len__(self) -> int:
        return len(self._images)

    def _demote_primary(self) -> None:
        for image in self._images.values():
            if image.is_primary:
                self._images[image.id] = replace(image, is_primary=False)

    def _next_priority(self) -> int:
        return max((image.priority for image in self._images.values()), default=-1) + 1
