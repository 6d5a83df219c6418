"""`list` as a portal serves it to its SDKs: `start=-1`, `order` and `filter`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.testclient import TestClient

from tests.integration.bitrix24.calls import PRODUCT, WEBHOOK, add, call, error


def listing(client: TestClient, **params: Any) -> dict[str, Any]:
    response = call(client, "list", {"productId": PRODUCT, "select": ["id"], **params})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def ids(body: dict[str, Any]) -> list[int]:
    return [picture["id"] for picture in body["result"]["productImages"]]


def test_start_minus_one_answers_the_first_page_without_total_or_next(
    client: TestClient,
) -> None:
    added = [add(client)["id"] for _ in range(3)]

    body = listing(client, start=-1)

    assert ids(body) == added
    assert "total" not in body
    assert "next" not in body


def test_a_cursor_walk_by_id_visits_every_picture_once(client: TestClient) -> None:
    added = [add(client)["id"] for _ in range(120)]
    seen: list[int] = []
    last = 0
    while True:
        page = ids(listing(client, start=-1, order={"id": "ASC"}, filter={">id": last}))
        seen += page
        if len(page) < 50:
            break
        last = page[-1]

    assert seen == added


def test_order_sorts_by_any_listed_field_in_either_direction(client: TestClient) -> None:
    first, second = add(client)["id"], add(client, "DETAIL_PICTURE")["id"]

    assert ids(listing(client, order={"id": "desc"})) == [second, first]
    assert ids(listing(client, order={"type": "ASC", "id": "DESC"})) == [second, first]


def test_filter_operators_compare_as_a_portal_does(client: TestClient) -> None:
    one, two, three = (add(client)["id"] for _ in range(3))

    assert ids(listing(client, filter={">=id": two})) == [two, three]
    assert ids(listing(client, filter={"<id": "3"})) == [one, two]  # a numeric string
    assert ids(listing(client, filter={"id": [one, three]})) == [one, three]
    assert ids(listing(client, filter={"!@id": [one, three]})) == [two]
    assert ids(listing(client, filter={"!id": two})) == [one, three]
    assert ids(listing(client, filter={"%name": "PICTURE"})) == [one, two, three]
    assert ids(listing(client, filter={"=%name": "pic%.png"})) == [one, two, three]
    assert ids(listing(client, filter={"type": "DETAIL_PICTURE"})) == []


def test_filtered_paging_counts_the_filtered_pictures(client: TestClient) -> None:
    added = [add(client)["id"] for _ in range(60)]

    body = listing(client, filter={">id": added[4]})

    assert (body["total"], len(ids(body)), body["next"]) == (55, 50, 50)


def test_an_empty_list_is_no_filter_and_no_order(client: TestClient) -> None:
    added = [add(client)["id"] for _ in range(2)]

    assert ids(listing(client, filter=[], order=[])) == added


def test_select_as_an_object_keyed_by_index_is_the_same_list(client: TestClient) -> None:
    """JSON reaches a portal as PHP arrays: `{"0": "id"}` is `["id"]`."""
    add(client)

    assert listing(client, select={"0": "id"})["result"] == listing(client)["result"]


def test_unknown_fields_and_operators_are_method_error_0(client: TestClient) -> None:
    for params in (
        {"filter": {"colour": "red"}},
        {"filter": {"<>id": 1}},
        {"order": {"colour": "ASC"}},
        {"order": {"id": "sideways"}},
        {"start": -2},
    ):
        response = call(client, "list", {"productId": PRODUCT, **params})
        assert error(response) == (400, "0"), params
        assert response.json()["error_description"]


def test_the_query_string_carries_filter_and_order_in_php_keys(client: TestClient) -> None:
    add(client)
    two = add(client)["id"]
    query = urlencode({"productId": PRODUCT, "filter[>=id]": two, "order[id]": "desc", "start": -1})

    response = client.get(f"{WEBHOOK}/catalog.productImage.list?{query}")

    assert [picture["id"] for picture in response.json()["result"]["productImages"]] == [two]
