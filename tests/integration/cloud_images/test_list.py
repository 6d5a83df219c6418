"""Listing: filters, sorting and marker pages with their links."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.integration.cloud_images.records import create, listed_ids, token, upload


def test_pages_follow_next_until_it_is_absent(client: TestClient) -> None:
    created = [create(client, name=f"image {i}")["id"] for i in range(5)]
    seen: list[str] = []
    url = "/v2/images?limit=2&sort_key=name&sort_dir=asc"
    while True:
        body = client.get(url, headers=token()).json()
        seen += [image["id"] for image in body["images"]]
        assert body["first"] == "/v2/images?limit=2&sort_key=name&sort_dir=asc"
        if "next" not in body:
            break
        url = body["next"]
    assert seen == created


def test_a_page_of_limit_0_is_empty_without_next(client: TestClient) -> None:
    create(client)
    response = client.get("/v2/images", params={"limit": 0}, headers=token())
    assert response.status_code == 200
    body = response.json()
    assert (body["images"], "next" in body) == ([], False)


def test_an_unknown_marker_is_400(client: TestClient) -> None:
    response = client.get(
        "/v2/images", params={"marker": "1bea47ed-f6a9-463b-b423-14b9cca9ad27"}, headers=token()
    )
    assert response.status_code == 400


def test_filters_select_by_status_protection_and_tags(client: TestClient) -> None:
    active = create(client, tags=["a", "b"])
    upload(client, active["id"])
    protected = create(client, protected=True, tags=["a"])
    assert listed_ids(client, status="active") == [active["id"]]
    assert listed_ids(client, status="in:queued,active", sort_dir="asc") == [
        active["id"],
        protected["id"],
    ]
    assert listed_ids(client, protected="true") == [protected["id"]]
    assert listed_ids(client, tag=["a", "b"]) == [active["id"]]


def test_hidden_images_are_listed_only_on_request(client: TestClient) -> None:
    hidden = create(client, os_hidden=True)
    assert listed_ids(client) == []
    assert listed_ids(client, os_hidden="true") == [hidden["id"]]


def test_an_unknown_sort_key_is_400(client: TestClient) -> None:
    assert client.get("/v2/images?sort_key=bogus", headers=token()).status_code == 400
