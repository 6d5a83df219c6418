"""Shared fixtures: a fresh mock per test, and the Hypothesis profiles (the demo seed's
names are in tests/demo.py)."""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings
from starlette.testclient import TestClient

import bench
import conformance
import mockserver
from mockserver.app import create_app
from mockserver.config import MockConfig
from tests.redis_server import RedisServer, running_redis


def import_every_module(*packages: ModuleType) -> None:
    """Import every module of `packages` (but their `__main__`, which would run them).

    Hypothesis draws about one value in twenty from constants it finds in the source of
    every module of the project loaded at that moment (not in tests). Which modules a test
    process has loaded depends on the tests collected and run before, so the same seed
    drew differently by test order and selection. With every module loaded from the start
    the pool is the same for every order: a seed's draws depend on the code alone.
    """
    for package in packages:
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if not module.name.endswith(".__main__"):
                importlib.import_module(module.name)


import_every_module(mockserver, conformance, bench)

# A contract's files, tested where tests/integration/test_adding_a_contract.py adds them.
collect_ignore = ["fixtures"]

settings.register_profile(
    "default", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(  # `make test-quick`: the same properties, fewer draws
    "quick", max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci-deep", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def config() -> MockConfig:
    """No rate limit (tests that need one build their own) and responses checked against
    the contract, so every test also checks the mock's answers are contract-shaped."""
    return MockConfig(rate_limit_windows=(), validate_responses=True)


StartMock = Callable[[MockConfig], TestClient]


@pytest.fixture
def mock() -> Iterator[StartMock]:
    """The one way a test starts an in-process mock: `mock(config)`, a client of a fresh
    mock with that configuration, shut down when the test ends."""
    with ExitStack() as running:

        def start(config: MockConfig) -> TestClient:
            client = TestClient(create_app(config), raise_server_exceptions=False)
            return running.enter_context(client)

        yield start


@pytest.fixture
def client(config: MockConfig, mock: StartMock) -> TestClient:
    return mock(config)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One real redis-server for the session; each test that uses it clears its store."""
    with running_redis(tmp_path_factory.mktemp("redis")) as server:
        yield server
