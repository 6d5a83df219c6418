"""Cloud Images targets for the suite: the real mock in-process, alone or behind a broken
server's rewriting layer."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from conformance.cloud_images.suite import CloudImagesSuite
from conformance.cloud_images.target import CloudImagesTarget
from conformance.runner import RunConfig, RunReport, run
from tests.broken_servers.layer import Mutation, RewritingLayer
from tests.conformance.conftest import mock_app

TOKEN = "gAAAAAdemo-cloud-token"
OTHER_TOKEN = "gAAAAAother-cloud-token"
# Few examples, to keep the folder quick: with this seed the state machine's sequences
# reach every rule (as they do for most seeds; test_broken_servers shows it).
EXAMPLES = 2
SEED = 3

Judge = Callable[..., RunReport]


def cloud_target(other_token: str | None = OTHER_TOKEN) -> CloudImagesTarget:
    return CloudImagesTarget(TOKEN, other_token)


def run_config(**changes: object) -> RunConfig:
    defaults: dict[str, object] = {
        "suite": CloudImagesSuite(cloud_target()),
        "max_examples": EXAMPLES,
        "seed": SEED,
        "shrink": False,
    }
    return RunConfig(**{**defaults, **changes})  # type: ignore[arg-type]


@pytest.fixture
def judge() -> Iterator[Judge]:
    """Runs the suite in-process against the mock, behind `mutation` when one is given."""
    clients: list[TestClient] = []

    def judge_target(
        mutation: Mutation | None = None,
        app: ASGIApp | None = None,
        base_url: str = "http://testserver",
        **changes: object,
    ) -> RunReport:
        target = app or mock_app()
        if mutation is not None:
            target = RewritingLayer(target, mutation)
        client = TestClient(target, base_url=base_url)
        clients.append(client)
        return run(run_config(**changes), client, sleep=lambda _: None)

    yield judge_target
    for client in clients:
        client.close()
