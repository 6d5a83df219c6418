from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from mockserver.domain.errors import ImageNotFound
from mockserver.domain.gallery import Gallery
from mockserver.domain.ids import new_id
from mockserver.domain.media import PNG


class FrozenClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def add(gallery: Gallery, title: str = "", primary: bool = False) -> str:
    return gallery.add(b"\x89PNG", PNG, title, primary).short_id


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
    last = gallery.add(b"x", PNG, "", False)
    gallery.remove(last.id)
    assert gallery.add(b"x", PNG, "", False).priority == 1


def test_primary_is_listed_first_whatever_its_priority() -> None:
    gallery = Gallery(FrozenClock())
    older = [add(gallery) for _ in range(3)]
    primary = add(gallery, primary=True)
    assert [image.short_id for image in gallery.ordered()] == [primary, *older]


def test_equal_priority_lists_newest_first() -> None:
    clock = FrozenClock()
    gallery = Gallery(clock)
    a = gallery.add(b"x", PNG, "", False)
    clock.now += timedelta(seconds=1)
    b = gallery.add(b"x", PNG, "", False)
    # Force a tie on priority: the rule then falls back to the newest first.
    gallery._images[b.id] = type(b)(**{**b.__dict__, "priority": a.priority})
    assert [image.id for image in gallery.ordered()] == [b.id, a.id]


def test_deleting_the_primary_promotes_nothing() -> None:
    gallery = Gallery(FrozenClock())
    add(gallery)
    primary = gallery.add(b"x", PNG, "", True)
    gallery.remove(primary.id)
    assert not any(image.is_primary for image in gallery.ordered())
    assert len(gallery) == 1


def test_removing_an_unknown_image_raises_image_not_found() -> None:
    gallery = Gallery(FrozenClock())
    with pytest.raises(ImageNotFound):
        gallery.remove(new_id())


def test_concurrent_primary_uploads_leave_exactly_one_primary() -> None:
    gallery = Gallery(FrozenClock())
    barrier = threading.Barrier(16)

    def upload() -> None:
        barrier.wait()
        for _ in range(50):
            gallery.add(b"x", PNG, "", True)

    threads = [threading.Thread(target=upload) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    images = gallery.ordered()
    assert len(images) == 16 * 50
    assert sum(image.is_primary for image in images) == 1
    assert images[0].is_primary
    assert images[0].sequence == 16 * 50
