"""What a change of a gallery costs its store, counted by a store that records every call:
an upload, a primary upload, a delete, a slot's new holder and a page of a listing read and
write as many records in a gallery of thousands of images as in a gallery of ten, and no
record written holds more than a run of images."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from mockserver.domain.catalog import CatalogSeed, ImageCatalog
from mockserver.domain.gallery import RUN
from mockserver.domain.memory_store import MemoryStore
from mockserver.domain.product_pictures import (
    DETAIL,
    CatalogProduct,
    CatalogUser,
    PictureSeed,
    ProductPictures,
)
from mockserver.domain.store import Change, H, P, PartedTable, PartsChange, R, T, Table
from mockserver.domain.tenancy import CONTRIBUTE, CredentialKind, Organization, Principal, Product
from tests.images import png

SMALL = 10
LARGE = 12 * RUN + 37
"""Sizes of the galleries compared: ten images, and a dozen runs and some."""
ORGANIZATION = "org"
GTIN = "00012345678905"
ADMIN = CatalogUser(1, webhooks=("code",))


class SpyingStore:
    """A memory store that records every record it writes and reads, by kind and table
    (a value, a parted value's head or part, a blob, a counter)."""

    shared = False

    def __init__(self) -> None:
        self.engine = MemoryStore()
        self.writes: Counter[tuple[str, str]] = Counter()
        self.reads: Counter[tuple[str, str]] = Counter()
        self.written_parts: list[Any] = []

    @contextmanager
    def counting(self) -> Iterator[tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]]:
        """The writes and reads of the calls made within, counted from zero."""
        self.writes.clear()
        self.reads.clear()
        self.written_parts.clear()
        yield self.writes, self.reads

    def read(self, table: Table[T], key: str) -> T | None:
        self.reads["value", table.name] += 1
        return self.engine.read(table, key)

    def values(self, table: Table[T]) -> list[T]:
        found = self.engine.values(table)
        self.reads["value", table.name] += len(found)
        return found

    def change(self, table: Table[T], key: str, change: Change[T, R]) -> R:
        def spied(old: T | None) -> tuple[T | None, R]:
            self.reads["value", table.name] += 1
            new, result = change(old)
            if new is not old:
                self.writes["value", table.name] += 1
            return new, result

        return self.engine.change(table, key, spied)

    def change_parts(self, table: PartedTable[H, P], key: str, change: PartsChange[H, P, R]) -> R:
        def spied(
            head: H | None, read: Callable[[str], P | None]
        ) -> tuple[H, dict[str, P | None], R]:
            self.reads["head", table.name] += 1

            def read_part(name: str) -> P | None:
                self.reads["part", table.name] += 1
                return read(name)

            new, writes, result = change(head, read_part)
            if new is not head or writes:
                self.writes["head", table.name] += 1
            self.writes["part", table.name] += len(writes)
            self.written_parts += [part for part in writes.values() if part is not None]
            return new, dict(writes), result

        return self.engine.change_parts(table, key, spied)

    def next_number(self, counter: str) -> int:
        self.writes["counter", ""] += 1
        return self.engine.next_number(counter)

    def put_blob(self, key: str, content: bytes) -> None:
        self.writes["blob", ""] += 1
        self.engine.put_blob(key, content)

    def get_blob(self, key: str) -> bytes | None:
        self.reads["blob", ""] += 1
        return self.engine.get_blob(key)

    def delete_blob(self, key: str) -> None:
        self.writes["blob", ""] += 1
        self.engine.delete_blob(key)

    def clear(self) -> None:
        self.engine.clear()


Cost = tuple[Counter[tuple[str, str]], Counter[tuple[str, str]], list[Any]]


def cost_of(store: SpyingStore, change: Callable[[], object]) -> Cost:
    """The records `change` writes and reads, and the parts it writes."""
    with store.counting() as (writes, reads):
        change()
        return Counter(writes), Counter(reads), list(store.written_parts)


def assert_no_dearer(small: Cost, large: Cost, split: int = 0) -> None:
    """The change in the large gallery writes and reads the same kinds of records, as many
    as in the small one (`split` more: a run it grew past twice `RUN` is written as two),
    and the parts it writes hold a run's images at most, a small part of the gallery."""
    (small_writes, small_reads, _), (large_writes, large_reads, parts) = small, large
    assert set(large_writes) == set(small_writes)
    assert large_writes.total() <= small_writes.total() + split
    assert large_reads.total() <= small_reads.total() + split
    assert all(len(part) <= 2 * RUN for part in parts)
    assert sum(len(part) for part in parts) <= 2 * RUN + 4 < LARGE // 4


def a_catalog(store: SpyingStore) -> ImageCatalog:
    product = Product(ORGANIZATION, GTIN, "a product")
    seed = CatalogSeed(
        (Organization(ORGANIZATION, "an organization", (product,)),),
        (contributor(),),
    )
    return ImageCatalog(seed, store=store)


def contributor() -> Principal:
    return Principal(
        "contributor",
        {CredentialKind.API_KEY: "key"},
        {ORGANIZATION: frozenset({CONTRIBUTE})},
    )


def catalog_cost(size: int, change: Callable[[ImageCatalog, list[str]], object]) -> Cost:
    """What `change` costs a catalog whose product holds `size` images, one of them primary
    (it is given the catalog and the images' ids)."""
    store = SpyingStore()
    catalog = a_catalog(store)
    ids = [
        catalog.upload(contributor(), ORGANIZATION, GTIN, png(), make_primary=n == size // 3)[
            1
        ].short_id
        for n in range(size)
    ]
    return cost_of(store, lambda: change(catalog, ids))


def pictures_cost(size: int, change: Callable[[ProductPictures, int], object]) -> Cost:
    """What `change` costs a product of Bitrix24's holding a detail picture (id 1) and
    `size` more (ids 2 to `size` + 1); it is given them and the size."""
    store = SpyingStore()
    pictures = ProductPictures(PictureSeed((CatalogProduct(1),), (ADMIN,)), 1024, store=store)
    pictures.add(ADMIN, 1, "detail.png", png(), DETAIL)
    for _ in range(size):
        pictures.add(ADMIN, 1, "more.png", png())
    return cost_of(store, lambda: change(pictures, size))


def upload(catalog: ImageCatalog, ids: list[str]) -> object:
    return catalog.upload(contributor(), ORGANIZATION, GTIN, png())


def upload_primary(catalog: ImageCatalog, ids: list[str]) -> object:
    return catalog.upload(contributor(), ORGANIZATION, GTIN, png(), make_primary=True)


def delete_from_the_middle(catalog: ImageCatalog, ids: list[str]) -> object:
    return catalog.delete(contributor(), ORGANIZATION, GTIN, ids[len(ids) // 2])


def take_the_detail_slot(pictures: ProductPictures, size: int) -> object:
    return pictures.add(ADMIN, 1, "new.png", png(), DETAIL)


def delete_a_middle_picture(pictures: ProductPictures, size: int) -> object:
    return pictures.delete(ADMIN, 1, 2 + size // 2)


def test_an_upload_costs_as_much_in_a_large_gallery_as_in_a_small_one() -> None:
    assert_no_dearer(catalog_cost(SMALL, upload), catalog_cost(LARGE, upload))


def test_a_primary_upload_costs_as_much_in_a_large_gallery_as_in_a_small_one() -> None:
    small = catalog_cost(SMALL, upload_primary)
    assert_no_dearer(small, catalog_cost(LARGE, upload_primary), split=1)
    assert small[0]["part", "closient.gallery"] > 2  # the demoted primary moved too


def test_a_delete_costs_as_much_in_a_large_gallery_as_in_a_small_one() -> None:
    change = delete_from_the_middle
    assert_no_dearer(catalog_cost(SMALL, change), catalog_cost(LARGE, change))


def test_a_slot_taken_again_costs_as_much_in_a_large_gallery_as_in_a_small_one() -> None:
    large = pictures_cost(LARGE, take_the_detail_slot)
    assert_no_dearer(pictures_cost(SMALL, take_the_detail_slot), large)
    assert large[0]["blob", ""] == 2  # the new picture's bytes in, the old one's out


def test_a_picture_deleted_by_serial_costs_as_much_in_a_large_gallery_as_in_a_small_one() -> None:
    change = delete_a_middle_picture
    assert_no_dearer(pictures_cost(SMALL, change), pictures_cost(LARGE, change))


def test_a_listing_page_reads_the_runs_it_spans_alone() -> None:
    store = SpyingStore()
    catalog = a_catalog(store)
    for _ in range(LARGE):
        catalog.upload(contributor(), ORGANIZATION, GTIN, png())
    _, listing = catalog.list_images(contributor(), ORGANIZATION, GTIN)
    with store.counting() as (_, reads):
        page = listing.images[5 * RUN - 10 : 5 * RUN + 15]
    assert len(page) == 25
    assert reads.total() <= 2
    whole = listing.slice(0, len(listing))
    assert page == whole[5 * RUN - 10 : 5 * RUN + 15]
