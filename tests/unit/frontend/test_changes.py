"""The change feed: a stream starts with the current version, then gets each new one, a
keepalive when nothing changes, and ends after its lifetime."""

from __future__ import annotations

import asyncio

from mockserver.frontend.changes import ChangeFeed


def test_a_stream_follows_the_versions() -> None:
    async def run() -> list[int | None]:
        feed = ChangeFeed()
        feed.bump()
        seen: list[int | None] = []
        stream = feed.versions(keepalive=0.05, lifetime=5)
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
        return [version async for version in ChangeFeed().versions(keepalive=0.01, lifetime=0.05)]

    seen = asyncio.run(run())
    assert seen[0] == 0
    assert set(seen[1:]) <= {None}
