"""catalog.productImage.add: each picture type; detail and preview are single slots."""

from __future__ import annotations

import base64

import pytest
from starlette.testclient import TestClient

from tests.images import png
from tests.integration.bitrix24.calls import (
    OTHER_PRODUCT,
    PRODUCT,
    TOKEN,
    add,
    call,
    error,
    file_content,
    listed,
)


@pytest.mark.parametrize("image_type", ["DETAIL_PICTURE", "PREVIEW_PICTURE", "MORE_PHOTO"])
def test_add_answers_the_image_of_each_type(client: TestClient, image_type: str) -> None:
    image = add(client, image_type)
    assert image["type"] == image_type
    assert (image["productId"], image["name"]) == (PRODUCT, "picture.png")
    assert isinstance(image["id"], int)
    assert image["id"] >= 1


def test_type_defaults_to_more_photo(client: TestClient) -> None:
    assert add(client)["type"] == "MORE_PHOTO"


def test_image_ids_are_increasing_integers_across_products(client: TestClient) -> None:
    ids = [add(client)["id"], add(client, product=OTHER_PRODUCT)["id"], add(client)["id"]]
    assert ids == [1, 2, 3]


@pytest.mark.parametrize("image_type", ["DETAIL_PICTURE", "PREVIEW_PICTURE"])
def test_a_new_single_slot_picture_replaces_the_previous_one(
    client: TestClient, image_type: str
) -> None:
    first = add(client, image_type)
    second = add(client, image_type)
    assert [image["id"] for image in listed(client)] == [second["id"]]
    assert error(call(client, "get", {"productId": PRODUCT, "id": first["id"]})) == (400, "0")


def test_at_most_one_detail_and_one_preview_picture_per_product(client: TestClient) -> None:
    for image_type in ["DETAIL_PICTURE", "PREVIEW_PICTURE", "MORE_PHOTO"] * 3:
        add(client, image_type)
    types = [image["type"] for image in listed(client)]
    assert types.count("DETAIL_PICTURE") == 1
    assert types.count("PREVIEW_PICTURE") == 1
    assert types.count("MORE_PHOTO") == 3


def test_more_photos_append(client: TestClient) -> None:
    ids = [add(client, "MORE_PHOTO")["id"] for _ in range(3)]
    assert [image["id"] for image in listed(client)] == ids


def test_single_slots_are_per_product(client: TestClient) -> None:
    mine = add(client, "DETAIL_PICTURE")
    add(client, "DETAIL_PICTURE", product=OTHER_PRODUCT)
    assert [image["id"] for image in listed(client)] == [mine["id"]]


def test_add_works_in_the_application_style(client: TestClient) -> None:
    image = add(client, "PREVIEW_PICTURE", token=TOKEN)
    assert [i["id"] for i in listed(client)] == [image["id"]]


@pytest.mark.parametrize(
    "params",
    [
        {"fileContent": ["a.png", "aGVsbG8="]},
        {"fields": {"productId": PRODUCT}},
        {"fields": {"productId": PRODUCT}, "fileContent": ["a.png"]},
        {"fields": {}, "fileContent": ["a.png", "aGVsbG8="]},
    ],
)
def test_missing_parameters_are_error_100(client: TestClient, params: dict[str, object]) -> None:
    assert error(call(client, "add", params)) == (400, "100")


@pytest.mark.parametrize(
    "content",
    [
        ["a.png", "not base64!"],
        ["a.txt", base64.b64encode(b"plain text").decode()],
    ],
)
def test_bad_file_content_is_error_0(client: TestClient, content: list[str]) -> None:
    params = {"fields": {"productId": PRODUCT}, "fileContent": content}
    assert error(call(client, "add", params)) == (400, "0")
    assert listed(client) == []


def test_an_unknown_product_is_error_0(client: TestClient) -> None:
    params = {"fields": {"productId": 999}, "fileContent": file_content()}
    response = call(client, "add", params)
    assert error(response) == (400, "0")
    assert "not found" in response.json()["error_description"]


def test_served_files_are_the_uploaded_bytes(client: TestClient) -> None:
    content = png(width=2, height=3, seed=5)
    params = {"fields": {"productId": PRODUCT}, "fileContent": file_content("x.png", content)}
    image = call(client, "add", params).json()["result"]["productImage"]
    for url in (image["detailUrl"], image["downloadUrl"]):
        served = client.get(url)
        assert served.status_code == 200
        assert served.content == content
        assert served.headers["content-type"] == "image/png"
        assert served.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in served.headers["content-security-policy"]
