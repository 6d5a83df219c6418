"""Call helpers for the Bitrix24 tests: both call styles of every method."""

from __future__ import annotations

import base64
from typing import Any

import httpx
from starlette.testclient import TestClient

from tests.images import png

WEBHOOK = "/rest/1/k3q9x2v7m1p8z4r6"
VIEWER_WEBHOOK = "/rest/7/v7ew3r5t0k9x2m4q"
TOKEN = "demo-bitrix-token"
PRODUCT = 1
OTHER_PRODUCT = 2


def call(
    client: TestClient,
    method: str,
    params: dict[str, Any],
    *,
    token: str | None = None,
    webhook: str = WEBHOOK,
) -> httpx.Response:
    """A webhook-style call, or an application-style one when a token is given."""
    if token is not None:
        response: httpx.Response = client.post(
            f"/rest/catalog.productImage.{method}", json={**params, "auth": token}
        )
    else:
        response = client.post(f"{webhook}/catalog.productImage.{method}", json=params)
    return response


def file_content(name: str = "picture.png", content: bytes | None = None) -> list[str]:
    return [name, base64.b64encode(content if content is not None else png()).decode()]


def add(
    client: TestClient, image_type: str | None = None, product: int = PRODUCT, **options: Any
) -> dict[str, Any]:
    fields: dict[str, Any] = {"productId": product}
    if image_type is not None:
        fields["type"] = image_type
    response = call(client, "add", {"fields": fields, "fileContent": file_content()}, **options)
    assert response.status_code == 200, response.text
    image: dict[str, Any] = response.json()["result"]["productImage"]
    return image


def listed(client: TestClient, product: int = PRODUCT, **params: Any) -> list[dict[str, Any]]:
    response = call(client, "list", {"productId": product, **params})
    assert response.status_code == 200, response.text
    images: list[dict[str, Any]] = response.json()["result"]["productImages"]
    return images


def error(response: httpx.Response) -> tuple[int, int | str]:
    body = response.json()
    assert set(body) == {"error", "error_description"}
    return response.status_code, body["error"]
