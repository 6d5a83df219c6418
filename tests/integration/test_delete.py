"""Deleting: 204, then gone everywhere; 404 for what is not this product's."""

from __future__ import annotations

import uuid

import shortuuid
from starlette.testclient import TestClient

from mockserver.domain.ids import SHORTUUID_ALPHABET
from tests.demo import SECOND_GTIN, auth, images_path
from tests.integration.uploads import listed_ids, upload


def delete(client: TestClient, image_id: str, gtin: str = "00012345678905") -> int:
    status: int = client.delete(images_path(gtin=gtin) + "/" + image_id, headers=auth()).status_code
    return status


def uuid_form(short_id: str) -> str:
    return str(shortuuid.ShortUUID(alphabet=SHORTUUID_ALPHABET).decode(short_id))


def test_delete_removes_the_image_and_its_file(client: TestClient) -> None:
    image = upload(client).json()
    assert delete(client, image["id"]) == 204
    assert listed_ids(client) == []
    assert client.get(image["image_url"]).status_code == 404


def test_deleting_twice_is_404_the_second_time(client: TestClient) -> None:
    image = upload(client).json()
    assert delete(client, image["id"]) == 204
    response = client.delete(images_path() + "/" + image["id"], headers=auth())
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_an_image_is_deleted_by_its_canonical_uuid(client: TestClient) -> None:
    image = upload(client).json()
    assert delete(client, uuid_form(image["id"])) == 204
    assert listed_ids(client) == []


def test_an_image_is_deleted_by_its_uppercase_uuid(client: TestClient) -> None:
    image = upload(client).json()
    assert delete(client, uuid_form(image["id"]).upper()) == 204


def test_an_image_of_another_product_is_404_and_stays(client: TestClient) -> None:
    image = upload(client, gtin=SECOND_GTIN).json()
    assert delete(client, image["id"]) == 404
    assert listed_ids(client, gtin=SECOND_GTIN) == [image["id"]]


def test_unknown_and_malformed_ids_are_404(client: TestClient) -> None:
    upload(client)
    for image_id in (str(uuid.uuid4()), "2" * 22, "not-an-id", "z" * 22):
        assert delete(client, image_id) == 404
    assert len(listed_ids(client)) == 1


def test_deleting_the_primary_leaves_no_primary(client: TestClient) -> None:
    other = upload(client).json()
    primary = upload(client, is_primary=True).json()
    assert delete(client, primary["id"]) == 204
    response = client.get(images_path(), headers=auth()).json()
    assert [(i["id"], i["is_primary"]) for i in response["data"]] == [(other["id"], False)]


def test_delete_by_the_gtin_in_another_form(client: TestClient) -> None:
    image = upload(client).json()
    assert delete(client, image["id"], gtin="012345678905") == 204
