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
- A gallery is one value of its store (a `Listing`), changed as a whole by pure functions,
  so that the rules above hold across every process sharing the store. An image's bytes
  are a blob of the store, named by its UUID: stored before the gallery takes the image,
  deleted after the gallery lets it go, so nothing a client was told is stored is lost.
"""

from __future__ import annotations

import bisect
import itertools
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from functools import cached_property

from .errors import ImageNotFound
from .ids import short_form
from .media import ImageType
from .memory_store import MemoryStore
from .store import Store, Table
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
    be kept for as long as it lives. Its bytes are the store's blob `blob_key`."""

    id: uuid.UUID
    title: str
    slot: SingleSlot | None
    priority: int
    created: datetime
    image_type: ImageType
    size: int
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
    def blob_key(self) -> str:
        return str(self.id)

    @cached_property
    def listing_key(self) -> tuple[bool, int, float, int]:
        """Its place in listing order: slot holders first, then ascending priority, then
        the most recent first. Kept, since finding an image in a large listing compares it
        with a dozen others."""
        return (self.slot is None, self.priority, -self.created.timestamp(), -self.sequence)


RUN = 128
"""Images per run of a listing (a run grows to twice this before it is split)."""


@dataclass(frozen=True, eq=False)
class Listing:
    """A gallery's images in listing order, as they stood between two changes. The
    gallery's next change makes a new listing, so a listing is its own identity: what is
    derived from it (a rendered page) holds for as long as the listing lives.

    It keeps the slot holders apart, and the other images in runs of about `RUN` in
    listing order: a change of a gallery of thousands of images copies one run and the
    list of runs, not every image."""

    holders: tuple[StoredImage, ...] = ()
    runs: tuple[tuple[StoredImage, ...], ...] = ()

    @classmethod
    def of(cls, images: Iterable[StoredImage]) -> Listing:
        ordered = sorted(images, key=listing_order)
        rest = [image for image in ordered if image.slot is None]
        return cls(
            tuple(image for image in ordered if image.slot is not None),
            tuple(tuple(rest[at : at + RUN]) for at in range(0, len(rest), RUN)),
        )

    @cached_property
    def images(self) -> tuple[StoredImage, ...]:
        """Every image, in listing order."""
        return self.holders + tuple(itertools.chain.from_iterable(self.runs))

    @cached_property
    def by_id(self) -> dict[uuid.UUID, StoredImage]:
        return {image.id: image for image in self._every_image()}

    @cached_property
    def by_serial(self) -> dict[int, StoredImage]:
        return {image.serial: image for image in self._every_image()}

    def _every_image(self) -> Iterator[StoredImage]:
        return itertools.chain(self.holders, *self.runs)


EMPTY = Listing()


def listing_order(image: StoredImage) -> tuple[bool, int, float, int]:
    return image.listing_key


def with_image(
    listing: Listing, slot: SingleSlot | None, image_at: Callable[[int], StoredImage]
) -> tuple[Listing, StoredImage, list[StoredImage]]:
    """The listing once it has a new image (holding `slot`, if any), made by `image_at` at
    the next priority; then that image, and the slot's previous holder if it left the
    gallery (its bytes are to be deleted). The listing stays in order without sorting it
    again: a new image has the highest priority, so it goes last among its kind."""
    holders, runs, by_id = listing.holders, listing.runs, _taken_index(listing)
    removed = []
    holder = next((image for image in holders if image.slot == slot), None)
    if slot is not None and holder is not None:
        holders = tuple(image for image in holders if image is not holder)
        del by_id[holder.id]
        if slot.displacement is Displacement.REMOVE:
            removed.append(holder)
        else:
            demoted = replace(holder, slot=None)
            runs = _inserted(runs, demoted)
            by_id[demoted.id] = demoted
    last = runs[-1][-1:] if runs else ()
    stored = image_at(max((image.priority for image in (*holders, *last)), default=-1) + 1)
    if slot is not None:
        holders = (*holders, stored)
    else:
        runs = _appended(runs, stored)
    by_id[stored.id] = stored
    return _listing(holders, runs, by_id), stored, removed


def without(listing: Listing, image: StoredImage) -> Listing:
    by_id = _taken_index(listing)
    del by_id[image.id]
    if image.slot is not None:
        holders = tuple(held for held in listing.holders if held is not image)
        return _listing(holders, listing.runs, by_id)
    return _listing(listing.holders, _cut(listing.runs, image), by_id)


def _taken_index(listing: Listing) -> dict[uuid.UUID, StoredImage]:
    """The listing's index by id, taken over by the listing that replaces it: a change of
    a large gallery then copies no index. The index is a cache: the old listing, if it is
    ever asked again, makes its own anew."""
    index: dict[uuid.UUID, StoredImage] | None = listing.__dict__.pop("by_id", None)
    return index if index is not None else dict(listing.by_id)


def _listing(
    holders: tuple[StoredImage, ...],
    runs: tuple[tuple[StoredImage, ...], ...],
    by_id: dict[uuid.UUID, StoredImage],
) -> Listing:
    listing = Listing(holders, runs)
    listing.__dict__["by_id"] = by_id  # what `by_id` would find, changed alike
    return listing


Runs = tuple[tuple[StoredImage, ...], ...]


def _appended(runs: Runs, image: StoredImage) -> Runs:
    """`image` last, in the last run while it has room."""
    if runs and len(runs[-1]) < RUN:
        return (*runs[:-1], (*runs[-1], image))
    return (*runs, (image,))


def _run_of(runs: Runs, image: StoredImage) -> int:
    """The run where `image` is, or would be, in listing order."""
    return bisect.bisect_left(runs, listing_order(image), key=lambda run: listing_order(run[-1]))


def _inserted(runs: Runs, image: StoredImage) -> Runs:
    at = _run_of(runs, image)
    if at == len(runs):
        return _appended(runs, image)
    run = runs[at]
    place = bisect.bisect_left(run, listing_order(image), key=listing_order)
    grown = (*run[:place], image, *run[place:])
    split = (grown[:RUN], grown[RUN:]) if len(grown) > 2 * RUN else (grown,)
    return (*runs[:at], *split, *runs[at + 1 :])


def _cut(runs: Runs, image: StoredImage) -> Runs:
    at = _run_of(runs, image)
    run = runs[at]
    place = bisect.bisect_left(run, listing_order(image), key=listing_order)
    shrunk = (*run[:place], *run[place + 1 :])
    return (*runs[:at], *((shrunk,) if shrunk else ()), *runs[at + 1 :])


GALLERIES: Table[Listing] = Table("galleries", Listing)


class Gallery:
    """The images of one product: a key of a store's galleries. Every method is atomic
    with respect to the others, in every process that shares the store."""

    def __init__(
        self,
        clock: Callable[[], datetime],
        serials: Callable[[], int] | None = None,
        new_id: Callable[[], uuid.UUID] = uuid.uuid4,
        *,
        store: Store | None = None,
        key: str = "",
        table: Table[Listing] = GALLERIES,
        budget: StoreBudget | None = None,
    ) -> None:
        self._clock = clock
        self._new_id = new_id
        self._serials = serials or SerialNumbers()
        self._store: Store = store if store is not None else MemoryStore()
        self._budget = budget or StoreBudget(self._store)
        self._key = key
        self._table = table

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
        self._budget.reserve(len(content))  # before anything changes: refused, none does
        serial, image_id, created = self._serials(), self._new_id(), self._clock()
        self._store.put_blob(str(image_id), content)

        def image_at(priority: int) -> StoredImage:
            return StoredImage(
                image_id,
                title,
                slot,
                priority,
                created,
                image_type,
                size=len(content),
                sequence=serial,
                serial=serial,
                file_name=file_name,
            )

        def take(listing: Listing | None) -> tuple[Listing, tuple[StoredImage, list[StoredImage]]]:
            changed, stored, removed = with_image(listing or EMPTY, slot, image_at)
            return changed, (stored, removed)

        stored, removed = self._store.change(self._table, self._key, take)
        for displaced in removed:
            self._store.delete_blob(displaced.blob_key)
            self._budget.release(displaced.size)
        return stored

    def remove(self, image_id: uuid.UUID) -> StoredImage:
        return self._remove(
            lambda listing: listing.by_id.get(image_id), lambda: short_form(image_id)
        )

    def remove_serial(self, serial: int) -> StoredImage:
        return self._remove(lambda listing: listing.by_serial.get(serial), lambda: str(serial))

    def get(self, image_id: uuid.UUID) -> StoredImage | None:
        return self.listing().by_id.get(image_id)

    def get_serial(self, serial: int) -> StoredImage | None:
        return self.listing().by_serial.get(serial)

    def content(self, image: StoredImage) -> bytes | None:
        """The image's bytes, or None once it is removed."""
        return self._store.get_blob(image.blob_key)

    def ordered(self) -> tuple[StoredImage, ...]:
        """All images in listing order."""
        return self.listing().images

    def listing(self) -> Listing:
        """All images in listing order, the same `Listing` until the next change (in a
        store that keeps its values in this process)."""
        return self._store.read(self._table, self._key) or EMPTY

    def __len__(self) -> int:
        return len(self.listing().images)

    def _remove(
        self, find: Callable[[Listing], StoredImage | None], name: Callable[[], str]
    ) -> StoredImage:
        """Remove the image `find` finds; `name` names it when it is not found."""

        def drop(listing: Listing | None) -> tuple[Listing | None, StoredImage]:
            image = find(listing or EMPTY)
            if listing is None or image is None:
                raise ImageNotFound(name())
            return without(listing, image), image

        image = self._store.change(self._table, self._key, drop)
        self._store.delete_blob(image.blob_key)
        self._budget.release(image.size)
        return image
