"""`python -m bench`: start each target, drive it with the same load, print the report."""

from __future__ import annotations

import argparse
import importlib.util
import pathlib
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .fixtures import (
    API_KEY,
    API_KEY_HEADER,
    BOUNDARY,
    IMAGE_BYTES,
    LIST_GTIN,
    UPLOAD_GTIN,
    image_ids,
    images_path,
    multipart_upload,
    png_of_size,
    request,
    upload_headers,
)
from .load import Load, LoadGeneratorMissing, find_wrk, run_wrk
from .report import Report
from .targets import (
    PrismUnavailable,
    Server,
    ceiling_command,
    free_port,
    mock_command,
    prism_command,
    start,
)

AUTH = f"{API_KEY_HEADER}: {API_KEY}"
LIST_QUERY = "?page=1&page_size=25"
LISTED_IMAGES = 50


@dataclass(frozen=True)
class Options:
    load: Load
    prism: bool
    stored_images: int
    delete_pool: int
    cold_start_runs: int


@dataclass
class Bench:
    wrk: str
    options: Options
    workdir: pathlib.Path
    report: Report

    @property
    def load(self) -> Load:
        return self.options.load

    def upload_body_file(self, image_bytes: int, name: str) -> pathlib.Path:
        path = self.workdir / name
        if not path.exists():
            path.write_bytes(multipart_upload(png_of_size(image_bytes)))
        return path

    def run_target(self, name: str, command: Callable[[int], list[str]], ids: list[str]) -> None:
        """The four cells against one target; `ids` are the mock's image ids (for delete)."""
        port = free_port()
        server, _ = start(name, command(port), port)
        try:
            base = f"http://127.0.0.1:{port}"
            if name == "ours":
                self.prepare_mock(server)
            self.cell_list(server, base)
            self.cell_upload(server, base)
            if name == "ours":
                ids[:] = self.delete_pool(server)
            self.cell_delete(server, base, ids, wrap=name != "ours")
            self.cell_unauthorized(server, base)
        finally:
            server.stop()

    def prepare_mock(self, server: Server) -> None:
        body = self.upload_body_file(IMAGE_BYTES, "upload-20k.multipart")
        for _ in range(LISTED_IMAGES):
            status, answer = request(
                server.port, "POST", images_path(LIST_GTIN), body.read_bytes(), upload_headers()
            )
            if status != 201:
                raise RuntimeError(f"seeding the listed product failed: {status} {answer[:200]!r}")

    def cell_list(self, server: Server, base: str) -> None:
        path = images_path(LIST_GTIN) + LIST_QUERY
        status, _ = request(server.port, "GET", path, headers={API_KEY_HEADER: API_KEY})
        run_wrk(self.wrk, base + path, self.load, headers=[AUTH], seconds=1)  # warm-up
        result = run_wrk(self.wrk, base + path, self.load, headers=[AUTH])
        self.report.add("list", server.name, status, result)

    def cell_upload(self, server: Server, base: str) -> None:
        body = self.upload_body_file(IMAGE_BYTES, "upload-20k.multipart")
        path = images_path(UPLOAD_GTIN)
        status, _ = request(server.port, "POST", path, body.read_bytes(), upload_headers())
        args = [str(body), BOUNDARY]
        run_wrk(self.wrk, base + path, self.load, script="upload.lua", script_args=args, seconds=1)
        result = run_wrk(
            self.wrk, base + path, self.load, script="upload.lua", script_args=args, headers=[AUTH]
        )
        self.report.add("upload", server.name, status, result)

    def delete_pool(self, server: Server) -> list[str]:
        """The ids the delete cell walks through: the uploads so far, topped up with tiny PNGs."""
        tiny = self.upload_body_file(128, "upload-tiny.multipart")
        self.fill(server, tiny, self.options.delete_pool)
        return image_ids(server.port, UPLOAD_GTIN)

    def fill(self, server: Server, body: pathlib.Path, count: int) -> int:
        """Upload `body` until the upload product holds at least `count` images; how many now.

        wrk cannot stop itself early (a stopped thread still waits out -d), so this uploads
        in one-second runs and counts in between.
        """
        url = f"http://127.0.0.1:{server.port}{images_path(UPLOAD_GTIN)}"
        held = len(image_ids(server.port, UPLOAD_GTIN))
        while held < count:
            args = [str(body), BOUNDARY]
            run_wrk(
                self.wrk,
                url,
                self.load,
                script="upload.lua",
                script_args=args,
                headers=[AUTH],
                seconds=1,
            )
            held = len(image_ids(server.port, UPLOAD_GTIN))
        return held

    def cell_delete(self, server: Server, base: str, ids: list[str], wrap: bool) -> None:
        if not ids:
            return
        prefix = images_path(UPLOAD_GTIN) + "/"
        headers = {API_KEY_HEADER: API_KEY}
        status, _ = request(server.port, "DELETE", prefix + ids[0], headers=headers)
        ids_file = self.workdir / f"ids-{server.name}.txt"
        ids_file.write_text("\n".join(ids[1:]) + "\n")
        args = [str(ids_file), prefix, str(self.load.threads), *(["wrap"] if wrap else [])]
        result = run_wrk(
            self.wrk,
            base + prefix,
            self.load,
            script="delete.lua",
            script_args=args,
            headers=[AUTH],
        )
        self.report.add("delete", server.name, status, result)
        if not wrap and result.requests + self.load.connections >= len(ids):
            self.report.notes.append(
                f"delete on {server.name}: all {len(ids):,} pooled ids were used before the "
                "end of the run, so its req/s is understated; raise --delete-pool."
            )

    def cell_unauthorized(self, server: Server, base: str) -> None:
        path = images_path(LIST_GTIN) + LIST_QUERY
        status, _ = request(server.port, "GET", path)
        run_wrk(self.wrk, base + path, self.load, seconds=1)
        self.report.add("401", server.name, status, run_wrk(self.wrk, base + path, self.load))

    def cold_start(self, name: str, command: Callable[[int], list[str]]) -> None:
        runs = []
        for _ in range(self.options.cold_start_runs):
            port = free_port()
            server, seconds = start(name, command(port), port)
            server.stop()
            runs.append(seconds)
        self.report.cold_starts[name] = runs

    def memory_per_image(self) -> None:
        """RSS growth of a fresh mock over N stored 20 KB uploads, per image and per byte."""
        port = free_port()
        server, _ = start("ours", mock_command(port), port)
        try:
            body = self.upload_body_file(IMAGE_BYTES, "upload-20k.multipart")
            # Warm-up: code paths and allocator arenas settle before the baseline.
            before_count = self.fill(server, body, 200)
            before = server.rss_bytes()
            stored = self.fill(server, body, before_count + self.options.stored_images)
            stored -= before_count
            growth = server.rss_bytes() - before
        finally:
            server.stop()
        per_image = growth / stored
        ratio = per_image / IMAGE_BYTES
        verdict = "met" if ratio <= 1.2 else "MISSED"
        self.report.memory = (
            f"{per_image:,.0f} B/image = {ratio:.2f}x the image "
            f"(RSS +{growth / 2**20:,.1f} MiB over {stored:,} images; target <= 1.2x {verdict})"
        )


def conformance_rate() -> str:
    if importlib.util.find_spec("conformance.cli") is None:
        return "n/a (conformance suite not available)"
    return "n/a (conformance suite present, but exposes no step counter yet)"


def parse_options(argv: Sequence[str] | None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="per cell (default: 5)")
    parser.add_argument("--connections", type=int, default=16, help="wrk -c (default: 16)")
    parser.add_argument("--threads", type=int, default=1, help="wrk -t (default: 1)")
    parser.add_argument("--no-prism", action="store_true", help="skip Prism")
    parser.add_argument("--stored-images", type=int, default=10_000)
    parser.add_argument("--delete-pool", type=int, default=30_000)
    parser.add_argument("--cold-start-runs", type=int, default=3)
    args = parser.parse_args(argv)
    return Options(
        load=Load(seconds=args.seconds, connections=args.connections, threads=args.threads),
        prism=not args.no_prism,
        stored_images=args.stored_images,
        delete_pool=args.delete_pool,
        cold_start_runs=args.cold_start_runs,
    )


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_options(argv)
    try:
        wrk = find_wrk()
    except LoadGeneratorMissing as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    report = Report()
    targets: list[tuple[str, Callable[[int], list[str]]]] = [("ours", mock_command)]
    if options.prism:
        try:
            prism_command(0)
            targets.append(("prism", prism_command))
        except PrismUnavailable as error:
            print(f"bench: Prism skipped: {error}", file=sys.stderr)
            report.notes.append(f"Prism skipped: {error}")
    targets.append(("ceiling", ceiling_command))
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
        bench = Bench(wrk, options, pathlib.Path(workdir), report)
        ids: list[str] = []
        for name, command in targets:
            print(f"bench: {name} ...", flush=True)
            bench.run_target(name, command, ids)
        print("bench: cold start ...", flush=True)
        for name, command in targets:
            bench.cold_start(name, command)
        print(f"bench: memory over {options.stored_images:,} images ...", flush=True)
        bench.memory_per_image()
    report.conformance = conformance_rate()
    load = options.load
    report.notes.append(
        f"wrk -t{load.threads} -c{load.connections}, {load.seconds:g} s per cell after a 1 s "
        f"warm-up; total {time.perf_counter() - began:.0f} s."
    )
    print()
    print(report.render())
    return 0
