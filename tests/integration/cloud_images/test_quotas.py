"""Glance 33's quotas and lengths (image_tag_quota and image_property_quota of 128; a tag
and a property name of 255 characters; a value is TEXT): past them a create, patch or tag
is refused with Glance's status and words, and nothing is stored."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.integration.cloud_images.records import create, listed_ids, patch, token

TAGS_129 = [f"t{index}" for index in range(129)]


def refused_create(client: TestClient, body: dict[str, Any], status: int) -> str:
    response = client.post("/v2/images", json=body, headers=token())
    assert response.status_code == status, response.text
    assert listed_ids(client) == []
    message: str = response.json()["message"]
    return message


def test_a_create_with_129_tags_is_413_and_stores_nothing(client: TestClient) -> None:
    message = refused_create(client, {"tags": TAGS_129}, 413)
    assert message.startswith(
        "The limit has been exceeded on the number of allowed image tags. "
        "Attempted: 129, Maximum: 128"
    )


def test_a_create_with_129_properties_is_413_and_stores_nothing(client: TestClient) -> None:
    message = refused_create(client, {f"p{index}": "v" for index in range(129)}, 413)
    assert "allowed image properties. Attempted: 129, Maximum: 128" in message


def test_a_property_name_of_256_characters_is_400_and_stores_nothing(client: TestClient) -> None:
    refused_create(client, {"k" * 256: "v"}, 400)


def test_a_property_value_has_no_length_limit_as_glance_keeps_it_as_text(
    client: TestClient,
) -> None:
    assert create(client, long="v" * 70_000)["long"] == "v" * 70_000


def test_the_129th_tag_is_413_and_the_tags_stay(client: TestClient) -> None:
    image = create(client, tags=TAGS_129[:128])
    response = client.put(f"/v2/images/{image['id']}/tags/extra", headers=token())
    assert response.status_code == 413
    assert response.json()["message"].startswith(
        f"Image tag limit exceeded for image {image['id']}: The limit has been exceeded"
    )
    shown = client.get(f"/v2/images/{image['id']}", headers=token()).json()
    assert sorted(shown["tags"]) == sorted(TAGS_129[:128])


def test_a_patch_to_129_properties_is_413_and_changes_nothing(client: TestClient) -> None:
    image = create(client, kept="yes")
    operations = [{"op": "add", "path": f"/p{index}", "value": "v"} for index in range(128)]
    response = patch(client, image["id"], operations)
    assert response.status_code == 413
    shown = client.get(f"/v2/images/{image['id']}", headers=token()).json()
    assert "p0" not in shown
    assert shown["kept"] == "yes"
