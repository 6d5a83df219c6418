"""The mock against a real Glance 33 (the Cloud Images contract's vendor): the same generated
sequences to both, every difference one the known-differences file lists, and no entry of the
file stale."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest

from conformance.cli import main
from tests.real_servers import running_mock
from tests.reference.glance.install import reference_venv
from tests.reference.glance.server import DEMO, OTHER, running_glance

pytestmark = pytest.mark.slow

KNOWN_DIFFERENCES = pathlib.Path(__file__).with_name("glance_known_differences.yaml")


@pytest.fixture(scope="module")
def glance_and_mock() -> Iterator[tuple[str, str]]:
    with (
        running_glance(reference_venv()) as glance,
        running_mock("--rate-limit", "off", "--no-pictures") as mock,
    ):
        yield glance, mock


def test_the_mock_differs_from_glance_only_as_the_file_says(
    glance_and_mock: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    glance, mock = glance_and_mock

    status = main(
        [
            "compare",
            "--contract=cloud-images",
            f"--reference-url={glance}/v2",
            f"--base-url={mock}/v2",
            f"--token={DEMO.token}",
            f"--other-token={OTHER.token}",
            f"--known-differences={KNOWN_DIFFERENCES}",
            "--seed=1",
            "--sequences=3",
            "--steps=10",
        ]
    )

    out = capsys.readouterr().out
    assert status == 0, out
    assert "KNOWN GET /images/{image_id}: body /checksum" in out
