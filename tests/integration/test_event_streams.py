"""Gallery live-update streams cannot starve the APIs: past their cap each further stream
is a 503 that closes its connection, and the APIs keep answering."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from urllib.parse import urlsplit

import httpx
import pytest

from mockserver.config import MockConfig
from tests.demo import auth, images_path
from tests.real_servers import running_mock

STREAMS_TRIED = 1200
"""More streams than the mock's default --max-connections (1,000) takes connections."""
BATCH = 50
"""Streams asked for at once, as pages open (and EventSources reconnect) over time. (A
thousand connections opened in the same instant are all refused by uvicorn's own
--max-connections guard, streams and API requests alike, until the refused ones close.)"""


async def open_streams(
    base_url: str, count: int
) -> tuple[Counter[int], list[asyncio.StreamWriter]]:
    """Asks for `count` event streams at once: the statuses answered, and the connections of
    the streams that were opened (held open). A refused stream's connection must be closed
    by the mock."""
    address = urlsplit(base_url)
    held: list[asyncio.StreamWriter] = []

    async def one() -> int:
        reader, writer = await asyncio.open_connection(address.hostname, address.port)
        writer.write(f"GET /__gallery/events HTTP/1.1\r\nHost: {address.netloc}\r\n\r\n".encode())
        await writer.drain()
        status = int((await reader.readline()).split()[1])
        if status == 200:
            held.append(writer)
        else:
            await asyncio.wait_for(reader.read(), timeout=10)  # to the end: closed by the mock
            writer.close()
        return status

    statuses: Counter[int] = Counter()
    for batch in range(0, count, BATCH):
        asked = (one() for _ in range(min(BATCH, count - batch)))
        statuses.update(await asyncio.wait_for(asyncio.gather(*asked), 60))
    return statuses, held


@pytest.mark.slow
def test_past_the_stream_cap_a_list_still_answers_at_once() -> None:
    async def run(base_url: str) -> tuple[Counter[int], int, float]:
        statuses, held = await open_streams(base_url, STREAMS_TRIED)
        try:
            async with httpx.AsyncClient(base_url=base_url) as client:
                began = time.perf_counter()
                response = await client.get(images_path(), headers=auth())
                took = time.perf_counter() - began
        finally:
            for writer in held:
                writer.close()
        return statuses, response.status_code, took

    with running_mock("--rate-limit", "off") as base_url:
        statuses, list_status, took = asyncio.run(run(base_url))
    assert statuses[200] == MockConfig.max_event_streams
    assert statuses[503] == STREAMS_TRIED - MockConfig.max_event_streams
    assert list_status == 200
    assert took < 1.0, f"the list took {took:.2f} s"
