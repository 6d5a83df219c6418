"""A product's image gallery and its single-slot rules.

- A single slot (Closient's primary, a product's detail or preview picture) is held by at
  most one image at every instant. A new holder takes the slot in the same critical section
  as the previous holder leaves it; what becomes of that previous holder is the slot's rule:
  it stays in the gallery without the slot (`Displacement.DEMOTE`), or it is removed
  (`Displacement.REMOVE`).
- Priority keeps upload order: a new image gets one more than the highest priority in the
  gallery (0 for the first), so ascending priority lists images oldest first.
- Listing order: slot holders first, then ascending priority, then the most recent first.
  A gallery keeps that order from one change to the next, so reading it sorts nothing.
- Removing a slot's holder leaves the slot empty; nothing is promoted in its place.
- Every image has a UUID and a serial number (an integer, unique among the galleries that
  share a `SerialNumbers`), so a contract may name images either way.
"""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from functools import cached_property

from .errors import ImageNotFound
from .ids import short_form
from .media import ImageType
from .store_budget import StoreBudget


class Displacement(Enum):
    """What happens to a slot's previous holder when a new image takes the slot."""

    DEMOTE = "demote"
    REMOVE = "remove"


@dataclass(frozen=True)
class SingleSlot:
    """A place in a gallery that at most one image holds."""

    name: str
    displacement: Displacement


PRIMARY = SingleSlot("primary", Displacement.DEMOTE)
"""Closient's primary image: a new primary demotes the previous one to the gallery."""


class SerialNumbers:
    """Increasing integers from 1, safe to draw from several threads."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def __call__(self) -> int:
        with self._lock:
            return next(self._counter)


@dataclass(frozen=True, eq=False)
class StoredImage:
    """One stored image, never changed in place: a change (losing a slot) is a new object,
    so an image is its own identity (equal only to itself) and what is derived from it can
    be kept for as long as it lives."""

    id: uuid.UUID
    title: str
    slot: SingleSlot | None
    priority: int
    created: datetime
    image_type: ImageType
    content: bytes
    sequence: int
    serial: int = 0
    file_name: str = ""

    @property
    def is_primary(self) -> bool:
        return self.slot == PRIMARY

    @cached_property
    def short_id(self) -> str:
        # Listing renders every id on every request: encode it once per image.
        return short_form(self.id)

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True, eq=False)
class Listing:
    """A gallery's images in listing order, as they stood between two changes. The
    gallery's next change makes a new listing, so a listing is its own identity: what is
    derived from it (a rendered page) holds for as long as the listing lives."""

    images: tuple[StoredImage, ...]


def listing_order(image: StoredImage) -> tuple[bool, int, float, int]:
    return (image.slot is None, image.priority, -image.created.timestamp(), -image.sequence)


class Gallery:
    """The images of one product. Every method is atomic with respect to the others."""

    def __init__(
        self,
        clock: Callable[[], datetime],
        serials: Callable[[], int] | None = None,
        new_id: Callable[[], uuid.UUID] = uuid.uuid4,
        budget: StoreBudget | None = None,
    ) -> None:
        self._clock = clock
        self._budget = budget or StoreBudget()
        self._new_id = new_id
        self._serials = serials or SerialNumbers()
        self._images: dict[uuid.UUID, StoredImage] = {}
        self._by_serials: dict[int, uuid.UUID] = {}
        self._holders: dict[SingleSlot, uuid.UUID] = {}
        self._lock = threading.Lock()
        self._uploads = 0
        self._top_priority: int | None = -1  # None: to be found again
        self._listing: Listing | None = None  # None: to be sorted again

    def add(
        self,
        content: bytes,
        image_type: ImageType,
        title: str = "",
        slot: SingleSlot | None = None,
        *,
        file_name: str = "",
    ) -> StoredImage:
        """Store an already validated image; one for a slot displaces the slot's holder."""
        with self._lock:
            self._budget.reserve(len(content))  # before anything changes: refused, none does
            if slot is not None:
                self._vacate(slot)
            self._uploads += 1
            image = StoredImage(
                id=self._new_id(),
                title=title,
                slot=slot,
                priority=self._next_priority(),
                created=self._clock(),
                image_type=image_type,
                content=content,
                sequence=self._uploads,
                serial=self._serials(),
                file_name=file_name,
            )
            self._images[image.id] = image
            self._by_serials[image.serial] = image.id
            if slot is not None:
                self._holders[slot] = image.id
            self._top_priority = image.priority
            self._listing = None
            return image

    def remove(self, image_id: uuid.UUID) -> StoredImage:
        with self._lock:
            image = self._images.get(image_id)
            if image is None:
                raise ImageNotFound(short_form(image_id))
            return self._drop(image)

    def remove_serial(self, serial: int) -> StoredImage:
        with self._lock:
            image = self._by_serial(serial)
            if image is None:
                raise ImageNotFound(str(serial))
            return self._drop(image)

    def get(self, image_id: uuid.UUID) -> StoredImage | None:
        return self._images.get(image_id)

    def get_serial(self, serial: int) -> StoredImage | None:
        with self._lock:
            return self._by_serial(serial)

    def ordered(self) -> tuple[StoredImage, ...]:
        """All images in listing order."""
        return self.listing().images

    def listing(self) -> Listing:
        """All images in listing order, the same `Listing` until the next change."""
        listing = self._listing
        if listing is not None:
            return listing
        with self._lock:
            if self._listing is None:
                self._listing = Listing(tuple(sorted(self._images.values(), key=listing_order)))
            return self._listing

    def __len__(self) -> int:
        return len(self._images)

    def discard(self) -> None:
        """Give every image's bytes back to the budget: the gallery is being replaced."""
        with self._lock:
            for image in list(self._images.values()):
                self._drop(image)

    def _drop(self, image: StoredImage) -> StoredImage:
        self._budget.release(len(image.content))
        del self._images[image.id]
        del self._by_serials[image.serial]
        if image.slot is not None:
            del self._holders[image.slot]
        if image.priority == self._top_priority:
            self._top_priority = None
        self._listing = None
        return image

    def _vacate(self, slot: SingleSlot) -> None:
        """Free the slot, for `add`, which then makes the new image its holder and renews the
        listing order."""
        holder = self._holders.get(slot)
        if holder is None:
            return
        image = self._images[holder]
        if slot.displacement is Displacement.REMOVE:
            self._drop(image)
        else:
            self._images[holder] = replace(image, slot=None)

    def _by_serial(self, serial: int) -> StoredImage | None:
        image_id = self._by_serials.get(serial)
        return None if image_id is None else self._images[image_id]

    def _next_priority(self) -> int:
        if self._top_priority is None:
            self._top_priority = max(
                (image.priority for image in self._images.values()), default=-1
            )
        return self._top_priority + 1
