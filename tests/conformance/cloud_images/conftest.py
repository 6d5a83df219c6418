"""The Cloud Images suite's test runs: the demo project's token and a second project's."""

from __future__ import annotations

import pytest

from conformance.cloud_images.suite import CloudImagesSuite
from conformance.cloud_images.target import CloudImagesTarget
from conformance.runner import RunConfig
from tests.demo import CLOUD_TOKEN, OTHER_CLOUD_TOKEN

from ..judging import Judge, config_with, judge_with

TOKEN = CLOUD_TOKEN
OTHER_TOKEN = OTHER_CLOUD_TOKEN
# Few fuzzing examples, to keep the folder quick, and state-machine sequences enough that
# most rules run in the first round.
EXAMPLES = 2
SEQUENCES = 12
# The mock serves the API under `/v2`, as Glance does.
MOCK_BASE_URL = "http://testserver/v2"
# Any seed does: Hypothesis leaves a random set of rules out of each state-machine
# sequence, and the runner runs more sequences while some step was never taken (see
# `_run_state_machine` in conformance/runner.py), so every rule is reached whatever the
# seed; and the tests load every module of the project first (tests/conftest.py), so that
# a seed draws the same whatever tests ran before. It is fixed only to repeat a run.
SEED = 1001


def cloud_target(other_token: str | None = OTHER_TOKEN) -> CloudImagesTarget:
    return CloudImagesTarget(TOKEN, other_token)


def run_config(**changes: object) -> RunConfig:
    return config_with(
        CloudImagesSuite(cloud_target()),
        EXAMPLES,
        SEED,
        {"stateful_examples": SEQUENCES, **changes},
    )


@pytest.fixture
def judge() -> Judge:
    return judge_with(run_config, MOCK_BASE_URL)
