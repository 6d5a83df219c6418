"""The Bitrix24 curl commands of the start-up banner work as printed."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.integration.banner_curls import printed_curls, run_curl
from tests.real_servers import running_mock

pytestmark = pytest.mark.slow


def test_the_printed_bitrix24_curls_work_as_printed() -> None:
    with printed_curls("Bitrix24 catalog.productImage", 2) as commands:
        listing, add = commands
        status, body = run_curl(listing)
        assert status == 200
        # The demo seed's pictures of the product, one of them its detail picture.
        seeded = json.loads(body)["result"]["productImages"]
        assert "DETAIL_PICTURE" in [picture["type"] for picture in seeded]
        status, body = run_curl(add)
        assert status == 200, body
        image = json.loads(body)["result"]["productImage"]
        assert image["type"] == "DETAIL_PICTURE"
        assert httpx.get(image["downloadUrl"]).headers["content-type"] == "image/png"
        status, body = run_curl(listing)
        # The new detail picture took the seeded one's place.
        details = [
            picture["id"]
            for picture in json.loads(body)["result"]["productImages"]
            if picture["type"] == "DETAIL_PICTURE"
        ]
        assert details == [image["id"]]
        assert json.loads(body)["total"] == len(seeded)


def test_a_junk_webhook_refused_unread_leaves_the_connection_usable() -> None:
    body = b"&".join([b"a[]=1"] * 100_000)
    with running_mock("--rate-limit", "off") as base_url, httpx.Client(base_url=base_url) as client:
        refused = client.post(
            "/rest/1/junk/catalog.productImage.list",
            content=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert refused.status_code == 401
        assert refused.json()["error"] == "INVALID_CREDENTIALS"
        assert client.get("/__admin/state").status_code == 200
