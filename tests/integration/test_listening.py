"""Where the mock listens: the banner's URL is the one it serves on, also for `--port 0`;
a port already taken is one clear line and exit status 1."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

pytestmark = pytest.mark.slow
BANNER_URL = re.compile(r"contracts on (\S+)")
RUNNING = re.compile(r"Uvicorn running on (\S+)")


def mock(*arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mockserver", "--no-access-log", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def lines_until_running(process: subprocess.Popen[str]) -> Iterator[str]:
    assert process.stdout is not None
    for line in process.stdout:
        yield line
        if RUNNING.search(line):
            return
    raise AssertionError(f"the mock stopped (status {process.wait()}) before it listened")


def test_port_0_listens_on_a_free_port_the_banner_and_the_log_name() -> None:
    process = mock("--port", "0")
    try:
        output = "".join(lines_until_running(process))
        banner = BANNER_URL.search(output)
        running = RUNNING.search(output)
        assert banner is not None, output
        assert running is not None, output
        assert banner.group(1) == running.group(1)
        assert not banner.group(1).endswith(":0")
        assert httpx.get(banner.group(1) + "/__admin/state").status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_port_already_taken_is_one_line_and_status_1() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = mock("--port", str(port))
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 1
    assert (
        output.strip() == f"mockserver: cannot listen on 127.0.0.1:{port}: Address already in use"
    )
