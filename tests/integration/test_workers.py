"""`mockserver --workers N` over a shared store, as users run it: one state behind every
worker, single slots held once under concurrent uploads, nothing acknowledged lost when a
worker is killed, and a SQLite store that outlives the mock."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.demo import CONTRIBUTOR_KEY, DEMO_PICTURE_TITLES, images_path
from tests.images import png
from tests.real_servers import running_mock, running_mock_process, worker_pids
from tests.redis_server import RedisServer

pytestmark = pytest.mark.slow

HEADERS = {"X-API-Key": CONTRIBUTOR_KEY}


@pytest.fixture(scope="module")
def two_workers_running(redis_server: RedisServer) -> Iterator[tuple[str, int]]:
    """Two workers over the session's Redis; the base URL and the parent's pid. A worker
    killed by a test is started again by the parent."""
    arguments = ("--workers", "2", "--store", redis_server.url, "--rate-limit", "off")
    with running_mock_process(*arguments) as (base_url, process):
        yield base_url, process.pid


@pytest.fixture
def two_workers(two_workers_running: tuple[str, int]) -> tuple[str, int]:
    """`two_workers_running`, reset to its seed."""
    httpx.post(two_workers_running[0] + "/__admin/reset").raise_for_status()
    return two_workers_running


def upload(base_url: str, seed: int, primary: bool = False) -> str:
    # A connection of its own each time: the kernel spreads them over the workers.
    response = httpx.post(
        base_url + images_path(),
        headers=HEADERS,
        files={"image": (f"{seed}.png", png(seed=seed), "image/png")},
        data={"is_primary": "true" if primary else "false", "title": f"upload {seed}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    image_id: str = response.json()["id"]
    return image_id


def listed(base_url: str) -> list[dict[str, object]]:
    state = httpx.get(base_url + "/__admin/state", timeout=30).json()
    organization = state["organizations"][0]
    images: list[dict[str, object]] = organization["products"][0]["images"]
    return images


def test_both_workers_answer_from_one_state(two_workers: tuple[str, int]) -> None:
    base_url, parent = two_workers
    _wait_for(lambda: len(worker_pids(parent)) == 2)  # also once one was killed and restarted
    uploaded = {upload(base_url, seed) for seed in range(10)}
    for _ in range(10):
        assert uploaded <= {image["id"] for image in listed(base_url)}


def test_sixteen_concurrent_primary_uploads_through_two_workers_leave_one_primary(
    two_workers: tuple[str, int],
) -> None:
    base_url, _ = two_workers
    seeded = {image["id"] for image in listed(base_url)}
    assert len(seeded) == len(DEMO_PICTURE_TITLES)  # stocked once, not once per worker

    with ThreadPoolExecutor(max_workers=16) as pool:
        uploaded = set(pool.map(lambda i: upload(base_url, i, primary=True), range(16)))

    images = listed(base_url)
    assert {image["id"] for image in images} == uploaded | seeded
    primaries = [image["id"] for image in images if image["is_primary"]]
    assert len(primaries) == 1
    assert primaries[0] in uploaded


def test_a_worker_killed_mid_run_loses_nothing_acknowledged(
    two_workers: tuple[str, int],
) -> None:
    base_url, parent = two_workers
    acknowledged: list[str] = []
    stop = threading.Event()

    def keep_uploading(thread: int) -> None:
        seed = thread * 10_000
        while not stop.is_set():
            seed += 1
            # One in flight at the killed worker fails: it was never acknowledged.
            with contextlib.suppress(httpx.TransportError, AssertionError):
                acknowledged.append(upload(base_url, seed))

    threads = [threading.Thread(target=keep_uploading, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    try:
        _wait_for(lambda: len(acknowledged) >= 30)
        os.kill(worker_pids(parent)[0], signal.SIGKILL)
        killed_at = len(acknowledged)
        _wait_for(lambda: len(acknowledged) >= killed_at + 30)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    assert set(acknowledged) <= {image["id"] for image in listed(base_url)}


def test_a_sqlite_store_survives_a_restart_with_its_bytes(tmp_path: Path) -> None:
    store = ("--store", f"sqlite:///{tmp_path / 'state.db'}", "--rate-limit", "off")
    content = png(width=4, height=3, seed=11)
    with running_mock(*store) as base_url:
        response = httpx.post(
            base_url + images_path(),
            headers=HEADERS,
            files={"image": ("kept.png", content, "image/png")},
        )
        image_path = httpx.URL(response.json()["image_url"]).path
        before = listed(base_url)

    with running_mock(*store) as base_url:
        assert listed(base_url) == before  # the seed's pictures not stocked a second time
        served = httpx.get(base_url + image_path)
        assert served.content == content


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
