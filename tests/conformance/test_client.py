"""The target client: safe writes, pacing from the rate-limit headers, cleanup."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from conformance.client import TargetClient, WriteRefused
from conformance.closient.target import ClosientTarget
from conformance.samples import png
from mockserver.domain.ratelimit import Window

from .conftest import OTHER_GTIN, closient_target
from .judging import mock_app

OTHER_ORG = "A7x7sdpJTpYcaBqrUC8eex"


@pytest.fixture
def naps() -> list[float]:
    return []


@pytest.fixture
def target() -> ClosientTarget:
    return closient_target()


@pytest.fixture
def client(naps: list[float], target: ClosientTarget) -> Iterator[TargetClient]:
    with TestClient(mock_app((Window(3, 60),)), base_url="http://testserver") as http:
        yield TargetClient(http, target, sleep=naps.append)


def upload(client: TargetClient, target: ClosientTarget) -> str:
    response = client.send(
        "POST", target.images_path(), files={"image": ("a.png", png(9, 9, 9), "image/png")}
    )
    image_id: str = response.json()["id"]
    return image_id


def test_refuses_to_write_to_another_organization(client: TargetClient) -> None:
    path = f"/dashboard/api/v1/trade-items/{OTHER_ORG}/05012345678900/images"

    with pytest.raises(WriteRefused):
        client.send("POST", path)


def test_refuses_to_write_to_a_product_it_was_not_given(
    client: TargetClient, target: ClosientTarget
) -> None:
    with pytest.raises(WriteRefused):
        client.send("DELETE", target.images_path("00000096385074", "keATfB8VP2gSjcnTbsMNQL"))


def test_refuses_to_delete_an_image_it_did_not_create(
    client: TargetClient, target: ClosientTarget
) -> None:
    target.read_only.add("keATfB8VP2gSjcnTbsMNQL")

    with pytest.raises(WriteRefused):
        client.send("DELETE", target.images_path(image_id="keATfB8VP2gSjcnTbsMNQL"))


def test_waits_for_the_window_to_reset_before_running_dry(
    client: TargetClient, target: ClosientTarget, naps: list[float]
) -> None:
    client.send("GET", target.images_path())
    client.send("GET", target.images_path())

    assert naps == [60.0]


def test_waits_out_retry_after_instead_of_failing(
    client: TargetClient, target: ClosientTarget, naps: list[float]
) -> None:
    for _ in range(3):
        client.send("GET", target.images_path())
    naps.clear()

    response = client.send("GET", target.images_path())

    assert response.status_code == 429
    assert naps[:2] == [60.0, 60.0]
    assert [exchange.status for exchange in client.exchanges[-2:]] == [429, 429]


def test_cleanup_deletes_what_the_run_created(client: TargetClient, target: ClosientTarget) -> None:
    created = upload(client, target)

    assert target.cleanup(client) == []
    assert created not in target.created
    assert client.exchanges[-1].method == "DELETE"
    assert client.exchanges[-1].status == 204


def test_a_delete_through_another_product_keeps_the_image_on_the_cleanup_list(
    client: TargetClient,
    target: ClosientTarget,
) -> None:
    created = upload(client, target)

    client.send("DELETE", target.images_path(OTHER_GTIN, created))

    assert created in target.created
