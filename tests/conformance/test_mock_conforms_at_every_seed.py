"""The mock conforms to its own suite whatever the suite draws: every contract, seeds 1 to
3 in `make test` and 1 to 20 in `make test-deep` (`conformance --seed N`), each a short run
(few examples per operation, few sequences), with no finding. One seed's run is the other
tests' long one; this one is wide."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from conformance.runner import RunConfig

from .bitrix24.conftest import run_config as bitrix24_config
from .cloud_images.conftest import MOCK_BASE_URL as CLOUD_IMAGES_URL
from .cloud_images.conftest import run_config as cloud_images_config
from .conftest import run_config as closient_config
from .judging import judge_with

# Short runs of a whole suite, 9 of them (60 deep): `make test` runs them, the quick loop does not.
pytestmark = pytest.mark.slow

SEEDS = range(1, 21 if os.environ.get("HYPOTHESIS_PROFILE") == "ci-deep" else 4)
SHORT = {"max_examples": 3, "stateful_examples": 3}
CONFIGS: dict[str, tuple[Callable[..., RunConfig], str]] = {
    "closient": (closient_config, "http://testserver"),
    "cloud-images": (cloud_images_config, CLOUD_IMAGES_URL),
    "bitrix24": (bitrix24_config, "http://testserver"),
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("contract", sorted(CONFIGS))
def test_the_mock_conforms_at_the_seed(contract: str, seed: int) -> None:
    config, base_url = CONFIGS[contract]
    report = judge_with(config, base_url)(seed=seed, **SHORT)

    assert [finding.render() for finding in report.findings] == []
    assert report.conforms
    assert report.examples > 0
