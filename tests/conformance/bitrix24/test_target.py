"""What a Bitrix24 run may touch: the write guard, the bookkeeping of what it added, cleanup,
throttled answers and secret-free curl commands."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from conformance.bitrix24.calls import Style
from conformance.bitrix24.target import Bitrix24Target
from conformance.client import TargetClient, WriteRefused
from conformance.samples import png
from mockserver.app import create_app
from mockserver.config import MockConfig
from mockserver.domain.ratelimit import Window

from ..judging import mock_app
from .conftest import OTHER_PRODUCT, PRODUCT, TOKEN, WEBHOOK, bitrix_target

FILE = ["a.png", base64.b64encode(png(9, 9, 9)).decode()]


@pytest.fixture
def target() -> Bitrix24Target:
    return bitrix_target()


@pytest.fixture
def client(target: Bitrix24Target) -> Iterator[TargetClient]:
    with TestClient(mock_app(), base_url="http://testserver") as http:
        yield TargetClient(http, target, sleep=lambda _: None)


def add(
    client: TargetClient, target: Bitrix24Target, product: object = PRODUCT, **fields: Any
) -> httpx.Response:
    params = {"fields": {"productId": product, **fields}, "fileContent": FILE}
    return target.call(client, "add", params, Style.WEBHOOK)


def added_id(response: httpx.Response) -> int:
    picture_id: int = response.json()["result"]["productImage"]["id"]
    return picture_id


@pytest.mark.parametrize("product", [OTHER_PRODUCT, str(OTHER_PRODUCT), f"{OTHER_PRODUCT}abc", 2.5])
def test_refuses_to_add_to_another_product(
    client: TargetClient, target: Bitrix24Target, product: object
) -> None:
    with pytest.raises(WriteRefused, match="an add to product 2"):
        add(client, target, product)


def test_refuses_an_add_naming_the_product_in_another_spelling(
    client: TargetClient, target: Bitrix24Target
) -> None:
    params = {"fields": {"productId": PRODUCT, "PRODUCT_ID": OTHER_PRODUCT}, "fileContent": FILE}

    with pytest.raises(WriteRefused):
        target.call(client, "add", params, Style.APPLICATION)


def test_refuses_to_delete_a_picture_it_did_not_add(
    client: TargetClient, target: Bitrix24Target
) -> None:
    picture_id = added_id(add(client, target)) + 1

    with pytest.raises(WriteRefused, match="which the run did not add"):
        target.call(client, "delete", {"productId": PRODUCT, "id": picture_id}, Style.WEBHOOK)


def test_refuses_a_picture_type_that_would_replace_one_it_did_not_add(
    client: TargetClient, target: Bitrix24Target
) -> None:
    add(client, target, type="DETAIL_PICTURE")
    target.learn_existing_pictures(client)

    with pytest.raises(WriteRefused, match="replace"):
        add(client, target, type="DETAIL_PICTURE")
    add(client, target, type="PREVIEW_PICTURE")


@pytest.mark.parametrize(
    "path",
    [
        "/rest/catalog.product.delete",
        "/rest/catalog.productImage.update",
        f"/rest/{WEBHOOK.text}/catalog.productImage.add/extra",
        "/upload/iblock/1/a.png",
    ],
)
def test_refuses_writes_outside_the_contracts_methods(client: TargetClient, path: str) -> None:
    with pytest.raises(WriteRefused):
        client.send("POST", path, json={"id": 1})


def test_refuses_write_parameters_in_the_query_string(client: TargetClient) -> None:
    with pytest.raises(WriteRefused, match="query string"):
        client.send("POST", f"/rest/{WEBHOOK.text}/catalog.productImage.delete?id=1", json={})


def test_reads_anything(client: TargetClient, target: Bitrix24Target) -> None:
    response = target.call(client, "list", {"productId": OTHER_PRODUCT}, Style.APPLICATION)
    target.call(client, "get", {"productId": OTHER_PRODUCT, "id": 99}, Style.WEBHOOK)

    assert response.status_code == 200


def test_a_delete_through_another_product_keeps_the_picture_to_clean_up(
    client: TargetClient, target: Bitrix24Target
) -> None:
    picture_id = added_id(add(client, target))

    target.call(client, "delete", {"productId": OTHER_PRODUCT, "id": picture_id}, Style.WEBHOOK)

    assert target.created == {picture_id: PRODUCT}


def test_cleanup_deletes_what_the_run_added(client: TargetClient, target: Bitrix24Target) -> None:
    first = added_id(add(client, target, type="DETAIL_PICTURE"))
    added_id(add(client, target, type="DETAIL_PICTURE"))  # replaces the first

    assert target.cleanup(client) == []
    assert target.created == {}
    assert first in target.run_ids
    assert target.listing(client, PRODUCT) == []


@pytest.mark.parametrize(
    ("status", "code", "headers", "wait"),
    [
        (503, "QUERY_LIMIT_EXCEEDED", {}, 1.0),
        (503, "QUERY_LIMIT_EXCEEDED", {"Retry-After": "7"}, 7.0),
        (429, "OPERATION_TIME_LIMIT", {}, 60.0),
        (503, "PORTAL_DELETED", {}, None),
        (400, 0, {}, None),
    ],
)
def test_waits_out_throttled_answers_only(
    target: Bitrix24Target, status: int, code: object, headers: dict[str, str], wait: float | None
) -> None:
    answer = httpx.Response(status, headers=headers, json={"error": code, "error_description": ""})

    assert target.retry_after(answer) == wait


def test_curl_commands_show_credentials_as_variables(
    client: TargetClient, target: Bitrix24Target
) -> None:
    target.call(client, "list", {"productId": PRODUCT}, Style.WEBHOOK)
    target.call(client, "list", {"productId": PRODUCT}, Style.APPLICATION)
    client.send("POST", f"/rest/0/{WEBHOOK.code}/catalog.productImage.list", json={})

    webhook, token, code_alone = (exchange.curl() for exchange in client.exchanges)
    assert '/rest/"$CONFORMANCE_BITRIX_WEBHOOK"/catalog' in webhook
    assert '"auth":"\'"$CONFORMANCE_BITRIX_TOKEN"\'"' in token
    assert '/rest/0/"${CONFORMANCE_BITRIX_WEBHOOK#*/}"/catalog' in code_alone
    for command in (webhook, token, code_alone):
        assert WEBHOOK.code not in command
        assert TOKEN not in command


def test_waits_out_a_spent_rate_limit_instead_of_failing(target: Bitrix24Target) -> None:
    naps: list[float] = []
    app = create_app(MockConfig(rate_limit_windows=(Window(2, 60),)))
    with TestClient(app, base_url="http://testserver") as http:
        client = TargetClient(http, target, sleep=naps.append)
        for _ in range(3):
            response = target.call(client, "getFields", {}, Style.WEBHOOK)

    assert response.status_code == 503
    assert naps
    assert all(nap == 60.0 for nap in naps)
    assert [exchange.status for exchange in client.exchanges[-2:]] == [503, 503]
