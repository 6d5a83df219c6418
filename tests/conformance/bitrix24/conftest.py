"""The Bitrix24 suite's test runs: the demo webhook and token, two demo products."""

from __future__ import annotations

import pytest

from conformance.bitrix24.calls import Credentials, Webhook
from conformance.bitrix24.suite import Bitrix24Suite
from conformance.bitrix24.target import Bitrix24Target
from conformance.runner import RunConfig

from ..judging import Judge, config_with, judge_with

WEBHOOK = Webhook(1, "k3q9x2v7m1p8z4r6")
TOKEN = "demo-bitrix-token"
PRODUCT = 1
OTHER_PRODUCT = 2
SEED = 20260401
EXAMPLES_PER_OPERATION = 2


def bitrix_target(webhook: Webhook | None = WEBHOOK, token: str | None = TOKEN) -> Bitrix24Target:
    return Bitrix24Target(Credentials(webhook, token), PRODUCT, OTHER_PRODUCT)


def run_config(**changes: object) -> RunConfig:
    return config_with(Bitrix24Suite(bitrix_target()), EXAMPLES_PER_OPERATION, SEED, changes)


judge_run = judge_with(run_config)


@pytest.fixture
def judge() -> Judge:
    return judge_run
