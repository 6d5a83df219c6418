"""The change feed: a stream starts with the current version, then gets each new one, a
keepalive when nothing changes, and ends after its lifetime."""

from __future__ import annotations

import asyncio

from mockserver.frontend.changes import ChangeFeed, stream_cap


def test_a_stream_follows_the_versions() -> None:
    async def run() -> list[int | None]:
        feed = ChangeFeed(lifetime=5)
        feed.bump()
        seen: list[int | None] = []
        stream = feed.versions(keepalive=0.05)
        seen.append(await anext(stream))
        feed.bump()
        feed.bump()  # two changes before the page looks: one event, the latest version
        seen.append(await anext(stream))
        seen.append(await anext(stream))  # nothing more: a keepalive
        await stream.aclose()
        return seen

    assert asyncio.run(run()) == [1, 3, None]


def test_a_stream_ends_after_its_lifetime() -> None:
    async def run() -> list[int | None]:
        return [version async for version in ChangeFeed(lifetime=0.05).versions(keepalive=0.01)]

    seen = asyncio.run(run())
    assert seen[0] == 0
    assert set(seen[1:]) <= {None}


def test_a_stream_ends_after_its_idle_time_without_a_change() -> None:
    async def run() -> tuple[list[int | None], float]:
        feed = ChangeFeed(idle=0.1, lifetime=60)
        began = asyncio.get_running_loop().time()
        seen = [version async for version in feed.versions(keepalive=0.02)]
        return seen, asyncio.get_running_loop().time() - began

    seen, took = asyncio.run(run())
    assert seen[0] == 0
    assert set(seen[1:]) <= {None}
    assert 0.1 <= took < 1


def test_a_change_keeps_a_stream_from_its_idle_end() -> None:
    async def run() -> list[int | None]:
        feed = ChangeFeed(idle=0.2, lifetime=60)
        stream = feed.versions(keepalive=10)
        seen = [await anext(stream)]
        await asyncio.sleep(0.15)
        feed.bump()
        seen.append(await anext(stream))
        await asyncio.sleep(0.15)  # 0.3 s since the stream began, 0.15 since the change
        feed.bump()
        seen.append(await anext(stream))
        seen += [version async for version in stream]  # then idle: it ends
        return seen

    assert asyncio.run(run()) == [0, 1, 2]


def test_the_feed_admits_streams_up_to_its_cap() -> None:
    feed = ChangeFeed(max_streams=2)
    assert [feed.open_stream() for _ in range(3)] == [True, True, False]
    feed.close_stream()
    assert feed.open_stream() is True
    assert feed.open_streams == 2


def test_streams_never_take_more_than_half_of_the_connections() -> None:
    assert stream_cap(100, 1000) == 100
    assert stream_cap(100, 150) == 75
    assert stream_cap(100, 1) == 0
