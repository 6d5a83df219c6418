"""Every rule of every contract has a broken server that the suite names it for: a rule no
broken server breaks could be a rule that never fails. The contracts are the suite's own
registry (`SUITES`), the rules its own list (`all_rule_names`), the broken servers those
the contracts' tests run.

Each registered contract's tests are the package `tests/conformance/<name>/` (its name
with `_` for `-`), whose `conftest.py` has `run_config()` (the `RunConfig` its runs use)
and whose `test_broken_servers.py` has `CAUGHT_BY` (each broken server and the rules its
run must name) and `CAUGHT_ELSEWHERE` (rule → the test of its own that catches it). A
contract registered without them fails here by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, cast

import pytest

from conformance.contract_suites import SUITES
from conformance.runner import RunConfig, all_rule_names


@dataclass(frozen=True)
class BrokenServers:
    """A contract's broken-server table, as its tests package gives it."""

    rules: frozenset[str]
    """Every rule of the contract's suite."""
    caught: frozenset[str]
    """The rules some broken server breaks."""


def contract_tests_package(contract: str) -> str:
    return f"tests.conformance.{contract.replace('-', '_')}"


def _module(name: str, contract: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name is not None and name.startswith(error.name):
            pytest.fail(f"contract {contract!r} has no {name} (README, Adding a contract)")
        raise


def _attribute(module: ModuleType, name: str, contract: str) -> Any:
    if not hasattr(module, name):
        pytest.fail(f"contract {contract!r}: {module.__name__} has no {name}")
    return getattr(module, name)


def broken_servers(contract: str) -> BrokenServers:
    package = contract_tests_package(contract)
    setup = _module(f"{package}.conftest", contract)
    table = _module(f"{package}.test_broken_servers", contract)
    run_config = cast("Callable[[], RunConfig]", _attribute(setup, "run_config", contract))
    caught_by = cast(
        "Sequence[tuple[object, Collection[str]]]", _attribute(table, "CAUGHT_BY", contract)
    )
    elsewhere = cast("Mapping[str, object]", _attribute(table, "CAUGHT_ELSEWHERE", contract))
    caught = {rule for _, rules in caught_by for rule in rules} | set(elsewhere)
    return BrokenServers(frozenset(all_rule_names(run_config().suite)), frozenset(caught))


@pytest.mark.parametrize("contract", sorted(SUITES))
def test_every_rule_has_a_broken_server(contract: str) -> None:
    table = broken_servers(contract)

    assert table.rules - table.caught == set()


@pytest.mark.parametrize("contract", sorted(SUITES))
def test_every_broken_server_names_a_rule_of_its_contract(contract: str) -> None:
    table = broken_servers(contract)

    assert table.caught <= table.rules


def test_a_contract_without_a_table_fails_by_name() -> None:
    with pytest.raises(
        pytest.fail.Exception, match=r"'unregistered' has no tests\.conformance\.unregistered"
    ):
        broken_servers("unregistered")


def test_headers_are_judged_only_against_documents_that_declare_some() -> None:
    """Bitrix24's document declares no response header, so no server could break
    `response_headers_conformance` there; the other two declare some."""
    rules = {name: broken_servers(name).rules for name in SUITES}

    assert "response_headers_conformance" not in rules["bitrix24"]
    assert "response_headers_conformance" in rules["closient"] & rules["cloud-images"]
