"""`python -m bench hostile`: how long each hostile request takes, and how long it holds up
a small read sent meanwhile. The mock runs as users run it (its defaults, access log on);
one client sends each hostile request a few times, another lists a Closient gallery all
the while. A case passes when both stay within `--budget-ms` (the issue's 100 ms)."""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import httpx

from .targets import free_port, mock_command, start

WEBHOOK = "/rest/1/k3q9x2v7m1p8z4r6"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSON = {"Content-Type": "application/json"}
CLOUD = {"X-Auth-Token": "gAAAAAdemo-cloud-token", "Content-Type": "application/json"}
READ = "/dashboard/api/v1/trade-items/daqF5uqgcxrLXCkVJQEsLJ/00012345678905/images"
READ_HEADERS = {"X-API-Key": "csb_democontributor_k7Qx"}


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def _appends(count: int, name: str = "a[]") -> bytes:
    return b"&".join([name.encode() + b"=1"] * count)


def cases() -> list[Case]:
    appends = _appends(100_000)
    batch = (
        b'{"cmd": {'
        + b",".join(
            b'"c%d": "catalog.productImage.list?productId=1&' % n + _appends(1500) + b'"'
            for n in range(50)
        )
        + b"}}"
    )
    return [
        Case(
            "form: 100,000 a[]= pairs",
            "POST",
            f"{WEBHOOK}/catalog.productImage.list",
            appends + b"&productId=1",
            FORM,
        ),
        Case(
            "form: 100,000 pairs, junk webhook",
            "POST",
            "/rest/1/junk/catalog.productImage.list",
            appends,
            FORM,
        ),
        Case(
            "query: 8,000 a[]= pairs",
            "GET",
            f"{WEBHOOK}/catalog.productImage.list?productId=1&" + _appends(8000).decode(),
        ),
        Case("batch: 50 commands x 1,500 appends", "POST", f"{WEBHOOK}/batch", batch, JSON),
        Case(
            "form: a key nested 10,000 deep",
            "POST",
            f"{WEBHOOK}/catalog.productImage.add",
            b"fields" + b"[a]" * 10_000 + b"=1",
            FORM,
        ),
        Case(
            "JSON: nested 10,000 deep",
            "POST",
            f"{WEBHOOK}/catalog.productImage.add",
            b"[" * 10_000 + b"]" * 10_000,
            JSON,
        ),
        Case(
            "JSON: nested 1,200 deep",
            "POST",
            f"{WEBHOOK}/catalog.productImage.add",
            b'{"a":' * 1200 + b"1" + b"}" * 1200,
            JSON,
        ),
        Case(
            "JSON: lone surrogate key",
            "POST",
            f"{WEBHOOK}/catalog.productImage.list",
            b'{"productId": 1, "\\ud800": 1}',
            JSON,
        ),
        Case(
            "JSON: encoded surrogate in select",
            "POST",
            f"{WEBHOOK}/catalog.productImage.list",
            b'{"productId": 1, "select": ["\xed\xa0\x80"]}',
            JSON,
        ),
        Case(
            "Cloud Images: 8 MB nested list",
            "POST",
            "/v2/images",
            b'{"min_ram": [' + b",".join([b"[1]"] * 2_000_000) + b"]}",
            CLOUD,
        ),
        Case(
            "Cloud Images: 8 MB of tags",
            "POST",
            "/v2/images",
            b'{"tags": [' + b",".join([b'"t%07d"' % n for n in range(800_000)]) + b"]}",
            CLOUD,
        ),
        Case(
            "admin: lone surrogate rule",
            "PUT",
            "/__admin/faults",
            b'{"rules": [{"contract": "\\ud800", "status": 503}]}',
            JSON,
        ),
        Case(
            "admin: JSON nested 10,000 deep",
            "PUT",
            "/__admin/faults",
            b'{"rules": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
            JSON,
        ),
    ]


def measure(base_url: str, case: Case, rounds: int) -> tuple[list[float], list[float], int]:
    """(the hostile requests' seconds, the reads' seconds meanwhile, the last status)."""
    hostile: list[float] = []
    reads: list[float] = []
    done = threading.Event()

    def read() -> None:
        with httpx.Client(base_url=base_url, timeout=120) as client:
            while not done.is_set():
                started = time.perf_counter()
                client.get(READ, headers=READ_HEADERS)
                reads.append(time.perf_counter() - started)

    reader = threading.Thread(target=read)
    reader.start()
    status = 0
    with httpx.Client(base_url=base_url, timeout=120) as client:
        for _ in range(rounds):
            started = time.perf_counter()
            response = client.request(
                case.method, case.path, content=case.body, headers=case.headers
            )
            hostile.append(time.perf_counter() - started)
            status = response.status_code
    done.set()
    reader.join()
    return hostile, reads, status


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench hostile", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="hostile requests per case")
    parser.add_argument("--budget-ms", type=float, default=100.0)
    parser.add_argument("--mock-arg", action="append", default=[], metavar="ARG")
    args = parser.parse_args(argv)
    port = free_port()
    extra = ["--rate-limit", "off", "--max-head-bytes", str(256 * 1024), *args.mock_arg]
    server, _ = start("ours", mock_command(port, extra), port)
    failed = 0
    try:
        base_url = f"http://127.0.0.1:{port}"
        print(
            f"{'case':<38} {'status':>6} {'bytes':>9} {'p50 ms':>7} {'max ms':>7} "
            f"{'read max ms':>11} {'reads':>5}"
        )
        for case in cases():
            hostile, reads, status = measure(base_url, case, args.rounds)
            worst = max(max(hostile), max(reads, default=0.0)) * 1000
            failed += worst > args.budget_ms or status >= 500
            print(
                f"{case.name:<38} {status:>6} {len(case.body):>9} "
                f"{statistics.median(hostile) * 1000:>7.1f} {max(hostile) * 1000:>7.1f} "
                f"{max(reads, default=0.0) * 1000:>11.1f} {len(reads):>5}"
            )
    finally:
        server.stop()
    print(f"{failed} case(s) past {args.budget_ms:.0f} ms or answered 5xx")
    return 1 if failed else 0
