"""The root: Glance's version document for API clients, the gallery page for browsers."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from mockserver.frontend.gallery import prefers_html

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Accept": "application/json"},  # keystoneauth's discovery, glanceclient, openstacksdk
        {"Accept": "*/*"},  # curl
        {"Accept": "application/json, text/html;q=0.5"},
    ],
)
def test_api_clients_get_the_version_document(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get("/", headers=headers)
    assert response.status_code == 300
    assert response.json()["versions"][0]["id"] == "v2.15"
    assert "Accept" in response.headers["Vary"]


def test_a_browser_gets_the_gallery_page(client: TestClient) -> None:
    response = client.get("/", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Accept" in response.headers["Vary"]
    assert 'id="gallery-config"' in response.text
    assert client.get("/__gallery/").text == response.text
    # Other methods at the root stay Glance's, whatever they accept.
    assert client.post("/", headers={"Accept": BROWSER}).status_code == 300
    assert client.get("/versions", headers={"Accept": BROWSER}).status_code == 200


def test_the_page_loads_nothing_from_the_web(client: TestClient) -> None:
    for path in ("/__gallery/", "/__docs/closient/ui/", "/__docs/bitrix24/ui/"):
        text = client.get(path).text
        assert "http://" not in text
        assert "https://" not in text
    for asset in (
        "/__assets/mock/gallery.js",
        "/__assets/mock/docs.js",
        "/__assets/swagger-ui/swagger-ui-bundle.js",
        "/__assets/swagger-ui/swagger-ui.css",
    ):
        assert client.get(asset).status_code == 200


def test_swagger_ui_is_version_5(client: TestClient) -> None:
    bundle = client.get("/__assets/swagger-ui/swagger-ui-bundle.js").text
    assert '"5.' in bundle
    assert client.get("/__docs/closient/ui", follow_redirects=False).headers["location"] == (
        "/__docs/closient/ui/"
    )


@pytest.mark.parametrize(
    ("accept", "wanted"),
    [
        (BROWSER, True),
        ("text/html", True),
        ("", False),
        ("*/*", False),
        ("application/json", False),
        ("text/html;q=0", False),
        ("application/json;q=0.9, text/html", True),
    ],
)
def test_prefers_html(accept: str, wanted: bool) -> None:
    assert prefers_html(accept) is wanted
