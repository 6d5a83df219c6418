"""The mock the fuzzer sends its cases to: a process it starts (and starts again, on a free
port, when a case leaves it stalled or dead), or a server already running at a URL."""

from __future__ import annotations

import contextlib
import pathlib
import subprocess
import sys
from collections.abc import Callable, Sequence

from tests.real_servers import free_port, wait_until_answering

Command = Callable[[int], list[str]]


def mock_command(arguments: Sequence[str]) -> Command:
    """`python -m mockserver` on a port, with `arguments`."""
    return lambda port: [
        *(sys.executable, "-m", "mockserver", "--port", str(port), "--no-access-log"),
        *arguments,
    ]


class MockServer:
    """The server under test. With a `command`, a process of it, its standard error
    appended to `log`; with a `base_url`, a server someone else runs (it cannot be
    restarted)."""

    def __init__(
        self, log: pathlib.Path, command: Command | None = None, base_url: str | None = None
    ) -> None:
        if (command is None) == (base_url is None):
            raise ValueError("a command or a base URL")
        self.log = log
        self.command = command
        self.base_url = base_url or ""
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0

    @property
    def restartable(self) -> bool:
        return self.command is not None

    def start(self) -> None:
        if self.command is None:
            return
        port = free_port()
        with self.log.open("ab") as stderr:
            self.process = subprocess.Popen(
                self.command(port), stdout=subprocess.DEVNULL, stderr=stderr
            )
        self.base_url = f"http://127.0.0.1:{port}"
        wait_until_answering(self.base_url, self.process)

    def restart(self) -> None:
        """A fresh process on a new port (the stalled one killed)."""
        self.stop()
        self.restarts += 1
        self.start()

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # a loop held by a request never reads the signal
            process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
