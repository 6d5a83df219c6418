"""Running the suite in-process against the mock, alone or behind a broken server's
rewriting layer: the same for every contract's tests."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from starlette.testclient import TestClient
from starlette.types import ASGIApp

from conformance.runner import RunConfig, RunReport, run
from conformance.suite import ContractSuite
from mockserver.app import create_app
from mockserver.config import MockConfig
from mockserver.domain.ratelimit import Window
from tests.broken_servers.layer import Mutation, RewritingLayer

# Rate-limit headers are part of the contracts, so the mock keeps them on, with room to spare.
ROOMY_WINDOWS = (Window(1_000_000, 60),)

# A curl command, its body piped in from printf when it is not text.
CURL_COMMAND = re.compile(r"^(printf .* \| )?curl ", re.DOTALL)
SEQUENCE_SCRIPT = "# The "

Judge = Callable[..., RunReport]
ConfigMaker = Callable[..., RunConfig]


def mock_app(windows: tuple[Window, ...] = ROOMY_WINDOWS) -> ASGIApp:
    return create_app(MockConfig(rate_limit_windows=windows))


def is_curl_command(text: str) -> bool:
    """A curl command, or a state-machine sequence's script of them."""
    if text.startswith(SEQUENCE_SCRIPT):
        return text.count("\ncurl ") + text.count("| curl ") > 1
    return CURL_COMMAND.match(text) is not None


def config_with(
    suite: ContractSuite, max_examples: int, seed: int, changes: Mapping[str, object]
) -> RunConfig:
    """A quick, reproducible run of `suite` (no shrinking), with `changes` applied."""
    defaults: dict[str, object] = {
        "suite": suite,
        "max_examples": max_examples,
        "seed": seed,
        "shrink": False,
    }
    return RunConfig(**{**defaults, **changes})  # type: ignore[arg-type]


def judge_with(config: ConfigMaker, default_base_url: str = "http://testserver") -> Judge:
    """Runs the suite configured by `config(**changes)` against a fresh mock (or `app`),
    behind `mutation` when one is given, at the contract's base URL on the mock."""

    def judge(
        mutation: Mutation | None = None,
        app: ASGIApp | None = None,
        base_url: str = default_base_url,
        **changes: object,
    ) -> RunReport:
        target = app or mock_app()
        if mutation is not None:
            target = RewritingLayer(target, mutation)
        with TestClient(target, base_url=base_url) as client:
            return run(config(**changes), client, sleep=lambda _: None)

    return judge
