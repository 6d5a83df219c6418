"""JSON the mock cannot take is a 400 in webob's shape, never a 500, and stores nothing:
not UTF-8, nested past the parser's depth, integers past Python's 4,300 digits, lone
UTF-16 surrogates (which no UTF-8 answer could carry back)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.integration.cloud_images.records import create, listed_ids, token

PATCH = "application/openstack-images-v2.1-json-patch"
UNTAKEABLE = {
    "lone surrogate in a name": b'{"name": "\\udfff"}',
    "lone surrogate in a property": b'{"os_distro": "\\ud800"}',
    "lone surrogate in a tag": b'{"tags": ["\\ud800"]}',
    "nested 1000 deep": b"[" * 1000 + b"]" * 1000,
    "an integer of 5000 digits": b'{"min_ram": ' + b"9" * 5000 + b"}",
    "no UTF-8": b'{"name": "\xff"}',
}


@pytest.mark.parametrize("body", UNTAKEABLE.values(), ids=list(UNTAKEABLE))
def test_a_create_the_mock_cannot_take_is_400_and_stores_nothing(
    client: TestClient, body: bytes
) -> None:
    response = client.post(
        "/v2/images", content=body, headers={**token(), "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "400 Bad Request"
    assert listed_ids(client) == []
    assert client.get("/__admin/state").status_code == 200


@pytest.mark.parametrize("body", UNTAKEABLE.values(), ids=list(UNTAKEABLE))
def test_a_patch_the_mock_cannot_take_is_400_and_changes_nothing(
    client: TestClient, body: bytes
) -> None:
    image = create(client, name="before")
    response = client.patch(
        f"/v2/images/{image['id']}", content=body, headers={**token(), "Content-Type": PATCH}
    )
    assert response.status_code == 400
    assert client.get(f"/v2/images/{image['id']}", headers=token()).json()["name"] == "before"


def test_a_patch_without_a_media_type_is_415_and_changes_nothing(client: TestClient) -> None:
    image = create(client, name="before")
    response = client.patch(
        f"/v2/images/{image['id']}",
        content=b'[{"op": "replace", "path": "/name", "value": "after"}]',
        headers=token(),
    )
    assert response.status_code == 415
    assert "accept-patch" in response.headers
    assert client.get(f"/v2/images/{image['id']}", headers=token()).json()["name"] == "before"


BIG = "9" * 4400
UNREADABLE_RANGES = {
    "a first byte of 4400 digits": ("Range", f"bytes={BIG}-"),
    "a last byte of 4400 digits": ("Range", f"bytes=0-{BIG}"),
    "a suffix of 4400 digits": ("Range", f"bytes=-{BIG}"),
    "a superscript digit": ("Range", "bytes=\xb2-3"),
    "a Content-Range of 4400 digits": ("Content-Range", f"bytes 0-{BIG}/{BIG}"),
}


@pytest.mark.parametrize("header", UNREADABLE_RANGES.values(), ids=list(UNREADABLE_RANGES))
def test_a_range_the_mock_cannot_read_is_416_in_webobs_shape(
    client: TestClient, header: tuple[str, str]
) -> None:
    image = create(client, disk_format="raw", container_format="bare")
    uploaded = client.put(
        f"/v2/images/{image['id']}/file",
        content=b"abcdef",
        headers={**token(), "Content-Type": "application/octet-stream"},
    )
    assert uploaded.status_code == 204
    name, value = header
    response = client.get(
        f"/v2/images/{image['id']}/file",
        headers=[
            (b"X-Auth-Token", token()["X-Auth-Token"].encode()),
            (b"Accept", b"application/json"),
            (name.encode(), value.encode("latin-1")),
        ],
    )
    assert response.status_code == 416
    assert response.json()["code"] == "416 Request Range Not Satisfiable"
