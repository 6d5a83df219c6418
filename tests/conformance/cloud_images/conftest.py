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
# Few examples, to keep the folder quick: with this seed the state machine's sequences
# reach every rule (as they do for most seeds; test_broken_servers shows it).
EXAMPLES = 2
# The mock serves the API under `/v2`, as Glance does.
MOCK_BASE_URL = "http://testserver/v2"
SEED = 3


def cloud_target(other_token: str | None = OTHER_TOKEN) -> CloudImagesTarget:
    return CloudImagesTarget(TOKEN, other_token)


def run_config(**changes: object) -> RunConfig:
    return config_with(CloudImagesSuite(cloud_target()), EXAMPLES, SEED, changes)


@pytest.fixture
def judge() -> Judge:
    return judge_with(run_config, MOCK_BASE_URL)
