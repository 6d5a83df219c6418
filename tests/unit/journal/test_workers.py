"""Workers' rings served and gathered over Unix sockets, in one process: what a reader
gets from another worker is what that worker would show itself."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from mockserver.journal.reading import Filters, query_journal, render_entry
from mockserver.journal.ring import Journal
from mockserver.journal.workers import WorkerRings


def operation_of(contract: str, method: str, path: str) -> str | None:
    return f"{method.lower()}-{contract}"


def record(journal: Journal, path: str, body: bytes = b"") -> None:
    scope = {"type": "http", "method": "POST", "path": path, "query_string": b"", "headers": []}
    entry = journal.start("c", scope)
    entry.request_body = body
    entry.status = 201
    entry.response_headers = ((b"content-type", b"application/json"),)
    entry.response_body = b'{"id": 1}'


@pytest.fixture
def rings(tmp_path: Path) -> Iterator[tuple[WorkerRings, WorkerRings]]:
    first = WorkerRings(tmp_path, Journal(3), operation_of, name="1")
    second = WorkerRings(tmp_path, Journal(3), operation_of, name="2")
    stops = [first.serve(), second.serve()]
    yield first, second
    for stop in stops:
        stop()


def test_a_reader_gets_the_other_workers_entries_as_that_worker_shows_them(
    rings: tuple[WorkerRings, WorkerRings],
) -> None:
    first, second = rings
    record(second.journal, "/b", b"a body")
    filters = Filters(body_bytes=4)
    held, unanswered = asyncio.run(first.gather(filters, "body_bytes=4"))
    assert unanswered == 0
    [own, other] = held
    assert (own.worker, own.entries, other.worker) == ("1", [], "2")
    [shown] = other.entries
    [original] = list(second.journal)
    assert render_entry(shown, operation_of, 4, "2") == render_entry(original, operation_of, 4, "2")


def test_the_gathered_journal_is_the_capacity_most_recent(
    rings: tuple[WorkerRings, WorkerRings],
) -> None:
    first, second = rings
    for n in range(4):  # alternately, in time order
        record((first if n % 2 else second).journal, f"/{n}")
    held, _ = asyncio.run(first.gather(Filters(), ""))
    answer = query_journal(held, 3, Filters(), operation_of)
    assert [entry["path"] for entry in answer["requests"]] == ["/1", "/2", "/3"]
    assert [entry["id"] for entry in answer["requests"]] == ["1-1", "2-2", "1-2"]
    assert (answer["recorded"], answer["dropped"]) == (4, 1)


def test_a_clearing_reaches_every_worker(rings: tuple[WorkerRings, WorkerRings]) -> None:
    first, second = rings
    record(first.journal, "/a")
    record(second.journal, "/b")
    assert asyncio.run(first.clear()) == 0
    assert (len(first.journal), len(second.journal), second.journal.recorded) == (0, 0, 0)


def test_the_socket_of_a_worker_that_is_gone_is_removed(tmp_path: Path) -> None:
    gone = tmp_path / "99.sock"
    with socket.socket(socket.AF_UNIX) as dead:
        dead.bind(str(gone))  # bound, never listening: what a killed worker leaves
    reader = WorkerRings(tmp_path, Journal(3), operation_of, name="1")
    held, unanswered = asyncio.run(reader.gather(Filters(), ""))
    assert (len(held), unanswered, gone.exists()) == (1, 0, False)
