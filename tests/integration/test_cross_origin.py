"""CORS through the whole mock: a page on a local development origin calls the contracts
with credentials (the `sessionid` cookie included), and no page on another origin can read
the mock's own pages and routes, which carry the seed's credentials and every tenant's
state, whatever origins are allowed."""

from __future__ import annotations

import pytest
from httpx import Response
from starlette.testclient import TestClient

from mockserver.app import own_page_or_route
from mockserver.config import MockConfig
from tests.conftest import StartMock
from tests.demo import CLOUD_TOKEN, CONTRIBUTOR_SESSION, images_path
from tests.integration.uploads import upload

DEV_ORIGIN = "http://localhost:5173"
FOREIGN_ORIGIN = "https://evil.example"
PREFLIGHT = {
    "Access-Control-Request-Method": "DELETE",
    "Access-Control-Request-Headers": "x-api-key",
}
OWN_PATHS = [
    "/__gallery/",
    "/__gallery",
    "/__admin/state",
    "/__admin/faults",
    "/__docs/closient/ui/",
    "/__docs/cloud-images/ui/",
    "/__docs/closient/openapi.json",
    "/__assets/mock/gallery.js",
]
EVERY_SETTING = [MockConfig(), MockConfig(cors_origins=("*",))]


def cors_headers(answer: Response) -> list[str]:
    return [name for name in answer.headers if name.lower().startswith("access-control-")]


def test_a_dev_origin_lists_with_the_session_cookie(client: TestClient) -> None:
    client.cookies.set("sessionid", CONTRIBUTOR_SESSION)
    answer = client.get(images_path(), headers={"Origin": DEV_ORIGIN})
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == DEV_ORIGIN
    assert answer.headers["access-control-allow-credentials"] == "true"
    assert "Origin" in answer.headers["vary"]
    exposed = answer.headers["access-control-expose-headers"]
    assert "RateLimit-Remaining" in exposed
    assert "Retry-After" in exposed


@pytest.mark.parametrize("origin", [DEV_ORIGIN, "http://127.0.0.1:3000", "http://[::1]:8080"])
def test_a_dev_origins_preflight_allows_credentials(client: TestClient, origin: str) -> None:
    answer = client.options(images_path(), headers={"Origin": origin, **PREFLIGHT})
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == origin
    assert answer.headers["access-control-allow-credentials"] == "true"
    assert "Origin" in answer.headers["vary"]


def test_an_image_file_is_readable_from_a_dev_origin(client: TestClient) -> None:
    url = upload(client).json()["image_url"]
    answer = client.get(url, headers={"Origin": DEV_ORIGIN})
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == DEV_ORIGIN


def test_a_foreign_origin_cannot_read_a_listing(client: TestClient) -> None:
    client.cookies.set("sessionid", CONTRIBUTOR_SESSION)
    answer = client.get(images_path(), headers={"Origin": FOREIGN_ORIGIN})
    assert "access-control-allow-origin" not in answer.headers
    preflight = client.options(images_path(), headers={"Origin": FOREIGN_ORIGIN, **PREFLIGHT})
    assert "access-control-allow-origin" not in preflight.headers


def test_chosen_origins_replace_the_dev_origins(mock: StartMock) -> None:
    client = mock(MockConfig(cors_origins=("https://*.example.com",)))
    allowed = client.get(images_path(), headers={"Origin": "https://app.example.com"})
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"
    assert allowed.headers["access-control-allow-credentials"] == "true"
    refused = client.get(images_path(), headers={"Origin": DEV_ORIGIN})
    assert "access-control-allow-origin" not in refused.headers


def test_any_origin_is_open_cors_without_credentials(mock: StartMock) -> None:
    client = mock(MockConfig(cors_origins=("*",)))
    answer = client.get(images_path(), headers={"Origin": FOREIGN_ORIGIN})
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in answer.headers
    assert "RateLimit-Remaining" in answer.headers["access-control-expose-headers"]


@pytest.mark.parametrize("config", EVERY_SETTING, ids=["dev origins", "any origin"])
@pytest.mark.parametrize("path", OWN_PATHS)
@pytest.mark.parametrize("origin", [FOREIGN_ORIGIN, DEV_ORIGIN])
def test_the_mocks_own_routes_answer_no_origin_but_their_own(
    mock: StartMock, config: MockConfig, path: str, origin: str
) -> None:
    client = mock(config)
    answer = client.get(path, headers={"Origin": origin})
    assert answer.status_code == 200
    assert cors_headers(answer) == []
    preflight = client.options(path, headers={"Origin": origin, **PREFLIGHT})
    assert cors_headers(preflight) == []


@pytest.mark.parametrize("config", EVERY_SETTING, ids=["dev origins", "any origin"])
def test_the_gallery_page_at_the_root_answers_no_origin(
    mock: StartMock, config: MockConfig
) -> None:
    client = mock(config)
    page = client.get("/", headers={"Origin": FOREIGN_ORIGIN, "Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert cors_headers(page) == []
    # The version document beneath it is Glance's API: CORS as every contract path.
    versions = client.get("/", headers={"Origin": DEV_ORIGIN, "Accept": "application/json"})
    assert versions.status_code == 300
    assert versions.headers["access-control-allow-origin"] in ("*", DEV_ORIGIN)


@pytest.mark.parametrize(
    "path",
    ["/__gallery/events", "/__admin/reset", "/__docs/bitrix24/ui/index.html", "/__assets/x"],
)
def test_every_path_of_the_mock_itself_is_its_own(path: str) -> None:
    scope = {"type": "http", "method": "GET", "path": path, "headers": []}
    assert own_page_or_route(scope)


@pytest.mark.parametrize("path", ["/dashboard/api/x", "/v2/images", "/media/a/b/c.png", "/rest/1"])
def test_contract_paths_are_not_the_mocks_own(path: str) -> None:
    scope = {"type": "http", "method": "GET", "path": path, "headers": [(b"accept", b"text/html")]}
    assert not own_page_or_route(scope)


def test_the_gallery_pages_own_calls_still_work(client: TestClient) -> None:
    """The page and Swagger UI are served by the mock: their calls are same-origin, with
    the mock's own Origin on writes, and need no CORS."""
    own = {"Origin": "http://testserver"}
    assert client.get("/__admin/state", headers=own).status_code == 200
    assert client.post("/__admin/reset", headers=own).status_code == 204
    listing = client.get("/v2/images", headers={**own, "X-Auth-Token": CLOUD_TOKEN})
    assert listing.status_code == 200
