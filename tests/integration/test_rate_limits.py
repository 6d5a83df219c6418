"""Rate-limit headers on every response, the 429 when a window is spent."""

from __future__ import annotations

import time

import httpx
import pytest
from starlette.testclient import TestClient

from mockserver.config import MockConfig
from mockserver.domain.ratelimit import Window
from tests.conftest import StartMock
from tests.demo import CONTRIBUTOR_BEARER, OTHER_CONTRIBUTOR_KEY, auth, images_path


@pytest.fixture
def limited(mock: StartMock) -> TestClient:
    return mock(MockConfig(rate_limit_windows=(Window(3, 60), Window(100, 86_400))))


def test_every_response_carries_the_rate_limit_headers(limited: TestClient) -> None:
    for response in (
        limited.get(images_path(), headers=auth()),
        limited.get(images_path()),  # 401
        limited.get("/nowhere", headers=auth()),  # 404
    ):
        assert response.headers["RateLimit-Policy"] == "3;w=60, 100;w=86400"
        assert response.headers["RateLimit-Limit"] == "3"
        assert 0 < int(response.headers["RateLimit-Reset"]) <= 60
        assert response.headers["X-RateLimit-Limit"] == response.headers["RateLimit-Limit"]
        assert response.headers["X-RateLimit-Remaining"] == response.headers["RateLimit-Remaining"]
        assert int(response.headers["X-RateLimit-Reset"]) >= int(time.time())


def test_remaining_counts_down_per_credential(limited: TestClient) -> None:
    remaining = [
        limited.get(images_path(), headers=auth()).headers["RateLimit-Remaining"] for _ in range(3)
    ]
    assert remaining == ["2", "1", "0"]
    other = limited.get(images_path(), headers=auth(OTHER_CONTRIBUTOR_KEY))
    assert other.headers["RateLimit-Remaining"] == "2"


def test_the_request_after_the_limit_is_429_with_retry_after(limited: TestClient) -> None:
    for _ in range(3):
        limited.get(images_path(), headers=auth())
    response = limited.get(images_path(), headers=auth())
    assert response.status_code == 429
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["error_code"] == "rate_limited"
    assert body["retryable"] is True
    assert body["retry_after_seconds"] == int(response.headers["Retry-After"])
    assert 0 < body["retry_after_seconds"] <= 60
    assert response.headers["RateLimit-Remaining"] == "0"


def test_a_throttled_upload_changes_nothing(limited: TestClient) -> None:
    for _ in range(3):
        limited.get(images_path(), headers=auth())
    response = limited.post(
        images_path(), headers=auth(), files={"image": ("a.png", b"\x89PNG\r\n\x1a\n", "image/png")}
    )
    assert response.status_code == 429
    assert limited.app.state.mock.contracts["closient"].contract.catalog.list_images  # type: ignore[attr-defined]
    state = limited.get("/__admin/state").json()
    assert all(not p["images"] for o in state["organizations"] for p in o["products"])


def test_admin_reset_clears_the_counters(limited: TestClient) -> None:
    for _ in range(4):
        limited.get(images_path(), headers=auth())
    assert limited.post("/__admin/reset").status_code == 204
    assert limited.get(images_path(), headers=auth()).status_code == 200


def test_rate_limiting_can_be_switched_off(client: TestClient) -> None:
    for _ in range(5):
        response = client.get(images_path(), headers=auth())
    assert response.status_code == 200
    assert "RateLimit-Limit" not in response.headers


def remaining(response: httpx.Response) -> str:
    return response.headers["RateLimit-Remaining"]


@pytest.mark.parametrize(
    "junk", ["Bearer junk-1", "bearer junk-2", "BEARER   junk-3", "Basic eA==", "Bearer"]
)
def test_a_junk_credential_before_a_valid_key_counts_against_the_key(
    limited: TestClient, junk: str
) -> None:
    assert remaining(limited.get(images_path(), headers=auth())) == "2"
    with_junk = limited.get(images_path(), headers=[("Authorization", junk), *auth().items()])
    assert with_junk.status_code == 200
    assert remaining(with_junk) == "1"


def test_a_bearer_token_in_any_case_counts_against_its_own_bucket(limited: TestClient) -> None:
    counted = [
        remaining(
            limited.get(images_path(), headers={"Authorization": f"{kind} {CONTRIBUTOR_BEARER}"})
        )
        for kind in ("Bearer", "bearer", "BEARER")
    ]
    assert counted == ["2", "1", "0"]


def test_unknown_credentials_share_their_address_bucket(limited: TestClient) -> None:
    counted = [
        remaining(limited.get(images_path(), headers=auth(f"unknown-{number}")))
        for number in range(3)
    ]
    assert counted == ["2", "1", "0"]
    assert limited.get(images_path(), headers=auth("yet-another")).status_code == 429
    assert limited.get(images_path(), headers=auth()).status_code == 200


def test_unknown_cloud_tokens_share_their_address_bucket(limited: TestClient) -> None:
    counted = [
        limited.post("/v2/images", json={}, headers={"X-Auth-Token": f"unknown-{number}"})
        for number in range(4)
    ]
    assert [response.status_code for response in counted] == [401, 401, 401, 413]


def test_unknown_bitrix_webhooks_share_their_address_bucket(limited: TestClient) -> None:
    counted = [
        limited.post(f"/rest/1/unknown{number}/catalog.productImage.getFields", json={})
        for number in range(4)
    ]
    assert [response.status_code for response in counted] == [401, 401, 401, 503]
