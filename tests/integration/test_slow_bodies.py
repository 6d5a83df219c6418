"""A request whose body stalls, or a chunked upload that never ends, is answered 408 and
cut off at the body timeout, and others are served meanwhile (a real server: the guard is
uvicorn's protocol)."""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.demo import CLOUD_TOKEN, CONTRIBUTOR_KEY, images_path
from tests.real_servers import connect, running_mock

pytestmark = pytest.mark.slow
BODY_TIMEOUT = 1.0
CREATE_HEAD = (
    b"POST /v2/images HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    b"X-Auth-Token: " + CLOUD_TOKEN.encode() + b"\r\n"
)

# Closient's upload reads a chunked body whole before it validates it.
UPLOAD_HEAD = (
    f"POST {images_path()} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: {CONTRIBUTOR_KEY}\r\n"
    "Content-Type: multipart/form-data; boundary=XX\r\n"
).encode()


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_mock("--body-timeout", str(BODY_TIMEOUT), "--rate-limit", "off") as url:
        yield url


def answer_and_seconds(connection: socket.socket) -> tuple[bytes, float]:
    """Everything the server sends until it closes `connection`, and how long that took."""
    started, received = time.monotonic(), b""
    while chunk := connection.recv(65536):
        received += chunk
    return received, time.monotonic() - started


def images(base_url: str) -> list[object]:
    listing = httpx.get(base_url + "/v2/images", headers={"X-Auth-Token": CLOUD_TOKEN})
    found: list[object] = listing.json()["images"]
    return found


def test_a_stalled_body_is_408_and_others_are_served_meanwhile(base_url: str) -> None:
    before = images(base_url)
    stalled = [connect(base_url) for _ in range(10)]
    for connection in stalled:
        connection.sendall(CREATE_HEAD + b"Content-Length: 100\r\n\r\n" + b'{"name": "st')
    started = time.monotonic()
    assert httpx.get(base_url + "/__admin/state").status_code == 200
    assert time.monotonic() - started < BODY_TIMEOUT
    for connection in stalled:
        answer, seconds = answer_and_seconds(connection)
        assert answer.startswith(b"HTTP/1.1 408 "), answer
        assert seconds < BODY_TIMEOUT + 4
        connection.close()
    assert images(base_url) == before


def test_an_endless_chunked_upload_is_cut_off(base_url: str) -> None:
    with connect(base_url) as connection:
        connection.sendall(UPLOAD_HEAD + b"Transfer-Encoding: chunked\r\n\r\n")
        started = time.monotonic()
        # A trickle that would go on for ever, until the server answers.
        while not select.select([connection], [], [], BODY_TIMEOUT / 20)[0]:
            assert time.monotonic() - started < BODY_TIMEOUT + 4, "never cut off"
            connection.sendall(b"1\r\n \r\n")
        answer, _ = answer_and_seconds(connection)
        assert answer.startswith(b"HTTP/1.1 408 "), answer


def test_a_body_sent_slowly_but_in_time_is_taken(base_url: str) -> None:
    body = b'{"name": "slow but in time"}'
    with connect(base_url) as connection:
        connection.sendall(CREATE_HEAD + f"Content-Length: {len(body)}\r\n\r\n".encode())
        connection.sendall(body[:10])
        time.sleep(BODY_TIMEOUT / 4)
        connection.sendall(body[10:])
        assert connection.recv(65536).startswith(b"HTTP/1.1 201 ")


def test_a_body_still_trickling_after_its_answer_is_cut_off(base_url: str) -> None:
    with connect(base_url) as connection:
        # An unknown key is answered 401 before the body is read.
        head = UPLOAD_HEAD.replace(CONTRIBUTOR_KEY.encode(), b"csb_unknown")
        connection.sendall(head + b"Transfer-Encoding: chunked\r\n\r\n")
        started = time.monotonic()
        answer = b""
        while True:
            if select.select([connection], [], [], BODY_TIMEOUT / 20)[0]:
                chunk = connection.recv(65536)
                if not chunk:
                    break  # closed
                answer += chunk
            assert time.monotonic() - started < BODY_TIMEOUT + 4, "never cut off"
            connection.sendall(b"1\r\n \r\n")
        assert answer.startswith(b"HTTP/1.1 401 ")
