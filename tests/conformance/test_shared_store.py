"""The suite of every contract passes on the mock served by two workers over one Redis
(each request may reach either worker: the state, the ids and the rate limit they answer
from are the store's)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from conformance.cli import main
from tests.real_servers import running_mock
from tests.redis_server import RedisServer

from .bitrix24 import conftest as bitrix24
from .cloud_images import conftest as cloud_images
from .test_cli import arguments

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mock_url(redis_server: RedisServer) -> Iterator[str]:
    # A clean store, whatever tests used the session's Redis before: the suite walks the
    # listings of what it writes and must find them within its pages.
    redis.Redis.from_url(redis_server.url).flushdb()
    with running_mock(
        *("--workers", "2", "--store", redis_server.url),
        *("--rate-limit", "1000000/60,10000000/86400"),
    ) as base_url:
        yield base_url


def test_closient_conforms_on_two_workers(
    mock_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert_conforms(arguments(mock_url), capsys)


def test_cloud_images_conforms_on_two_workers(
    mock_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CONFORMANCE_CLOUD_TOKEN", cloud_images.TOKEN)

    assert_conforms(
        [
            *("--base-url", mock_url + "/v2", "--contract", "cloud-images"),
            *("--other-token", cloud_images.OTHER_TOKEN),
            *("--seed", str(cloud_images.SEED), "--max-examples", "2"),
        ],
        capsys,
    )


def test_bitrix24_conforms_on_two_workers(
    mock_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CONFORMANCE_BITRIX_WEBHOOK", bitrix24.WEBHOOK.text)
    monkeypatch.setenv("CONFORMANCE_BITRIX_TOKEN", bitrix24.TOKEN)

    assert_conforms(
        [
            *("--contract", "bitrix24", "--base-url", mock_url),
            *("--product-id", str(bitrix24.PRODUCT)),
            *("--other-product-id", str(bitrix24.OTHER_PRODUCT)),
            *("--seed", str(bitrix24.SEED), "--max-examples", "3"),
        ],
        capsys,
    )


def assert_conforms(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """The suite, run with `argv`, exits 0 and says the mock conforms."""
    status = main(argv)
    out = capsys.readouterr().out
    assert status == 0, out
    assert "CONFORMS" in out
