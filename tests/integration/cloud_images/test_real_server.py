"""The Cloud Images curl commands of the start-up banner work as printed."""

from __future__ import annotations

import json

import pytest

from tests.integration.banner_curls import printed_curls, run_curl

pytestmark = pytest.mark.slow


def test_the_printed_cloud_images_curls_work_as_printed() -> None:
    with printed_curls("Cloud Images", 2) as commands:
        listing, create = commands
        status, body = run_curl(listing)
        assert status == 200
        # The demo seed's images of the project, active, with data.
        seeded = [image["id"] for image in json.loads(body)["images"]]
        assert {image["status"] for image in json.loads(body)["images"]} == {"active"}
        assert seeded
        status, body = run_curl(create)
        assert status == 201
        assert json.loads(body)["status"] == "queued"
        assert [image["id"] for image in json.loads(run_curl(listing)[1])["images"]] == [
            json.loads(body)["id"],
            *seeded,
        ]
