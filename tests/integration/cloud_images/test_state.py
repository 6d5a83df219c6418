"""Rate limiting in OpenStack's shape, and the admin routes over the registry."""

from __future__ import annotations

from starlette.testclient import TestClient

from mockserver.config import MockConfig
from mockserver.domain.ratelimit import Window
from tests.conftest import StartMock
from tests.integration.cloud_images.records import (
    DEMO_PROJECT,
    create,
    listed_ids,
    patch,
    token,
)


def test_a_spent_rate_limit_is_413_over_limit_with_retry_after_on_writes(
    mock: StartMock,
) -> None:
    client = mock(MockConfig(rate_limit_windows=(Window(2, 60),), validate_responses=True))
    image = create(client)
    assert client.delete(f"/v2/images/{image['id']}", headers=token()).status_code == 204
    response = client.post("/v2/images", headers=token(), json={"name": "one too many"})
    listed = listed_ids(client)
    assert response.status_code == 413
    assert response.json()["code"] == "413 Request Entity Too Large"
    assert 0 < int(response.headers["retry-after"]) <= 60
    assert response.headers["ratelimit-remaining"] == "0"
    assert listed == []  # the refused create made nothing


def test_reads_are_not_counted_the_contract_declares_no_413_on_them(mock: StartMock) -> None:
    """List, show and download declare no 413: they are never refused for the rate, and
    carry no rate-limit headers, however many there are."""
    client = mock(MockConfig(rate_limit_windows=(Window(2, 60),), validate_responses=True))
    image = create(client)
    reads = [
        client.get(path, headers=token())
        for path in (
            "/v2/images",
            f"/v2/images/{image['id']}",
            f"/v2/images/{image['id']}/file",
        )
        * 3
    ]
    rename = [{"op": "replace", "path": "/name", "value": "renamed"}]
    writes = [patch(client, image["id"], rename) for _ in range(2)]
    assert [r.status_code for r in reads] == [200, 200, 204] * 3
    assert not any("ratelimit-remaining" in r.headers for r in reads)
    assert [w.status_code for w in writes] == [200, 413]


def test_reset_forgets_every_image(client: TestClient) -> None:
    create(client, protected=True)
    assert client.post("/__admin/reset").status_code == 204
    assert listed_ids(client) == []


def test_state_lists_each_projects_images(client: TestClient) -> None:
    image = create(client, protected=True)
    state = client.get("/__admin/state").json()["cloud_images"]
    project = next(p for p in state["projects"] if p["id"] == DEMO_PROJECT)
    assert [(i["id"], i["status"], i["protected"]) for i in project["images"]] == [
        (image["id"], "queued", True)
    ]


def test_swagger_ui_is_served_for_the_contract(client: TestClient) -> None:
    assert client.get("/__docs/cloud-images/ui/").status_code == 200
    document = client.get("/__docs/cloud-images/openapi.json").json()
    assert document["info"]["title"].startswith("Cloud Images")
