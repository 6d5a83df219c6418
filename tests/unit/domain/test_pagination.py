from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mockserver.domain.pagination import paginate


@given(
    total=st.integers(min_value=0, max_value=300),
    page=st.integers(min_value=1, max_value=20),
    page_size=st.integers(min_value=1, max_value=100),
)
def test_pages_cut_the_sequence_without_gaps_or_overlaps(
    total: int, page: int, page_size: int
) -> None:
    items = list(range(total))
    result = paginate(items, page, page_size)
    assert list(result.items) == items[(page - 1) * page_size : page * page_size]
    assert result.total_count == total
    assert result.total_pages == (total + page_size - 1) // page_size
    assert result.has_next == (page * page_size < total)
    assert result.has_previous == (page > 1)


def test_a_page_past_the_end_is_empty() -> None:
    result = paginate([1, 2, 3], 5, 2)
    assert result.items == ()
    assert result.total_pages == 2
    assert not result.has_next


def test_an_empty_listing_has_no_pages() -> None:
    result = paginate(list[int](), 1, 25)
    assert (result.total_pages, result.has_next, result.has_previous) == (0, False, False)


@pytest.mark.parametrize(("page", "page_size"), [(0, 10), (1, 0), (-1, 5)])
def test_pages_and_sizes_start_at_one(page: int, page_size: int) -> None:
    with pytest.raises(ValueError, match="start at 1"):
        paginate([1], page, page_size)
