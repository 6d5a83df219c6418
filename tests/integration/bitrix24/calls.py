"""Call helpers for the Bitrix24 tests: both call styles of every method."""

from __future__ import annotations

import base64
from typing import Any

import httpx
from starlette.testclient import TestClient

from tests.demo import (
    BITRIX_OTHER_PRODUCT,
    BITRIX_PRODUCT,
    BITRIX_TOKEN,
    BITRIX_USER,
    BITRIX_VIEWER,
    BITRIX_VIEWER_WEBHOOK_CODE,
    BITRIX_WEBHOOK_CODE,
)
from tests.images import png

WEBHOOK = f"/rest/{BITRIX_USER}/{BITRIX_WEBHOOK_CODE}"
VIEWER_WEBHOOK = f"/rest/{BITRIX_VIEWER}/{BITRIX_VIEWER_WEBHOOK_CODE}"
TOKEN = BITRIX_TOKEN
PRODUCT = BITRIX_PRODUCT
OTHER_PRODUCT = BITRIX_OTHER_PRODUCT


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


def error(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"error", "error_description"}
    assert isinstance(body["error"], str), body  # the code is a string, never a number
    return response.status_code, body["error"]
