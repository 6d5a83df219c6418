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
# Few fuzzing examples, to keep the folder quick, and enough state-machine sequences that
# every rule runs in one of them (Hypothesis enables a random subset of the rules in each):
# with this seed they reach every rule (test_broken_servers shows it).
EXAMPLES = 2
SEQUENCES = 12
# The mock serves the API under `/v2`, as Glance does.
MOCK_BASE_URL = "http://testserver/v2"
SEED = 7


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
