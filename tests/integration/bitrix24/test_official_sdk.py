"""The vendor's own Python SDK (b24pysdk), unchanged, works against the mock's webhook over
`--tls`, trusting the local CA the banner names through the variables it prints."""

from __future__ import annotations

import base64

import pytest
from b24pysdk import BitrixWebhook, Client

from tests.images import png

from .conftest import TlsMock

pytestmark = pytest.mark.slow

WEBHOOK = "1/k3q9x2v7m1p8z4r6"
PRODUCT = 1


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
