"""`python -m bench soak`: the mock under sustained abuse. For each contract in turn, 16
writers run 500 mixed operations each (uploads, lists, deletes, and the contract's others)
while slow clients (heads and bodies that stall) and a flood of unknown credentials run
throughout; a legitimate client reads a listing all the while. Prints that client's
latency percentiles before and under the load, the writers' status counts (any 5xx is a
finding), and the mock's resident memory before and after."""

from __future__ import annotations

import argparse
import base64
import collections
import itertools
import random
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

from .fixtures import API_KEY, API_KEY_HEADER, BOUNDARY, multipart_upload, png_of_size
from .targets import Server, free_port, mock_command, start

ORGANIZATION = "daqF5uqgcxrLXCkVJQEsLJ"
GTIN = "00012345678905"
CLOSIENT_IMAGES = f"/dashboard/api/v1/trade-items/{ORGANIZATION}/{GTIN}/images"
CLOUD_TOKEN = {"X-Auth-Token": "gAAAAAdemo-cloud-token"}
WEBHOOK = "/rest/1/k3q9x2v7m1p8z4r6"
PNG = png_of_size(2048)
# Legitimate writers share one credential each: a limit they never reach, which the
# unknown credentials' shared per-address bucket (the flood) still exercises.
RATE_LIMIT = "1000000/60"

Operation = Callable[[httpx.Client, random.Random], httpx.Response]


@dataclass
class Tally:
    statuses: collections.Counter[int] = field(default_factory=collections.Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, status: int) -> None:
        with self.lock:
            self.statuses[status] += 1


# --- the writers' operations, per contract ----------------------------------------------


def closient_operations() -> list[Operation]:
    headers = {API_KEY_HEADER: API_KEY}
    upload_type = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}

    def upload(client: httpx.Client, _: random.Random) -> httpx.Response:
        body = multipart_upload(PNG, title="soak")
        return client.post(CLOSIENT_IMAGES, content=body, headers={**headers, **upload_type})

    def listing(client: httpx.Client, chooser: random.Random) -> httpx.Response:
        page = {"page": chooser.randint(1, 5), "page_size": 25}
        return client.get(CLOSIENT_IMAGES, params=page, headers=headers)

    def delete_one(client: httpx.Client, chooser: random.Random) -> httpx.Response:
        listed = client.get(CLOSIENT_IMAGES, params={"page_size": 100}, headers=headers)
        ids = [image["id"] for image in listed.json()["data"]]
        target = chooser.choice(ids) if ids else "AAAAAAAAAAAAAAAAAAAAAA"
        return client.delete(f"{CLOSIENT_IMAGES}/{target}", headers=headers)

    return [upload, upload, listing, delete_one]


def cloud_images_operations() -> list[Operation]:
    def create_and_upload(client: httpx.Client, chooser: random.Random) -> httpx.Response:
        body = {
            "name": f"soak-{chooser.random()}",
            "disk_format": "raw",
            "container_format": "bare",
        }
        created = client.post("/v2/images", json=body, headers=CLOUD_TOKEN)
        if created.status_code != 201:
            return created
        octets = {**CLOUD_TOKEN, "Content-Type": "application/octet-stream"}
        return client.put(f"/v2/images/{created.json()['id']}/file", content=PNG, headers=octets)

    def patch(client: httpx.Client, chooser: random.Random) -> httpx.Response:
        listed = client.get("/v2/images", params={"limit": 5}, headers=CLOUD_TOKEN).json()
        mine = [image for image in listed["images"] if image["name"].startswith("soak-")]
        if not mine:
            return client.get("/v2/images", headers=CLOUD_TOKEN)
        media = {**CLOUD_TOKEN, "Content-Type": "application/openstack-images-v2.1-json-patch"}
        operations = [{"op": "add", "path": "/soak", "value": str(chooser.random())}]
        return client.patch(f"/v2/images/{mine[0]['id']}", json=operations, headers=media)

    def listing(client: httpx.Client, _: random.Random) -> httpx.Response:
        return client.get("/v2/images", params={"limit": 25}, headers=CLOUD_TOKEN)

    def delete_one(client: httpx.Client, chooser: random.Random) -> httpx.Response:
        listed = client.get("/v2/images", params={"limit": 50}, headers=CLOUD_TOKEN).json()
        mine = [image for image in listed["images"] if image["name"].startswith("soak-")]
        target = chooser.choice(mine)["id"] if mine else "00000000-0000-0000-0000-000000000000"
        return client.delete(f"/v2/images/{target}", headers=CLOUD_TOKEN)

    return [create_and_upload, patch, listing, delete_one]


def bitrix24_operations() -> list[Operation]:
    content = base64.b64encode(PNG).decode()

    def add(client: httpx.Client, chooser: random.Random) -> httpx.Response:
        kind = chooser.choice(["MORE_PHOTO", "MORE_PHOTO", "DETAIL_PICTURE", "PREVIEW_PICTURE"])
        body = {"fields": {"productId": 1, "type": kind}, "fileContent": ["soak.png", content]}
        return client.post(f"{WEBHOOK}/catalog.productImage.add", json=body)

    def listing(client: httpx.Client, _: random.Random) -> httpx.Response:
        return client.post(f"{WEBHOOK}/catalog.productImage.list", json={"productId": 1})

    def delete_one(client: httpx.Client, chooser: random.Random) -> httpx.Response:
        listed = client.post(f"{WEBHOOK}/catalog.productImage.list", json={"productId": 1})
        pictures = listed.json()["result"]["productImages"]
        target = chooser.choice(pictures)["id"] if pictures else 999999
        body = {"productId": 1, "id": target}
        return client.post(f"{WEBHOOK}/catalog.productImage.delete", json=body)

    return [add, add, listing, delete_one]


CONTRACTS: dict[str, Callable[[], list[Operation]]] = {
    "closient": closient_operations,
    "cloud-images": cloud_images_operations,
    "bitrix24": bitrix24_operations,
}


def write(base_url: str, operations: list[Operation], count: int, seed: int, tally: Tally) -> None:
    chooser = random.Random(seed)
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for _ in range(count):
            try:
                tally.count(chooser.choice(operations)(client, chooser).status_code)
            except httpx.TransportError:
                tally.count(0)  # no answer


# --- the abuse running throughout -------------------------------------------------------


def slow_client(port: int, stop: threading.Event, seed: int) -> None:
    """Opens connections that stall: half a head, or a head and part of its body."""
    chooser = random.Random(seed)
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
                if chooser.random() < 0.5:
                    connection.sendall(b"GET /__admin/state HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                else:
                    connection.sendall(
                        f"POST {CLOSIENT_IMAGES} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        f"{API_KEY_HEADER}: {API_KEY}\r\nContent-Length: 100000\r\n"
                        "Content-Type: application/octet-stream\r\n\r\npartial".encode()
                    )
                connection.settimeout(None)
                stop.wait(chooser.uniform(1, 15))  # past the header timeout, or the run's end
        except OSError:
            stop.wait(0.1)


def unknown_credentials(base_url: str, stop: threading.Event, seed: int, tally: Tally) -> None:
    """Requests with credentials never issued, each one new, as fast as they are answered."""
    chooser = random.Random(seed)
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for number in itertools.count():
            if stop.is_set():
                return
            key = f"unknown-{seed}-{number}-{chooser.random()}"
            try:
                match number % 3:
                    case 0:
                        answer = client.get(CLOSIENT_IMAGES, headers={API_KEY_HEADER: key})
                    case 1:
                        answer = client.get("/v2/images", headers={"X-Auth-Token": key})
                    case _:
                        answer = client.post(f"/rest/1/{key}/catalog.productImage.list", json={})
                tally.count(answer.status_code)
            except httpx.TransportError:
                tally.count(0)


def legitimate_reads(base_url: str, stop: threading.Event, latencies: list[float]) -> None:
    """A client reading Closient's listing every 20 ms, timing each answer."""
    with httpx.Client(base_url=base_url, timeout=60) as client:
        while not stop.is_set():
            started = time.perf_counter()
            client.get(CLOSIENT_IMAGES, headers={API_KEY_HEADER: API_KEY})
            latencies.append(time.perf_counter() - started)
            stop.wait(0.02)


def percentiles(latencies: Sequence[float]) -> str:
    ordered = sorted(latencies)
    if not ordered:
        return "no requests"

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000

    return (
        f"p50 {at(0.5):.1f} ms, p90 {at(0.9):.1f} ms, p99 {at(0.99):.1f} ms, "
        f"max {ordered[-1] * 1000:.1f} ms ({len(ordered)} requests)"
    )


def baseline(base_url: str, seconds: float) -> list[float]:
    latencies: list[float] = []
    stop = threading.Event()
    reader = threading.Thread(target=legitimate_reads, args=(base_url, stop, latencies))
    reader.start()
    time.sleep(seconds)
    stop.set()
    reader.join()
    return latencies


def soak(server: Server, options: argparse.Namespace) -> int:
    port = server.port
    base_url = f"http://127.0.0.1:{port}"
    rss_before = server.rss_bytes()
    print(f"RSS before: {rss_before / 2**20:.1f} MiB", flush=True)
    print(f"legitimate client, idle mock: {percentiles(baseline(base_url, 5))}", flush=True)
    stop = threading.Event()
    flood = Tally()
    abusers = [
        threading.Thread(target=slow_client, args=(port, stop, seed))
        for seed in range(options.slow_clients)
    ] + [
        threading.Thread(target=unknown_credentials, args=(base_url, stop, seed, flood))
        for seed in range(options.flooders)
    ]
    for thread in abusers:
        thread.start()
    findings = 0
    for name in options.contract or list(CONTRACTS):
        latencies: list[float] = []
        stop_reads = threading.Event()
        reader = threading.Thread(target=legitimate_reads, args=(base_url, stop_reads, latencies))
        reader.start()
        tally = Tally()
        writers = [
            threading.Thread(
                target=write, args=(base_url, CONTRACTS[name](), options.operations, seed, tally)
            )
            for seed in range(options.writers)
        ]
        started = time.perf_counter()
        for thread in writers:
            thread.start()
        for thread in writers:
            thread.join()
        seconds = time.perf_counter() - started
        stop_reads.set()
        reader.join()
        failed = sum(n for status, n in tally.statuses.items() if status >= 500 or status == 0)
        findings += failed
        total = sum(tally.statuses.values())
        statuses = dict(sorted(tally.statuses.items()))
        print(
            f"{name}: {options.writers} writers x {options.operations} operations, {total} in "
            f"{seconds:.1f} s ({total / seconds:.0f}/s); statuses {statuses}"
        )
        print(f"  legitimate client under load: {percentiles(latencies)}", flush=True)
    stop.set()
    for thread in abusers:
        thread.join()
    print(f"flood of unknown credentials: {dict(sorted(flood.statuses.items()))}")
    rss_after = server.rss_bytes()
    print(
        f"RSS after: {rss_after / 2**20:.1f} MiB (+{(rss_after - rss_before) / 2**20:.1f} MiB); "
        f"state: {state_size(base_url)}"
    )
    return 1 if findings else 0


def state_size(base_url: str) -> str:
    state = httpx.get(base_url + "/__admin/state", timeout=60).json()
    closient = sum(
        len(product["images"])
        for organization in state["organizations"]
        for product in organization["products"]
    )
    cloud = sum(len(project["images"]) for project in state["cloud_images"]["projects"])
    bitrix = sum(len(product["pictures"]) for product in state["bitrix24"]["products"])
    return f"{closient} Closient images, {cloud} Cloud Images images, {bitrix} Bitrix24 pictures"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench soak", description=__doc__)
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--operations", type=int, default=500, help="per writer and contract")
    parser.add_argument("--slow-clients", type=int, default=50)
    parser.add_argument("--flooders", type=int, default=2)
    parser.add_argument("--contract", action="append", choices=sorted(CONTRACTS))
    parser.add_argument("--mock-arg", action="append", default=[], metavar="ARG")
    options = parser.parse_args(argv)
    port = free_port()
    command = mock_command(port, ["--rate-limit", RATE_LIMIT, *options.mock_arg], tuned=True)
    # mock_command switches rate limiting off; the later --rate-limit wins.
    server, _ = start("ours", command, port)
    try:
        return soak(server, options)
    finally:
        server.stop()
