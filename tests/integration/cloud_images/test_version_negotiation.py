"""Glance's version negotiation: a version in the path or the accepted media type is served
as v2, any other answers the version document with 300 before a token is checked, and the
paths of the other contracts are left alone. (tests/reference/glance sends the same
requests to a real Glance 33.)"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.demo import auth, images_path
from tests.integration.cloud_images.records import DEMO_TOKEN, create, token

VERSION_MEDIA_TYPE = "application/vnd.openstack.images-"


@pytest.mark.parametrize("version", ["v2", "v2.0", "v2.1", "v2.9", "v2.15", "v2.17"])
def test_a_served_version_in_the_path_is_v2(client: TestClient, version: str) -> None:
    record = create(client, name="negotiated")
    shown = client.get(f"/{version}/images/{record['id']}", headers=token())
    assert shown.status_code == 200
    assert shown.json()["self"] == f"/v2/images/{record['id']}"
    deleted = client.delete(f"/{version}/images/{record['id']}", headers=token())
    assert deleted.status_code == 204
    assert client.get(f"/v2/images/{record['id']}", headers=token()).status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v3/images"),
        ("POST", "/v1/images"),
        ("GET", "/v2.14/images"),  # the image cache's versions: no cache here
        ("DELETE", "/v2.99/images/x"),
        ("GET", "/images"),
        ("GET", "/schemas/image"),
    ],
)
def test_any_other_version_answers_the_version_document(
    client: TestClient, method: str, path: str
) -> None:
    answer = client.request(method, path)  # no token: negotiation comes first
    assert answer.status_code == 300
    assert answer.json() == client.get("/versions").json()


def test_a_version_may_be_asked_for_by_media_type(client: TestClient) -> None:
    asked = {"X-Auth-Token": DEMO_TOKEN, "Accept": f"{VERSION_MEDIA_TYPE}v2.1"}
    assert client.get("/images", headers=asked).json()["first"] == "/v2/images"
    # The whole path goes under the mount, as on Glance: `/v2/v2/images` is not found.
    assert client.get("/v2/images", headers=asked).status_code == 404
    unknown = {"X-Auth-Token": DEMO_TOKEN, "Accept": f"{VERSION_MEDIA_TYPE}v3"}
    assert client.get("/images", headers=unknown).status_code == 300


def test_a_negotiated_request_still_needs_a_token(client: TestClient) -> None:
    answer = client.get("/v2.1/images")
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Keystone uri=")


def test_the_other_contracts_paths_are_left_alone(client: TestClient) -> None:
    assert client.get(images_path(), headers=auth()).status_code == 200
    versioned_accept = {**auth(), "Accept": f"{VERSION_MEDIA_TYPE}v3"}
    assert client.get(images_path(), headers=versioned_accept).status_code != 300
    for path in ("/vendor/images", "/nothing-here"):
        answer = client.get(path)
        assert answer.status_code == 404
        assert answer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("path", ["/v2", "/v2.1", "/v2.17", "/v2?limit=1"])
@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_the_mount_without_its_slash_redirects_to_it_once_the_token_is_checked(
    client: TestClient, path: str, method: str
) -> None:
    answer = client.request(method, path, headers=token(), follow_redirects=False)
    assert answer.status_code == 302
    assert answer.headers["location"] == "http://testserver/v2/"
    assert answer.content == b""
    refused = client.request(method, path, follow_redirects=False)
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Keystone uri=")
    assert client.get("/v2/", headers=token()).status_code == 404
