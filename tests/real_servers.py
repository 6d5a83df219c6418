"""Starting servers on real loopback ports for the tests: a free port, and waiting until the
server there answers."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import httpx
import uvicorn
from starlette.types import ASGIApp


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def connect(base_url: str, timeout: float = 10) -> socket.socket:
    """A raw TCP connection to the server at `base_url`, for writing requests by hand."""
    address = urlsplit(base_url)
    connection = socket.create_connection((address.hostname or "", address.port or 80))
    connection.settimeout(timeout)
    return connection


def wait_until_answering(base_url: str, alive: threading.Event | subprocess.Popen[bytes]) -> None:
    """Poll the mock at `base_url` until it answers; fail early if its process has exited."""
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(base_url + "/__admin/state", timeout=1)
            return
        except httpx.TransportError:
            gone = isinstance(alive, subprocess.Popen) and alive.poll() is not None
            if gone or time.monotonic() > deadline:
                raise RuntimeError(f"{base_url} did not start") from None
            time.sleep(0.05)


@contextlib.contextmanager
def serving_in_a_thread(app: ASGIApp) -> Iterator[str]:
    """`app` under uvicorn in a thread of this process (a broken server, say); yields its
    base URL and stops it when done."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base_url, threading.Event())
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def running_mock(*arguments: str) -> Iterator[str]:
    """The mock as users run it (`python -m mockserver`) on a free port, with `arguments`;
    yields its base URL and stops it afterwards."""
    with running_mock_process(*arguments) as (base_url, _):
        yield base_url


@contextlib.contextmanager
def running_mock_process(
    *arguments: str, stderr: int | IO[bytes] = subprocess.DEVNULL
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`running_mock`, yielding its process too (the parent of its workers, if any)."""
    with serving(
        lambda port: [
            *(sys.executable, "-m", "mockserver", "--port", str(port), "--no-access-log"),
            *arguments,
        ],
        stderr,
    ) as served:
        yield served


@contextlib.contextmanager
def serving(
    command: Callable[[int], list[str]], stderr: int | IO[bytes] = subprocess.DEVNULL
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The server `command(port)` starts on a free loopback port: its base URL and process,
    once it answers; stopped afterwards."""
    port = free_port()
    process = subprocess.Popen(command(port), stdout=subprocess.DEVNULL, stderr=stderr)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base_url, process)
        yield base_url, process
    finally:
        process.terminate()
        process.communicate(timeout=10)


def worker_pids(parent: int) -> list[int]:
    """The worker processes `mockserver --workers N` started (uvicorn spawns them)."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    return [
        int(pid) for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
