"""What the load is made of: the demo seed's names, a PNG of a given size, multipart bodies,
and a small loopback HTTP client for setting up state and checking answers."""

from __future__ import annotations

import http.client
import json
import os
import pathlib
import struct
import zlib
from typing import Any

import yaml

ORGANIZATION = "daqF5uqgcxrLXCkVJQEsLJ"
LIST_GTIN = "00012345678905"  # holds the 50 listed images
UPLOAD_GTIN = "96385074"  # receives uploads; its images are the ones deleted
OTHER_GTIN = "04006381333931"  # the conformance run's second product
API_KEY_HEADER = "X-API-Key"
API_KEY = "csb_democontributor_k7Qx"
BOUNDARY = "benchboundary7MA4YWxkTrZu0gW"
IMAGE_BYTES = 20 * 1024
# Extra products of the demo organization that hold the delete cell's images, so that no
# gallery grows far beyond a real product's (a delete costs the same in any gallery).
POOL_GTINS = tuple(f"2{n:013d}" for n in range(1, 25))
DEMO_SEED = pathlib.Path(__file__).resolve().parent.parent / "mockserver" / "demo_seed.yaml"


def bench_seed(path: pathlib.Path) -> pathlib.Path:
    """The demo seed with the pool products added to the demo organization, written to `path`."""
    seed: dict[str, Any] = yaml.safe_load(DEMO_SEED.read_text())
    organization = next(o for o in seed["organizations"] if o["id"] == ORGANIZATION)
    organization["products"] += [{"gtin": gtin, "name": "bench pool"} for gtin in POOL_GTINS]
    path.write_text(yaml.safe_dump(seed, sort_keys=False))
    return path


def images_path(gtin: str) -> str:
    return f"/dashboard/api/v1/trade-items/{ORGANIZATION}/{gtin}/images"


def png_of_size(size: int) -> bytes:
    """A valid PNG of exactly `size` bytes (grey noise, stored without compression)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    signature = b"\x89PNG\r\n\x1a\n"
    fixed = len(signature) + 25 + 12 + 12  # IHDR, IDAT envelope, IEND
    width = 64
    rows = max(1, (size - fixed - 64) // (width + 1))
    noise = os.urandom(rows * (width + 1))
    raw = b"".join(
        b"\x00" + noise[i * (width + 1) + 1 : (i + 1) * (width + 1)] for i in range(rows)
    )
    header = struct.pack(">IIBBBBB", width, rows, 8, 0, 0, 0, 0)
    idat = zlib.compress(raw, 0)
    image = signature + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    if len(image) < size:  # pad with an ancillary text chunk to hit the size exactly
        padding = size - len(image) - 12
        text = b"Comment\x00" + b"x" * max(0, padding - 8)
        image = image[:-12] + chunk(b"tEXt", text) + image[-12:]
    return image


def multipart_upload(image: bytes, title: str = "bench") -> bytes:
    """The multipart/form-data body of one upload, with BOUNDARY."""
    return b"".join(
        [
            f"--{BOUNDARY}\r\n".encode(),
            b'Content-Disposition: form-data; name="image"; filename="bench.png"\r\n',
            b"Content-Type: image/png\r\n\r\n",
            image,
            f"\r\n--{BOUNDARY}\r\n".encode(),
            b'Content-Disposition: form-data; name="title"\r\n\r\n',
            title.encode(),
            f"\r\n--{BOUNDARY}--\r\n".encode(),
        ]
    )


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> tuple[int, bytes]:
    """One request on loopback: (status, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def upload_headers(authenticated: bool = True) -> dict[str, str]:
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    if authenticated:
        headers[API_KEY_HEADER] = API_KEY
    return headers


def image_paths(port: int, gtins: list[str]) -> list[str]:
    """The URL path of every image of these products of the demo organization (admin state)."""
    status, body = request(port, "GET", "/__admin/state")
    if status != 200:
        raise RuntimeError(f"/__admin/state answered {status}")
    state: dict[str, Any] = json.loads(body)
    wanted = {gtin.rjust(14, "0"): gtin for gtin in gtins}
    paths = []
    for organization in state["organizations"]:
        if organization["id"] != ORGANIZATION:
            continue
        for product in organization["products"]:
            gtin = wanted.get(product["gtin"])
            if gtin is not None:
                paths += [f"{images_path(gtin)}/{image['id']}" for image in product["images"]]
    return paths
