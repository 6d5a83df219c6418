"""What every store engine does alike: values changed atomically as wholes, parted values
changed atomically part by part, counters that never hand out a number twice, blobs apart
from values, and a clear that forgets it all."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from mockserver.domain.gallery import PRIMARY, Gallery, GalleryHead, StoredImage
from mockserver.domain.image_properties import DEFAULT_PROPERTIES
from mockserver.domain.image_records import ImageData, ImageRecord
from mockserver.domain.image_registry import RECORDS
from mockserver.domain.media import PNG
from mockserver.domain.store import PartedTable, Store, Table

from .conftest import OpenStore

NUMBERS: Table[int] = Table("numbers", int)
LISTINGS: Table[GalleryHead] = Table("listings", GalleryHead)
PARTED: PartedTable[int, str] = PartedTable("parted", int, str)


def increment(value: int | None) -> tuple[int, int]:
    new = (value or 0) + 1
    return new, new


def an_image(serial: int = 1) -> StoredImage:
    created = datetime(2026, 1, 2, 3, 4, 5, 6000, tzinfo=UTC)
    return StoredImage(uuid.uuid4(), "front", PRIMARY, 0, created, PNG, 4, serial, serial, "a")


def test_an_absent_value_reads_as_none(store: Store) -> None:
    assert store.read(NUMBERS, "a") is None


def test_a_change_gives_its_result_and_stores_its_value(store: Store) -> None:
    assert store.change(NUMBERS, "a", increment) == 1
    assert store.change(NUMBERS, "a", increment) == 2
    assert store.read(NUMBERS, "a") == 2


def test_a_refused_change_leaves_the_value_as_it_was(store: Store) -> None:
    store.change(NUMBERS, "a", increment)

    def refuse(value: int | None) -> tuple[int, None]:
        raise LookupError("refused")

    with pytest.raises(LookupError):
        store.change(NUMBERS, "a", refuse)
    assert store.read(NUMBERS, "a") == 1


def test_a_change_to_none_removes_the_value(store: Store) -> None:
    store.change(NUMBERS, "a", increment)
    store.change(NUMBERS, "b", increment)
    store.change(NUMBERS, "a", lambda value: (None, None))
    assert store.read(NUMBERS, "a") is None
    assert store.values(NUMBERS) == [1]


def test_values_come_back_as_their_types(open_same_store: OpenStore) -> None:
    image = an_image()
    listing = GalleryHead((image,))
    open_same_store().change(LISTINGS, "p", lambda _: (listing, None))
    (read,) = open_same_store().read(LISTINGS, "p").holders  # type: ignore[union-attr]
    assert (read.id, read.slot, read.created, read.image_type) == (
        image.id,
        PRIMARY,
        image.created,
        PNG,
    )
    assert read.is_primary
    assert read.short_id == image.short_id


def test_an_image_record_comes_back_with_its_properties(open_same_store: OpenStore) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    properties = DEFAULT_PROPERTIES.with_values({"name": "disk", "tags": ["a", "b"]})
    data = ImageData.of("blob", b"content", 7)
    record = ImageRecord(uuid.uuid4(), "project", "active", properties, now, now, data)
    open_same_store().change(RECORDS, str(record.id), lambda _: (record, None))
    read = open_same_store().read(RECORDS, str(record.id))
    assert read is not None
    assert (read.id, read.data, read["name"], list(read["tags"])) == (
        record.id,
        data,
        "disk",
        ["a", "b"],
    )


def test_concurrent_changes_of_one_value_are_each_applied_once(store: Store) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: store.change(NUMBERS, "n", increment), range(64)))
    assert sorted(results) == list(range(1, 65))
    assert store.read(NUMBERS, "n") == 64


def test_a_counter_never_hands_out_a_number_twice(store: Store) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(lambda _: store.next_number("ids"), range(64)))
    assert sorted(numbers) == list(range(1, 65))
    assert store.next_number("other") == 1


def test_blobs_are_kept_apart_from_values(store: Store) -> None:
    store.put_blob("k", b"\x00bytes")
    assert store.get_blob("k") == b"\x00bytes"
    assert store.values(NUMBERS) == []
    store.delete_blob("k")
    assert store.get_blob("k") is None


def test_clear_forgets_values_counters_and_blobs(store: Store) -> None:
    store.change(NUMBERS, "a", increment)
    store.next_number("ids")
    store.put_blob("k", b"x")
    store.clear()
    assert (store.read(NUMBERS, "a"), store.get_blob("k")) == (None, None)
    assert store.next_number("ids") == 1


def test_another_opening_of_the_store_sees_the_same_state(open_same_store: OpenStore) -> None:
    first, second = open_same_store(), open_same_store()
    first.change(NUMBERS, "a", increment)
    first.put_blob("k", b"bytes")
    assert second.change(NUMBERS, "a", increment) == 2
    assert second.get_blob("k") == b"bytes"


def test_a_value_read_again_unchanged_is_the_object_read_before(store: Store) -> None:
    listing = GalleryHead((an_image(),))
    store.change(LISTINGS, "p", lambda _: (listing, None))
    first = store.read(LISTINGS, "p")
    assert store.read(LISTINGS, "p") is first
    assert store.values(LISTINGS) == [first]
    store.change(LISTINGS, "p", lambda _: (GalleryHead((an_image(),)), None))
    assert store.read(LISTINGS, "p") is not first


def test_a_parted_change_writes_the_parts_it_names_alone(open_same_store: OpenStore) -> None:
    store = open_same_store()

    def put(
        head: int | None, read: Callable[[str], str | None]
    ) -> tuple[int, dict[str, str | None], None]:
        return (head or 0) + 1, {"a": "one", "b": "two"}, None

    def move(
        head: int | None, read: Callable[[str], str | None]
    ) -> tuple[int, dict[str, str | None], str | None]:
        return (head or 0) + 1, {"a": None, "c": read("b")}, read("a")

    store.change_parts(PARTED, "k", put)
    assert store.change_parts(PARTED, "k", move) == "one"
    other = open_same_store()
    assert other.read(PARTED.head, "k") == 2
    parts = {name: other.read(PARTED.parts, PARTED.part_key("k", name)) for name in "abc"}
    assert parts == {"a": None, "b": "two", "c": "two"}
    assert other.read(PARTED.head, "other") is None


def test_a_refused_parted_change_writes_nothing(store: Store) -> None:
    def refuse(
        head: int | None, read: Callable[[str], str | None]
    ) -> tuple[int, dict[str, str | None], None]:
        read("a")
        raise LookupError("refused")

    with pytest.raises(LookupError):
        store.change_parts(PARTED, "k", refuse)
    assert store.read(PARTED.head, "k") is None
    store.change_parts(PARTED, "k", lambda head, read: (1, {"a": "one"}, None))
    assert store.read(PARTED.parts, PARTED.part_key("k", "a")) == "one"


def test_concurrent_parted_changes_are_each_applied_once(store: Store) -> None:
    def add(
        head: int | None, read: Callable[[str], str | None]
    ) -> tuple[int, dict[str, str | None], int]:
        number = (head or 0) + 1
        assert read(str(number)) is None  # each change sees the one before it whole
        return number, {str(number): "x"}, number

    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(lambda _: store.change_parts(PARTED, "k", add), range(80)))
    assert sorted(numbers) == list(range(1, 81))


def test_a_large_gallery_comes_back_whole_and_in_order(open_same_store: OpenStore) -> None:
    gallery = Gallery(lambda: datetime(2026, 1, 1, tzinfo=UTC), store=open_same_store())
    added = [
        gallery.add(b"\x89PNG", PNG, slot=PRIMARY if n % 50 == 0 else None) for n in range(300)
    ]
    for image in added[::7]:
        gallery.remove(image.id)
    again = Gallery(lambda: datetime(2026, 1, 1, tzinfo=UTC), store=open_same_store())
    ordered = again.ordered()
    assert [image.id for image in ordered] == [image.id for image in gallery.ordered()]
    assert len(again) == len(ordered) == 300 - len(added[::7])
    assert sum(image.is_primary for image in ordered) == 1
    assert [image.priority for image in ordered[1:]] == sorted(
        image.priority for image in ordered[1:]
    )
    assert [image.id for image in again.listing().images[40:65]] == [
        image.id for image in ordered[40:65]
    ]
    found = again.get(added[1].id)
    assert found is not None
    assert (found.id, found.serial) == (added[1].id, added[1].serial)
    assert again.get(added[0].id) is None
