"""The Cloud Images target policy: writes only to the run's own images, tracking what it
created and protected, waiting out "Over Limit", and cleaning up protected images too."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from starlette.testclient import TestClient

from conformance.client import TargetClient, WriteRefused
from conformance.cloud_images.target import PATCH_MEDIA_TYPE, CloudImagesTarget

from ..judging import mock_app
from .conftest import MOCK_BASE_URL, OTHER_TOKEN, TOKEN, cloud_target

FORMATS = {"container_format": "bare", "disk_format": "raw"}


@pytest.fixture
def target() -> CloudImagesTarget:
    return cloud_target()


@pytest.fixture
def http() -> Iterator[TestClient]:
    with TestClient(mock_app(), base_url=MOCK_BASE_URL) as client:
        yield client


@pytest.fixture
def client(http: TestClient, target: CloudImagesTarget) -> TargetClient:
    return TargetClient(http, target)


def created_by_someone_else(http: TestClient, token: str = TOKEN) -> str:
    response = http.post("/images", json=FORMATS, headers={"X-Auth-Token": token})
    image_id: str = response.json()["id"]
    return image_id


def protect(client: TargetClient, image_id: str) -> httpx.Response:
    return client.send(
        "PATCH",
        f"/images/{image_id}",
        content=json.dumps([{"op": "replace", "path": "/protected", "value": True}]),
        headers={"Content-Type": PATCH_MEDIA_TYPE},
    )


@pytest.mark.parametrize(("method", "suffix"), [("DELETE", ""), ("PATCH", ""), ("PUT", "/file")])
def test_refuses_to_write_to_an_image_it_did_not_create(
    http: TestClient, client: TargetClient, method: str, suffix: str
) -> None:
    image_id = created_by_someone_else(http)

    with pytest.raises(WriteRefused):
        client.send(method, f"/images/{image_id}{suffix}")


def test_refuses_any_spelling_of_an_image_it_did_not_create(
    http: TestClient, client: TargetClient
) -> None:
    image_id = created_by_someone_else(http)

    with pytest.raises(WriteRefused):
        client.send("DELETE", f"/images/{image_id.upper().replace('-', '')}")


def test_refuses_to_create_an_image_with_the_id_of_one_already_there(
    http: TestClient, client: TargetClient, target: CloudImagesTarget
) -> None:
    image_id = created_by_someone_else(http)
    target.learn_existing_images(client)

    with pytest.raises(WriteRefused):
        client.send("POST", "/images", json={"id": image_id})


def test_refuses_writes_outside_the_images_collection(client: TargetClient) -> None:
    with pytest.raises(WriteRefused):
        client.send("POST", "/__admin/reset")


def test_reads_anything_and_writes_to_its_own_and_made_up_images(
    http: TestClient, client: TargetClient, target: CloudImagesTarget
) -> None:
    foreign = created_by_someone_else(http, OTHER_TOKEN)
    own = client.send("POST", "/images", json=FORMATS).json()["id"]

    assert client.send("GET", f"/images/{foreign}").status_code == 404
    octets = {"Content-Type": "application/octet-stream"}
    assert (
        client.send("PUT", f"/images/{own}/file", content=b"x", headers=octets).status_code == 204
    )
    assert client.send("DELETE", f"/images/{own}").status_code == 204
    assert client.send("DELETE", f"/images/{own}").status_code == 404
    assert client.send("DELETE", f"/images/{target.make_up_id()}").status_code == 404
    assert client.send("DELETE", "/images/not-a-uuid").status_code == 404


def test_tracks_created_protected_and_deleted_images(
    client: TargetClient, target: CloudImagesTarget
) -> None:
    kept = client.send("POST", "/images", json={"protected": True}).json()["id"]
    deleted = client.send("POST", "/images", json={}).json()["id"]
    client.send("DELETE", f"/images/{deleted}")

    assert (target.created, target.protected, target.deleted) == ({kept}, {kept}, {deleted})


def test_a_protected_image_stays_to_be_cleaned_up_even_if_its_delete_succeeds(
    target: CloudImagesTarget,
) -> None:
    image_id = "7c3f0a56-4e1d-4b0e-9d6b-2f5f1d3f8a10"
    target.created.add(image_id)
    target.protected.add(image_id)
    request = httpx.Request("DELETE", f"http://testserver/images/{image_id}")

    target.learn(request, httpx.Response(204, request=request))

    assert image_id in target.created


def test_cleanup_unprotects_protected_images_before_deleting_them(
    http: TestClient, client: TargetClient, target: CloudImagesTarget
) -> None:
    created = client.send("POST", "/images", json={"protected": True}).json()["id"]
    patched = client.send("POST", "/images", json={}).json()["id"]
    protect(client, patched)

    assert target.cleanup(client) == []
    assert (
        http.get("http://testserver/__admin/state").json()["cloud_images"]["projects"][0]["images"]
        == []
    )
    assert target.deleted >= {created, patched}


def test_cleanup_unprotects_an_image_whose_protection_it_missed(
    http: TestClient, client: TargetClient, target: CloudImagesTarget
) -> None:
    image_id = client.send("POST", "/images", json={}).json()["id"]
    http.patch(
        f"/images/{image_id}",
        content=json.dumps([{"op": "replace", "path": "/protected", "value": True}]),
        headers={"X-Auth-Token": TOKEN, "Content-Type": PATCH_MEDIA_TYPE},
    )

    assert target.cleanup(client) == []
    assert target.created == set()


@pytest.mark.parametrize(
    ("status", "headers", "wait"),
    [(413, {"Retry-After": "7"}, 7.0), (413, {}, None), (429, {"Retry-After": "7"}, None)],
)
def test_waits_out_over_limit_but_not_a_quota(
    target: CloudImagesTarget, status: int, headers: dict[str, str], wait: float | None
) -> None:
    assert target.retry_after(httpx.Response(status, headers=headers)) == wait


def test_tokens_are_secrets_shown_as_variables(target: CloudImagesTarget) -> None:
    assert target.secrets == {
        TOKEN: "$CONFORMANCE_CLOUD_TOKEN",
        OTHER_TOKEN: "$CONFORMANCE_CLOUD_OTHER_TOKEN",
    }
