"""Every rule of every contract has a broken server that the suite names it for: a rule no
broken server breaks could be a rule that never fails. The rules are the suite's own list
(`all_rule_names`), the broken servers those the contracts' tests run."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conformance.runner import all_rule_names
from conformance.suite import ContractSuite

from . import test_broken_servers as closient
from .bitrix24 import conftest as bitrix24_setup
from .bitrix24 import test_broken_servers as bitrix24
from .cloud_images import conftest as cloud_images_setup
from .cloud_images import test_broken_servers as cloud_images
from .conftest import run_config as closient_run_config

# Rules no broken server can show yet, and why. Each is a gap to close, not a rule to skip.
NO_BROKEN_SERVER_YET = {
    # Hypothesis replays a failing sequence only while shrinking, which the tests turn off.
    "state_machine_reproducible": "needs a server that answers a replayed sequence otherwise",
    # The net under every layer: a server that shows it shows a bug of the suite, fixed there.
    "answers_can_be_judged": "each answer that reached it became a rule's finding instead",
}
NOT_YET_CAUGHT: dict[str, set[str]] = {
    "closient": set(),
    "cloud_images": {
        "openapi_core_response_validation",
        "response_headers_conformance",
        "response_schema_conformance",
    },
    "bitrix24": {
        "get_returns_the_picture",
        "response_headers_conformance",
    },
}


def closient_caught() -> set[str]:
    return {rule for _, rules in closient.CAUGHT_BY for rule in rules} | set(
        closient.CAUGHT_ELSEWHERE
    )


def cloud_images_caught() -> set[str]:
    table = {rule for _, rules in cloud_images.CAUGHT_BY for rule in rules}
    return table | set(cloud_images.CAUGHT_ELSEWHERE)


def bitrix24_caught() -> set[str]:
    tables = (rules for _, rules in bitrix24.CAUGHT_BY.values())
    return set().union(*tables) | set(bitrix24.CAUGHT_ELSEWHERE)


CONTRACTS: dict[str, tuple[Callable[[], ContractSuite], Callable[[], set[str]]]] = {
    "closient": (lambda: closient_run_config().suite, closient_caught),
    "cloud_images": (lambda: cloud_images_setup.run_config().suite, cloud_images_caught),
    "bitrix24": (lambda: bitrix24_setup.run_config().suite, bitrix24_caught),
}


@pytest.mark.parametrize("contract", sorted(CONTRACTS))
def test_every_rule_has_a_broken_server(contract: str) -> None:
    suite, caught = CONTRACTS[contract]
    rules = set(all_rule_names(suite())) - set(NO_BROKEN_SERVER_YET)

    assert rules - caught() == NOT_YET_CAUGHT[contract]


@pytest.mark.parametrize("contract", sorted(CONTRACTS))
def test_every_broken_server_names_a_rule_of_its_contract(contract: str) -> None:
    suite, caught = CONTRACTS[contract]

    assert caught() <= set(all_rule_names(suite()))
