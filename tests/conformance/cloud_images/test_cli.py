"""`conformance --contract cloud-images` against the mock as a real process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance.cli import main
from tests.real_servers import running_mock

from .conftest import OTHER_TOKEN, SEED, TOKEN

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with running_mock("--rate-limit", "1000000/60") as base_url:
        yield base_url


def test_a_real_mock_conforms_with_the_token_from_the_environment(
    mock_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CONFORMANCE_CLOUD_TOKEN", TOKEN)

    status = main(
        [
            *("--base-url", mock_url + "/v2", "--contract", "cloud-images"),
            *("--other-token", OTHER_TOKEN, "--seed", str(SEED), "--max-examples", "2"),
        ]
    )

    out = capsys.readouterr()
    assert status == 0, out.out
    assert "CONFORMS" in out.out
    assert "28 operations" in out.out  # the document's, but the metadefs API's


def test_a_missing_token_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONFORMANCE_CLOUD_TOKEN", raising=False)

    with pytest.raises(SystemExit) as exit_info:
        main(["--base-url", "http://127.0.0.1:9", "--contract", "cloud-images"])

    assert exit_info.value.code == 2
