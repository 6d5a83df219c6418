"""`python -m conformance --contract bitrix24` against the mock as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.real_servers import free_port, wait_until_answering

from .conftest import OTHER_PRODUCT, PRODUCT, SEED, TOKEN, WEBHOOK

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "mockserver", "--port", str(port), "--no-access-log"),
            *("--rate-limit", "1000000/60"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base_url, process)
        yield base_url
    finally:
        process.terminate()
        process.communicate(timeout=10)


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
    assert "10 operations" in result.stdout
    suite = ElementTree.parse(report).getroot()
    assert suite.get("name") == "conformance.bitrix24"
    assert suite.get("failures") == "0"
