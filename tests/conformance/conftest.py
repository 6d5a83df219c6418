"""The Closient suite's test runs: the demo organization's product, its contributor's key."""

from __future__ import annotations

import pytest
from hypothesis import settings

from conformance.closient.suite import ClosientSuite
from conformance.closient.target import ClosientTarget, ProductScope
from conformance.runner import RunConfig
from tests.demo import CONTRIBUTOR_KEY, DEMO_ORG, GTIN, SECOND_GTIN, VIEWER_KEY

from .judging import Judge, config_with, judge_with

OTHER_GTIN = SECOND_GTIN
# Any seed does: Hypothesis leaves a random set of rules out of each state-machine
# sequence, and the runner runs more sequences while some step was never taken (see
# `_run_state_machine` in conformance/runner.py), so every rule is reached whatever the
# seed; and the tests load every module of the project first (tests/conftest.py), so that
# a seed draws the same whatever tests ran before. It is fixed only to repeat a run.
SEED = 1002
# State-machine sequences enough that most rules run in the first round.
SEQUENCES = 8


def examples_per_operation() -> int:
    """Few under the quick default profile, more under `ci-deep` (HYPOTHESIS_PROFILE)."""
    return max(9, settings().max_examples // 10)


def closient_target(other_gtin: str | None = OTHER_GTIN) -> ClosientTarget:
    return ClosientTarget(
        CONTRIBUTOR_KEY, ProductScope(DEMO_ORG, GTIN), other_gtin, reader_api_key=VIEWER_KEY
    )


def run_config(**changes: object) -> RunConfig:
    return config_with(
        ClosientSuite(closient_target()),
        examples_per_operation(),
        SEED,
        {"stateful_examples": SEQUENCES, **changes},
    )


@pytest.fixture
def judge() -> Judge:
    return judge_with(run_config)
