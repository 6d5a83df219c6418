"""`Prefer: code=` and `Prefer: delay=` on single requests: the contract's own error shape,
no change of state, and only statuses the operation declares."""

from __future__ import annotations

import time

from starlette.testclient import TestClient

from tests.demo import CLOUD_TOKEN, auth, images_path
from tests.integration.bitrix24.calls import PRODUCT, WEBHOOK, file_content, listed
from tests.integration.uploads import listed_ids, upload

CLOUD = {"X-Auth-Token": CLOUD_TOKEN}


def test_a_preferred_code_is_the_contracts_problem_and_stores_nothing(client: TestClient) -> None:
    response = client.post(
        images_path(),
        headers={**auth(), "Prefer": "code=503"},
        files={"image": ("a.png", b"\x89PNG\r\n\x1a\n", "image/png")},
    )
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 503
    assert response.headers["Retry-After"] == "1"
    assert response.headers["Preference-Applied"] == "code=503"
    assert listed_ids(client) == []


def test_a_preferred_429_is_the_contracts_throttling_answer(client: TestClient) -> None:
    response = client.get(images_path(), headers={**auth(), "Prefer": "code=429"})
    assert response.status_code == 429
    assert response.json()["error_code"] == "rate_limited"
    assert "Retry-After" in response.headers


def test_cloud_images_faults_in_glance_shape_for_declared_statuses(client: TestClient) -> None:
    created = client.post(
        "/v2/images", headers=CLOUD, json={"name": "x", "disk_format": "raw"}
    ).json()
    refused = client.delete(f"/v2/images/{created['id']}", headers={**CLOUD, "Prefer": "code=409"})
    assert refused.status_code == 409
    assert refused.headers["Preference-Applied"] == "code=409"
    assert "409 Conflict" in refused.text
    assert client.get(f"/v2/images/{created['id']}", headers=CLOUD).status_code == 200
    # showImage declares no 503: the preference is ignored, as RFC 7240 allows.
    shown = client.get(f"/v2/images/{created['id']}", headers={**CLOUD, "Prefer": "code=503"})
    assert shown.status_code == 200
    assert "Preference-Applied" not in shown.headers


def test_bitrix24_faults_in_its_error_shape(client: TestClient) -> None:
    response = client.post(
        f"{WEBHOOK}/catalog.productImage.add",
        headers={"Prefer": "code=500"},
        json={"fields": {"productId": PRODUCT}, "fileContent": file_content()},
    )
    assert response.status_code == 500
    assert response.json()["error"] == "INTERNAL_SERVER_ERROR"
    throttled = client.post(
        f"{WEBHOOK}/catalog.productImage.list",
        headers={"Prefer": "code=503"},
        json={"productId": PRODUCT},
    )
    assert (throttled.status_code, throttled.json()["error"]) == (503, "QUERY_LIMIT_EXCEEDED")
    assert listed(client) == []


def test_a_bitrix24_rule_holds_for_every_spelling_of_its_method(client: TestClient) -> None:
    rule = {"contract": "bitrix24", "operation": "webhookProductImageList", "status": 503}
    assert client.put("/__admin/faults", json={"rules": [rule]}).status_code == 200
    spelled = client.get(f"{WEBHOOK}/CATALOG.productimage.LIST.json", params={"productId": 1})
    assert (spelled.status_code, spelled.json()["error"]) == (503, "QUERY_LIMIT_EXCEEDED")
    other = client.post(f"{WEBHOOK}/catalog.productImage.getFields", json={})
    assert other.status_code == 200  # another method: untouched


def test_a_success_cannot_be_preferred(client: TestClient) -> None:
    response = client.get(images_path(), headers={**auth(), "Prefer": "code=200"})
    assert response.status_code == 200
    assert "Preference-Applied" not in response.headers


def test_a_preferred_delay_holds_the_answer(client: TestClient) -> None:
    started = time.monotonic()
    response = client.get(images_path(), headers={**auth(), "Prefer": "delay=300"})
    assert time.monotonic() - started >= 0.3
    assert response.status_code == 200
    assert response.headers["Preference-Applied"] == "delay=300"
    assert upload(client).status_code == 201


def test_delay_and_code_together(client: TestClient) -> None:
    started = time.monotonic()
    response = client.get(images_path(), headers={**auth(), "Prefer": "delay=100, code=500"})
    assert time.monotonic() - started >= 0.1
    assert response.status_code == 500
    assert response.headers["Preference-Applied"] == "delay=100, code=500"
