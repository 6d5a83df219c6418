"""Listing: pagination envelope, order, GTIN forms."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.demo import auth, images_path
from tests.integration.uploads import listing, upload


def test_an_empty_product_lists_nothing(client: TestClient) -> None:
    assert listing(client) == {
        "data": [],
        "pagination": {
            "page": 1,
            "page_size": 25,
            "total_count": 0,
            "total_pages": 0,
            "has_next": False,
            "has_previous": False,
        },
    }


def test_pages_split_the_gallery_in_listing_order(client: TestClient) -> None:
    ids = [upload(client).json()["id"] for _ in range(7)]
    pages = [listing(client, page=p, page_size=3) for p in (1, 2, 3)]
    assert [i["id"] for page in pages for i in page["data"]] == ids
    assert [p["pagination"]["has_next"] for p in pages] == [True, True, False]
    assert [p["pagination"]["has_previous"] for p in pages] == [False, True, True]
    assert {p["pagination"]["total_pages"] for p in pages} == {3}
    assert {p["pagination"]["total_count"] for p in pages} == {7}


def test_a_page_past_the_end_is_empty(client: TestClient) -> None:
    upload(client)
    page = listing(client, page=4, page_size=1)
    assert page["data"] == []
    assert page["pagination"]["total_count"] == 1
    assert page["pagination"]["has_next"] is False


@pytest.mark.parametrize("query", ["page=0", "page_size=0", "page_size=101", "page=x", "page=-1"])
def test_out_of_range_pagination_is_a_validation_error(client: TestClient, query: str) -> None:
    response = client.get(images_path() + "?" + query, headers=auth())
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["error_code"] == "validation_error"


def test_page_size_100_is_allowed(client: TestClient) -> None:
    assert listing(client, page_size=100)["pagination"]["page_size"] == 100


@pytest.mark.parametrize("gtin", ["012345678905", "0012345678905", "00012345678905"])
def test_every_form_of_a_gtin_reaches_the_same_product(client: TestClient, gtin: str) -> None:
    image = upload(client, gtin="00012345678905").json()
    assert [i["id"] for i in listing(client, gtin=gtin)["data"]] == [image["id"]]


def test_a_gtin8_reaches_its_product(client: TestClient) -> None:
    image = upload(client, gtin="96385074").json()
    assert [i["id"] for i in listing(client, gtin="00000096385074")["data"]] == [image["id"]]


@pytest.mark.parametrize("gtin", ["99999999", "123456789", "00000000000000"])
def test_an_unknown_gtin_is_not_found(client: TestClient, gtin: str) -> None:
    response = client.get(images_path(gtin=gtin), headers=auth())
    assert response.status_code == 404
    assert response.json()["error_code"] == "not_found"


def test_a_malformed_gtin_is_a_validation_error(client: TestClient) -> None:
    response = client.get(images_path(gtin="12ab5678"), headers=auth())
    assert response.status_code == 422
