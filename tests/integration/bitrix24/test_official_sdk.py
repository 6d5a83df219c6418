"""The vendor's own Python SDK (b24pysdk), unchanged, works against the mock's webhook over
`--tls`, trusting the local CA the banner names through the variables it prints."""

from __future__ import annotations

import base64
import shlex
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from b24pysdk import BitrixWebhook, Client

from tests.images import png
from tests.real_servers import free_port

pytestmark = pytest.mark.slow

WEBHOOK = "1/k3q9x2v7m1p8z4r6"
PRODUCT = 1


@dataclass(frozen=True)
class TlsMock:
    domain: str
    """`host:port`, as the SDK takes a portal's domain."""
    trust: dict[str, str]
    """The variables the banner said to export."""


@pytest.fixture
def tls_mock(tmp_path: Path) -> Iterator[TlsMock]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mockserver",
            "--tls",
            "--tls-dir",
            str(tmp_path / "tls"),
            "--port",
            str(port),
            "--rate-limit",
            "off",
            "--no-access-log",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stderr is not None
        trust = _trust_variables(process.stdout)
        _wait_until_serving(process.stderr)
        yield TlsMock(f"localhost:{port}", trust)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _trust_variables(banner: Iterable[str]) -> dict[str, str]:
    """The `export NAME=VALUE` lines of the banner, read until the first blank line."""
    trust: dict[str, str] = {}
    for line in banner:
        if not line.strip():
            break
        words = shlex.split(line)
        if "export" in words:
            name, _, value = words[words.index("export") + 1].partition("=")
            trust[name] = value
    return trust


def _wait_until_serving(log: Iterable[str]) -> None:
    """uvicorn says so on its log once it listens."""
    for line in log:
        if "Uvicorn running on https://" in line:
            return
    raise AssertionError("the mock stopped before it served")


def test_the_sdk_adds_lists_gets_describes_and_deletes(
    tls_mock: TlsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert set(tls_mock.trust) == {
        "REQUESTS_CA_BUNDLE",
        "SSL_CERT_FILE",
        "CURL_CA_BUNDLE",
        "NODE_EXTRA_CA_CERTS",
    }
    for name, value in tls_mock.trust.items():
        monkeypatch.setenv(name, value)
    images = Client(BitrixWebhook(domain=tls_mock.domain, webhook_token=WEBHOOK)).catalog
    content = base64.b64encode(png()).decode()
    # The demo seed's pictures of the product: its detail picture is replaced by the new one.
    seeded = images.product_image.list(PRODUCT).result["productImages"]
    kept = [picture["id"] for picture in seeded if picture["type"] != "DETAIL_PICTURE"]

    added = images.product_image.add(
        {"productId": PRODUCT, "type": "DETAIL_PICTURE"}, ["front.png", content]
    ).result["productImage"]
    listed = images.product_image.list(PRODUCT).result["productImages"]
    got = images.product_image.get(PRODUCT, added["id"]).result["productImage"]
    fields = images.product_image.get_fields().result["productImage"]
    deleted = images.product_image.delete(PRODUCT, added["id"]).result
    left = images.product_image.list(PRODUCT).result["productImages"]

    assert (added["productId"], added["type"], added["name"]) == (
        PRODUCT,
        "DETAIL_PICTURE",
        "front.png",
    )
    assert sorted(picture["id"] for picture in listed) == sorted([*kept, added["id"]])
    assert got == added
    assert fields["productId"]["isRequired"] is True
    assert deleted is True
    assert sorted(picture["id"] for picture in left) == sorted(kept)
