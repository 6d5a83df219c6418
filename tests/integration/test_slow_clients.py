"""Clients that stall while sending a request's head are cut off at the header timeout,
and do not hold up anyone else meanwhile (a real server: the guard is uvicorn's protocol)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.real_servers import connect, running_mock

pytestmark = pytest.mark.slow
HEADER_TIMEOUT = 0.5
MAX_HEAD_BYTES = 4096
LONG_TIMEOUT = 30.0


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_mock("--header-timeout", str(HEADER_TIMEOUT)) as url:
        yield url


@pytest.fixture(scope="module")
def patient_url() -> Iterator[str]:
    """A mock whose heads may be slow but not big."""
    with running_mock(
        "--header-timeout", str(LONG_TIMEOUT), "--max-head-bytes", str(MAX_HEAD_BYTES)
    ) as url:
        yield url


def seconds_until_closed(connection: socket.socket) -> float:
    """How long the server takes to close `connection` (reading whatever it sends first)."""
    started = time.monotonic()
    while connection.recv(65536):
        pass
    return time.monotonic() - started


def test_a_stalled_head_is_cut_off_and_others_are_served_meanwhile(base_url: str) -> None:
    stalled = [connect(base_url) for _ in range(20)]
    for connection in stalled:
        connection.sendall(b"GET /__admin/state HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    started = time.monotonic()
    assert httpx.get(base_url + "/__admin/state").status_code == 200
    assert time.monotonic() - started < HEADER_TIMEOUT
    for connection in stalled:
        assert seconds_until_closed(connection) < 5
        connection.close()


def test_a_connection_that_sends_nothing_is_cut_off(base_url: str) -> None:
    with connect(base_url) as silent:
        assert seconds_until_closed(silent) < 5


def test_a_stalled_second_request_on_a_kept_alive_connection_is_cut_off(base_url: str) -> None:
    with connect(base_url) as connection:
        request = b"GET /__admin/state HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        connection.sendall(request)
        assert connection.recv(65536).startswith(b"HTTP/1.1 200")
        connection.sendall(b"GET /__admin/state HTTP/1.1\r\n")
        assert seconds_until_closed(connection) < 5


def test_a_head_that_arrives_in_time_is_served(base_url: str) -> None:
    with connect(base_url) as connection:
        connection.sendall(b"GET /__admin/state HTTP/1.1\r\n")
        time.sleep(HEADER_TIMEOUT / 5)  # a slow but live client: part of the head, then more
        connection.sendall(b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert connection.recv(65536).startswith(b"HTTP/1.1 200")


@pytest.mark.parametrize("earlier_requests", [0, 1])
def test_a_head_that_grows_past_its_limit_is_cut_off_long_before_the_timeout(
    patient_url: str, earlier_requests: int
) -> None:
    with connect(patient_url) as connection:
        for _ in range(earlier_requests):  # the later request of a kept-alive connection
            connection.sendall(b"GET /__admin/state HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert connection.recv(65536).startswith(b"HTTP/1.1 200")
        connection.sendall(b"GET /__admin/state HTTP/1.1\r\nX-Filler: " + b"a" * MAX_HEAD_BYTES)
        assert seconds_until_closed(connection) < LONG_TIMEOUT / 3
