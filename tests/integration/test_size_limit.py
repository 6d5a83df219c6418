"""The upload size cap: a 413 problem, nothing stored."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from mockserver.config import MockConfig
from tests.conftest import StartMock
from tests.images import png
from tests.integration.uploads import listing, upload

LIMIT = 2048


@pytest.fixture
def small_client(mock: StartMock) -> TestClient:
    return mock(MockConfig(rate_limit_windows=(), max_image_bytes=LIMIT))


def oversize_png(size: int) -> bytes:
    image = png()
    return image + b"\x00" * (size - len(image))


def test_an_image_at_the_limit_is_accepted(small_client: TestClient) -> None:
    assert upload(small_client, oversize_png(LIMIT)).status_code == 201


def test_an_image_one_byte_over_the_limit_is_413(small_client: TestClient) -> None:
    response = upload(small_client, oversize_png(LIMIT + 1))
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["error_code"] == "payload_too_large"
    assert listing(small_client)["data"] == []


def test_a_body_far_over_the_limit_is_refused_before_it_is_parsed(
    small_client: TestClient,
) -> None:
    response = upload(small_client, oversize_png(LIMIT + 200_000))
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]
    assert listing(small_client)["data"] == []
