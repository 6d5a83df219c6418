"""What Glance decides before routing, as the mock answers it on the Cloud Images mount:
the token first, no trailing slash, no HEAD, OPTIONS answered (tests/reference/glance
sends the same requests to a real Glance 33)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.integration.cloud_images.records import create, token


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v2/nothing-here"),
        ("PUT", "/v2/images"),
        ("GET", "/v2/images/"),
        ("HEAD", "/v2/images"),
    ],
)
def test_without_a_known_token_no_route_is_looked_up(
    client: TestClient, method: str, path: str
) -> None:
    for headers in ({}, token("gAAAAA-nobody")):
        answer = client.request(method, path, headers=headers, follow_redirects=False)
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"].startswith("Keystone uri=")


def test_a_trailing_slash_is_not_found_not_redirected(client: TestClient) -> None:
    record = create(client, name="slashed")
    for method, path in (("GET", "/v2/images/"), ("DELETE", f"/v2/images/{record['id']}/")):
        answer = client.request(method, path, headers=token(), follow_redirects=False)
        assert answer.status_code == 404
    assert client.get(f"/v2/images/{record['id']}", headers=token()).status_code == 200


@pytest.mark.parametrize(
    ("path", "allowed"),
    [("/v2/images", "GET, POST"), ("/v2/schemas/image", "GET"), ("/v2.1/images", "GET, POST")],
)
def test_head_is_no_method_of_any_route(client: TestClient, path: str, allowed: str) -> None:
    answer = client.head(path, headers={**token(), "Accept": "application/json"})
    assert answer.status_code == 405
    assert answer.headers["allow"] == allowed
    assert answer.headers["content-type"].startswith("text/html")  # as webob answers a HEAD
    assert client.head("/v2/nothing-here", headers=token()).status_code == 404


def test_the_methods_of_a_record_are_allowed_in_glances_order(client: TestClient) -> None:
    record = create(client, name="allowed")
    answer = client.head(f"/v2/images/{record['id']}", headers=token())
    assert answer.headers["allow"] == "GET, PATCH, DELETE"


@pytest.mark.parametrize("path", ["/v2/images", "/v2/nothing-here", "/v3/images", "/images", "/"])
def test_options_is_answered_empty_before_anything_else(client: TestClient, path: str) -> None:
    answer = client.options(path)
    assert answer.status_code == 200
    assert answer.content == b""
    assert client.options("/versions").json() == client.get("/versions").json()
