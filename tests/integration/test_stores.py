"""The contracts over each store engine, in process: the same answers from memory, a SQLite
file and Redis; two mocks over one SQLite or Redis store (as two workers are) share one
state and one rate limit; a store out of reach is each contract's 503, not a hang."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mockserver.config import MockConfig
from mockserver.domain.ratelimit import Window
from mockserver.store import open_store
from tests.conftest import StartMock
from tests.demo import auth, images_path
from tests.images import png
from tests.redis_server import running_redis

from .bitrix24.calls import add, call, listed
from .cloud_images.records import create, patch, token, upload

ENGINES = [
    pytest.param("memory", id="memory"),
    pytest.param("sqlite", id="sqlite"),
    pytest.param("redis", id="redis", marks=pytest.mark.slow),
]
SHARED_ENGINES = ENGINES[1:]


def _url(engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if engine == "memory":
        return "memory:"
    if engine == "sqlite":
        return f"sqlite:///{tmp_path / 'state.db'}"
    url: str = request.getfixturevalue("redis_server").url
    open_store(url).clear()  # the session's server: start from nothing
    return url


@pytest.fixture(params=ENGINES)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return _url(request.param, request, tmp_path)


@pytest.fixture(params=SHARED_ENGINES)
def shared_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return _url(request.param, request, tmp_path)


@pytest.fixture
def client(config: MockConfig, store_url: str, mock: StartMock) -> TestClient:
    return mock(replace(config, store_url=store_url))


def test_a_second_primary_demotes_the_first(client: TestClient) -> None:
    uploaded = [
        client.post(
            images_path(),
            headers=auth(),
            files={"image": (f"{i}.png", png(seed=i), "image/png")},
            data={"is_primary": "true"},
        ).json()
        for i in range(2)
    ]
    listing = client.get(images_path(), headers=auth()).json()["data"]
    assert [image["id"] for image in listing if image["is_primary"]] == [uploaded[1]["id"]]


def test_an_image_is_served_until_it_is_deleted(client: TestClient) -> None:
    content = png(width=3, height=2, seed=5)
    image = client.post(
        images_path(), headers=auth(), files={"image": ("x.png", content, "image/png")}
    ).json()
    assert client.get(image["image_url"]).content == content
    assert client.delete(f"{images_path()}/{image['id']}", headers=auth()).status_code == 204
    assert client.get(image["image_url"]).status_code == 404


def test_a_new_detail_picture_removes_the_old_one_and_its_file(client: TestClient) -> None:
    first = add(client, "DETAIL_PICTURE")
    second = add(client, "DETAIL_PICTURE")
    assert [picture["id"] for picture in listed(client)] == [second["id"]]
    assert client.get(first["detailUrl"]).status_code == 404
    assert client.get(second["detailUrl"]).status_code == 200


def test_picture_ids_are_never_reused(client: TestClient) -> None:
    first = add(client)
    call(client, "delete", {"productId": first["productId"], "id": first["id"]})
    assert add(client)["id"] > first["id"]


def test_a_protected_record_is_kept_and_its_data_served(client: TestClient) -> None:
    record = create(client)
    assert upload(client, record["id"], b"raw disk bytes").status_code == 204
    patch(client, record["id"], [{"op": "replace", "path": "/protected", "value": True}])
    url = f"/v2/images/{record['id']}"
    assert client.delete(url, headers=token()).status_code == 403
    assert client.get(url + "/file", headers=token()).content == b"raw disk bytes"
    assert upload(client, record["id"], b"again").status_code == 409
    assert client.get(url + "/file", headers=token()).content == b"raw disk bytes"


def test_a_reset_empties_the_store_and_restocks_the_seed(
    config: MockConfig, store_url: str, mock: StartMock
) -> None:
    client = mock(replace(config, store_url=store_url, seed_pictures=True))
    seeded = client.get("/__admin/state").json()
    client.post(images_path(), headers=auth(), files={"image": ("x.png", png(), "image/png")})
    assert client.get("/__admin/state").json() != seeded
    assert client.post("/__admin/reset").status_code in (200, 204)
    after = client.get("/__admin/state").json()
    titles = [
        [i["title"] for i in p["images"]] for o in after["organizations"] for p in o["products"]
    ]
    assert titles == [
        [i["title"] for i in p["images"]] for o in seeded["organizations"] for p in o["products"]
    ]


def test_two_mocks_over_one_store_share_its_state(
    config: MockConfig, shared_url: str, mock: StartMock
) -> None:
    one, other = (mock(replace(config, store_url=shared_url)) for _ in range(2))
    image = one.post(
        images_path(), headers=auth(), files={"image": ("x.png", png(), "image/png")}
    ).json()
    assert [i["id"] for i in other.get(images_path(), headers=auth()).json()["data"]] == [
        image["id"]
    ]
    assert other.delete(f"{images_path()}/{image['id']}", headers=auth()).status_code == 204
    assert one.get(image["image_url"]).status_code == 404


def test_the_seed_pictures_are_stocked_once_into_a_shared_store(
    config: MockConfig, shared_url: str, mock: StartMock
) -> None:
    pictured = replace(config, store_url=shared_url, seed_pictures=True)
    one = mock(pictured)
    mock(pictured)  # a second worker, or the mock restarted
    assert len(one.get(images_path(), headers=auth()).json()["data"]) == 3


def test_two_mocks_over_one_store_count_into_one_rate_limit(
    config: MockConfig, shared_url: str, mock: StartMock
) -> None:
    limited = replace(config, store_url=shared_url, rate_limit_windows=(Window(3, 60),))
    one, other = mock(limited), mock(limited)
    statuses = [
        client.get(images_path(), headers=auth()).status_code for client in (one, other, one, other)
    ]
    assert statuses == [200, 200, 200, 429]


@dataclass
class StoppedRedisMock:
    client: TestClient
    image_url: str
    """An image stored while Redis was up."""


@pytest.fixture(params=[True, False], ids=["validated", "unvalidated"])
def stopped_redis_mock(
    request: pytest.FixtureRequest, config: MockConfig, mock: StartMock, tmp_path: Path
) -> StoppedRedisMock:
    """A mock whose Redis was stopped after it started (rate limits on: they fail open),
    its answers checked against the document or not."""
    validated = replace(config, validate_responses=request.param)
    with running_redis(tmp_path) as server:
        client = mock(replace(validated, store_url=server.url, rate_limit_windows=(Window(9, 60),)))
        image = client.post(
            images_path(), headers=auth(), files={"image": ("x.png", png(), "image/png")}
        )
    # The server is stopped: the test gets the mock without it.
    return StoppedRedisMock(client, image.json()["image_url"])


@pytest.mark.slow
def test_a_store_gone_is_each_contracts_503(stopped_redis_mock: StoppedRedisMock) -> None:
    client = stopped_redis_mock.client
    started = time.monotonic()
    closient = client.get(images_path(), headers=auth())
    bitrix24 = call(client, "list", {"productId": 1})
    cloud = client.get("/v2/images", headers=token())
    assert time.monotonic() - started < 10
    assert (closient.status_code, closient.headers["content-type"]) == (
        503,
        "application/problem+json",
    )
    assert closient.json()["status"] == 503
    assert (bitrix24.status_code, set(bitrix24.json())) == (503, {"error", "error_description"})
    assert cloud.status_code == 503
    assert "RateLimit-Limit" in closient.headers  # counting failed open, not the request
    image_file = client.get(stopped_redis_mock.image_url)
    assert (image_file.status_code, image_file.json()["status"]) == (503, 503)
    admin = [client.get("/__admin/state"), client.post("/__admin/reset")]
    for response in admin:
        assert (response.status_code, response.json()["error"]) == (503, "store_unavailable")
    for response in (closient, bitrix24, cloud, image_file, *admin):
        assert response.headers["Retry-After"] == "1"  # try again shortly
