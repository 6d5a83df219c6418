"""A reference Glance and the mock, each started once per test module that asks for them."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest
import yaml

from tests.file_server import FileServer, serving_files
from tests.real_servers import running_mock

from .import_steps import FILES
from .install import reference_venv
from .server import ImportFilters, running_glance

DEMO_SEED = pathlib.Path(__file__).parents[3] / "mockserver" / "demo_seed.yaml"


@pytest.fixture(scope="session")
def glance_venv() -> pathlib.Path:
    """Installed on first use (about a minute), then reused from the checkout's cache."""
    return reference_venv()


@pytest.fixture(scope="module")
def import_files() -> Iterator[FileServer]:
    """The loopback file server web-download fetches from, which both servers' URL filters
    allow (and nothing else on the loopback)."""
    with serving_files(FILES) as server:
        yield server


@pytest.fixture(scope="module")
def glance_url(glance_venv: pathlib.Path, import_files: FileServer) -> Iterator[str]:
    """A fresh Glance per module: each run starts from an empty database."""
    filters = ImportFilters(("127.0.0.1",), (import_files.port,))
    with running_glance(glance_venv, filters=filters) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def mock_url(import_files: FileServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Without the demo seed's pictures: Glance too starts with no image.
    seed = tmp_path_factory.mktemp("seed") / "seed.yaml"
    write_demo_seed_with_filters(seed, ("127.0.0.1",), (import_files.port,))
    with running_mock("--rate-limit", "off", "--no-pictures", "--seed", str(seed)) as base_url:
        yield base_url


def write_demo_seed_with_filters(
    path: pathlib.Path, hosts: tuple[str, ...], ports: tuple[int, ...]
) -> None:
    """The demo seed, its web-download URL filters those the reference Glance is given."""
    seed = yaml.safe_load(DEMO_SEED.read_text())
    filters = {"allowed_hosts": list(hosts), "allowed_ports": list(ports)}
    seed["cloud_images"]["imports"] = {"url_filters": filters}
    path.write_text(yaml.safe_dump(seed))
