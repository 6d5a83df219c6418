"""`python -m bench gallery-scale`: what one request costs as one product's gallery grows.

For each store (memory, SQLite, Redis; a redis-server of the bench's own on a free port),
the mock is started with `--no-pictures`, and one product is filled with tiny PNGs up to
each size in turn (10, 1,000 and 10,000 images by default). At each size one client on one
kept-alive connection sends, one at a time (after one round of warm-up), `--samples`
listings of the first page (25 images), `--samples` uploads, then deletes of the images
just uploaded, so the gallery is back at its size before it grows again. Prints the p50
of each, in milliseconds, and each one's ratio to its figure at the smallest size.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import pathlib
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence

from .fixtures import (
    API_KEY,
    API_KEY_HEADER,
    LIST_GTIN,
    images_path,
    multipart_upload,
    png_of_size,
    upload_headers,
)
from .stores import RedisUnavailable, running_redis
from .targets import free_port, mock_command, start

STORES = ("memory", "sqlite", "redis")
SIZES = (10, 1_000, 10_000)
SAMPLES = 200
OPERATIONS = ("list", "upload", "delete")


class Client:
    """One kept-alive connection to the mock."""

    def __init__(self, port: int) -> None:
        self._connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self._body = multipart_upload(png_of_size(100))
        self._upload_headers = upload_headers()

    def close(self) -> None:
        self._connection.close()

    def send(self, method: str, path: str, expected: int, body: bytes | None = None) -> bytes:
        headers = self._upload_headers if body is not None else {API_KEY_HEADER: API_KEY}
        self._connection.request(method, path, body=body, headers=headers)
        response = self._connection.getresponse()
        answer = response.read()
        if response.status != expected:
            raise RuntimeError(f"{method} {path}: {response.status} {answer[:200]!r}")
        return answer

    def upload(self) -> str:
        """The new image's path."""
        answer = json.loads(self.send("POST", images_path(LIST_GTIN), 201, self._body))
        return f"{images_path(LIST_GTIN)}/{answer['id']}"


def measure(client: Client, samples: int) -> dict[str, float]:
    """p50 milliseconds of each operation, one request at a time."""
    times: dict[str, list[float]] = {operation: [] for operation in OPERATIONS}
    listing = f"{images_path(LIST_GTIN)}?page=1&page_size=25"
    for _ in range(samples):
        started = time.perf_counter()
        client.send("GET", listing, 200)
        times["list"].append(time.perf_counter() - started)
    uploaded = []
    for _ in range(samples):
        started = time.perf_counter()
        uploaded.append(client.upload())
        times["upload"].append(time.perf_counter() - started)
    for path in uploaded:
        started = time.perf_counter()
        client.send("DELETE", path, 204)
        times["delete"].append(time.perf_counter() - started)
    return {operation: statistics.median(times[operation]) * 1000 for operation in OPERATIONS}


def grow(client: Client, count: int, size: int) -> int:
    while count < size:
        client.upload()
        count += 1
    return count


@contextlib.contextmanager
def store_url(store: str, workdir: pathlib.Path) -> Iterator[str]:
    if store == "memory":
        yield "memory:"
    elif store == "sqlite":
        yield f"sqlite:///{workdir / 'gallery-scale.db'}"
    else:
        with running_redis(workdir) as url:
            yield f"{url}/0"


def run_store(store: str, sizes: Sequence[int], samples: int) -> dict[int, dict[str, float]]:
    figures: dict[int, dict[str, float]] = {}
    with (
        tempfile.TemporaryDirectory() as directory,
        store_url(store, pathlib.Path(directory)) as url,
    ):
        port = free_port()
        command = mock_command(port, ("--no-pictures", "--store", url), tuned=True)
        server, _ = start(store, command, port)
        client = Client(port)
        try:
            count = grow(client, 0, sizes[0])
            measure(client, samples)  # warm-up: connections, caches, the first page
            for size in sizes:
                grown = time.perf_counter()
                count = grow(client, count, size)
                seconds = time.perf_counter() - grown
                figures[size] = measure(client, samples)
                row = "  ".join(f"{op} {figures[size][op]:6.2f} ms" for op in OPERATIONS)
                print(f"{store:7} {size:>6} images  {row}  (grown in {seconds:.1f} s)", flush=True)
        finally:
            client.close()
            server.stop()
    return figures


def report(results: dict[str, dict[int, dict[str, float]]]) -> str:
    sizes = sorted({size for figures in results.values() for size in figures})
    first = sizes[0]
    head = "| store | operation | " + " | ".join(f"{size:,} images" for size in sizes)
    lines = [
        head + f" | {sizes[-1]:,} / {first:,} |",
        "|---|---|" + "---|" * (len(sizes) + 1),
    ]
    for store, figures in results.items():
        for operation in OPERATIONS:
            cells = " | ".join(f"{figures[size][operation]:.2f} ms" for size in sizes)
            ratio = figures[sizes[-1]][operation] / figures[first][operation]
            lines.append(f"| {store} | {operation} | {cells} | {ratio:.2f}x |")
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench gallery-scale", description=__doc__)
    parser.add_argument("--stores", nargs="+", choices=STORES, default=list(STORES))
    parser.add_argument("--sizes", nargs="+", type=int, default=list(SIZES))
    parser.add_argument("--samples", type=int, default=SAMPLES)
    options = parser.parse_args(argv)
    results = {}
    for store in options.stores:
        try:
            results[store] = run_store(store, sorted(options.sizes), options.samples)
        except RedisUnavailable as error:
            print(f"{store}: skipped ({error})")
    print(report(results))
    return 0
