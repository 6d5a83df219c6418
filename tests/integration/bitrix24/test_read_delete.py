"""get, list (select, start), delete and getFields, in both call styles."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.integration.bitrix24.calls import (
    OTHER_PRODUCT,
    PRODUCT,
    TOKEN,
    add,
    call,
    error,
    listed,
)


@pytest.mark.parametrize("token", [None, TOKEN])
def test_get_answers_the_added_image(client: TestClient, token: str | None) -> None:
    image = add(client, "DETAIL_PICTURE")
    response = call(client, "get", {"productId": PRODUCT, "id": image["id"]}, token=token)
    assert response.status_code == 200
    assert response.json()["result"]["productImage"] == image
    assert set(response.json()["time"]) >= {"start", "finish", "duration", "date_start"}


def test_an_image_of_another_product_is_error_0(client: TestClient) -> None:
    image = add(client, product=OTHER_PRODUCT)
    assert error(call(client, "get", {"productId": PRODUCT, "id": image["id"]})) == (400, "0")


def test_list_selects_fields(client: TestClient) -> None:
    image = add(client, "PREVIEW_PICTURE")
    assert listed(client, select=["id", "type"]) == [{"id": image["id"], "type": "PREVIEW_PICTURE"}]
    assert listed(client, select=[]) == [image]


def test_list_pages_by_fifty_with_start_and_next(client: TestClient) -> None:
    ids = [add(client)["id"] for _ in range(52)]
    first = call(client, "list", {"productId": PRODUCT, "select": ["id"]}).json()
    assert (first["total"], first["next"], len(first["result"]["productImages"])) == (52, 50, 50)
    second = call(client, "list", {"productId": PRODUCT, "start": 50, "select": ["id"]}).json()
    assert "next" not in second
    assert [
        i["id"] for i in first["result"]["productImages"] + second["result"]["productImages"]
    ] == ids


@pytest.mark.parametrize("token", [None, TOKEN])
def test_delete_removes_the_image_and_its_files(client: TestClient, token: str | None) -> None:
    image = add(client)
    response = call(client, "delete", {"productId": PRODUCT, "id": image["id"]}, token=token)
    assert response.status_code == 200
    assert response.json()["result"] is True
    assert listed(client) == []
    assert client.get(image["detailUrl"]).status_code == 404
    assert client.get(image["downloadUrl"]).status_code == 404


def test_deleting_an_unknown_image_is_error_0(client: TestClient) -> None:
    response = call(client, "delete", {"productId": PRODUCT, "id": 12345})
    assert error(response) == (400, "0")
    assert response.json()["error_description"] == "Image not found"


@pytest.mark.parametrize("params", [{"productId": PRODUCT}, {"id": 1}, {}])
def test_delete_without_its_parameters_is_error_100(
    client: TestClient, params: dict[str, int]
) -> None:
    assert error(call(client, "delete", params)) == (400, "100")


@pytest.mark.parametrize("token", [None, TOKEN])
def test_get_fields_describes_every_field(client: TestClient, token: str | None) -> None:
    response = call(client, "getFields", {}, token=token)
    assert response.status_code == 200
    fields = response.json()["result"]["productImage"]
    assert set(fields) == {
        "id",
        "name",
        "productId",
        "type",
        "createTime",
        "detailUrl",
        "downloadUrl",
    }
    assert fields["productId"]["isRequired"] is True
