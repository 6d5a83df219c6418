"""A large JSON body is parsed, validated and checked by the domain on a worker thread, not
on the event loop, so its seconds of work do not hold up other clients (bench big-json
measures by how much); and Connexion does not parse it a second time on the loop."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from starlette.testclient import TestClient

from mockserver.config import MockConfig
from mockserver.domain.image_registry import ImageRegistry
from mockserver.http.decoding import OFF_LOOP_BYTES
from mockserver.http.engine.body_checks import JsonBodyCheck
from tests.integration.cloud_images.records import PATCH_MEDIA_TYPE, create, token

LARGE = {"name": "large", "note": "v" * (OFF_LOOP_BYTES + 1)}


def on_the_event_loop() -> bool:
    return asyncio._get_running_loop() is not None


@pytest.fixture
def config() -> MockConfig:
    """As users run it: without the tests' response validation, which parses answers."""
    return MockConfig(rate_limit_windows=())


@pytest.fixture
def loops(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[bool]]:
    """Whether each step of a request ran on the event loop, by step."""
    seen: dict[str, list[bool]] = {"parse": [], "create": [], "update": [], "json": []}

    def spied(name: str, original: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            seen[name].append(on_the_event_loop())
            return original(*args, **kwargs)

        return call

    monkeypatch.setattr(json, "loads", spied("json", json.loads))
    parse = JsonBodyCheck.parse_and_validate
    monkeypatch.setattr(JsonBodyCheck, "parse_and_validate", spied("parse", parse))
    monkeypatch.setattr(ImageRegistry, "create", spied("create", ImageRegistry.create))
    monkeypatch.setattr(ImageRegistry, "update", spied("update", ImageRegistry.update))
    return seen


def test_a_large_create_is_parsed_and_checked_off_the_event_loop(
    client: TestClient, loops: dict[str, list[bool]]
) -> None:
    response = client.post("/v2/images", json=LARGE, headers=token())
    assert response.status_code == 201
    assert response.json()["note"] == LARGE["note"]
    assert loops["parse"] == [False]
    assert loops["create"] == [False]
    assert True not in loops["json"]  # parsed once, by the validator's worker


def test_a_large_patch_is_parsed_and_checked_off_the_event_loop(
    client: TestClient, loops: dict[str, list[bool]]
) -> None:
    image = create(client)
    operations = [{"op": "add", "path": "/note", "value": LARGE["note"]}]
    response = client.patch(
        f"/v2/images/{image['id']}",
        content=json.dumps(operations),
        headers={**token(), "Content-Type": PATCH_MEDIA_TYPE},
    )
    assert response.status_code == 200
    assert loops["parse"][-1] is False
    assert loops["update"] == [False]


def test_a_large_value_of_the_wrong_type_is_quoted_in_brief(client: TestClient) -> None:
    response = client.post(
        "/v2/images", json={"min_ram": [[index] for index in range(2000)]}, headers=token()
    )
    assert response.status_code == 400
    message = response.json()["message"]
    assert "[[0], [1], [2], [3], [4], [5], ...] is not of type 'integer' - 'min_ram'" in message
    assert len(message) < 500


def test_a_small_value_of_the_wrong_type_is_quoted_whole(client: TestClient) -> None:
    response = client.post("/v2/images", json={"min_ram": [1, 2]}, headers=token())
    assert response.status_code == 400
    assert "[1, 2] is not of type 'integer' - 'min_ram'" in response.json()["message"]


def test_a_short_patch_of_many_operations_is_checked_off_the_event_loop(
    client: TestClient, loops: dict[str, list[bool]]
) -> None:
    image = create(client)
    operations = [{"op": "replace", "path": "/name", "value": f"n{index}"} for index in range(400)]
    body = json.dumps(operations)
    assert len(body) < OFF_LOOP_BYTES
    response = client.patch(
        f"/v2/images/{image['id']}",
        content=body,
        headers={**token(), "Content-Type": PATCH_MEDIA_TYPE},
    )
    assert response.status_code == 200
    assert response.json()["name"] == "n399"
    assert loops["parse"][-1] is False
