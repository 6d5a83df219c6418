"""Page arithmetic for list endpoints: 1-indexed pages over an ordered sequence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    page: int
    page_size: int
    total_count: int

    @property
    def total_pages(self) -> int:
        """Number of non-empty pages; 0 when there is nothing to list."""
        return -(-self.total_count // self.page_size)

    @property
    def has_next(self) -> bool:
        return self.page < self.total_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def paginate(items: Sequence[T], page: int, page_size: int) -> Page[T]:
    """Cut one page out of an ordered sequence; a page past the end is empty."""
    if page < 1 or page_size < 1:
        raise ValueError("page and page_size start at 1")
    start = (page - 1) * page_size
    return Page(tuple(items[start : start + page_size]), page, page_size, len(items))
