"""Deleting images: 204 and gone; a protected image refuses with 403 until unprotected."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.integration.cloud_images.records import create, listed_ids, protect, token


def test_delete_removes_the_image(client: TestClient) -> None:
    image = create(client)
    response = client.delete(f"/v2/images/{image['id']}", headers=token())
    assert (response.status_code, response.content) == (204, b"")
    assert client.get(f"/v2/images/{image['id']}", headers=token()).status_code == 404
    assert listed_ids(client) == []


def test_a_protected_image_refuses_deletion_and_stays_listed(client: TestClient) -> None:
    image = create(client, protected=True)
    response = client.delete(f"/v2/images/{image['id']}", headers=token())
    assert response.status_code == 403
    assert response.json() == {
        "code": "403 Forbidden",
        "title": "Forbidden",
        "message": f"Image {image['id']} is protected and cannot be deleted.<br /><br />\n\n\n",
    }
    assert listed_ids(client) == [image["id"]]


def test_an_unprotected_image_can_then_be_deleted(client: TestClient) -> None:
    image = create(client)
    assert protect(client, image["id"]).json()["protected"] is True
    assert client.delete(f"/v2/images/{image['id']}", headers=token()).status_code == 403
    assert protect(client, image["id"], False).json()["protected"] is False
    assert client.delete(f"/v2/images/{image['id']}", headers=token()).status_code == 204


def test_deleting_twice_is_404_the_second_time(client: TestClient) -> None:
    image = create(client)
    assert client.delete(f"/v2/images/{image['id']}", headers=token()).status_code == 204
    response = client.delete(f"/v2/images/{image['id']}", headers=token())
    assert response.status_code == 404
    assert response.json()["code"] == "404 Not Found"


def test_an_image_id_that_is_no_uuid_names_no_image(client: TestClient) -> None:
    response = client.delete("/v2/images/not-a-uuid", headers=token())
    assert response.status_code == 404
    assert response.json()["title"] == "Not Found"


def test_an_unknown_method_is_405_with_allow(client: TestClient) -> None:
    image = create(client)
    response = client.post(f"/v2/images/{image['id']}", headers=token())
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == {"GET", "PATCH", "DELETE"}
    assert response.json()["code"] == "405 Method Not Allowed"
