"""--max-store-bytes bounds the bytes kept across every contract: past it a write is
refused in the contract's shape and stores nothing; a delete or a reset makes room."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from starlette.testclient import TestClient

from mockserver.config import MockConfig
from tests.conftest import StartMock
from tests.demo import auth, images_path
from tests.images import png
from tests.integration.bitrix24.calls import call, file_content, listed
from tests.integration.cloud_images.records import create, token
from tests.integration.uploads import listed_ids, upload
from tests.real_servers import free_port

PICTURE = png()


@pytest.fixture
def full_after_two(mock: StartMock) -> TestClient:
    """A mock with room for two pictures, whichever contracts they go to."""
    return mock(MockConfig(rate_limit_windows=(), max_store_bytes=2 * len(PICTURE) + 1))


def cloud_upload(client: TestClient) -> int:
    image = create(client)
    response: httpx.Response = client.put(
        f"/v2/images/{image['id']}/file",
        content=PICTURE,
        headers={**token(), "Content-Type": "application/octet-stream"},
    )
    return response.status_code


def test_a_closient_upload_past_the_limit_is_413_and_stores_nothing(
    full_after_two: TestClient,
) -> None:
    assert upload(full_after_two).status_code == 201
    assert cloud_upload(full_after_two) == 204  # the budget is shared by the contracts
    before = listed_ids(full_after_two)
    refused = upload(full_after_two)
    assert refused.status_code == 413
    assert refused.json()["error_code"] == "payload_too_large"
    assert "storage is full" in refused.json()["detail"]
    assert listed_ids(full_after_two) == before


def test_a_cloud_images_upload_past_the_limit_is_413_and_the_image_stays_queued(
    full_after_two: TestClient,
) -> None:
    assert upload(full_after_two).status_code == 201
    assert upload(full_after_two).status_code == 201
    image = create(full_after_two)
    refused = full_after_two.put(
        f"/v2/images/{image['id']}/file",
        content=PICTURE,
        headers={**token(), "Content-Type": "application/octet-stream"},
    )
    assert refused.status_code == 413
    shown = full_after_two.get(f"/v2/images/{image['id']}", headers=token()).json()
    assert shown["status"] == "queued"


def test_a_bitrix24_add_past_the_limit_is_a_method_error_and_stores_nothing(
    full_after_two: TestClient,
) -> None:
    assert upload(full_after_two).status_code == 201
    assert upload(full_after_two).status_code == 201
    refused = call(
        full_after_two, "add", {"fields": {"productId": 1}, "fileContent": file_content()}
    )
    assert refused.status_code == 400
    assert refused.json()["error"] == "0"
    assert listed(full_after_two) == []


def test_a_delete_or_a_reset_makes_room_again(full_after_two: TestClient) -> None:
    first = upload(full_after_two).json()["id"]
    assert upload(full_after_two).status_code == 201
    assert upload(full_after_two).status_code == 413
    deleted = full_after_two.delete(f"{images_path()}/{first}", headers=auth())
    assert deleted.status_code == 204
    assert upload(full_after_two).status_code == 201
    assert full_after_two.post("/__admin/reset").status_code == 204
    assert upload(full_after_two).status_code == 201
    assert upload(full_after_two).status_code == 201


@pytest.mark.slow
def test_seed_pictures_past_the_limit_stop_the_mock_with_one_line() -> None:
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "mockserver",
            "--port",
            str(free_port()),
            "--max-store-bytes",
            "1000",
        ],
        capture_output=True,
        timeout=30,
    )
    assert finished.returncode == 2
    assert finished.stderr.decode().startswith(
        "mockserver: the seed's pictures: The mock's storage"
    )
    assert finished.stderr.count(b"\n") == 1
