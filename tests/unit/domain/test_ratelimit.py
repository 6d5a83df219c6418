from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mockserver.domain.memory_store import MemoryStore
from mockserver.domain.ratelimit import RateLimiter, StoredRateLimiter, Window, parse_windows
from mockserver.domain.store import Change, R, StoreUnavailable, T, Table


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_requests_within_the_limit_are_allowed_and_counted_down() -> None:
    limiter = RateLimiter([Window(3, 60)], FakeClock())
    remaining = [limiter.hit("a").remaining for _ in range(3)]
    assert remaining == [2, 1, 0]


def test_request_over_the_limit_is_refused_until_the_window_resets() -> None:
    clock = FakeClock()
    limiter = RateLimiter([Window(2, 60)], clock)
    limiter.hit("a")
    limiter.hit("a")
    clock.now += 20
    refused = limiter.hit("a")
    assert not refused.allowed
    assert refused.reset_seconds == 40
    assert refused.reset_at == 1_000_060
    clock.now += 40
    assert limiter.hit("a").allowed


def test_clients_are_counted_apart() -> None:
    limiter = RateLimiter([Window(1, 60)], FakeClock())
    assert limiter.hit("a").allowed
    assert limiter.hit("b").allowed
    assert not limiter.hit("a").allowed


def test_the_most_restrictive_window_is_reported() -> None:
    clock = FakeClock()
    limiter = RateLimiter([Window(10, 60), Window(12, 86_400)], clock)
    for _ in range(9):
        limiter.hit("a")
    decision = limiter.hit("a")
    assert (decision.limit, decision.remaining, decision.reset_seconds) == (10, 0, 60)
    clock.now += 60
    decision = limiter.hit("a")
    assert (decision.limit, decision.remaining) == (12, 1)
    assert decision.reset_seconds == 86_400 - 60


def test_a_refused_request_counts_against_no_window() -> None:
    clock = FakeClock()
    limiter = RateLimiter([Window(1, 60), Window(5, 3600)], clock)
    limiter.hit("a")
    for _ in range(10):
        assert not limiter.hit("a").allowed
    clock.now += 60
    assert limiter.hit("a").remaining == 0  # minute window: 1 of 1 used
    clock.now += 60
    assert limiter.hit("a").allowed  # the hour window saw 3 requests, not 13


def test_clients_whose_windows_closed_are_forgotten() -> None:
    clock = FakeClock()
    limiter = RateLimiter([Window(5, 60)], clock)
    for client in ("a", "b"):
        limiter.hit(client)
    clock.now += 30
    limiter.hit("c")
    clock.now += 31  # the windows of a and b closed, c's is still open
    limiter.hit("d")
    assert limiter.tracked_clients() == 2
    assert limiter.hit("c").remaining == 3


def test_past_the_most_tracked_the_least_recently_seen_is_forgotten() -> None:
    limiter = RateLimiter([Window(5, 60)], FakeClock(), max_clients=3)
    for client in ("a", "b", "c", "a", "d"):
        limiter.hit(client)
    assert limiter.tracked_clients() == 3
    assert limiter.hit("a").remaining == 2  # kept: seen after b
    assert limiter.hit("b").remaining == 4  # forgotten: starts afresh


def test_a_flood_of_new_clients_stays_within_the_most_tracked() -> None:
    limiter = RateLimiter([Window(5, 60)], FakeClock(), max_clients=100)
    for number in range(10_000):
        limiter.hit(f"client {number}")
    assert limiter.tracked_clients() == 100


def test_forgetting_looks_at_a_few_clients_per_request_not_all() -> None:
    clock = FakeClock()
    limiter = RateLimiter([Window(5, 60)], clock)
    for number in range(1000):
        limiter.hit(f"client {number}")
    clock.now += 61
    limiter.hit("newcomer")
    assert 995 <= limiter.tracked_clients() < 1001


def test_windows_parse_from_the_command_line_form() -> None:
    assert parse_windows("300/60, 10000/86400") == (Window(300, 60), Window(10_000, 86_400))


@pytest.mark.parametrize("text", ["300", "a/60", "0/60", "10/0", ""])
def test_malformed_windows_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="window"):
        parse_windows(text)


@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b"]), st.integers(min_value=0, max_value=90)),
        max_size=40,
    )
)
def test_counting_in_a_store_decides_as_counting_in_memory(
    hits: list[tuple[str, int]],
) -> None:
    clock = FakeClock()
    windows = [Window(3, 60), Window(5, 200)]
    in_memory = RateLimiter(windows, clock)
    in_store = StoredRateLimiter(MemoryStore(), windows, clock)
    for client, seconds_later in hits:
        clock.now += seconds_later
        assert in_store.hit(client) == in_memory.hit(client)
    assert in_store.policy == in_memory.policy


class UnreachableStore(MemoryStore):
    def change(self, table: Table[T], key: str, change: Change[T, R]) -> R:
        raise StoreUnavailable()


def test_counting_in_a_store_out_of_reach_lets_the_request_through() -> None:
    limiter = StoredRateLimiter(UnreachableStore(), [Window(1, 60)], FakeClock())
    assert all(limiter.hit("a").allowed for _ in range(3))
