"""Every transport a portal accepts reaches the same method with the same parameters."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from mockserver.contract_documents import contract_path
from tests.integration.bitrix24.calls import (
    PRODUCT,
    TOKEN,
    WEBHOOK,
    add,
    error,
    file_content,
    listed,
)

ADD = f"{WEBHOOK}/catalog.productImage.add"
LIST = f"{WEBHOOK}/catalog.productImage.list"


def _add_form(name: str = "picture.png") -> dict[str, str]:
    picture_name, encoded = file_content(name)
    return {
        "fields[productId]": str(PRODUCT),
        "fields[type]": "MORE_PHOTO",
        "fileContent[0]": picture_name,
        "fileContent[1]": encoded,
    }


def _added(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    image: dict[str, Any] = response.json()["result"]["productImage"]
    return image


def test_a_form_body_adds_as_json_does(client: TestClient) -> None:
    image = _added(client.post(ADD, data=_add_form()))
    assert (image["productId"], image["type"], image["name"]) == (
        PRODUCT,
        "MORE_PHOTO",
        "picture.png",
    )
    assert [listed["id"] for listed in listed(client)] == [image["id"]]


def test_a_multipart_body_adds_as_json_does(client: TestClient) -> None:
    fields = {key: (None, value) for key, value in _add_form().items()}
    image = _added(client.post(ADD, files=fields))
    assert image["productId"] == PRODUCT


def test_a_get_with_the_parameters_in_the_query_adds(client: TestClient) -> None:
    image = _added(client.get(ADD, params=_add_form()))
    assert image["productId"] == PRODUCT


@pytest.mark.parametrize(
    "method",
    [
        "catalog.productImage.list.json",
        "catalog.productimage.list",
        "CATALOG.PRODUCTIMAGE.LIST.JSON",
        "Catalog.ProductImage.List",
    ],
)
def test_a_method_name_is_found_in_any_case_with_or_without_json(
    client: TestClient, method: str
) -> None:
    image = add(client)
    response = client.post(f"{WEBHOOK}/{method}", json={"productId": PRODUCT})
    assert response.status_code == 200, response.text
    assert [listed["id"] for listed in response.json()["result"]["productImages"]] == [image["id"]]


def test_numeric_strings_and_whole_floats_are_read_as_integers(client: TestClient) -> None:
    image = add(client)
    for product, picture in (
        ("1", str(image["id"])),
        (1.0, float(image["id"])),
        (" 1", image["id"]),
    ):
        response = client.post(
            f"{WEBHOOK}/catalog.productImage.get", json={"productId": product, "id": picture}
        )
        assert _added(response)["id"] == image["id"]


def test_a_fraction_is_not_an_integer(client: TestClient) -> None:
    response = client.post(LIST, json={"productId": 1.5})
    assert error(response) == (400, "0")


def test_php_style_list_keys_select_fields(client: TestClient) -> None:
    add(client)
    response = client.get(f"{LIST}.json?productId=1&select[]=id&select[]=type")
    assert response.status_code == 200, response.text
    assert set(response.json()["result"]["productImages"][0]) == {"id", "type"}


def test_the_body_wins_over_the_query_string(client: TestClient) -> None:
    response = client.post(f"{LIST}?productId=2", data={"productId": "1", "start": "0"})
    assert response.status_code == 200
    add(client, product=2)
    assert client.post(f"{LIST}?productId=2", data={"productId": "1"}).json()["total"] == 0


def test_auth_in_the_query_string_serves_the_application_style(client: TestClient) -> None:
    image = add(client)
    response = client.get(
        "/rest/catalog.productImage.get.json",
        params={"auth": TOKEN, "productId": "1", "id": str(image["id"])},
    )
    assert _added(response)["id"] == image["id"]


def test_an_application_call_without_auth_anywhere_is_no_auth_found(client: TestClient) -> None:
    response = client.get("/rest/catalog.productImage.list", params={"productId": "1"})
    assert error(response) == (401, "NO_AUTH_FOUND")


def test_every_transport_gives_the_same_answer(client: TestClient) -> None:
    add(client)
    params = {"productId": str(PRODUCT), "select[]": "id"}
    answers = [
        client.post(LIST, json={"productId": PRODUCT, "select": ["id"]}),
        client.post(LIST, data=params),
        client.post(LIST, files={key: (None, value) for key, value in params.items()}),
        client.get(LIST, params=params),
        client.get(f"{LIST}.json", params=params),
    ]
    assert {json.dumps(answer.json()["result"]) for answer in answers} == {
        json.dumps({"productImages": [{"id": 1}]})
    }


def test_errors_are_the_same_over_every_transport(client: TestClient) -> None:
    answers = [
        client.post(LIST, json={}),
        client.post(LIST, data={"select[]": "id"}),
        client.get(LIST),
        client.get(f"{LIST}.json", params={"productId": "99"}),
    ]
    assert [error(answer) for answer in answers] == [(400, "100")] * 3 + [(400, "0")]


def test_another_http_method_is_405_with_allow(client: TestClient) -> None:
    response = client.put(LIST, json={"productId": PRODUCT})
    assert error(response) == (405, "INVALID_REQUEST")
    assert response.headers["allow"] == "GET, POST"


def test_the_document_declares_the_methods_allow_names_on_every_path() -> None:
    document = yaml.safe_load(contract_path(pathlib.Path("bitrix24/openapi.yaml")).read_text())
    methods = {path: sorted(set(item) - {"parameters"}) for path, item in document["paths"].items()}

    assert set(map(tuple, methods.values())) == {("get", "post")}


def test_a_get_with_php_keys_serves_the_get_form_the_document_declares(
    client: TestClient,
) -> None:
    image = add(client)
    query = {"fields[productId]": str(PRODUCT), "fileContent[]": file_content("by-get.png")}

    added = _added(client.get(ADD, params=query))
    read = client.get(
        f"{WEBHOOK}/catalog.productImage.get", params={"productId": 1, "id": image["id"]}
    )

    assert added["name"] == "by-get.png"
    assert _added(read) == image


def test_a_batch_without_a_body_runs_no_command(client: TestClient) -> None:
    response = client.post(f"{WEBHOOK}/batch")

    assert response.status_code == 200
    assert response.json()["result"]["result"] == []


def test_a_body_of_another_media_type_carries_no_parameters(client: TestClient) -> None:
    response = client.post(
        f"{LIST}?productId=1", content=b"productId=2", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 200
    assert response.json()["total"] == 0


def test_a_malformed_multipart_body_is_error_0(client: TestClient) -> None:
    response = client.post(
        LIST, content=b"--x\r\nbroken", headers={"Content-Type": "multipart/form-data"}
    )
    assert error(response) == (400, "0")


def test_the_application_style_takes_every_transport(client: TestClient) -> None:
    add(client)
    path = "/rest/catalog.productImage.list"
    params = {"auth": TOKEN, "productId": "1", "select[]": "id"}
    answers = [
        client.post(path, json={"auth": TOKEN, "productId": PRODUCT, "select": ["id"]}),
        client.post(path, data=params),
        client.post(path, files={key: (None, value) for key, value in params.items()}),
        client.get(f"{path}.json", params=params),
        client.post(f"{path}?auth={TOKEN}", json={"productId": PRODUCT, "select": ["id"]}),
    ]
    assert {json.dumps(answer.json()["result"]) for answer in answers} == {
        json.dumps({"productImages": [{"id": 1}]})
    }


def _sent(client: TestClient, transport: str, path: str, params: dict[str, Any]) -> Any:
    """`params` (PHP-style keys) over `transport`: JSON, form, multipart or GET query."""
    nested = _nested(params)
    if transport == "json":
        return client.post(path, json=nested)
    if transport == "form":
        return client.post(path, data=params)
    if transport == "multipart":
        return client.post(path, files={key: (None, value) for key, value in params.items()})
    return client.get(f"{path}.json", params=params)


def _nested(params: dict[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for key, value in params.items():
        name, _, rest = key.partition("[")
        if not rest:
            nested[name] = int(value) if value.isdigit() else value
            continue
        inner = rest.rstrip("]")
        if inner.isdigit():
            nested.setdefault(name, []).append(value)
        else:
            nested.setdefault(name, {})[inner] = int(value) if value.isdigit() else value
    return nested


@pytest.mark.parametrize("transport", ["json", "form", "multipart", "get"])
@pytest.mark.parametrize("style", ["webhook", "application"])
def test_every_method_over_every_transport_in_both_styles(
    client: TestClient, transport: str, style: str
) -> None:
    prefix, auth = (f"{WEBHOOK}/", {}) if style == "webhook" else ("/rest/", {"auth": TOKEN})

    def called(method: str, params: dict[str, str]) -> dict[str, Any]:
        response = _sent(client, transport, f"{prefix}catalog.productImage.{method}", params)
        assert response.status_code == 200, (method, response.text)
        body: dict[str, Any] = response.json()
        return body

    added = called("add", {**_add_form(), **auth})["result"]["productImage"]
    image = {"productId": "1", "id": str(added["id"]), **auth}
    assert called("get", image)["result"]["productImage"] == added
    assert called("list", {"productId": "1", **auth})["result"]["productImages"] == [added]
    assert "type" in called("getFields", dict(auth))["result"]["productImage"]
    assert called("delete", image)["result"] is True
    assert called("list", {"productId": "1", **auth})["total"] == 0
