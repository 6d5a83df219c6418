"""Starting servers on real loopback ports for the tests: a free port, and waiting until the
server there answers."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


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
def running_mock(*arguments: str) -> Iterator[str]:
    """The mock as users run it (`python -m mockserver`) on a free port, with `arguments`;
    yields its base URL and stops it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "--port", str(port), "--no-access-log", *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base_url, process)
        yield base_url
    finally:
        process.terminate()
        process.communicate(timeout=10)
