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
- A gallery is one parted value of its store (a `GalleryHead` and its parts: runs of
  images in listing order, and each image's own part), changed by pure functions in one
  atomic change of the store, so that the rules above hold across every process sharing
  the store; a change reads and writes the head, the run it touches and the images it
  adds, moves or removes, never the whole gallery. An image's bytes
  are a blob of the store, named by its UUID: stored before the gallery takes the image,
  deleted after the gallery lets it go, so nothing a client was told is stored is lost.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from functools import cached_property
from typing import overload

from .errors import ImageNotFound, StoreUnavailable
from .ids import short_form
from .media import ImageType
from .memory_store import MemoryStore
from .store import EncodedOnce, PartedTable, Store
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


class _Derived(EncodedOnce):
    """Room for what an image derives from its fields once, when first asked: slots, not a
    dictionary, so that reading them (a bisection reads a dozen images' places) touches the
    image's own memory alone (and, from `EncodedOnce`, its encoded form, for a store that
    encodes images)."""

    __slots__ = ("_listing_key", "_short_id")
    _listing_key: tuple[bool, int, float, int]
    _short_id: str


@dataclass(frozen=True, eq=False, slots=True, weakref_slot=True)
class StoredImage(_Derived):
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

    @property
    def short_id(self) -> str:
        # Listing renders every id on every request: encode it once per image.
        try:
            return self._short_id
        except AttributeError:
            short_id = short_form(self.id)
            object.__setattr__(self, "_short_id", short_id)
            return short_id

    @property
    def blob_key(self) -> str:
        return str(self.id)

    @property
    def listing_key(self) -> tuple[bool, int, float, int]:
        """Its place in listing order: slot holders first, then ascending priority, then
        the most recent first. Kept, since finding an image in a large listing compares it
        with a dozen others."""
        try:
            return self._listing_key
        except AttributeError:
            key = (self.slot is None, self.priority, -self.created.timestamp(), -self.sequence)
            object.__setattr__(self, "_listing_key", key)
            return key


RUN = 128
"""Images per run of a listing (a run grows to twice this before it is split)."""

ListingKey = tuple[bool, int, float, int]
Images = tuple[StoredImage, ...]


@dataclass(frozen=True, slots=True)
class Run:
    """A run of a gallery's images that are not slot holders, in listing order: the part
    of the store that holds them, how many they are, and the listing key of the last."""

    part: str
    size: int
    last: ListingKey


@dataclass(frozen=True, eq=False)
class GalleryHead:
    """What a gallery's store keeps beside its runs: the slot holders, the runs in listing
    order, and the numbers its next change needs. A change writes a new head, the runs it
    changed (each under a name never used before, so that a part, while it exists, holds
    what the heads that name it say) and the images' own parts (`image_part`,
    `serial_part`); it reads and writes nothing else, however large the gallery."""

    holders: Images = ()
    runs: tuple[Run, ...] = ()
    version: int = 0
    next_part: int = 0

    @cached_property
    def count(self) -> int:
        return len(self.holders) + sum(run.size for run in self.runs)

    def next_priority(self) -> int:
        """One more than the highest priority in the gallery (0 for the first image): the
        highest is a holder's or the last run's last image's."""
        priorities = [image.priority for image in self.holders]
        if self.runs:
            priorities.append(self.runs[-1].last[1])
        return max(priorities, default=-1) + 1


EMPTY_HEAD = GalleryHead()
GALLERIES: PartedTable[GalleryHead, Images] = PartedTable("galleries", GalleryHead, Images)


def image_part(image_id: uuid.UUID) -> str:
    """The part that holds the image of this id alone (for finding it without its run)."""
    return f"i{image_id.int:032x}"


def serial_part(serial: int) -> str:
    return f"s{serial}"


listing_order: Callable[[StoredImage], ListingKey] = operator.attrgetter("listing_key")
"""An image's place in listing order (read in C: a bisection in a run calls it a dozen
times)."""


_RUN_LAST = operator.attrgetter("last")
"""A run's place in listing order: runs are found by bisection on it, without a list of
every run's made first (a change of a large gallery would make one of a hundred)."""


class _Edit:
    """One change of a gallery being made: its head's parts taken apart, the parts it
    reads (through `read`) and writes (`writes`)."""

    def __init__(self, head: GalleryHead, read: Callable[[str], Images | None]) -> None:
        self.head = head
        self.holders = list(head.holders)
        self.runs = list(head.runs)
        self.next_part = head.next_part
        self.writes: dict[str, Images | None] = {}
        self._read = read

    def find(self, part: str) -> StoredImage | None:
        found = self._read(part)
        return found[0] if found else None

    def add(self, image: StoredImage) -> None:
        """`image` in the gallery, in its place (a new image with the next priority and
        no slot goes last)."""
        self._locate(image)
        if image.slot is not None:
            self.holders.append(image)
            return
        at = bisect.bisect_left(self.runs, listing_order(image), key=_RUN_LAST)
        if at == len(self.runs):
            if self.runs and self.runs[-1].size < RUN:
                self._replace(len(self.runs) - 1, (*self._images(len(self.runs) - 1), image))
            else:
                self.runs.append(self._new_run((image,)))
            return
        run = self._images(at)
        place = bisect.bisect_left(run, listing_order(image), key=listing_order)
        self._replace(at, (*run[:place], image, *run[place:]))

    def remove(self, image: StoredImage) -> None:
        """`image` (found by its own part) out of the gallery."""
        self.writes[image_part(image.id)] = None
        self.writes[serial_part(image.serial)] = None
        if image.slot is not None:
            self.holders = [held for held in self.holders if held.id != image.id]
            return
        at = bisect.bisect_left(self.runs, listing_order(image), key=_RUN_LAST)
        run = self._images(at)
        place = bisect.bisect_left(run, listing_order(image), key=listing_order)
        if place == len(run) or run[place].id != image.id:
            raise LookupError(f"image {image.id} is not in its run")  # a torn read
        self._replace(at, (*run[:place], *run[place + 1 :]))

    def next_priority(self) -> int:
        return GalleryHead(tuple(self.holders), tuple(self.runs)).next_priority()

    def done(self) -> GalleryHead:
        return GalleryHead(
            tuple(self.holders), tuple(self.runs), self.head.version + 1, self.next_part
        )

    def _locate(self, image: StoredImage) -> None:
        self.writes[image_part(image.id)] = (image,)
        self.writes[serial_part(image.serial)] = (image,)

    def _images(self, at: int) -> Images:
        part = self.runs[at].part
        images = self.writes[part] if part in self.writes else self._read(part)
        if images is None:
            raise LookupError(f"run {part} is gone")  # a torn read
        return images

    def _replace(self, at: int, images: Images) -> None:
        """The run at `at` holds `images` now (split in two when it grew past twice `RUN`;
        gone when empty)."""
        self.writes[self.runs[at].part] = None
        pieces = (images[:RUN], images[RUN:]) if len(images) > 2 * RUN else (images,)
        self.runs[at : at + 1] = [self._new_run(piece) for piece in pieces if piece]

    def _new_run(self, images: Images) -> Run:
        part = f"r{self.next_part}"
        self.next_part += 1
        self.writes[part] = images
        return Run(part, len(images), listing_order(images[-1]))


MAX_REREADS = 100
"""Times a listing reads its gallery again, each time changed meanwhile, before it gives up
(never reached in practice: each time means another change went through)."""


class Listing:
    """A gallery's images in listing order, as they stood between two changes: the same
    object until the gallery's next change, so that what is derived from it (a rendered
    page) holds for as long as it lives. It reads the runs a page needs when the page is
    asked for, not the whole gallery; should the gallery change meanwhile (the runs it
    names are gone), it answers from the gallery as it is then, sizes and images alike."""

    def __init__(self, head: GalleryHead, gallery: Gallery) -> None:
        self._head = head
        self._gallery = gallery
        self._runs: dict[str, Images] = {}

    @cached_property
    def images(self) -> ListingImages:
        """Every image, in listing order (a sequence read as it is sliced)."""
        return ListingImages(self)

    def __len__(self) -> int:
        return self._head.count

    def slice(self, start: int, stop: int) -> Images:
        """The images from `start` to `stop` in listing order (within its length)."""
        for _ in range(MAX_REREADS):
            head = self._head
            selected = list(head.holders[start:stop])
            offset = len(head.holders)
            try:
                for run in head.runs:
                    if offset >= stop:
                        break
                    if offset + run.size > start:
                        images = self._run(run.part)
                        selected += images[max(0, start - offset) : stop - offset]
                    offset += run.size
            except LookupError:
                self._head, self._runs = self._gallery.head(), {}
                continue
            return tuple(selected)
        raise StoreUnavailable()

    def _run(self, part: str) -> Images:
        images = self._runs.get(part)
        if images is None:
            images = self._gallery.part(part)
            if images is None:
                raise LookupError(part)
            self._runs[part] = images
        return images


class ListingImages(Sequence[StoredImage]):
    """A listing's images, read run by run as they are asked for."""

    def __init__(self, listing: Listing) -> None:
        self._listing = listing

    def __len__(self) -> int:
        return len(self._listing)

    @overload
    def __getitem__(self, index: int) -> StoredImage: ...

    @overload
    def __getitem__(self, index: slice) -> Images: ...

    def __getitem__(self, index: int | slice) -> StoredImage | Images:
        if isinstance(index, slice):
            if index.step not in (None, 1):
                return self[:][index]
            start, stop, _ = index.indices(len(self._listing))
            return self._listing.slice(start, stop) if stop > start else ()
        at = index + len(self._listing) if index < 0 else index
        found = self._listing.slice(at, at + 1) if at >= 0 else ()
        if not found:
            raise IndexError(index)
        return found[0]

    def __iter__(self) -> Iterator[StoredImage]:
        return iter(self[:])


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
        table: PartedTable[GalleryHead, Images] = GALLERIES,
        budget: StoreBudget | None = None,
    ) -> None:
        self._clock = clock
        self._new_id = new_id
        self._serials = serials or SerialNumbers()
        self._store: Store = store if store is not None else MemoryStore()
        self._budget = budget or StoreBudget(self._store)
        self._key = key
        self._table = table
        self._listed: tuple[GalleryHead | None, Listing | None] = (None, None)

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

        def take(
            head: GalleryHead | None, read: Callable[[str], Images | None]
        ) -> tuple[GalleryHead, dict[str, Images | None], tuple[StoredImage, list[StoredImage]]]:
            edit = _Edit(head or EMPTY_HEAD, read)
            removed = []
            holder = next((image for image in edit.holders if image.slot == slot), None)
            if slot is not None and holder is not None:
                edit.remove(holder)
                if slot.displacement is Displacement.REMOVE:
                    removed.append(holder)
                else:
                    edit.add(replace(holder, slot=None))
            stored = StoredImage(
                image_id,
                title,
                slot,
                edit.next_priority(),
                created,
                image_type,
                size=len(content),
                sequence=serial,
                serial=serial,
                file_name=file_name,
            )
            edit.add(stored)
            return edit.done(), edit.writes, (stored, removed)

        stored, removed = self._store.change_parts(self._table, self._key, take)
        for displaced in removed:
            self._store.delete_blob(displaced.blob_key)
            self._budget.release(displaced.size)
        return stored

    def remove(self, image_id: uuid.UUID) -> StoredImage:
        return self._remove(image_part(image_id), lambda: short_form(image_id))

    def remove_serial(self, serial: int) -> StoredImage:
        return self._remove(serial_part(serial), lambda: str(serial))

    def get(self, image_id: uuid.UUID) -> StoredImage | None:
        return self._image(image_part(image_id))

    def get_serial(self, serial: int) -> StoredImage | None:
        return self._image(serial_part(serial))

    def content(self, image: StoredImage) -> bytes | None:
        """The image's bytes, or None once it is removed."""
        return self._store.get_blob(image.blob_key)

    def ordered(self) -> Images:
        """All images in listing order."""
        listing = self.listing()
        return listing.slice(0, len(listing))

    def listing(self) -> Listing:
        """All images in listing order, the same `Listing` until the next change (in a
        store that keeps its values in this process, or keeps them decoded)."""
        head = self.head()
        listed_head, listing = self._listed
        if listing is None or listed_head is not head:
            listing = Listing(head, self)
            self._listed = (head, listing)
        return listing

    def head(self) -> GalleryHead:
        return self._store.read(self._table.head, self._key) or EMPTY_HEAD

    def part(self, name: str) -> Images | None:
        return self._store.read(self._table.parts, self._table.part_key(self._key, name))

    def __len__(self) -> int:
        return self.head().count

    def _image(self, part: str) -> StoredImage | None:
        found = self.part(part)
        return found[0] if found else None

    def _remove(self, part: str, name: Callable[[], str]) -> StoredImage:
        """Remove the image its own `part` holds; `name` names it when it is not found."""

        def drop(
            head: GalleryHead | None, read: Callable[[str], Images | None]
        ) -> tuple[GalleryHead, dict[str, Images | None], StoredImage]:
            edit = _Edit(head or EMPTY_HEAD, read)
            image = edit.find(part)
            if head is None or image is None:
                raise ImageNotFound(name())
            edit.remove(image)
            return edit.done(), edit.writes, image

        image = self._store.change_parts(self._table, self._key, drop)
        self._store.delete_blob(image.blob_key)
        self._budget.release(image.size)
        return image
