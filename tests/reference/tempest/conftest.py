"""Two clouds behind the mock's identity endpoint, with the same accounts: a real Glance 33
(its keystonemiddleware checks every token at that endpoint, as at Keystone) and the mock;
and Tempest's own virtualenv (its pins clash with the project's)."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.file_server import FileServer, serving_files
from tests.real_servers import free_port, running_mock
from tests.reference.glance.install import CHECKOUT, reference_venv
from tests.reference.glance.server import IdentityService, ImportFilters, running_glance

from .accounts import SERVICE, mock_seed
from .disk_images import QCOW2_PATH, qcow2_disk

HERE = pathlib.Path(__file__).parent
TEMPEST_VENV = CHECKOUT / ".reference-venvs" / "tempest-47"
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Cloud:
    identity_url: str
    """Keystone's root, as a `clouds.yaml` or Tempest names it."""
    image_url: str


@pytest.fixture(scope="session")
def tempest_venv() -> pathlib.Path:
    """Installed on first use (about a minute), then reused from the checkout's cache."""
    return reference_venv(TEMPEST_VENV, ("tempest==47.0.0",), HERE / "constraints.txt")


@pytest.fixture(scope="session")
def glance_venv() -> pathlib.Path:
    return reference_venv()


def seed_file(
    folder: pathlib.Path, image_endpoint: str | None = None, files: FileServer | None = None
) -> str:
    path = folder / "seed.yaml"
    filters = (
        None if files is None else {"allowed_hosts": [LOOPBACK], "allowed_ports": [files.port]}
    )
    path.write_text(mock_seed(image_endpoint, filters))
    return str(path)


@pytest.fixture(scope="module")
def tempest_files() -> Iterator[FileServer]:
    """The loopback server of the disk image web-download fetches, which both clouds' URL
    filters allow."""
    with serving_files({QCOW2_PATH: qcow2_disk()}) as server:
        yield server


@pytest.fixture(scope="module")
def glance_cloud(
    glance_venv: pathlib.Path,
    tmp_path_factory: pytest.TempPathFactory,
    tempest_files: FileServer,
) -> Iterator[Cloud]:
    """Glance with the metadata definitions it ships loaded, as a deployment has them."""
    glance_port = free_port()
    glance_url = f"http://127.0.0.1:{glance_port}"
    seed = seed_file(tmp_path_factory.mktemp("glance-identity"), glance_url)
    with running_mock("--seed", seed, "--rate-limit", "off") as identity_mock:
        identity_url = f"{identity_mock}/identity"
        service = IdentityService(identity_url, SERVICE.user, SERVICE.password, SERVICE.project)
        filters = ImportFilters((LOOPBACK,), (tempest_files.port,))
        with running_glance(
            glance_venv, identity=service, port=glance_port, metadefs=True, filters=filters
        ):
            yield Cloud(identity_url, glance_url)


@pytest.fixture(scope="module")
def mock_cloud(
    tmp_path_factory: pytest.TempPathFactory, tempest_files: FileServer
) -> Iterator[Cloud]:
    seed = seed_file(tmp_path_factory.mktemp("mock-identity"), files=tempest_files)
    with running_mock("--seed", seed, "--rate-limit", "off") as mock_url:
        yield Cloud(f"{mock_url}/identity", mock_url)
