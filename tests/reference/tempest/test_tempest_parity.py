"""OpenStack's own Tempest image v2 tests, run alike against a real Glance 33 and against
the mock: every test that passes on Glance passes on the mock, and every test that skips
on Glance skips on the mock for the same reason.

Both clouds sit behind the mock's identity endpoint, with the same pre-provisioned
accounts: Tempest logs in there and finds the Images API in the catalog; Glance's own
keystonemiddleware checks each token there, as it checks Keystone's.
"""

from __future__ import annotations

import pathlib

import pytest

from tests.real_servers import free_port, running_mock
from tests.reference.glance.server import IdentityService, running_glance

from .accounts import SERVICE, mock_seed
from .running import TempestRun, differences, run_tempest

pytestmark = pytest.mark.slow


def seed_file(folder: pathlib.Path, image_endpoint: str | None = None) -> str:
    path = folder / ("glance-seed.yaml" if image_endpoint else "mock-seed.yaml")
    path.write_text(mock_seed(image_endpoint))
    return str(path)


@pytest.fixture(scope="module")
def glance_run(
    glance_venv: pathlib.Path, tempest_venv: pathlib.Path, tmp_path_factory: pytest.TempPathFactory
) -> TempestRun:
    folder = tmp_path_factory.mktemp("tempest-glance")
    glance_port = free_port()
    seed = seed_file(folder, f"http://127.0.0.1:{glance_port}")
    with running_mock("--seed", seed, "--rate-limit", "off") as identity_mock:
        service = IdentityService(
            f"{identity_mock}/identity", SERVICE.user, SERVICE.password, SERVICE.project
        )
        with running_glance(glance_venv, identity=service, port=glance_port, metadefs=True):
            return run_tempest(tempest_venv, folder / "workspace", f"{identity_mock}/identity")


@pytest.fixture(scope="module")
def mock_run(tempest_venv: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> TempestRun:
    folder = tmp_path_factory.mktemp("tempest-mock")
    with running_mock("--seed", seed_file(folder), "--rate-limit", "off") as mock_url:
        return run_tempest(tempest_venv, folder / "workspace", f"{mock_url}/identity")


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
