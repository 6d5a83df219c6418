"""A reference Glance and the mock, each started once per test module that asks for them."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest

from tests.real_servers import running_mock

from .install import reference_venv
from .server import running_glance


@pytest.fixture(scope="session")
def glance_venv() -> pathlib.Path:
    """Installed on first use (about a minute), then reused from the checkout's cache."""
    return reference_venv()


@pytest.fixture(scope="module")
def glance_url(glance_venv: pathlib.Path) -> Iterator[str]:
    """A fresh Glance per module: each run starts from an empty database."""
    with running_glance(glance_venv) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with running_mock("--rate-limit", "off") as base_url:
        yield base_url
