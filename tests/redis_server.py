"""A real `redis-server` (Debian's `redis-server` package) on a free loopback port, for the
tests of the Redis store: started by a fixture, stopped after it, nothing kept on disk."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from tests.real_servers import free_port

REDIS_SERVER = os.environ.get("REDIS_SERVER", "redis-server")
INSTALL_HINT = "install Debian's redis-server (as root: apt-get install redis-server)"


@dataclass
class RedisServer:
    url: str
    process: subprocess.Popen[bytes]

    def pause(self) -> None:
        """Stop answering without closing connections, as a hung server does."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)


def require_redis_server() -> str:
    """The redis-server binary; missing, a failure under CI (which installs it: `make
    test`) and a skip that says how to install it elsewhere."""
    found = shutil.which(REDIS_SERVER)
    if found is None:
        reason = f"no {REDIS_SERVER}: {INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@contextlib.contextmanager
def running_redis(directory: Path) -> Iterator[RedisServer]:
    binary = require_redis_server()
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            *("--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory)),
            *("--save", "", "--appendonly", "no", "--protected-mode", "yes"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wait_for(url, process)
        yield RedisServer(url, process)
    finally:
        process.send_signal(signal.SIGCONT)  # a paused server cannot stop
        process.terminate()
        process.wait(timeout=10)


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            return
        except redis.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on {url}") from None
            time.sleep(0.02)
        finally:
            client.close()
