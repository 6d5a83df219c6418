"""Request helpers for the Cloud Images tests."""

from __future__ import annotations

import json
from typing import Any

import httpx
from starlette.testclient import TestClient

from tests.demo import CLOUD_ADMIN_TOKEN, CLOUD_PROJECT, CLOUD_TOKEN, OTHER_CLOUD_TOKEN

DEMO_TOKEN = CLOUD_TOKEN
OTHER_TOKEN = OTHER_CLOUD_TOKEN
ADMIN_TOKEN = CLOUD_ADMIN_TOKEN
DEMO_PROJECT = CLOUD_PROJECT
OTHER_PROJECT = "4e7c2a9d5b3f4a1e8c6d0b2f9a7e5c3d"
PATCH_MEDIA_TYPE = "application/openstack-images-v2.1-json-patch"


def token(value: str = DEMO_TOKEN) -> dict[str, str]:
    """A token, and the Accept with which Glance renders errors as JSON."""
    return {"X-Auth-Token": value, "Accept": "application/json"}


def create(client: TestClient, token_value: str = DEMO_TOKEN, **fields: Any) -> dict[str, Any]:
    body = {"name": "cirros", "disk_format": "raw", "container_format": "bare", **fields}
    response = client.post("/v2/images", json=body, headers=token(token_value))
    assert response.status_code == 201, response.text
    record: dict[str, Any] = response.json()
    return record


def patch(
    client: TestClient,
    image_id: str,
    operations: list[dict[str, Any]],
    *,
    media_type: str = PATCH_MEDIA_TYPE,
    token_value: str = DEMO_TOKEN,
) -> httpx.Response:
    response: httpx.Response = client.patch(
        f"/v2/images/{image_id}",
        content=json.dumps(operations).encode(),
        headers={**token(token_value), "Content-Type": media_type},
    )
    return response


def upload(
    client: TestClient, image_id: str, data: bytes = b"disk image", token_value: str = DEMO_TOKEN
) -> httpx.Response:
    response: httpx.Response = client.put(
        f"/v2/images/{image_id}/file",
        content=data,
        headers={**token(token_value), "Content-Type": "application/octet-stream"},
    )
    return response


def listed_ids(client: TestClient, token_value: str = DEMO_TOKEN, **query: Any) -> list[str]:
    response = client.get("/v2/images", headers=token(token_value), params=query)
    assert response.status_code == 200, response.text
    return [image["id"] for image in response.json()["images"]]


def protect(client: TestClient, image_id: str, value: bool = True) -> httpx.Response:
    return patch(client, image_id, [{"op": "replace", "path": "/protected", "value": value}])
