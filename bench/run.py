"""`python -m bench`: start every target, drive each cell on one target after another with the
same load, print the report."""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.util
import pathlib
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import gallery_scale
from .fixtures import (
    API_KEY,
    API_KEY_HEADER,
    BOUNDARY,
    IMAGE_BYTES,
    LIST_GTIN,
    ORGANIZATION,
    OTHER_GTIN,
    POOL_GTINS,
    UPLOAD_GTIN,
    bench_seed,
    image_paths,
    images_path,
    multipart_upload,
    png_of_size,
    request,
    upload_headers,
)
from .load import Load, LoadGeneratorMissing, LoadResult, find_wrk, run_wrk
from .peers import stubs
from .report import PEERS, Report
from .stores import STORE_TARGETS, RedisUnavailable, running_redis, store_targets
from .targets import (
    MOCKS,
    NO_JOURNAL,
    PeerUnavailable,
    Server,
    ceiling_command,
    free_port,
    mock_command,
    mockoon_command,
    prism_command,
    start,
    wiremock_command,
    write_bytecode,
)

AUTH = f"{API_KEY_HEADER}: {API_KEY}"
LIST_QUERY = "?page=1&page_size=25"
LISTED_IMAGES = 50


CELLS = ("list", "upload", "delete", "401")
ALL_TARGETS = (*MOCKS, *PEERS, "ceiling", *STORE_TARGETS)
EXTRAS = ("cold-start", "memory", "conformance", "gallery-scale")


@dataclass(frozen=True)
class Options:
    load: Load
    prism: bool
    stored_images: int
    delete_pool: int
    cold_start_runs: int
    rounds: int = 1
    targets: tuple[str, ...] = ALL_TARGETS
    cells: tuple[str, ...] = CELLS
    extras: tuple[str, ...] = EXTRAS
    mock_args: tuple[str, ...] = ()

    def mock_command(self, port: int) -> list[str]:
        return mock_command(port, self.mock_args)

    def tuned_mock_command(self, port: int) -> list[str]:
        return mock_command(port, self.mock_args, tuned=True)

    def mock_without_journal_command(self, port: int) -> list[str]:
        return mock_command(port, (*self.mock_args, *NO_JOURNAL))


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

    def run_targets(
        self, targets: Sequence[tuple[str, Callable[[int], list[str]]]], paths: list[str]
    ) -> None:
        """Every cell against every target, interleaved: all targets are up at once, and each
        cell runs on one target after another (`rounds` times, each round in a turned order)
        before the next cell begins, so that what the shared machine does meanwhile weighs on
        each target's figure of a cell alike. `paths` are the mock's image paths (delete)."""
        servers: list[Server] = []
        try:
            for name, command in targets:
                print(f"bench: starting {name} ...", flush=True)
                port = free_port()
                servers.append(start(name, command(port), port)[0])
            cells = self.options.cells
            if "list" in cells:
                for server in servers:
                    if _is_mock(server.name):
                        self.prepare_mock(server)
            rounds = self.options.rounds
            for cell in cells:
                for turn in range(rounds):
                    # Each round starts one target further on, so none always goes first.
                    shift = turn % len(servers)
                    for server in servers[shift:] + servers[:shift]:
                        shown = f" (round {turn + 1} of {rounds})" if rounds > 1 else ""
                        print(f"bench: {cell} on {server.name}{shown} ...", flush=True)
                        self.run_cell(cell, server, paths)
        finally:
            for server in servers:
                server.stop()

    def run_cell(self, cell: str, server: Server, paths: list[str]) -> None:
        base = f"http://127.0.0.1:{server.port}"
        if cell == "list":
            self.cell_list(server, base)
        elif cell == "upload":
            self.cell_upload(server, base)
        elif cell == "delete":
            is_mock = _is_mock(server.name)
            if is_mock:
                paths[:] = self.delete_pool(server)
            self.cell_delete(server, base, paths, wrap=not is_mock)
        elif cell == "401":
            self.cell_unauthorized(server, base)

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
        self.measure("list", server, status, base + path)

    def cell_upload(self, server: Server, base: str) -> None:
        body = self.upload_body_file(IMAGE_BYTES, "upload-20k.multipart")
        path = images_path(UPLOAD_GTIN)
        status, _ = request(server.port, "POST", path, body.read_bytes(), upload_headers())
        args = [str(body), BOUNDARY]
        run_wrk(self.wrk, base + path, self.load, script="upload.lua", script_args=args, seconds=1)
        self.measure("upload", server, status, base + path, script="upload.lua", script_args=args)

    def delete_pool(self, server: Server) -> list[str]:
        """The image paths the delete cell walks through: the uploads so far, topped up with
        tiny PNGs spread over the pool products."""
        tiny = self.upload_body_file(128, "upload-tiny.multipart")
        gtins = [UPLOAD_GTIN, *POOL_GTINS]
        self.fill(server, tiny, self.options.delete_pool, gtins)
        return image_paths(server.port, gtins)

    def fill(self, server: Server, body: pathlib.Path, count: int, gtins: list[str]) -> int:
        """Upload `body` to these products in turn until they hold at least `count` images
        together; how many they hold then.

        wrk cannot stop itself early (a stopped thread still waits out -d), so this uploads
        in one-second runs and counts in between.
        """
        url = f"http://127.0.0.1:{server.port}{images_path(gtins[0])}"
        paths_file = self.workdir / "upload-paths.txt"
        paths_file.write_text("".join(images_path(gtin) + "\n" for gtin in gtins))
        held = len(image_paths(server.port, gtins))
        while held < count:
            run_wrk(
                self.wrk,
                url,
                self.load,
                script="upload.lua",
                script_args=[str(body), BOUNDARY, str(paths_file)],
                headers=[AUTH],
                seconds=1,
            )
            held = len(image_paths(server.port, gtins))
        return held

    def cell_delete(self, server: Server, base: str, paths: list[str], wrap: bool) -> None:
        if not paths and wrap:  # the mock was not run: any ids do for servers that cycle
            paths = [f"{images_path(UPLOAD_GTIN)}/{n:022d}" for n in range(1000)]
        if not paths:
            return
        headers = {API_KEY_HEADER: API_KEY}
        status, _ = request(server.port, "DELETE", paths[0], headers=headers)
        paths_file = self.workdir / f"delete-paths-{server.name}.txt"
        paths_file.write_text("\n".join(paths[1:]) + "\n")
        args = [str(paths_file), str(self.load.threads), *(["wrap"] if wrap else [])]
        result = self.measure(
            "delete", server, status, base + paths[0], script="delete.lua", script_args=args
        )
        if not wrap and result.requests + self.load.connections >= len(paths):
            self.report.notes.append(
                f"delete on {server.name}: all {len(paths):,} pooled ids were used before the "
                "end of the run, so its req/s is understated; raise --delete-pool."
            )

    def measure(
        self,
        operation: str,
        server: Server,
        status: int,
        url: str,
        *,
        script: str | None = None,
        script_args: Sequence[str] = (),
    ) -> LoadResult:
        """One cell's wrk run, with the credential, reported with the CPU time the server
        used meanwhile."""
        cpu_before = server.cpu_seconds()
        result = run_wrk(
            self.wrk, url, self.load, script=script, script_args=script_args, headers=[AUTH]
        )
        cpu = server.cpu_seconds() - cpu_before
        self.report.add(operation, server.name, status, result, cpu_seconds=cpu)
        return result

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
        server, _ = start("ours", self.options.mock_command(port), port)
        try:
            body = self.upload_body_file(IMAGE_BYTES, "upload-20k.multipart")
            # Warm-up: code paths and allocator arenas settle before the baseline.
            before_count = self.fill(server, body, 200, [UPLOAD_GTIN])
            before = server.rss_bytes()
            stored = self.fill(
                server, body, before_count + self.options.stored_images, [UPLOAD_GTIN]
            )
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


def _rounds(rounds: int) -> str:
    if rounds == 1:
        return ""
    return f", {rounds} rounds per cell interleaved across the targets, each one's median shown"


def _is_mock(name: str) -> bool:
    """Ours (as users run it, tuned, over each store): stateful, seeded, deletes real images."""
    return name in MOCKS or name in STORE_TARGETS


def _redis(up: contextlib.ExitStack, workdir: pathlib.Path, report: Report) -> str | None:
    """A redis-server for the Redis rows, stopped at the end; None (noted) without one."""
    try:
        return up.enter_context(running_redis(workdir))
    except RedisUnavailable as error:
        print(f"bench: Redis rows skipped: {error}", file=sys.stderr)
        report.notes.append(f"Redis rows skipped: {error}")
        return None


def _peers(
    options: Options, workdir: pathlib.Path, report: Report
) -> list[tuple[str, Callable[[int], list[str]]]]:
    """The peers asked for, each installed on first use; one left out (noted) when it cannot
    be installed here."""
    commands: dict[str, Callable[[], Callable[[int], list[str]]]] = {
        "wiremock": lambda: functools.partial(
            wiremock_command, stubs.wiremock_root(workdir / "wiremock")
        ),
        "mockoon": lambda: functools.partial(
            mockoon_command, stubs.mockoon_environment(workdir / "mockoon.json"), workdir
        ),
        "prism": lambda: prism_command,
    }
    peers: list[tuple[str, Callable[[int], list[str]]]] = []
    for name, command in commands.items():
        if name not in options.targets or (name == "prism" and not options.prism):
            continue
        try:
            built = command()
            built(0)  # installs it
        except PeerUnavailable as error:
            print(f"bench: {PEERS[name]} skipped: {error}", file=sys.stderr)
            report.notes.append(f"{PEERS[name]} skipped: {error}")
            continue
        peers.append((name, built))
    return peers


def _with_seed(command: Callable[[int], list[str]], seed: pathlib.Path, port: int) -> list[str]:
    return [*command(port), "--seed", str(seed)]


# "… 320 requests in 2.9 s (21.0 examples/s; …": the conformance CLI's summary line.
_CONFORMANCE_SUMMARY = re.compile(
    r"(\d+) generated examples, (\d+) requests in ([\d.]+) s \(([\d.]+) examples/s"
)
CONFORMANCE_TIMEOUT = 600


def conformance_rate(options: Options) -> str:
    """Requests and examples per second of one conformance run against a fresh mock.

    The mock gets a limit no run reaches rather than `--rate-limit off`: the contract
    promises rate-limit headers on every answer, and the suite checks that they are there.
    """
    if importlib.util.find_spec("conformance.cli") is None:
        return "n/a (conformance suite not available)"
    port = free_port()
    server, _ = start("ours", [*options.mock_command(port), "--rate-limit", "1000000/60"], port)
    command = [
        *(sys.executable, "-m", "conformance", "--base-url", f"http://127.0.0.1:{port}"),
        *("--api-key", API_KEY, "--organization", ORGANIZATION),
        *("--gtin", LIST_GTIN, "--other-gtin", OTHER_GTIN, "--seed", "1"),
    ]
    try:
        run = subprocess.run(
            command, capture_output=True, text=True, timeout=CONFORMANCE_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return f"n/a (the run took over {CONFORMANCE_TIMEOUT} s)"
    finally:
        server.stop()
    found = _CONFORMANCE_SUMMARY.search(run.stdout)
    if found is None:
        return f"n/a (no summary line; exit status {run.returncode})"
    examples, requests, seconds, per_second = found.groups()
    verdict = "conforms" if run.returncode == 0 else f"exit status {run.returncode}"
    return (
        f"{int(requests) / float(seconds):,.0f} requests/s, {per_second} examples/s "
        f"({requests} requests, {examples} examples in {seconds} s, seed 1; {verdict})"
    )


def parse_options(argv: Sequence[str] | None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="per cell (default: 5)")
    parser.add_argument("--connections", type=int, default=16, help="wrk -c (default: 16)")
    parser.add_argument("--threads", type=int, default=1, help="wrk -t (default: 1)")
    parser.add_argument("--no-prism", action="store_true", help="skip Prism")
    parser.add_argument("--stored-images", type=int, default=10_000)
    parser.add_argument(
        "--delete-pool",
        type=int,
        default=100_000,
        help="images stored for the delete cell to walk through (default: 100,000)",
    )
    parser.add_argument("--cold-start-runs", type=int, default=3)
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run each cell this many times per target, interleaved; the report shows each "
        "target's median round by req/s (default: 1)",
    )
    parser.add_argument(
        "--target",
        action="append",
        choices=ALL_TARGETS,
        help="run only this target (repeatable; default: all)",
    )
    parser.add_argument(
        "--cell", action="append", choices=CELLS, help="run only this cell (repeatable)"
    )
    parser.add_argument(
        "--extra",
        action="append",
        choices=(*EXTRAS, "none"),
        help="run only this measure besides the cells (repeatable; 'none' for none)",
    )
    parser.add_argument(
        "--mock-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="one more mockserver argument, e.g. --mock-arg=--journal=0 (repeatable)",
    )
    args = parser.parse_args(argv)
    return Options(
        load=Load(seconds=args.seconds, connections=args.connections, threads=args.threads),
        prism=not args.no_prism,
        stored_images=args.stored_images,
        delete_pool=args.delete_pool,
        cold_start_runs=args.cold_start_runs,
        rounds=max(1, args.rounds),
        targets=tuple(args.target or ALL_TARGETS),
        cells=tuple(args.cell or CELLS),
        extras=tuple(extra for extra in args.extra or EXTRAS if extra != "none"),
        mock_args=tuple(args.mock_arg),
    )


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_options(argv)
    try:
        wrk = find_wrk()
    except LoadGeneratorMissing as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    report = Report()
    targets: list[tuple[str, Callable[[int], list[str]]]] = []
    if "ours" in options.targets:
        targets.append(("ours", options.mock_command))
    if "ours-tuned" in options.targets:
        targets.append(("ours-tuned", options.tuned_mock_command))
    if "ours-no-journal" in options.targets:
        targets.append(("ours-no-journal", options.mock_without_journal_command))
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as workdir, contextlib.ExitStack() as up:
        bench = Bench(wrk, options, pathlib.Path(workdir), report)
        seed = bench_seed(pathlib.Path(workdir) / "seed.yaml")
        targets += _peers(options, pathlib.Path(workdir), report)
        if "ceiling" in options.targets:
            targets.append(("ceiling", ceiling_command))
        stores = [name for name in STORE_TARGETS if name in options.targets]
        wants_redis = any(name.startswith("redis") for name in stores)
        redis_url = _redis(up, pathlib.Path(workdir), report) if wants_redis else None
        for target in store_targets(stores, pathlib.Path(workdir), redis_url):
            targets.append(
                (target.name, functools.partial(target.command, extra=options.mock_args))
            )
        paths: list[str] = []
        bench.run_targets(
            [  # the mocks get the seed, which holds the delete pool's products
                (name, functools.partial(_with_seed, command, seed) if _is_mock(name) else command)
                for name, command in targets
            ],
            paths,
        )
        if "delete" in options.cells and any(name in PEERS for name, _ in targets):
            report.notes.append(
                "delete: ours deletes a real stored image each time (the ids of images uploaded "
                "before the cell, each deleted once); WireMock, Mockoon and Prism answer 204 "
                "to any id and store nothing."
            )
        if "cold-start" in options.extras:
            print("bench: cold start ...", flush=True)
            write_bytecode()
            report.notes.append(
                "cold start: the mock's package compiled to bytecode first, as an install or "
                "a first start writes it (each start compiled its modules from source where "
                "PYTHONDONTWRITEBYTECODE is set and none was written)."
            )
            for name, command in targets:
                bench.cold_start(name, command)
        if "memory" in options.extras:
            print(f"bench: memory over {options.stored_images:,} images ...", flush=True)
            bench.memory_per_image()
    if "conformance" in options.extras:
        print("bench: conformance suite ...", flush=True)
        report.conformance = conformance_rate(options)
    if "gallery-scale" in options.extras:
        print("bench: one product's gallery growing, over each store ...", flush=True)
        scale = gallery_scale.run(gallery_scale.STORES, gallery_scale.SIZES, gallery_scale.SAMPLES)
        report.gallery_scale = gallery_scale.report(scale)
    load = options.load
    report.notes.append(
        f"wrk -t{load.threads} -c{load.connections}, {load.seconds:g} s per cell after a 1 s "
        f"warm-up{_rounds(options.rounds)}; total {time.perf_counter() - began:.0f} s."
    )
    print()
    print(report.render())
    return 0
