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
    rules = set(all_rule_names(suite()))

    assert rules - caught() == set()


@pytest.mark.parametrize("contract", sorted(CONTRACTS))
def test_every_broken_server_names_a_rule_of_its_contract(contract: str) -> None:
    suite, caught = CONTRACTS[contract]

    assert caught() <= set(all_rule_names(suite()))


def test_headers_are_judged_only_against_documents_that_declare_some() -> None:
    """Bitrix24's document declares no response header, so no server could break
    `response_headers_conformance` there; the other two declare some."""
    rules = {name: set(all_rule_names(suite())) for name, (suite, _) in CONTRACTS.items()}

    assert "response_headers_conformance" not in rules["bitrix24"]
    assert "response_headers_conformance" in rules["closient"] & rules["cloud_images"]
