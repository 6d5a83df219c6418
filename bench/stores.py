"""The mock over each store engine, for the store rows of the report: memory and SQLite in
one process, Redis in one and in two worker processes (a redis-server of the bench's own,
on a free port, one database per target so that each starts empty)."""

from __future__ import annotations

import contextlib
import pathlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .targets import free_port, mock_command

STORE_TARGETS = ("memory-1w", "sqlite-1w", "redis-1w", "redis-2w")


class RedisUnavailable(Exception):
    pass


@dataclass(frozen=True)
class StoreTarget:
    name: str
    store_url: str
    workers: int

    def command(self, port: int, extra: Sequence[str] = ()) -> list[str]:
        """The mock tuned for load (as `ours-tuned`) over this target's store."""
        return mock_command(
            port,
            (*extra, "--store", self.store_url, "--workers", str(self.workers)),
            tuned=True,
        )


def store_targets(
    names: Sequence[str], workdir: pathlib.Path, redis_url: str | None
) -> list[StoreTarget]:
    targets = []
    for database, name in enumerate(names, start=1):
        engine, _, workers = name.partition("-")
        if engine == "memory":
            url = "memory:"
        elif engine == "sqlite":
            url = f"sqlite:///{workdir / f'state-{database}.db'}"
        elif redis_url is not None:
            url = f"{redis_url}/{database}"
        else:
            continue
        targets.append(StoreTarget(name, url, int(workers.rstrip("w"))))
    return targets


@contextlib.contextmanager
def running_redis(directory: pathlib.Path) -> Iterator[str]:
    """A redis-server that keeps nothing on disk; yields redis://127.0.0.1:PORT."""
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
        _wait_for_port(port, process)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RedisUnavailable(f"redis-server exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.01)
    raise RedisUnavailable("redis-server did not start")
