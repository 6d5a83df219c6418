"""Authentication schemes, permissions, and no access across organizations."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.demo import (
    CONTRIBUTOR_BEARER,
    CONTRIBUTOR_KEY,
    CONTRIBUTOR_SESSION,
    OTHER_CONTRIBUTOR_KEY,
    OTHER_ORG,
    OTHER_ORG_GTIN,
    VIEWER_KEY,
    auth,
    images_path,
)
from tests.integration.uploads import listed_ids, upload


def assert_problem(response_status: int, body: dict[str, object], status: int, code: str) -> None:
    assert response_status == status
    assert body["status"] == status
    assert body["error_code"] == code


def test_no_credential_is_401(client: TestClient) -> None:
    response = client.get(images_path())
    assert_problem(response.status_code, response.json(), 401, "unauthorized")
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "headers",
    [
        {"X-API-Key": "csb_unknown_key"},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Cookie": "sessionid=stale"},
        {"X-API-Key": ""},
    ],
)
def test_unknown_credentials_are_401(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get(images_path(), headers=headers)
    assert_problem(response.status_code, response.json(), 401, "unauthorized")


def test_auth_is_checked_before_the_request_is_validated(client: TestClient) -> None:
    response = client.get(images_path() + "?page=0")
    assert response.status_code == 401


@pytest.mark.parametrize(
    "headers",
    [
        {"X-API-Key": CONTRIBUTOR_KEY},
        {"Authorization": f"Bearer {CONTRIBUTOR_BEARER}"},
        {"Authorization": f"bearer {CONTRIBUTOR_BEARER}"},
        {"Cookie": f"theme=dark; sessionid={CONTRIBUTOR_SESSION}"},
    ],
)
def test_each_scheme_authenticates_the_same_principal(
    client: TestClient, headers: dict[str, str]
) -> None:
    response = client.post(
        images_path(),
        headers=headers,
        files={"image": ("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, "image/png")},
    )
    assert response.status_code == 201
    assert (
        client.get(images_path(), headers=headers).json()["data"][0]["id"]
        == (response.json()["id"])
    )


def test_a_member_without_contribute_may_list_but_not_upload(client: TestClient) -> None:
    assert client.get(images_path(), headers=auth(VIEWER_KEY)).status_code == 200
    response = upload(client, key=VIEWER_KEY)
    assert_problem(response.status_code, response.json(), 403, "forbidden")
    assert listed_ids(client) == []


def test_a_member_without_contribute_may_not_delete(client: TestClient) -> None:
    image = upload(client).json()
    response = client.delete(images_path() + "/" + image["id"], headers=auth(VIEWER_KEY))
    assert_problem(response.status_code, response.json(), 403, "forbidden")
    assert listed_ids(client) == [image["id"]]


def test_another_organizations_member_cannot_list(client: TestClient) -> None:
    upload(client)
    response = client.get(images_path(), headers=auth(OTHER_CONTRIBUTOR_KEY))
    assert_problem(response.status_code, response.json(), 403, "forbidden")


def test_another_organizations_member_cannot_delete(client: TestClient) -> None:
    image = upload(client).json()
    response = client.delete(images_path() + "/" + image["id"], headers=auth(OTHER_CONTRIBUTOR_KEY))
    assert response.status_code == 403
    assert listed_ids(client) == [image["id"]]


def test_another_organizations_product_is_404_through_ones_own_organization(
    client: TestClient,
) -> None:
    response = client.get(images_path(gtin=OTHER_ORG_GTIN), headers=auth())
    assert_problem(response.status_code, response.json(), 404, "not_found")


def test_an_image_of_another_organization_cannot_be_deleted_through_ones_own(
    client: TestClient,
) -> None:
    theirs = upload(client, organization=OTHER_ORG, gtin=OTHER_ORG_GTIN, key=OTHER_CONTRIBUTOR_KEY)
    assert theirs.status_code == 201
    response = client.delete(images_path() + "/" + theirs.json()["id"], headers=auth())
    assert response.status_code == 404
    other_listing = client.get(
        images_path(OTHER_ORG, OTHER_ORG_GTIN), headers=auth(OTHER_CONTRIBUTOR_KEY)
    )
    assert [i["id"] for i in other_listing.json()["data"]] == [theirs.json()["id"]]
