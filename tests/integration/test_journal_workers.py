"""One request journal across the workers of `mockserver --workers N`: whichever worker a
journal request reaches answers for every worker's requests, bounded as one ring, and a
clearing clears them all."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.demo import auth, images_path
from tests.real_servers import running_mock

pytestmark = pytest.mark.slow

JOURNAL = "/__admin/requests"
CAPACITY = 6


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("journal-workers") / "state.db"
    arguments = ("--workers", "2", "--store", f"sqlite:///{store}", "--rate-limit", "off")
    with running_mock(*arguments, "--journal", str(CAPACITY)) as base_url:
        yield base_url


def read(base_url: str) -> dict[str, Any]:
    # A connection of its own each time: the kernel spreads them over the workers.
    response = httpx.get(base_url + JOURNAL, timeout=30)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def send(base_url: str, names: list[str]) -> None:
    for name in names:
        headers = {**auth(), "X-Request-Id": name}
        assert httpx.get(base_url + images_path(), headers=headers, timeout=30).status_code == 200


def spread_over_both(base_url: str, names: list[str]) -> None:
    """`names` sent after a clearing, again until both workers took some of them."""
    for _ in range(20):
        assert httpx.delete(base_url + JOURNAL, timeout=30).status_code == 204
        send(base_url, names)
        if len({entry["worker"] for entry in read(base_url)["requests"]}) == 2:
            return
    pytest.fail("every request went to one worker")


def test_each_worker_answers_for_the_requests_of_all(two_workers: str) -> None:
    names = [f"ui-{n}" for n in range(CAPACITY)]
    spread_over_both(two_workers, names)
    for _ in range(10):
        answer = read(two_workers)
        assert [entry["id"] for entry in answer["requests"]] == names
        assert (answer["count"], answer["recorded"], answer["dropped"]) == (CAPACITY, CAPACITY, 0)


def test_the_journal_of_several_workers_keeps_the_most_recent_as_one_ring(
    two_workers: str,
) -> None:
    names = [f"ui-{n}" for n in range(CAPACITY + 4)]
    spread_over_both(two_workers, names)
    for _ in range(5):
        answer = read(two_workers)
        assert [entry["id"] for entry in answer["requests"]] == names[-CAPACITY:]
        assert (answer["capacity"], answer["recorded"], answer["dropped"]) == (CAPACITY, 10, 4)


def test_filters_apply_to_every_workers_requests(two_workers: str) -> None:
    spread_over_both(two_workers, [f"ui-{n}" for n in range(CAPACITY)])
    response = httpx.get(two_workers + JOURNAL, params={"limit": 2, "status": "200"})
    assert [entry["id"] for entry in response.json()["requests"]] == ["ui-4", "ui-5"]


def test_a_clearing_clears_every_workers_ring(two_workers: str) -> None:
    spread_over_both(two_workers, [f"ui-{n}" for n in range(CAPACITY)])
    assert httpx.delete(two_workers + JOURNAL).status_code == 204
    for _ in range(10):
        answer = read(two_workers)
        assert (answer["count"], answer["recorded"]) == (0, 0)


def test_the_shared_folder_is_removed_when_the_mock_stops(tmp_path: Path) -> None:
    folders = Path(tempfile.gettempdir()).glob
    before = set(folders("mockserver-journal-*"))
    store = ("--store", f"sqlite:///{tmp_path / 'state.db'}")
    with running_mock("--workers", "2", *store) as base_url:
        send(base_url, ["one"])
        made = set(folders("mockserver-journal-*")) - before
        assert len(made) == 1
    assert not any(folder.exists() for folder in made)
