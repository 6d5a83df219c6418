"""The store budget: bytes reserved before anything is stored, given back on removal, and
counted in the store (so every contract and worker over one store counts the same bytes)."""

from __future__ import annotations

import pytest

from mockserver.domain.gallery import Gallery
from mockserver.domain.media import PNG
from mockserver.domain.memory_store import MemoryStore
from mockserver.domain.sources import Sources
from mockserver.domain.store_budget import StorageFull, StoreBudget


def test_a_reservation_past_the_limit_is_refused_and_counts_nothing() -> None:
    budget = StoreBudget(MemoryStore(), 10)
    budget.reserve(6)
    with pytest.raises(StorageFull, match="limit of 10 bytes"):
        budget.reserve(5)
    assert budget.used == 6
    budget.release(6)
    budget.reserve(10)
    assert budget.used == 10


def test_a_gallery_refused_by_its_budget_stores_nothing_and_removal_frees_room() -> None:
    store = MemoryStore()
    budget = StoreBudget(store, 10)
    gallery = Gallery(Sources().clock, store=store, budget=budget)
    kept = gallery.add(b"x" * 6, PNG)
    with pytest.raises(StorageFull):
        gallery.add(b"y" * 5, PNG)
    assert [image.id for image in gallery.ordered()] == [kept.id]
    gallery.remove(kept.id)
    assert budget.used == 0
    gallery.add(b"y" * 10, PNG)


def test_two_budgets_over_one_store_count_the_same_bytes_and_a_clear_frees_them() -> None:
    store = MemoryStore()
    first, second = StoreBudget(store, 100), StoreBudget(store, 100)
    Gallery(Sources().clock, store=store, key="a", budget=first).add(b"x" * 30, PNG)
    Gallery(Sources().clock, store=store, key="b", budget=second).add(b"x" * 20, PNG)
    assert first.used == second.used == 50
    store.clear()
    assert first.used == 0
