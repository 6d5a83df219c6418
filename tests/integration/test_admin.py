"""Admin routes: reset to the seed, dump the state."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from mockserver.config import MockConfig
from tests.conftest import StartMock
from tests.demo import DEMO_ORG, GTIN
from tests.integration.uploads import listed_ids, upload


def test_reset_restores_the_seeded_state(client: TestClient) -> None:
    url = upload(client).json()["image_url"]
    assert client.post("/__admin/reset").status_code == 204
    assert listed_ids(client) == []
    assert client.get(url).status_code == 404


def test_state_lists_organizations_products_and_images(client: TestClient) -> None:
    image = upload(client, title="hero", is_primary=True).json()
    state = client.get("/__admin/state").json()
    organization = next(o for o in state["organizations"] if o["id"] == DEMO_ORG)
    product = next(p for p in organization["products"] if p["gtin"] == GTIN)
    assert [(i["id"], i["title"], i["is_primary"]) for i in product["images"]] == [
        (image["id"], "hero", True)
    ]
    assert {p["name"] for p in state["principals"]} >= {"demo-contributor", "demo-viewer"}


def test_two_apps_share_no_state(client: TestClient, mock: StartMock) -> None:
    upload(client)
    assert listed_ids(mock(MockConfig(rate_limit_windows=()))) == []


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "http://testserver:8080", "https://testserver", "null"]
)
def test_a_reset_from_another_origin_is_refused_and_changes_nothing(
    client: TestClient, origin: str
) -> None:
    image = upload(client).json()
    response = client.post("/__admin/reset", headers={"Origin": origin})
    assert response.status_code == 403
    assert response.json()["error"] == "cross_origin"
    assert listed_ids(client) == [image["id"]]


@pytest.mark.parametrize("origin", ["http://testserver", "http://testserver:80"])
def test_a_reset_from_the_mocks_own_origin_is_taken(client: TestClient, origin: str) -> None:
    upload(client)
    assert client.post("/__admin/reset", headers={"Origin": origin}).status_code == 204
    assert listed_ids(client) == []


def test_a_reset_from_the_public_url_is_taken(mock: StartMock) -> None:
    public = mock(MockConfig(rate_limit_windows=(), public_url="https://images.example.com"))
    headers = {"Origin": "https://images.example.com"}
    assert public.post("/__admin/reset", headers=headers).status_code == 204


def test_a_wrong_method_on_an_admin_route_is_json(client: TestClient) -> None:
    response = client.get("/__admin/reset")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["error"] == "method_not_allowed"
