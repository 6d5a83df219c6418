"""Request helpers for the integration tests."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.testclient import TestClient

from tests.demo import CONTRIBUTOR_KEY, DEMO_ORG, GTIN, auth, images_path
from tests.images import png


def upload(
    client: TestClient,
    content: bytes | None = None,
    *,
    title: str | None = None,
    is_primary: bool | None = None,
    organization: str = DEMO_ORG,
    gtin: str = GTIN,
    key: str = CONTRIBUTOR_KEY,
    filename: str = "picture.png",
    content_type: str = "image/png",
) -> httpx.Response:
    data: dict[str, Any] = {}
    if title is not None:
        data["title"] = title
    if is_primary is not None:
        data["is_primary"] = "true" if is_primary else "false"
    response: httpx.Response = client.post(
        images_path(organization, gtin),
        headers=auth(key),
        files={"image": (filename, content if content is not None else png(), content_type)},
        data=data,
    )
    return response


def listing(
    client: TestClient, *, gtin: str = GTIN, key: str = CONTRIBUTOR_KEY, **query: int
) -> dict[str, Any]:
    response = client.get(images_path(gtin=gtin), headers=auth(key), params=query)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def listed_ids(client: TestClient, *, gtin: str = GTIN) -> list[str]:
    return [image["id"] for image in listing(client, gtin=gtin, page_size=100)["data"]]
