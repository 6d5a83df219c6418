"""Tempest's own virtualenv (its pins clash with the project's), and the reference Glance's."""

from __future__ import annotations

import pathlib

import pytest

from tests.reference.glance.install import CHECKOUT, reference_venv

HERE = pathlib.Path(__file__).parent
TEMPEST_VENV = CHECKOUT / ".reference-venvs" / "tempest-47"


@pytest.fixture(scope="session")
def tempest_venv() -> pathlib.Path:
    """Installed on first use (about a minute), then reused from the checkout's cache."""
    return reference_venv(TEMPEST_VENV, ("tempest==47.0.0",), HERE / "constraints.txt")


@pytest.fixture(scope="session")
def glance_venv() -> pathlib.Path:
    return reference_venv()
