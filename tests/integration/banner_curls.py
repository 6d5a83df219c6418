"""Start the mock as users do and run the curl commands its banner prints, as printed."""

from __future__ import annotations

import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from tests.real_servers import free_port


@contextmanager
def printed_curls(section: str, count: int) -> Iterator[list[list[str]]]:
    """The first `count` curl commands under the banner's `Try it (<section>):` heading,
    split into words, while the mock that printed them runs."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "--port", str(port), "--rate-limit", "off"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        commands: list[list[str]] = []
        in_section = False
        while len(commands) < count:
            line = process.stdout.readline()
            assert line, f"the banner printed fewer than {count} curl commands for {section}"
            if line.startswith("Try it"):
                in_section = line.strip() == f"Try it ({section}):"
            elif in_section and line.strip().startswith("curl "):
                commands.append(shlex.split(line))
        _wait_until_listening(f"http://127.0.0.1:{port}/__admin/state")
        yield commands
    finally:
        process.terminate()
        process.wait(timeout=10)


def run_curl(words: list[str]) -> tuple[int, str]:
    """Run a printed curl command; its status code and body."""
    result = subprocess.run(
        [*words, "--silent", "--show-error", "--write-out", "\n%{http_code}"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    body, _, status = result.stdout.rpartition("\n")
    return int(status), body


def _wait_until_listening(url: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            assert time.monotonic() < deadline, "the mock did not start"
            time.sleep(0.05)
