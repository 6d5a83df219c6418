"""A handler runs at most once per request, whichever way the request takes through the mock:
a handler that raises (a domain refusal, an unexpected failure) is answered from that one
run, never run again by the Connexion app behind the engine."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from starlette.responses import Response
from starlette.testclient import TestClient

from mockserver.adapters.closient.handlers import ClosientImageOperations
from mockserver.adapters.cloud_images.handlers import CloudImageOperations
from mockserver.config import MockConfig
from mockserver.domain.ratelimit import Window
from tests.conftest import StartMock
from tests.demo import CLOUD_TOKEN, auth, images_path
from tests.images import png

CLOUD = {"X-Auth-Token": CLOUD_TOKEN}
UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"


def counted(runs: Counter[str], name: str, handler: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(handler)
    async def counting(*args: Any, **kwargs: Any) -> Response:
        runs[name] += 1
        response: Response = await handler(*args, **kwargs)
        return response

    return counting


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each handler ran, counted on the handler classes both paths call."""
    counts: Counter[str] = Counter()
    for operations, names in (
        (ClosientImageOperations, ("list_images", "upload_image", "delete_image")),
        (CloudImageOperations, ("show_image", "delete_image")),
    ):
        for name in names:
            key = f"{operations.__name__}.{name}"
            monkeypatch.setattr(operations, name, counted(counts, key, getattr(operations, name)))
    return counts


@pytest.fixture(params=[True, False], ids=["engine", "connexion only"])
def client(request: pytest.FixtureRequest, runs: Counter[str], mock: StartMock) -> TestClient:
    """A mock built once the handlers are counted."""
    return mock(MockConfig(engine=request.param, rate_limit_windows=()))


def test_a_domain_refusal_runs_the_handler_once(client: TestClient, runs: Counter[str]) -> None:
    response = client.delete(f"{images_path()}/{'2' * 22}", headers=auth())
    assert response.status_code == 404
    assert response.json()["error_code"] == "not_found"
    assert runs == {"ClosientImageOperations.delete_image": 1}


def test_an_unexpected_failure_runs_the_handler_once(
    client: TestClient, runs: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("the catalog broke")

    catalog = client.app.state.mock.contracts["closient"].contract.catalog  # type: ignore[attr-defined]
    monkeypatch.setattr(catalog, "list_images", broken)
    response = client.get(images_path(), headers=auth())
    assert response.status_code == 500
    assert response.json()["error_code"] == "internal_error"
    assert runs == {"ClosientImageOperations.list_images": 1}


def test_an_upload_refused_by_the_domain_runs_the_handler_once(
    client: TestClient, runs: Counter[str]
) -> None:
    response = client.post(
        images_path(),
        headers=auth(),
        files={"image": ("a.png", b"not an image", "image/png")},
    )
    assert response.status_code == 422
    assert runs == {"ClosientImageOperations.upload_image": 1}


def test_a_cloud_images_refusal_runs_the_handler_once(
    client: TestClient, runs: Counter[str]
) -> None:
    assert client.get(f"/v2/images/{UNKNOWN_UUID}", headers=CLOUD).status_code == 404
    assert client.delete(f"/v2/images/{UNKNOWN_UUID}", headers=CLOUD).status_code == 404
    assert runs == {"CloudImageOperations.show_image": 1, "CloudImageOperations.delete_image": 1}


@pytest.mark.parametrize("engine", [True, False], ids=["engine", "connexion only"])
def test_a_refusal_carries_the_rate_limit_headers_of_its_one_count(
    engine: bool, runs: Counter[str], mock: StartMock
) -> None:
    client = mock(MockConfig(engine=engine, rate_limit_windows=(Window(5, 60),)))
    first = client.delete(f"{images_path()}/{'2' * 22}", headers=auth())
    second = client.delete(f"{images_path()}/{'2' * 22}", headers=auth())
    assert (first.status_code, second.status_code) == (404, 404)
    assert first.headers["RateLimit-Remaining"] == "4"
    assert second.headers["RateLimit-Remaining"] == "3"
    assert runs == {"ClosientImageOperations.delete_image": 2}


@pytest.mark.parametrize("engine", [True, False], ids=["engine", "connexion only"])
@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data", "multipart/form-data; boundary=x", "application/json", "text/plain"],
)
def test_a_delete_is_answered_whatever_content_type_it_names(
    engine: bool, content_type: str, runs: Counter[str], mock: StartMock
) -> None:
    """A DELETE has no body in the contract: its Content-Type changes nothing."""
    client = mock(MockConfig(engine=engine, rate_limit_windows=()))
    image = client.post(
        images_path(), headers=auth(), files={"image": ("a.png", png(), "image/png")}
    ).json()
    headers = {**auth(), "Content-Type": content_type}
    known = client.delete(f"{images_path()}/{image['id']}", headers=headers)
    unknown = client.delete(f"{images_path()}/{image['id']}", headers=headers)
    assert (known.status_code, unknown.status_code) == (204, 404)
    assert runs["ClosientImageOperations.delete_image"] == 2
