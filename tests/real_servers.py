"""Starting servers on real loopback ports for the tests: a free port, and waiting until the
server there answers."""

from __future__ import annotations

import socket
import subprocess
import threading
import time

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
