"""Every error is a Closient problem: RFC 9457 fields plus error_code, retryable, timestamp."""

from __future__ import annotations

from datetime import datetime

import pytest
from starlette.testclient import TestClient

from tests.demo import auth, images_path

PROBLEM_FIELDS = {"type", "title", "status", "detail", "error_code", "retryable", "timestamp"}


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/no/such/route", 404, "not_found"),
        ("DELETE", images_path(gtin="abc%0Adef") + "/x", 404, "not_found"),
        ("GET", "/dashboard/api/v1/trade-items/a%0Ab", 404, "not_found"),
        ("GET", "/dashboard/api/v1/trade-items", 404, "not_found"),
        ("PUT", images_path(), 405, "method_not_allowed"),
        ("GET", images_path(organization="short"), 422, "validation_error"),
        ("GET", images_path(gtin="1234"), 422, "validation_error"),
        ("GET", images_path() + "?page_size=1000", 422, "validation_error"),
    ],
)
def test_failures_are_problem_documents(
    client: TestClient, method: str, path: str, status: int, code: str
) -> None:
    response = client.request(method, path, headers=auth())
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= PROBLEM_FIELDS
    assert body["status"] == status
    assert body["error_code"] == code
    assert body["type"] == f"https://closient.com/docs/errors/{code}"
    assert body["retryable"] is False
    assert datetime.fromisoformat(body["timestamp"]).utcoffset() is not None
    assert "\n" not in body["detail"]


def test_a_method_not_allowed_names_the_allowed_methods(client: TestClient) -> None:
    response = client.put(images_path(), headers=auth())
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


def test_an_unexpected_failure_is_a_retryable_500_problem(client: TestClient) -> None:
    catalog = client.app.state.mock.contracts["closient"].contract.catalog  # type: ignore[attr-defined]

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    catalog.list_images = broken
    response = client.get(images_path(), headers=auth())
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["error_code"] == "internal_error"
    assert response.json()["retryable"] is True
    assert "disk on fire" not in response.text
