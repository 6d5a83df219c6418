"""OpenStack's own Tempest image v2 tests, run alike against a real Glance 33 and against
the mock, both behind the mock's identity endpoint with the same pre-provisioned accounts:
every test that passes on Glance passes on the mock, and every test that skips on Glance
skips on the mock for the same reason."""

from __future__ import annotations

import pathlib

import pytest

from tests.file_server import FileServer

from .conftest import Cloud
from .disk_images import QCOW2_PATH
from .running import TempestRun, differences, run_tempest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def glance_run(
    glance_cloud: Cloud,
    tempest_venv: pathlib.Path,
    tmp_path_factory: pytest.TempPathFactory,
    tempest_files: FileServer,
) -> TempestRun:
    folder = tmp_path_factory.mktemp("tempest-glance")
    qcow2_url = tempest_files.url(QCOW2_PATH)
    return run_tempest(tempest_venv, folder / "workspace", glance_cloud.identity_url, qcow2_url)


@pytest.fixture(scope="module")
def mock_run(
    mock_cloud: Cloud,
    tempest_venv: pathlib.Path,
    tmp_path_factory: pytest.TempPathFactory,
    tempest_files: FileServer,
) -> TempestRun:
    folder = tmp_path_factory.mktemp("tempest-mock")
    qcow2_url = tempest_files.url(QCOW2_PATH)
    return run_tempest(tempest_venv, folder / "workspace", mock_cloud.identity_url, qcow2_url)


def test_the_reference_run_ran_and_passed_tests(glance_run: TempestRun) -> None:
    """A run that reached nothing would make the comparison empty."""
    passed = [test for test, outcome in glance_run.outcomes.items() if outcome.status == "ok"]
    assert len(passed) >= 40, glance_run.output[-3000:]


def test_the_mock_passes_what_glance_passes_and_skips_what_it_skips(
    glance_run: TempestRun, mock_run: TempestRun
) -> None:
    found = differences(glance_run, mock_run)
    details = "\n\n".join(mock_run.failure_text(line.split(":")[0]) for line in found[:5])
    assert found == [], "\n".join(found) + "\n\n" + details
