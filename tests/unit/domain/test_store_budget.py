"""The store budget: bytes reserved before anything is stored, given back on removal."""

from __future__ import annotations

import pytest

from mockserver.domain.gallery import Gallery
from mockserver.domain.media import PNG
from mockserver.domain.sources import Sources
from mockserver.domain.store_budget import StorageFull, StoreBudget


def test_a_reservation_past_the_limit_is_refused_and_counts_nothing() -> None:
    budget = StoreBudget(10)
    budget.reserve(6)
    with pytest.raises(StorageFull, match="limit of 10 bytes"):
        budget.reserve(5)
    assert budget.used == 6
    budget.release(6)
    budget.reserve(10)
    assert budget.used == 10


def test_a_gallery_refused_by_its_budget_stores_nothing_and_removal_frees_room() -> None:
    budget = StoreBudget(10)
    gallery = Gallery(Sources().clock, budget=budget)
    kept = gallery.add(b"x" * 6, PNG)
    with pytest.raises(StorageFull):
        gallery.add(b"y" * 5, PNG)
    assert [image.id for image in gallery.ordered()] == [kept.id]
    gallery.remove(kept.id)
    assert budget.used == 0
    gallery.add(b"y" * 10, PNG)


def test_a_discarded_gallery_gives_its_bytes_back() -> None:
    budget = StoreBudget(100)
    gallery = Gallery(Sources().clock, budget=budget)
    gallery.add(b"x" * 30, PNG)
    gallery.add(b"x" * 20, PNG)
    gallery.discard()
    assert budget.used == 0
