"""The engine answers refusals itself (a spent window, a missing or refused credential, an
invalid parameter), in the contract's words and with the rate-limit headers of its one
count: no layer of Connexion's stack runs (`test_engine_scenarios.py` holds the answers
equal to that stack's, run alone)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from mockserver.config import MockConfig
from mockserver.domain.ratelimit import Window
from mockserver.http.rate_limiting import RateLimitMiddleware
from tests.conftest import StartMock
from tests.demo import CLOUD_TOKEN, auth, images_path


@pytest.fixture
def handed_over(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the requests that reached a Connexion app (its rate-limit layer is the
    first of its stack)."""
    paths: list[str] = []
    original = RateLimitMiddleware.__call__

    async def counting(
        self: RateLimitMiddleware, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if scope["type"] == "http":
            paths.append(scope["path"])
        await original(self, scope, receive, send)

    monkeypatch.setattr(RateLimitMiddleware, "__call__", counting)
    return paths


@pytest.fixture
def client(handed_over: list[str], mock: StartMock) -> TestClient:
    return mock(MockConfig(rate_limit_windows=(Window(4, 60),)))


@pytest.mark.parametrize(
    ("headers", "path", "status"),
    [
        ({}, images_path(), 401),
        ({"X-API-Key": "csb_nobody"}, images_path(), 401),
        (auth(), images_path() + "?page_size=1000", 422),
        (auth(), images_path() + "/not-an-id", 404),
    ],
    ids=["no credential", "unknown credential", "invalid parameter", "unknown image"],
)
def test_a_closient_refusal_is_answered_by_the_engine(
    client: TestClient, handed_over: list[str], headers: dict[str, str], path: str, status: int
) -> None:
    method = "DELETE" if path.endswith("not-an-id") else "GET"
    response = client.request(method, path, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["RateLimit-Remaining"] == "3"
    assert handed_over == []


def test_a_spent_window_is_answered_by_the_engine(
    client: TestClient, handed_over: list[str]
) -> None:
    answers = [client.get(images_path(), headers=auth()).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    assert handed_over == []


def test_a_cloud_images_refusal_is_answered_by_the_engine(
    client: TestClient, handed_over: list[str]
) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.get(f"/v2/images/{missing}").status_code == 401
    assert (
        client.get(f"/v2/images/{missing}", headers={"X-Auth-Token": CLOUD_TOKEN}).status_code
        == 404
    )
    assert handed_over == []
