"""Deactivate and reactivate: an active image's data withheld from all but administrators,
and given back, as Glance 33 answers each step."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from tests.integration.cloud_images.records import (
    ADMIN_TOKEN,
    DEMO_TOKEN,
    OTHER_TOKEN,
    create,
    patch,
    token,
    upload,
)

UNKNOWN_ID = "0b7e5e9c-3d2a-4c1f-8e6b-5a4d3c2b1a09"


def act(
    client: TestClient, image_id: str, action: str, token_value: str = DEMO_TOKEN, **options: Any
) -> httpx.Response:
    response: httpx.Response = client.post(
        f"/v2/images/{image_id}/actions/{action}", headers=token(token_value), **options
    )
    return response


def active_image(client: TestClient, token_value: str = DEMO_TOKEN, **fields: Any) -> str:
    image_id = str(create(client, token_value, **fields)["id"])
    assert upload(client, image_id, b"disk image", token_value).status_code == 204
    return image_id


def status_of(client: TestClient, image_id: str) -> str:
    shown = client.get(f"/v2/images/{image_id}", headers=token(ADMIN_TOKEN)).json()
    return str(shown["status"])


def message(response: httpx.Response) -> str:
    return str(response.json()["message"]).removesuffix("<br /><br />\n\n\n")


def test_deactivating_an_active_image_makes_it_deactivated(client: TestClient) -> None:
    image_id = active_image(client)
    response = act(client, image_id, "deactivate")
    assert (response.status_code, response.content) == (204, b"")
    assert status_of(client, image_id) == "deactivated"


def test_reactivating_makes_it_active_again(client: TestClient) -> None:
    image_id = active_image(client)
    act(client, image_id, "deactivate")
    assert act(client, image_id, "reactivate").status_code == 204
    assert status_of(client, image_id) == "active"


@pytest.mark.parametrize(
    ("action", "status"), [("deactivate", "deactivated"), ("reactivate", "active")]
)
def test_an_action_already_done_changes_nothing(
    client: TestClient, action: str, status: str
) -> None:
    image_id = active_image(client)
    if action == "reactivate":
        act(client, image_id, "deactivate")
        act(client, image_id, "reactivate")
    else:
        act(client, image_id, "deactivate")
    assert act(client, image_id, action).status_code == 204
    assert status_of(client, image_id) == status


@pytest.mark.parametrize("action", ["deactivate", "reactivate"])
def test_a_queued_image_is_refused_either_action_with_403(client: TestClient, action: str) -> None:
    image_id = create(client)["id"]
    response = act(client, image_id, action)
    assert response.status_code == 403
    assert message(response) == f"Not allowed to {action} image in status 'queued'"
    assert status_of(client, image_id) == "queued"


def test_a_deactivated_image_s_data_is_403_to_its_owner(client: TestClient) -> None:
    image_id = active_image(client)
    act(client, image_id, "deactivate")
    for headers in ({}, {"Range": "bytes=0-1"}):
        response = client.get(f"/v2/images/{image_id}/file", headers={**token(), **headers})
        assert response.status_code == 403
        assert message(response) == (
            "The requested image has been deactivated. Image data download is forbidden."
        )


def test_an_admin_still_downloads_a_deactivated_image(client: TestClient) -> None:
    image_id = active_image(client)
    act(client, image_id, "deactivate")
    response = client.get(f"/v2/images/{image_id}/file", headers=token(ADMIN_TOKEN))
    assert (response.status_code, response.content) == (200, b"disk image")


def test_a_reactivated_image_s_data_is_served_again(client: TestClient) -> None:
    image_id = active_image(client)
    act(client, image_id, "deactivate")
    act(client, image_id, "reactivate")
    response = client.get(f"/v2/images/{image_id}/file", headers=token())
    assert (response.status_code, response.content) == (200, b"disk image")


def test_a_deactivated_image_is_still_patched_listed_and_deleted(client: TestClient) -> None:
    image_id = active_image(client)
    act(client, image_id, "deactivate")
    renamed = patch(client, image_id, [{"op": "replace", "path": "/name", "value": "renamed"}])
    assert (renamed.status_code, renamed.json()["status"]) == (200, "deactivated")
    listed = client.get("/v2/images?status=deactivated", headers=token()).json()["images"]
    assert [image["id"] for image in listed] == [image_id]
    assert client.delete(f"/v2/images/{image_id}", headers=token()).status_code == 204


def test_data_is_not_uploaded_to_a_deactivated_image(client: TestClient) -> None:
    image_id = active_image(client)
    act(client, image_id, "deactivate")
    response = upload(client, image_id, b"more")
    assert response.status_code == 409
    assert message(response) == "Image status transition from deactivated to saving is not allowed"


@pytest.mark.parametrize("action", ["deactivate", "reactivate"])
def test_another_project_that_sees_the_image_is_refused_by_policy(
    client: TestClient, action: str
) -> None:
    image_id = active_image(client, ADMIN_TOKEN, visibility="public")
    response = act(client, image_id, action, OTHER_TOKEN)
    assert response.status_code == 403
    assert message(response) == f"You are not authorized to complete {action} action."
    assert status_of(client, image_id) == "active"


def test_another_project_that_does_not_see_the_image_gets_404(client: TestClient) -> None:
    image_id = active_image(client)
    response = act(client, image_id, "deactivate", OTHER_TOKEN)
    assert response.status_code == 404
    assert message(response) == f"No image found with ID {image_id}"


def test_an_admin_deactivates_another_project_s_image(client: TestClient) -> None:
    image_id = active_image(client, OTHER_TOKEN)
    assert act(client, image_id, "deactivate", ADMIN_TOKEN).status_code == 204
    response = client.get(f"/v2/images/{image_id}/file", headers=token(OTHER_TOKEN))
    assert response.status_code == 403


@pytest.mark.parametrize("image_id", [UNKNOWN_ID, "not-a-uuid"])
def test_an_unknown_image_is_404(client: TestClient, image_id: str) -> None:
    response = act(client, image_id, "deactivate")
    assert response.status_code == 404
    assert message(response) == f"No image found with ID {image_id}"


def test_a_body_is_refused_before_the_image_is_looked_for(client: TestClient) -> None:
    response = act(client, UNKNOWN_ID, "deactivate", json={"x": 1})
    assert response.status_code == 400
    assert message(response) == "A body is not expected with this request."


def test_an_action_without_a_token_is_401(client: TestClient) -> None:
    response = client.post(f"/v2/images/{UNKNOWN_ID}/actions/deactivate")
    assert response.status_code == 401


def test_an_action_takes_post_alone(client: TestClient) -> None:
    response = client.get(f"/v2/images/{UNKNOWN_ID}/actions/reactivate", headers=token())
    assert (response.status_code, response.headers["allow"]) == (405, "POST")


def test_an_unknown_action_is_not_found(client: TestClient) -> None:
    response = client.post(f"/v2/images/{UNKNOWN_ID}/actions/frobnicate", headers=token())
    assert response.status_code == 404
