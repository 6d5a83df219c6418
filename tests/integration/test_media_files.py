"""Image bytes served back at image_url, safely, and only while the image exists."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from mockserver.config import MockConfig
from tests import images
from tests.conftest import StartMock
from tests.demo import auth, images_path
from tests.integration.uploads import upload


def test_image_url_is_absolute_on_the_host_the_client_used(client: TestClient) -> None:
    body = upload(client).json()
    assert body["image_url"].startswith("http://testserver/media/")


@pytest.fixture
def proxied(mock: StartMock) -> TestClient:
    return mock(MockConfig(rate_limit_windows=(), public_url="https://mock.example.test/base/"))


def test_a_configured_public_url_is_used_for_image_links(proxied: TestClient) -> None:
    body = upload(proxied).json()
    assert body["image_url"].startswith("https://mock.example.test/base/media/")


def test_an_uploaded_svg_cannot_run_script(client: TestClient) -> None:
    body = upload(client, images.SVG_WITH_SCRIPT, content_type="image/svg+xml").json()
    served = client.get(body["image_url"])
    assert served.headers["content-type"] == "image/svg+xml"
    assert "sandbox" in served.headers["content-security-policy"]
    assert "default-src 'none'" in served.headers["content-security-policy"]
    assert served.headers["x-content-type-options"] == "nosniff"


def test_a_file_url_with_another_extension_is_404(client: TestClient) -> None:
    url = upload(client).json()["image_url"]
    assert client.get(url.replace(".png", ".svg")).status_code == 404


def test_an_unchanged_file_answers_304_to_its_etag(client: TestClient) -> None:
    url = upload(client).json()["image_url"]
    etag = client.get(url).headers["etag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_cors_lets_a_browser_app_on_another_origin_call_the_mock(client: TestClient) -> None:
    response = client.options(
        images_path(),
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "x-api-key",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] in ("*", "http://localhost:3000")


def test_a_foreign_host_does_not_go_into_image_urls(client: TestClient) -> None:
    upload(client)
    listing = client.get(images_path(), headers={**auth(), "Host": "evil.example"}).json()
    assert listing["data"][0]["image_url"].startswith("http://testserver:80/media/")
