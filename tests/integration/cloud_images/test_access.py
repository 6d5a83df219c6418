"""Tokens and tenants: 401 in Keystone's shape; another project's image does not exist."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.integration.cloud_images.records import (
    DEMO_PROJECT,
    OTHER_TOKEN,
    create,
    listed_ids,
    patch,
    token,
    upload,
)

UNAUTHORIZED = {
    "error": {
        "code": 401,
        "title": "Unauthorized",
        "message": "The request you have made requires authentication.",
    }
}


@pytest.mark.parametrize("headers", [{}, {"X-Auth-Token": "no-such-token"}])
def test_a_missing_or_unknown_token_is_401(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get("/images", headers=headers)
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_authentication_comes_before_validation(client: TestClient) -> None:
    response = client.post("/images", json={"min_disk": -1})
    assert response.status_code == 401


def test_the_creator_project_owns_the_image(client: TestClient) -> None:
    assert create(client)["owner"] == DEMO_PROJECT


def test_another_projects_image_is_404(client: TestClient) -> None:
    image = create(client)
    for response in (
        client.get(f"/images/{image['id']}", headers=token(OTHER_TOKEN)),
        client.delete(f"/images/{image['id']}", headers=token(OTHER_TOKEN)),
        client.get(f"/images/{image['id']}/file", headers=token(OTHER_TOKEN)),
        upload(client, image["id"], token_value=OTHER_TOKEN),
    ):
        assert response.status_code == 404
    assert listed_ids(client, OTHER_TOKEN) == []
    assert listed_ids(client) == [image["id"]]


def test_a_public_image_is_seen_but_not_changed_by_another_project(client: TestClient) -> None:
    image = create(client, visibility="public")
    assert listed_ids(client, OTHER_TOKEN) == [image["id"]]
    response = patch(
        client,
        image["id"],
        [{"op": "replace", "path": "/name", "value": "x"}],
        token_value=OTHER_TOKEN,
    )
    assert response.status_code == 403
    assert client.delete(f"/images/{image['id']}", headers=token(OTHER_TOKEN)).status_code == 403
