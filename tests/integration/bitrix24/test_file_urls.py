"""A picture's file URLs name it by a random key, not by its serial id: knowing (or
counting through) picture ids gives no way to its bytes."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

from starlette.testclient import TestClient

from tests.integration.bitrix24.calls import add


def download_token(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


def test_a_download_token_spelling_the_picture_id_finds_nothing(client: TestClient) -> None:
    picture = add(client)
    by_id = "catalog|" + base64.b64encode(f"id={picture['id']}".encode()).decode()
    assert client.get("/rest/download.json", params={"token": by_id}).status_code == 404
    assert client.get(picture["downloadUrl"]).status_code == 200


def test_a_file_path_spelling_the_picture_id_finds_nothing(client: TestClient) -> None:
    picture = add(client)
    response = client.get(f"/upload/iblock/{picture['id']}/{picture['name']}")
    assert response.status_code == 404
    assert response.json()["error"] == "ERROR_NOT_FOUND"
    assert client.get(picture["detailUrl"]).status_code == 200


def test_each_picture_has_its_own_unrelated_key(client: TestClient) -> None:
    first, second = add(client), add(client)
    keys = [download_token(picture["downloadUrl"]) for picture in (first, second)]
    assert keys[0] != keys[1]
    assert [picture["detailUrl"].split("/")[3] for picture in (first, second)] == [
        key.removeprefix("catalog|") for key in keys
    ]


def test_an_unknown_key_is_a_bitrix_not_found(client: TestClient) -> None:
    response = client.get("/rest/download.json", params={"token": "catalog|" + "A" * 22})
    assert response.status_code == 404
    assert response.json() == {"error": "ERROR_NOT_FOUND", "error_description": "File not found"}
