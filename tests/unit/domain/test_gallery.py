from __future__ import annotations

import threading
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mockserver.domain.errors import ImageNotFound
from mockserver.domain.gallery import (
    PRIMARY,
    RUN,
    Displacement,
    Gallery,
    SerialNumbers,
    SingleSlot,
    listing_order,
)
from mockserver.domain.media import PNG
from mockserver.domain.memory_store import MemoryStore


class FrozenClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def add(gallery: Gallery, title: str = "", primary: bool = False) -> str:
    return gallery.add(b"\x89PNG", PNG, title, PRIMARY if primary else None).short_id


def test_second_primary_demotes_first() -> None:
    gallery = Gallery(FrozenClock())
    first = add(gallery, primary=True)
    second = add(gallery, primary=True)
    primaries = [image.short_id for image in gallery.ordered() if image.is_primary]
    assert primaries == [second]
    assert first in [image.short_id for image in gallery.ordered()]


def test_priority_keeps_upload_order() -> None:
    gallery = Gallery(FrozenClock())
    ids = [add(gallery, title=str(i)) for i in range(5)]
    assert [image.short_id for image in gallery.ordered()] == ids
    assert [image.priority for image in gallery.ordered()] == [0, 1, 2, 3, 4]


def test_priority_continues_after_the_highest_even_after_deletes() -> None:
    gallery = Gallery(FrozenClock())
    add(gallery)
    last = gallery.add(b"x", PNG, "")
    gallery.remove(last.id)
    assert gallery.add(b"x", PNG, "").priority == 1


def test_primary_is_listed_first_whatever_its_priority() -> None:
    gallery = Gallery(FrozenClock())
    older = [add(gallery) for _ in range(3)]
    primary = add(gallery, primary=True)
    assert [image.short_id for image in gallery.ordered()] == [primary, *older]


def test_equal_priority_lists_newest_first() -> None:
    clock = FrozenClock()
    gallery = Gallery(clock)
    a = gallery.add(b"x", PNG, "")
    clock.now += timedelta(seconds=1)
    b = gallery.add(b"x", PNG, "")
    # A tie on priority: the rule then falls back to the newest first.
    tied = replace(b, priority=a.priority)
    assert sorted([a, tied], key=listing_order) == [tied, a]


def test_deleting_the_primary_promotes_nothing() -> None:
    gallery = Gallery(FrozenClock())
    add(gallery)
    primary = gallery.add(b"x", PNG, "", PRIMARY)
    gallery.remove(primary.id)
    assert not any(image.is_primary for image in gallery.ordered())
    assert len(gallery) == 1


def test_removing_an_unknown_image_raises_image_not_found() -> None:
    gallery = Gallery(FrozenClock())
    with pytest.raises(ImageNotFound):
        gallery.remove(uuid.uuid4())


def test_concurrent_primary_uploads_leave_exactly_one_primary() -> None:
    gallery = Gallery(FrozenClock())
    barrier = threading.Barrier(16)

    def upload() -> None:
        barrier.wait()
        for _ in range(50):
            gallery.add(b"x", PNG, "", PRIMARY)

    threads = [threading.Thread(target=upload) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    images = gallery.ordered()
    assert len(images) == 16 * 50
    assert sum(image.is_primary for image in images) == 1
    assert images[0].is_primary
    # The last to take the slot holds it: the one whose change came last, which has the
    # highest priority (serial numbers are drawn before the change, in no set order).
    assert images[0].priority == max(image.priority for image in images) == 16 * 50 - 1
    assert sorted(image.serial for image in images) == list(range(1, 16 * 50 + 1))


DETAIL = SingleSlot("detail", Displacement.REMOVE)
PREVIEW = SingleSlot("preview", Displacement.REMOVE)


def test_a_removing_slot_drops_its_previous_holder() -> None:
    gallery = Gallery(FrozenClock())
    first = gallery.add(b"x", PNG, slot=DETAIL)
    second = gallery.add(b"x", PNG, slot=DETAIL)
    assert [image.id for image in gallery.ordered()] == [second.id]
    assert gallery.get(first.id) is None


def test_slots_are_independent_of_each_other() -> None:
    gallery = Gallery(FrozenClock())
    detail = gallery.add(b"x", PNG, slot=DETAIL)
    preview = gallery.add(b"x", PNG, slot=PREVIEW)
    more = gallery.add(b"x", PNG)
    assert {image.id for image in gallery.ordered()} == {detail.id, preview.id, more.id}


def test_serial_numbers_increase_across_galleries_that_share_them() -> None:
    serials = SerialNumbers()
    first, second = Gallery(FrozenClock(), serials), Gallery(FrozenClock(), serials)
    a = first.add(b"x", PNG)
    b = second.add(b"x", PNG)
    assert (a.serial, b.serial) == (1, 2)
    assert second.get_serial(2) == b
    assert first.get_serial(2) is None


def test_removing_by_serial_forgets_the_image() -> None:
    gallery = Gallery(FrozenClock())
    image = gallery.add(b"x", PNG)
    assert gallery.remove_serial(image.serial) == image
    with pytest.raises(ImageNotFound):
        gallery.remove_serial(image.serial)


def test_concurrent_detail_pictures_leave_exactly_one() -> None:
    gallery = Gallery(FrozenClock())
    barrier = threading.Barrier(8)

    def upload() -> None:
        barrier.wait()
        for _ in range(50):
            gallery.add(b"x", PNG, slot=DETAIL)

    threads = [threading.Thread(target=upload) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(gallery.ordered()) == 1


PREVIEW = SingleSlot("preview", Displacement.REMOVE)
Change = tuple[str, int]  # ("add" | "primary" | "preview" | "remove" | "remove-top", n)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["add", "primary", "preview", "remove", "remove-top"]),
            st.integers(0, 9),
        ),
        max_size=40,
    )
)
def test_the_kept_order_and_priorities_are_those_of_a_full_recount(changes: list[Change]) -> None:
    """After any mix of changes, reading the gallery (kept in order between changes) gives
    what sorting all its images gives, and a new image gets one more than the highest
    priority among them."""
    clock = FrozenClock()
    gallery = Gallery(clock)
    removed: list[int] = []
    for kind, n in changes:
        clock.now += timedelta(seconds=n % 2)
        images = gallery.ordered()
        if kind in ("remove", "remove-top") and images:
            by_priority = sorted(images, key=lambda image: image.priority)
            chosen = by_priority[-1] if kind == "remove-top" else images[n % len(images)]
            removed.append(gallery.remove(chosen.id).serial)
        elif kind in ("add", "primary", "preview"):
            expected = max((image.priority for image in images), default=-1) + 1
            slot = {"add": None, "primary": PRIMARY, "preview": PREVIEW}[kind]
            if slot is PREVIEW:
                removed += [image.serial for image in images if image.slot == PREVIEW]
                expected = (
                    max((image.priority for image in images if image.slot != PREVIEW), default=-1)
                    + 1
                )
            assert gallery.add(b"\x89PNG", PNG, slot=slot).priority == expected
        assert list(gallery.ordered()) == sorted(gallery.ordered(), key=listing_order)
        assert len(gallery.ordered()) == len(gallery)
        for image in gallery.ordered():
            assert gallery.get_serial(image.serial) is image
        for slot in (PRIMARY, PREVIEW):
            assert len([image for image in gallery.ordered() if image.slot == slot]) <= 1
    for gone in removed:
        assert gallery.get_serial(gone) is None


def test_a_listing_stays_the_same_object_until_the_next_change() -> None:
    gallery = Gallery(FrozenClock())
    first = gallery.add(b"\x89PNG", PNG)
    listing = gallery.listing()
    assert gallery.listing() is listing
    assert tuple(listing.images) == (first,)
    second = gallery.add(b"\x89PNG", PNG, slot=PRIMARY)
    changed = gallery.listing()
    assert changed is not listing
    assert [image.id for image in changed.images] == [second.id, first.id]
    gallery.remove(first.id)
    assert gallery.listing() is not changed
    assert tuple(listing.images) == (first,)  # what was read of it before stays as it was
    third = gallery.add(b"\x89PNG", PNG)
    unread = gallery.listing()
    fourth = gallery.add(b"\x89PNG", PNG)
    gallery.remove(third.id)
    # Its run read only now, when it is gone: the gallery as it is now, sizes and all.
    assert [image.id for image in unread.images[:]] == [second.id, fourth.id]
    assert len(unread.images) == 2


def test_a_change_writes_only_the_parts_it_touches() -> None:
    store = MemoryStore()
    gallery = Gallery(FrozenClock(), store=store)
    for _ in range(3 * RUN):
        gallery.add(b"\x89PNG", PNG)
    writes: list[list[str]] = []
    change_parts = store.change_parts

    def counted(table: Any, key: str, change: Any) -> Any:
        def recorded(head: Any, read: Any) -> Any:
            new, parts, result = change(head, read)
            writes.append(sorted(parts))
            return new, parts, result

        return change_parts(table, key, recorded)

    store.change_parts = counted  # type: ignore[method-assign]
    primary = gallery.add(b"\x89PNG", PNG, slot=PRIMARY)
    demoting = gallery.add(b"\x89PNG", PNG, slot=PRIMARY)
    gallery.remove(gallery.ordered()[RUN + 5].id)
    # The new image's own parts (by id and by serial); then also the demoted one's and
    # the run it joins; the removed one's and its run (its old name gone, a new written).
    assert [len(parts) for parts in writes] == [2, 5, 4]
    assert gallery.ordered()[0].id == demoting.id
    assert primary.id in {image.id for image in gallery.ordered()[1:]}
    assert len(gallery) == 3 * RUN + 1
