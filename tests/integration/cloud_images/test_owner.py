"""The owner: the creating project by default, named by an admin on create or by PATCH,
never by another caller, as Glance 33 answers each."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from tests.integration.cloud_images.records import (
    ADMIN_TOKEN,
    DEMO_PROJECT,
    OTHER_PROJECT,
    OTHER_TOKEN,
    create,
    patch,
    token,
)

PATCH_V20 = "application/openstack-images-v2.0-json-patch"
EMOJI = "\U0001f600"


def detail(response: httpx.Response) -> str:
    """Glance's words under webob's own explanation of a 403."""
    return (
        str(response.json()["message"])
        .removeprefix("Access was denied to this resource.<br /><br />\n")
        .removesuffix("\n\n")
    )


def create_as(token_value: str, client: TestClient, **body: Any) -> httpx.Response:
    response: httpx.Response = client.post("/v2/images", json=body, headers=token(token_value))
    return response


def set_owner(
    client: TestClient, image_id: str, owner: str | None, op: str = "replace", **options: Any
) -> httpx.Response:
    return patch(client, image_id, [{"op": op, "path": "/owner", "value": owner}], **options)


def test_an_admin_creates_an_image_for_another_project(client: TestClient) -> None:
    created = create(client, ADMIN_TOKEN, owner=OTHER_PROJECT)
    assert created["owner"] == OTHER_PROJECT
    shown = client.get(f"/v2/images/{created['id']}", headers=token(OTHER_TOKEN))
    assert (shown.status_code, shown.json()["owner"]) == (200, OTHER_PROJECT)
    assert client.get(f"/v2/images/{created['id']}", headers=token()).status_code == 404


def test_a_member_may_name_its_own_project_on_create(client: TestClient) -> None:
    assert create(client, owner=DEMO_PROJECT)["owner"] == DEMO_PROJECT


@pytest.mark.parametrize(("owner", "quoted"), [(OTHER_PROJECT, OTHER_PROJECT), (None, "None")])
def test_a_member_may_not_create_for_another_owner(
    client: TestClient, owner: str | None, quoted: str
) -> None:
    response = create_as("gAAAAAdemo-cloud-token", client, owner=owner, status="active")
    assert response.status_code == 403
    assert detail(response) == f"You are not permitted to create images owned by '{quoted}'"


def test_a_reserved_name_is_refused_before_the_owner(client: TestClient) -> None:
    response = create_as("gAAAAAdemo-cloud-token", client, owner=OTHER_PROJECT, os_glance_x="y")
    assert detail(response) == "Attribute 'os_glance_x' is reserved."


def test_an_image_without_an_owner_is_seen_by_all_and_changed_by_admins_alone(
    client: TestClient,
) -> None:
    image_id = create(client, ADMIN_TOKEN, owner=None)["id"]
    shown = client.get(f"/v2/images/{image_id}", headers=token(OTHER_TOKEN))
    assert (shown.status_code, shown.json()["owner"]) == (200, None)
    rename = [{"op": "replace", "path": "/name", "value": "x"}]
    assert patch(client, image_id, rename, token_value=OTHER_TOKEN).status_code == 403
    assert patch(client, image_id, rename, token_value=ADMIN_TOKEN).status_code == 200


def test_an_admin_gives_an_image_to_another_project_by_patch(client: TestClient) -> None:
    image_id = create(client)["id"]
    response = set_owner(client, image_id, OTHER_PROJECT, token_value=ADMIN_TOKEN)
    assert (response.status_code, response.json()["owner"]) == (200, OTHER_PROJECT)
    assert client.get(f"/v2/images/{image_id}", headers=token()).status_code == 404
    renamed = patch(
        client,
        image_id,
        [{"op": "replace", "path": "/name", "value": "theirs"}],
        token_value=OTHER_TOKEN,
    )
    assert renamed.status_code == 200


@pytest.mark.parametrize("owner", [None, "", "any-project-at-all"])
def test_an_admin_names_any_owner_or_none(client: TestClient, owner: str | None) -> None:
    image_id = create(client)["id"]
    response = set_owner(client, image_id, owner, op="add", token_value=ADMIN_TOKEN)
    assert (response.status_code, response.json()["owner"]) == (200, owner)


@pytest.mark.parametrize("owner", [OTHER_PROJECT, DEMO_PROJECT])
def test_a_member_may_not_replace_the_owner_whatever_the_value(
    client: TestClient, owner: str
) -> None:
    image_id = create(client)["id"]
    response = set_owner(client, image_id, owner)
    assert response.status_code == 403
    assert detail(response) == "Owner can't be updated by non admin."


def test_a_member_s_add_of_another_owner_is_refused_and_changes_nothing(
    client: TestClient,
) -> None:
    image_id = create(client)["id"]
    operations = [
        {"op": "replace", "path": "/name", "value": "renamed"},
        {"op": "add", "path": "/owner", "value": OTHER_PROJECT},
    ]
    assert patch(client, image_id, operations).status_code == 403
    shown = client.get(f"/v2/images/{image_id}", headers=token()).json()
    assert (shown["name"], shown["owner"]) == ("cirros", DEMO_PROJECT)


def test_a_member_s_add_of_the_same_owner_changes_nothing(client: TestClient) -> None:
    image_id = create(client)["id"]
    response = set_owner(client, image_id, DEMO_PROJECT, op="add")
    assert (response.status_code, response.json()["owner"]) == (200, DEMO_PROJECT)


def test_a_read_only_path_later_in_the_patch_is_refused_first(client: TestClient) -> None:
    image_id = create(client)["id"]
    operations = [
        {"op": "replace", "path": "/owner", "value": OTHER_PROJECT},
        {"op": "replace", "path": "/status", "value": "active"},
    ]
    response = patch(client, image_id, operations)
    assert response.json()["message"].startswith("Attribute 'status' is read-only.")


def test_the_owner_is_never_removed(client: TestClient) -> None:
    image_id = create(client)["id"]
    for who in ("gAAAAAdemo-cloud-token", ADMIN_TOKEN):
        response = patch(client, image_id, [{"op": "remove", "path": "/owner"}], token_value=who)
        assert response.status_code == 403
        assert detail(response) == "Property owner may not be removed."


def test_the_owner_is_always_present_to_the_older_syntax(client: TestClient) -> None:
    image_id = create(client)["id"]
    response = patch(
        client,
        image_id,
        [{"add": "/owner", "value": OTHER_PROJECT}],
        media_type=PATCH_V20,
        token_value=ADMIN_TOKEN,
    )
    assert response.status_code == 409


def test_an_owner_of_4_byte_characters_is_refused_after_the_name(client: TestClient) -> None:
    image_id = create(client)["id"]
    operations = [
        {"op": "add", "path": "/zz", "value": EMOJI},
        {"op": "replace", "path": "/owner", "value": EMOJI},
    ]
    response = patch(client, image_id, operations, token_value=ADMIN_TOKEN)
    assert response.status_code == 400
    assert response.json()["message"].startswith("Owner can't contain 4 byte unicode characters.")
    response = create_as(ADMIN_TOKEN, client, name=EMOJI, owner=EMOJI)
    assert response.json()["message"].startswith("Name can't contain 4 byte unicode characters.")


@pytest.mark.parametrize("owner", [5, "o" * 256])
def test_an_owner_that_is_no_project_id_is_400(client: TestClient, owner: Any) -> None:
    assert create_as(ADMIN_TOKEN, client, owner=owner).status_code == 400
    image_id = create(client)["id"]
    assert set_owner(client, image_id, owner, token_value=ADMIN_TOKEN).status_code == 400
