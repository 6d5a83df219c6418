"""Upload through HTTP: bytes decide the type, defaults, the single-primary rule."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests import images
from tests.demo import CONTRIBUTOR_KEY, images_path
from tests.integration.uploads import listing, upload


def test_upload_answers_201_with_the_stored_image(client: TestClient) -> None:
    response = upload(client, title="Front of package", is_primary=True)
    assert response.status_code == 201
    body = response.json()
    assert body["title"] == "Front of package"
    assert body["is_primary"] is True
    assert body["priority"] == 0
    assert len(body["id"]) == 22
    assert body["created"].endswith("Z")
    assert listing(client)["data"] == [body]


def test_title_and_is_primary_default_to_empty_and_false(client: TestClient) -> None:
    body = upload(client).json()
    assert (body["title"], body["is_primary"]) == ("", False)


def test_uploading_a_primary_demotes_the_previous_one(client: TestClient) -> None:
    first = upload(client, is_primary=True).json()
    second = upload(client, is_primary=True).json()
    data = listing(client)["data"]
    assert [(i["id"], i["is_primary"]) for i in data] == [
        (second["id"], True),
        (first["id"], False),
    ]


def test_new_images_keep_upload_order_after_the_primary(client: TestClient) -> None:
    ids = [upload(client, title=str(i)).json()["id"] for i in range(4)]
    primary = upload(client, is_primary=True).json()["id"]
    assert [i["id"] for i in listing(client)["data"]] == [primary, *ids]
    assert [i["priority"] for i in listing(client)["data"]] == [4, 0, 1, 2, 3]


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        (images.png(), "image/png"),
        (images.JPEG, "image/jpeg"),
        (images.GIF, "image/gif"),
        (images.WEBP, "image/webp"),
        (images.BMP, "image/bmp"),
        (images.SVG, "image/svg+xml"),
    ],
)
def test_every_accepted_type_is_stored_and_served_back(
    client: TestClient, content: bytes, media_type: str
) -> None:
    # The client claims a type and a name that fit none of them: the bytes decide.
    body = upload(client, content, filename="upload.bin", content_type="text/plain").json()
    served = client.get(body["image_url"])
    assert served.status_code == 200
    assert served.headers["content-type"] == media_type
    assert served.content == content


@pytest.mark.parametrize("content", [images.HTML, images.PDF, images.TEXT, b""])
def test_a_file_that_is_no_image_is_a_validation_error(client: TestClient, content: bytes) -> None:
    response = upload(client, content, filename="cat.png", content_type="image/png")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["error_code"] == "validation_error"
    assert listing(client)["data"] == []


def test_a_255_character_unicode_title_is_kept_whole(client: TestClient) -> None:
    title = ("Ünïcødé 🍋 " * 26)[:255]
    assert len(title) == 255
    assert upload(client, title=title).json()["title"] == title


def test_a_title_over_255_characters_is_refused(client: TestClient) -> None:
    response = upload(client, title="x" * 256)
    assert response.status_code == 422
    assert response.json()["error_code"] == "validation_error"
    assert "title" in response.json()["detail"]
    assert listing(client)["data"] == []


def test_is_primary_that_is_no_boolean_is_refused(client: TestClient) -> None:
    response = client.post(
        images_path(),
        headers={"X-API-Key": CONTRIBUTOR_KEY},
        files={"image": ("a.png", images.png(), "image/png")},
        data={"is_primary": "perhaps"},
    )
    assert response.status_code == 422
    assert "is_primary" in response.json()["detail"]


def test_missing_image_part_is_a_validation_error(client: TestClient) -> None:
    response = client.post(
        images_path(),
        headers={"X-API-Key": CONTRIBUTOR_KEY},
        files={"title": (None, "no picture")},
    )
    assert response.status_code == 422
    assert response.json()["error_code"] == "validation_error"


def test_an_image_sent_as_a_text_field_is_a_validation_error(client: TestClient) -> None:
    response = client.post(
        images_path(),
        headers={"X-API-Key": CONTRIBUTOR_KEY},
        files={"image": (None, "not a file")},
    )
    assert response.status_code == 422
    assert response.json()["error_code"] == "validation_error"


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"no boundary given"),
        ("multipart/form-data; boundary=x", b"--x\r\nno headers and no end"),
    ],
)
def test_an_unreadable_multipart_body_is_a_validation_error(
    client: TestClient, content_type: str, body: bytes
) -> None:
    response = client.post(
        images_path(),
        headers={"X-API-Key": CONTRIBUTOR_KEY, "Content-Type": content_type},
        content=body,
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_a_json_body_instead_of_multipart_is_a_validation_error(client: TestClient) -> None:
    response = client.post(
        images_path(),
        headers={"X-API-Key": CONTRIBUTOR_KEY},
        json={"image": "aGVsbG8="},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
