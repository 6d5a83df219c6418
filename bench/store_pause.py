"""`python -m bench store-pause`: the mock over a Redis stopped with SIGSTOP for a while.
One client sends a request a second (a listing, an upload, a Cloud Images listing, a
Bitrix24 listing in turn), and twice during the pause 20 more arrive at once; every answer
given during the pause must come within `--budget-s` (the store timeout and a second) as a
503 with Retry-After. After SIGCONT the gallery must be as before the pause and an upload
must go through. Prints the slowest answers and the status counts; exit status 1 when any
check fails."""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import pathlib
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .fixtures import (
    API_KEY,
    API_KEY_HEADER,
    LIST_GTIN,
    images_path,
    multipart_upload,
    png_of_size,
    request,
    upload_headers,
)
from .stores import RedisUnavailable
from .targets import free_port, mock_command, start

CLOUD_TOKEN = "gAAAAAdemo-cloud-token"
WEBHOOK = "/rest/1/k3q9x2v7m1p8z4r6"
READ = {API_KEY_HEADER: API_KEY}


@dataclass(frozen=True)
class Answer:
    sent: float
    seconds: float
    kind: str
    status: int | str
    retry_after: str | None


def send(port: int, number: int) -> tuple[str, int | str, str | None, float]:
    """The request of this number (a listing, an upload, ... in turn): kind, status,
    Retry-After and seconds."""
    kind = ("closient list", "closient upload", "cloud list", "bitrix24 list")[number % 4]
    arguments: tuple[str, str, bytes | None, dict[str, str]]
    if kind == "closient list":
        arguments = ("GET", images_path(LIST_GTIN), None, READ)
    elif kind == "closient upload":
        body = multipart_upload(png_of_size(2048), title=f"pause {number}")
        arguments = ("POST", images_path(LIST_GTIN), body, upload_headers())
    elif kind == "cloud list":
        arguments = ("GET", "/v2/images", None, {"X-Auth-Token": CLOUD_TOKEN})
    else:
        body = json.dumps({"productId": 1}).encode()
        headers = {"Content-Type": "application/json"}
        arguments = ("POST", f"{WEBHOOK}/catalog.productImage.list", body, headers)
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        method, path, payload, headers = arguments
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        response.read()
        status: int | str = response.status
        retry_after = response.getheader("Retry-After")
    except OSError as error:
        status, retry_after = type(error).__name__, None
    finally:
        connection.close()
    return kind, status, retry_after, time.monotonic() - started


@contextlib.contextmanager
def pausable_redis(directory: pathlib.Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RedisUnavailable("no redis-server on PATH (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RedisUnavailable("redis-server did not start")
            time.sleep(0.01)
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        process.send_signal(signal.SIGCONT)
        process.terminate()
        process.wait(timeout=10)


def listed(port: int) -> list[str]:
    status, body = request(port, "GET", images_path(LIST_GTIN), headers=READ, timeout=30)
    if status != 200:
        raise RuntimeError(f"the listing answered {status}")
    return [image["id"] for image in json.loads(body)["data"]]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench store-pause", description=__doc__)
    parser.add_argument("--seconds", type=float, default=30.0, help="how long Redis is paused")
    parser.add_argument("--store-timeout", type=float, default=2.0)
    parser.add_argument("--at-once", type=int, default=20, help="requests in each burst")
    parser.add_argument("--budget-s", type=float, help="default: the store timeout + 1 s")
    parser.add_argument("--mock-arg", action="append", default=[], metavar="ARG")
    args = parser.parse_args(argv)
    budget = args.budget_s if args.budget_s is not None else args.store_timeout + 1
    answers: list[Answer] = []
    lock = threading.Lock()

    def timed(port: int, number: int, origin: float) -> None:
        sent = time.monotonic() - origin
        kind, status, retry_after, seconds = send(port, number)
        with lock:
            answers.append(Answer(sent, seconds, kind, status, retry_after))

    with (
        tempfile.TemporaryDirectory() as directory,
        pausable_redis(pathlib.Path(directory)) as (url, redis_process),
    ):
        port = free_port()
        extra = ["--store", url, "--store-timeout", str(args.store_timeout), *args.mock_arg]
        server, _ = start("ours", mock_command(port, extra, tuned=True), port)
        try:
            before = listed(port)
            origin = time.monotonic()
            redis_process.send_signal(signal.SIGSTOP)
            threads: list[threading.Thread] = []

            def sent(number: int) -> None:
                thread = threading.Thread(target=timed, args=(port, number, origin))
                thread.start()
                threads.append(thread)

            bursts = {0.2: 100, args.seconds / 2: 200}  # when: the first request's number
            number = 0
            while (now := time.monotonic() - origin) < args.seconds:
                for at, first in list(bursts.items()):
                    if now >= at:
                        del bursts[at]
                        for offset in range(args.at_once):
                            sent(first + offset)
                if now >= number:  # one a second
                    sent(number)
                    number += 1
                time.sleep(0.02)
            redis_process.send_signal(signal.SIGCONT)
            for thread in threads:
                thread.join()
            resumed = time.monotonic()
            while True:
                status, _ = request(port, "GET", images_path(LIST_GTIN), headers=READ)
                if status == 200 or time.monotonic() - resumed > 10:
                    break
                time.sleep(0.05)
            back_after = time.monotonic() - resumed
            after = listed(port)
            body = multipart_upload(png_of_size(2048), title="after the pause")
            written, _ = request(port, "POST", images_path(LIST_GTIN), body, upload_headers())
            grown = listed(port)
        finally:
            server.stop()

    seconds = [answer.seconds for answer in answers]
    print(
        f"Redis paused {args.seconds:g} s, --store-timeout {args.store_timeout:g}: "
        f"{len(answers)} requests, slowest {max(seconds):.3f} s, "
        f"median {statistics.median(seconds) * 1000:.1f} ms"
    )
    print("statuses:", dict(Counter((answer.kind, answer.status) for answer in answers)))
    for answer in sorted(answers, key=lambda answer: -answer.seconds)[:3]:
        print(
            f"  sent at {answer.sent:.2f} s: {answer.kind} {answer.status} "
            f"in {answer.seconds:.3f} s"
        )
    print(
        f"after SIGCONT: answered again within {back_after:.2f} s; gallery as before: "
        f"{after == before}; an upload: {written} (listed: {len(grown) == len(after) + 1})"
    )
    failures = [
        answer
        for answer in answers
        if answer.seconds > budget or answer.status != 503 or answer.retry_after is None
    ]
    ok = not failures and after == before and written == 201 and len(grown) == len(after) + 1
    print(f"{len(failures)} answer(s) past {budget:g} s or not a 503 with Retry-After")
    return 0 if ok else 1
