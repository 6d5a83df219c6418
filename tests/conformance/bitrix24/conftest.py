"""Targets for the Bitrix24 suite: the real mock in-process, alone or behind a broken-server
layer."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from conformance.bitrix24.calls import Credentials, Webhook
from conformance.bitrix24.suite import Bitrix24Suite
from conformance.bitrix24.target import Bitrix24Target
from conformance.runner import RunConfig, RunReport, run
from mockserver.app import create_app
from mockserver.config import MockConfig
from mockserver.domain.ratelimit import Window
from tests.broken_servers.layer import Mutation, RewritingLayer

WEBHOOK = Webhook(1, "k3q9x2v7m1p8z4r6")
TOKEN = "demo-bitrix-token"
PRODUCT = 1
OTHER_PRODUCT = 2
ROOMY_WINDOWS = (Window(1_000_000, 60),)
SEED = 20260401
EXAMPLES_PER_OPERATION = 2

Judge = Callable[..., RunReport]


def mock_app() -> ASGIApp:
    return create_app(MockConfig(rate_limit_windows=ROOMY_WINDOWS))


def bitrix_target(webhook: Webhook | None = WEBHOOK, token: str | None = TOKEN) -> Bitrix24Target:
    return Bitrix24Target(Credentials(webhook, token), PRODUCT, OTHER_PRODUCT)


def run_config(**changes: object) -> RunConfig:
    defaults: dict[str, object] = {
        "suite": Bitrix24Suite(bitrix_target()),
        "max_examples": EXAMPLES_PER_OPERATION,
        "seed": SEED,
        "shrink": False,
    }
    return RunConfig(**{**defaults, **changes})  # type: ignore[arg-type]


@pytest.fixture
def judge() -> Judge:
    """Runs the suite in-process against a fresh mock, behind `mutation` when one is given."""

    def judge_target(
        mutation: Mutation | None = None, app: ASGIApp | None = None, **changes: object
    ) -> RunReport:
        return judge_app(app or mock_app(), mutation, **changes)

    return judge_target


def judge_app(app: ASGIApp, mutation: Mutation | None = None, **changes: object) -> RunReport:
    """One run of the suite against `app` (behind `mutation` when one is given)."""
    target = RewritingLayer(app, mutation) if mutation is not None else app
    with TestClient(target, base_url="http://testserver") as client:
        return run(run_config(**changes), client, sleep=lambda _: None)
