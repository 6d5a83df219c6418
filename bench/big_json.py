"""`python -m bench big-json`: how long a large JSON body holds up other clients. One client
sends Cloud Images creates of ~8 MB JSON, one at a time; another sends small reads all the
while; their latencies are reported for each shape of body."""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
from collections.abc import Callable, Sequence

import httpx

from .targets import free_port, mock_command, start

TOKEN = {"X-Auth-Token": "gAAAAAdemo-cloud-token", "Content-Type": "application/json"}
SIZE = 8 * 1024 * 1024
SHAPES: dict[str, Callable[[], object]] = {
    "many properties": lambda: {f"p{index:07d}": "v" for index in range(SIZE // 16)},
    "one long value": lambda: {"name": "big", "note": "v" * SIZE},
    "many tags": lambda: {"tags": [f"t{index:07d}" for index in range(SIZE // 12)]},
    "deep list of numbers": lambda: {"min_ram": [[index] for index in range(SIZE // 10)]},
}


def measure(base_url: str, body: bytes, rounds: int) -> tuple[list[float], list[float]]:
    """(the big requests' seconds, the small reads' seconds sent meanwhile)."""
    big: list[float] = []
    small: list[float] = []
    done = threading.Event()

    def reads() -> None:
        with httpx.Client(base_url=base_url, timeout=120) as client:
            while not done.is_set():
                started = time.perf_counter()
                client.get("/versions")
                small.append(time.perf_counter() - started)

    reader = threading.Thread(target=reads)
    reader.start()
    with httpx.Client(base_url=base_url, timeout=120) as client:
        for _ in range(rounds):
            started = time.perf_counter()
            client.post("/v2/images", content=body, headers=TOKEN)
            big.append(time.perf_counter() - started)
    done.set()
    reader.join()
    return big, small


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench big-json", description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="big requests per shape")
    parser.add_argument("--mock-arg", action="append", default=[], metavar="ARG")
    args = parser.parse_args(argv)
    port = free_port()
    extra = ["--max-upload-bytes", str(16 * 1024 * 1024), *args.mock_arg]
    server, _ = start("ours", mock_command(port, extra, tuned=True), port)
    try:
        base_url = f"http://127.0.0.1:{port}"
        print(
            f"{'shape':<22} {'bytes':>9} {'big s':>6} {'small p50 ms':>12} "
            f"{'p99 ms':>7} {'max ms':>7} {'n':>6}"
        )
        for name, shape in SHAPES.items():
            body = json.dumps(shape()).encode()
            big, small = measure(base_url, body, args.rounds)
            ordered = sorted(small)
            p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
            print(
                f"{name:<22} {len(body):>9} {statistics.median(big):>6.2f} "
                f"{statistics.median(small) * 1000:>12.1f} {p99 * 1000:>7.1f} "
                f"{max(small) * 1000:>7.1f} {len(small):>6}"
            )
    finally:
        server.stop()
    return 0
