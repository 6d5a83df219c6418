"""A mock process whose store stops answering (Redis stopped with SIGSTOP, a SQLite file
locked by another connection): every request is a 503 with Retry-After within the store
timeout and a margin, however many arrive at once, and once the store answers again the
state is as it was and writes go through."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.demo import BITRIX_PRODUCT, BITRIX_USER, BITRIX_WEBHOOK_CODE, auth, images_path
from tests.images import png
from tests.real_servers import running_mock
from tests.redis_server import running_redis

from .cloud_images.records import token

pytestmark = pytest.mark.slow

TIMEOUT = 0.5
"""The mock's --store-timeout in these tests."""
BOUND = TIMEOUT + 2
"""The longest any request may take while the store does not answer."""
OUTAGE = 2.5
"""Seconds the store is kept from answering while requests are sent."""
AT_ONCE = 16

Request = Callable[[httpx.Client, int], httpx.Response]


def upload(client: httpx.Client, seed: int) -> httpx.Response:
    files = {"image": (f"{seed}.png", png(seed=seed), "image/png")}
    return client.post(images_path(), headers=auth(), files=files)


def listing(client: httpx.Client, _: int = 0) -> httpx.Response:
    return client.get(images_path(), headers=auth())


def cloud_listing(client: httpx.Client, _: int) -> httpx.Response:
    return client.get("/v2/images", headers=token())


def bitrix_listing(client: httpx.Client, _: int) -> httpx.Response:
    webhook = f"/rest/{BITRIX_USER}/{BITRIX_WEBHOOK_CODE}"
    return client.post(f"{webhook}/catalog.productImage.list", json={"productId": BITRIX_PRODUCT})


def admin_state(client: httpx.Client, _: int) -> httpx.Response:
    return client.get("/__admin/state")


REQUESTS: list[Request] = [upload, listing, cloud_listing, bitrix_listing, admin_state]


def timed(base_url: str, number: int) -> tuple[float, httpx.Response]:
    """One of the requests (by `number`), on a connection of its own, and its seconds."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        started = time.monotonic()
        response = REQUESTS[number % len(REQUESTS)](client, number)
        return time.monotonic() - started, response


def listed_ids(base_url: str) -> list[str]:
    with httpx.Client(base_url=base_url, timeout=30) as client:
        response = listing(client)
    assert response.status_code == 200, response.text
    return [image["id"] for image in response.json()["data"]]


def answered_during_an_outage(
    base_url: str, outage: contextlib.AbstractContextManager[Any], reads_go_on: bool = False
) -> None:
    """While `outage` holds: requests at once, then one after another, each a 503 with
    Retry-After within the bound (with `reads_go_on`, a read may be answered before the
    store is found out of reach); after it, the state is as it was and a write goes
    through."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for seed in range(2):
            assert upload(client, seed).status_code == 201
    before = listed_ids(base_url)
    answers: list[tuple[float, httpx.Response]] = []
    with outage:
        started = time.monotonic()
        with ThreadPoolExecutor(AT_ONCE) as pool:
            answers += pool.map(lambda n: timed(base_url, n), range(AT_ONCE))
        number = AT_ONCE
        while time.monotonic() - started < OUTAGE:
            answers.append(timed(base_url, number))
            number += 1
    for seconds, response in answers:
        assert seconds < BOUND
        if reads_go_on and is_read(response.request):
            assert response.status_code in (200, 503)
            continue
        assert response.status_code == 503, response.text
        assert response.headers["Retry-After"] == "1"
    assert back(base_url) == before
    with httpx.Client(base_url=base_url, timeout=30) as client:
        written = upload(client, 99)
    assert written.status_code == 201, written.text
    assert listed_ids(base_url) == [*before, written.json()["id"]]


def is_read(request: httpx.Request) -> bool:
    return request.method == "GET" or request.url.path.endswith("/catalog.productImage.list")


def back(base_url: str) -> list[str]:
    """The listing once the mock answers it again."""
    deadline = time.monotonic() + 10
    while True:
        with httpx.Client(base_url=base_url, timeout=30) as client:
            response = listing(client)
        if response.status_code == 200:
            return [image["id"] for image in response.json()["data"]]
        assert response.status_code == 503
        assert time.monotonic() < deadline, "the mock does not answer again"
        time.sleep(0.1)


def test_a_paused_redis_is_a_503_in_time_and_nothing_is_lost(tmp_path: Path) -> None:
    with running_redis(tmp_path) as server:
        url = server.url

        @contextlib.contextmanager
        def paused() -> Iterator[None]:
            server.pause()
            try:
                yield
            finally:
                server.resume()

        with running_mock("--store", url, "--store-timeout", str(TIMEOUT)) as base_url:
            answered_during_an_outage(base_url, paused())


def test_a_locked_sqlite_file_is_a_503_in_time_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "state.db"

    @contextlib.contextmanager
    def locked() -> Iterator[None]:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        other.execute("DELETE FROM vals")  # never committed: never seen by the mock
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()

    with running_mock("--store", f"sqlite:///{path}", "--store-timeout", str(TIMEOUT)) as base_url:
        # Its readers do not wait for the writer (WAL): the state may be read at first.
        answered_during_an_outage(base_url, locked(), reads_go_on=True)
