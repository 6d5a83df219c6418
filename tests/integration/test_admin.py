"""Admin routes: reset to the seed, dump the state."""

from __future__ import annotations

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
