"""`python -m bench gallery-scale`: what one request costs as one product's gallery grows.

For each store (memory, SQLite, Redis; a redis-server of the bench's own on a free port),
the mock is started with `--no-pictures`, and one product is filled with tiny PNGs up to
each size in turn (10, 1,000 and 10,000 images by default). At each size one client on one
kept-alive connection sends, one request at a time (after one round of warm-up at the
first size), `--samples` rounds of: an upload, then a listing of the page in the middle of
the gallery (read and rendered afresh, since the upload changed the gallery), then a
delete of an image drawn at random from the whole gallery, so that the gallery stays at
its size; then `--samples` rounds of a primary upload (which demotes the previous primary
into the gallery, at its place by priority) and a delete; then `--samples` listings of
the first page asked again unchanged (rendered once, then kept). Prints the p50 of each,
in milliseconds, and its ratio to its figure at the smallest size against the goal: at
the largest size within 1.5x of the smallest, on every store.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import pathlib
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence

from .fixtures import (
    API_KEY,
    API_KEY_HEADER,
    BOUNDARY,
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
PAGE_SIZE = 25
GOAL = 1.5
"""Every figure at the largest size within this many times its figure at the smallest."""
OPERATIONS = {
    "list": "first page again",
    "list-fresh": "middle page after a change",
    "upload": "upload",
    "upload-primary": "upload as primary",
    "delete": "delete, any image",
}

Figures = dict[int, dict[str, float]]
"""p50 milliseconds of each operation, by gallery size."""


class Client:
    """One kept-alive connection to the mock, and the paths of the images it stored."""

    def __init__(self, port: int) -> None:
        self._connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self._body = multipart_upload(png_of_size(100))
        self._primary_body = self._body.replace(
            f"\r\n--{BOUNDARY}--\r\n".encode(),
            f'\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name="is_primary"\r\n\r\n'
            f"true\r\n--{BOUNDARY}--\r\n".encode(),
        )
        self._upload_headers = upload_headers()
        self.paths: list[str] = []

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

    def upload(self, primary: bool = False) -> None:
        body = self._primary_body if primary else self._body
        answer = json.loads(self.send("POST", images_path(LIST_GTIN), 201, body))
        if primary and not answer.get("is_primary"):
            raise RuntimeError(f"a primary upload answered {answer!r}")
        self.paths.append(f"{images_path(LIST_GTIN)}/{answer['id']}")

    def delete(self, rng: random.Random) -> None:
        """Delete one of the stored images, drawn at random."""
        path = self.paths.pop(rng.randrange(len(self.paths)))
        self.send("DELETE", path, 204)

    def list_middle_page(self) -> None:
        self.list_page(max(1, len(self.paths) // 2 // PAGE_SIZE))

    def list_page(self, page: int) -> None:
        self.send("GET", f"{images_path(LIST_GTIN)}?page={page}&page_size={PAGE_SIZE}", 200)


def measure(client: Client, samples: int, rng: random.Random) -> dict[str, float]:
    """p50 milliseconds of each operation, one request at a time; the gallery is left at
    the size it had."""
    times: dict[str, list[float]] = {operation: [] for operation in OPERATIONS}

    def timed(operation: str, request: Callable[[], None]) -> None:
        started = time.perf_counter()
        request()
        times[operation].append(time.perf_counter() - started)

    for _ in range(samples):
        timed("upload", client.upload)
        timed("list-fresh", client.list_middle_page)
        timed("delete", lambda: client.delete(rng))
    for _ in range(samples):
        timed("upload-primary", lambda: client.upload(primary=True))
        timed("delete", lambda: client.delete(rng))
    for _ in range(samples):
        timed("list", lambda: client.list_page(1))
    return {operation: statistics.median(times[operation]) * 1000 for operation in OPERATIONS}


def grow(client: Client, size: int) -> None:
    while len(client.paths) < size:
        client.upload()


@contextlib.contextmanager
def store_url(store: str, workdir: pathlib.Path) -> Iterator[str]:
    if store == "memory":
        yield "memory:"
    elif store == "sqlite":
        yield f"sqlite:///{workdir / 'gallery-scale.db'}"
    else:
        with running_redis(workdir) as url:
            yield f"{url}/0"


def run_store(store: str, sizes: Sequence[int], samples: int) -> Figures:
    figures: Figures = {}
    rng = random.Random(24)
    with (
        tempfile.TemporaryDirectory() as directory,
        store_url(store, pathlib.Path(directory)) as url,
    ):
        port = free_port()
        command = mock_command(port, ("--no-pictures", "--store", url), tuned=True)
        server, _ = start(store, command, port)
        client = Client(port)
        try:
            grow(client, sizes[0])
            measure(client, samples, rng)  # warm-up: connections, caches, the first page
            for size in sizes:
                grown = time.perf_counter()
                grow(client, size)
                seconds = time.perf_counter() - grown
                figures[size] = measure(client, samples, rng)
                row = "  ".join(f"{op} {figures[size][op]:.2f} ms" for op in OPERATIONS)
                print(f"{store:7} {size:>6} images  {row}  (grown in {seconds:.1f} s)", flush=True)
        finally:
            client.close()
            server.stop()
    return figures


def run(stores: Sequence[str], sizes: Sequence[int], samples: int) -> dict[str, Figures]:
    """Each store's figures; a store that cannot be run here (no redis-server) is left out,
    and said so."""
    results = {}
    for store in stores:
        try:
            results[store] = run_store(store, sorted(sizes), samples)
        except RedisUnavailable as error:
            print(f"{store}: skipped ({error})", flush=True)
    return results


def report(results: dict[str, Figures]) -> str:
    """The figures as a table, each with its ratio to the smallest size's against `GOAL`,
    and whether every one meets it."""
    if not results:
        return "gallery scale: no store could be run"
    sizes = sorted({size for figures in results.values() for size in figures})
    first, last = sizes[0], sizes[-1]
    lines = [
        "| store | operation | "
        + " | ".join(f"{size:,} images" for size in sizes)
        + f" | {last:,} / {first:,} (goal <= {GOAL:g}x) |",
        "|---|---|" + "---|" * (len(sizes) + 1),
    ]
    missed = []
    for store, figures in results.items():
        for operation, label in OPERATIONS.items():
            cells = " | ".join(f"{figures[size][operation]:.2f} ms" for size in sizes)
            ratio = figures[last][operation] / figures[first][operation]
            verdict = "met" if ratio <= GOAL else "MISSED"
            if ratio > GOAL:
                missed.append(f"{store} {operation}")
            lines.append(f"| {store} | {label} | {cells} | {ratio:.2f}x {verdict} |")
    rows = sum(len(OPERATIONS) for _ in results)
    lines.append("")
    lines.append(
        f"Goal, every figure at {last:,} images within {GOAL:g}x of its {first:,}-image "
        + (
            f"figure: met ({rows} of {rows})."
            if not missed
            else f"figure: MISSED by {len(missed)} of {rows} ({', '.join(missed)})."
        )
    )
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench gallery-scale", description=__doc__)
    parser.add_argument("--stores", nargs="+", choices=STORES, default=list(STORES))
    parser.add_argument("--sizes", nargs="+", type=int, default=list(SIZES))
    parser.add_argument("--samples", type=int, default=SAMPLES)
    options = parser.parse_args(argv)
    print(report(run(options.stores, options.sizes, options.samples)))
    return 0
