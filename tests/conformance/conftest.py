"""Targets for the suite: the real mock in-process, alone or behind a broken-server layer."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from hypothesis import settings
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from conformance.closient.suite import ClosientSuite
from conformance.closient.target import ClosientTarget, ProductScope
from conformance.runner import RunConfig, RunReport, run
from mockserver.app import create_app
from mockserver.config import MockConfig
from mockserver.domain.ratelimit import Window
from tests.broken_servers.layer import Mutation, RewritingLayer

DEMO_ORG = "daqF5uqgcxrLXCkVJQEsLJ"
GTIN = "00012345678905"
OTHER_GTIN = "04006381333931"
CONTRIBUTOR_KEY = "csb_democontributor_k7Qx"
# Rate-limit headers are part of the contract, so the mock keeps them on, with room to spare.
ROOMY_WINDOWS = (Window(1_000_000, 60),)
SEED = 20260401

Judge = Callable[..., RunReport]


def examples_per_operation() -> int:
    """Few under the quick default profile, more under `ci-deep` (HYPOTHESIS_PROFILE)."""
    return max(9, settings().max_examples // 10)


def mock_app(windows: tuple[Window, ...] = ROOMY_WINDOWS) -> ASGIApp:
    return create_app(MockConfig(rate_limit_windows=windows))


def closient_target(other_gtin: str | None = OTHER_GTIN) -> ClosientTarget:
    return ClosientTarget(CONTRIBUTOR_KEY, ProductScope(DEMO_ORG, GTIN), other_gtin)


def run_config(**changes: object) -> RunConfig:
    defaults: dict[str, object] = {
        "suite": ClosientSuite(closient_target()),
        "max_examples": examples_per_operation(),
        "seed": SEED,
        "shrink": False,
    }
    return RunConfig(**{**defaults, **changes})  # type: ignore[arg-type]


@pytest.fixture
def judge() -> Iterator[Judge]:
    """Runs the suite in-process against the mock, behind `mutation` when one is given."""
    clients: list[TestClient] = []

    def judge_target(
        mutation: Mutation | None = None, app: ASGIApp | None = None, **changes: object
    ) -> RunReport:
        target = app or mock_app()
        if mutation is not None:
            target = RewritingLayer(target, mutation)
        client = TestClient(target, base_url="http://testserver")
        clients.append(client)
        return run(run_config(**changes), client, sleep=lambda _: None)

    yield judge_target
    for client in clients:
        client.close()
