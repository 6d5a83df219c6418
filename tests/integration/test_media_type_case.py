"""A request's media type is read whatever its case (RFC 9110: it is case-insensitive), by
every contract: an upper-case `Content-Type` is validated and answered as a lower-case one."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from tests.demo import auth, images_path
from tests.images import png
from tests.integration.bitrix24.calls import PRODUCT, WEBHOOK, file_content
from tests.integration.cloud_images.records import token


@pytest.mark.parametrize("media_type", ["APPLICATION/JSON", "Application/Json; charset=UTF-8"])
def test_a_cloud_images_create_of_any_case_is_read_as_json(
    client: TestClient, media_type: str
) -> None:
    body = {"name": "cased", "disk_format": "raw", "container_format": "bare"}
    response = client.post(
        "/v2/images",
        content=json.dumps(body),
        headers={**token(), "Content-Type": media_type},
    )
    assert response.status_code == 201, response.text
    assert response.json()["name"] == "cased"


def test_a_cloud_images_create_of_any_case_is_validated(client: TestClient) -> None:
    response = client.post(
        "/v2/images",
        content=b'{"min_ram": [[], "\xed\xa0\x80"]}',
        headers={**token(), "Content-Type": "APPLICATION/JSON"},
    )
    assert response.status_code == 400


def test_a_closient_upload_of_any_case_is_read_as_multipart(client: TestClient) -> None:
    boundary = "XYZ"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + png()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(
        images_path(),
        content=body,
        headers={**auth(), "Content-Type": f"MULTIPART/FORM-DATA; boundary={boundary}"},
    )
    assert response.status_code == 201, response.text


def test_a_bitrix24_call_of_any_case_is_read_as_json(client: TestClient) -> None:
    params = {"fields": {"productId": PRODUCT}, "fileContent": file_content()}
    response = client.post(
        f"{WEBHOOK}/catalog.productImage.add",
        content=json.dumps(params),
        headers={"Content-Type": "APPLICATION/JSON"},
    )
    assert response.status_code == 200, response.text
