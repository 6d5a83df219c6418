"""The loop probe: how long the mock's event loop is held, seen from outside the mock.

A process of its own (so that nothing the fuzzer does in its own process, generating cases
or reading answers, delays it) sends a cheap request, `GET /__admin/faults` (answered on
the loop, from memory, untouched by fault rules), every `interval` seconds on a connection
of its own, and writes each one's start and latency to its standard output. While the
loop is held by a request, the probe's next request waits until it is free again: its
latency less the idle latency is the time the loop was held.

`python -m tests.fuzz.probe URL [INTERVAL]` runs the probe alone; the fuzzer starts one
with `LoopProbe` and reads its samples in a thread.
"""

from __future__ import annotations

import contextlib
import http.client
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

PROBE_PATH = "/__admin/faults"
ROOT = __file__.rsplit("/tests/", 1)[0]


@dataclass(frozen=True)
class Sample:
    started: float
    """`time.monotonic()` when the probe's request was sent (the same clock in every
    process of the machine)."""
    latency: float
    answered: bool

    @property
    def ended(self) -> float:
        return self.started + self.latency


def probe(base_url: str, interval: float) -> None:
    """Sends the probe's request forever, one line per answer on standard output."""
    address = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=300)
    out = sys.stdout
    while True:
        started = time.monotonic()
        try:
            connection.request("GET", PROBE_PATH)
            connection.getresponse().read()
            answered = 1
        except (OSError, http.client.HTTPException):
            connection.close()
            answered = 0
        latency = time.monotonic() - started
        out.write(f"{started:.6f} {latency:.6f} {answered}\n")
        out.flush()
        time.sleep(max(0.0, interval - latency) if answered else 0.2)


class LoopProbe:
    """A probe process against `base_url`, its samples gathered as they come."""

    def __init__(self, base_url: str, interval: float = 0.01) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.fuzz.probe", base_url, str(interval)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.samples: list[Sample] = []
        """The samples not yet taken."""
        self.last_started = 0.0
        self._arrived = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.idle = self._idle_latency()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            started, latency, answered = line.split()
            sample = Sample(float(started), float(latency), answered == "1")
            with self._arrived:
                self.samples.append(sample)
                self.last_started = sample.started
                self._arrived.notify_all()

    def _idle_latency(self, count: int = 30) -> float:
        """The median latency of the first answered samples, with nothing else sent."""
        deadline = time.monotonic() + 30
        with self._arrived:
            while sum(sample.answered for sample in self.samples) < count:
                if not self._arrived.wait(timeout=max(0.0, deadline - time.monotonic())):
                    break
            answered = [sample.latency for sample in self.samples if sample.answered]
            self.samples.clear()
        return statistics.median(answered) if answered else 0.0

    def wait_past(self, moment: float, timeout: float = 2.0) -> None:
        """Until a sample sent after `moment` has come back (or `timeout` has passed)."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while self.last_started <= moment:
                left = deadline - time.monotonic()
                if left <= 0 or not self._arrived.wait(timeout=left):
                    return

    def take(self) -> list[Sample]:
        """The samples that came since the last `take`."""
        with self._arrived:
            taken, self.samples = self.samples, []
            return taken

    def close(self) -> None:
        self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()


def main(argv: Sequence[str] | None = None) -> None:
    arguments = list(sys.argv[1:] if argv is None else argv)
    with contextlib.suppress(KeyboardInterrupt, BrokenPipeError):
        probe(arguments[0], float(arguments[1]) if len(arguments) > 1 else 0.01)


if __name__ == "__main__":
    main()
