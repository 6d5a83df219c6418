"""`python -m conformance --contract bitrix24` against the mock as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.real_servers import running_mock

from .conftest import OTHER_PRODUCT, PRODUCT, SEED, TOKEN, WEBHOOK

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with running_mock("--rate-limit", "1000000/60") as base_url:
        yield base_url


def test_the_mock_conforms_with_secrets_from_the_environment(mock_url: str, tmp_path: Path) -> None:
    report = tmp_path / "bitrix24.xml"
    environment = {
        **os.environ,
        "CONFORMANCE_BITRIX_WEBHOOK": WEBHOOK.text,
        "CONFORMANCE_BITRIX_TOKEN": TOKEN,
    }

    result = subprocess.run(
        [
            *(sys.executable, "-m", "conformance", "--contract", "bitrix24"),
            *("--base-url", mock_url, "--product-id", str(PRODUCT)),
            *("--other-product-id", str(OTHER_PRODUCT), "--seed", str(SEED)),
            *("--max-examples", "3", "--junit-xml", str(report)),
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "CONFORMS" in result.stdout
    assert "12 operations" in result.stdout
    suite = ElementTree.parse(report).getroot()
    assert suite.get("name") == "conformance.bitrix24"
    assert suite.get("failures") == "0"
