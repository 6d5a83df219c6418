"""Tokens and tenants: 401 as Glance's stock pipeline answers it; another project's image
does not exist for it; only an admin makes an image public."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.integration.cloud_images.records import (
    ADMIN_TOKEN,
    DEMO_PROJECT,
    OTHER_TOKEN,
    create,
    listed_ids,
    patch,
    token,
    upload,
)

UNAUTHORIZED = {
    "code": "401 Unauthorized",
    "title": "Unauthorized",
    "message": (
        "This server could not verify that you are authorized to access the document you "
        "requested. Either you supplied the wrong credentials (e.g., bad password), or your "
        "browser does not understand how to supply the credentials required.<br /><br />\n\n\n"
    ),
}


@pytest.mark.parametrize("headers", [{}, {"X-Auth-Token": "no-such-token"}])
def test_a_missing_or_unknown_token_is_401(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get("/v2/images", headers={**headers, "Accept": "application/json"})
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert response.headers["www-authenticate"] == 'Keystone uri="http://testserver/identity"'


def test_only_an_admin_token_makes_an_image_public(client: TestClient) -> None:
    response = client.post("/v2/images", json={"visibility": "public"}, headers=token())
    assert response.status_code == 403
    assert "publicize_image" in response.json()["message"]
    image = create(client)
    publicize = [{"op": "replace", "path": "/visibility", "value": "public"}]
    assert patch(client, image["id"], publicize).status_code == 403
    assert patch(client, image["id"], publicize, token_value=ADMIN_TOKEN).json()["visibility"] == (
        "public"
    )


def test_authentication_comes_before_validation(client: TestClient) -> None:
    response = client.post("/v2/images", json={"min_disk": -1})
    assert response.status_code == 401


def test_the_creator_project_owns_the_image(client: TestClient) -> None:
    assert create(client)["owner"] == DEMO_PROJECT


def test_another_projects_image_is_404(client: TestClient) -> None:
    image = create(client)
    for response in (
        client.get(f"/v2/images/{image['id']}", headers=token(OTHER_TOKEN)),
        client.delete(f"/v2/images/{image['id']}", headers=token(OTHER_TOKEN)),
        client.get(f"/v2/images/{image['id']}/file", headers=token(OTHER_TOKEN)),
        upload(client, image["id"], token_value=OTHER_TOKEN),
    ):
        assert response.status_code == 404
    assert listed_ids(client, OTHER_TOKEN) == []
    assert listed_ids(client) == [image["id"]]


def test_a_public_image_is_seen_but_not_changed_by_another_project(client: TestClient) -> None:
    image = create(client, ADMIN_TOKEN, visibility="public")
    assert listed_ids(client, OTHER_TOKEN) == [image["id"]]
    response = patch(
        client,
        image["id"],
        [{"op": "replace", "path": "/name", "value": "x"}],
        token_value=OTHER_TOKEN,
    )
    assert response.status_code == 403
    assert client.delete(f"/v2/images/{image['id']}", headers=token(OTHER_TOKEN)).status_code == 403
