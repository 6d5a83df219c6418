"""A connection's answers are written at the end of each turn of the event loop
(`mockserver.http.joined_writes`): on a real server, none is lost, cut or reordered, whether
requests come pipelined or the connection is to close after its answer."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

import pytest

from tests.real_servers import connect, running_mock

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_mock() as url:
        yield url


def read_answers(connection: socket.socket, count: int) -> list[tuple[int, bytes]]:
    """`count` answers (status and body, by their Content-Length) read off `connection`."""
    data = b""
    answers: list[tuple[int, bytes]] = []
    while len(answers) < count:
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            head = data[:head_end].decode("latin-1")
            length = int(re.search(r"(?im)^content-length: *(\d+)", head)[1])  # type: ignore[index]
            end = head_end + 4 + length
            if len(data) >= end:
                answers.append((int(head.split()[1]), data[head_end + 4 : end]))
                data = data[end:]
                continue
        chunk = connection.recv(65536)
        assert chunk, f"closed after {len(answers)} of {count} answers"
        data += chunk
    assert data == b"", "bytes past the last answer"
    return answers


def request(path: str, *, close: bool = False) -> bytes:
    connection = b"Connection: close\r\n" if close else b""
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode() + connection + b"\r\n"


def test_pipelined_requests_are_answered_whole_and_in_order(base_url: str) -> None:
    paths = ["/__admin/state", "/no/such/path", "/__admin/state", "/__admin/requests"] * 5
    with connect(base_url) as connection:
        connection.sendall(b"".join(request(path) for path in paths))
        answers = read_answers(connection, len(paths))
    assert [status for status, _ in answers] == [200, 404, 200, 200] * 5
    assert all(body.startswith(b"{") for _, body in answers)


def test_an_answer_before_the_connection_closes_is_whole(base_url: str) -> None:
    with connect(base_url) as connection:
        connection.sendall(request("/__admin/state") + request("/__admin/state", close=True))
        answers = read_answers(connection, 2)
        assert connection.recv(65536) == b""  # closed after the second
    assert [status for status, _ in answers] == [200, 200]
