"""Every served contract is registered once, with its own document and seed keys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from mockserver.banner import startup_banner
from mockserver.contract_documents import contract_path
from mockserver.contract_plugin import SeedError
from mockserver.seed import load_seed, parse_seed
from mockserver.served_contracts import CLOSIENT, SERVED_CONTRACTS


def test_each_contract_has_a_name_a_document_and_seed_keys_of_its_own() -> None:
    names = [contract.name for contract in SERVED_CONTRACTS]
    keys = [key for contract in SERVED_CONTRACTS for key in contract.seed_keys]
    assert len(set(names)) == len(names)
    assert len(set(keys)) == len(keys)
    for contract in SERVED_CONTRACTS:
        assert contract_path(contract.document).is_file()


class _Gallery:
    """A contract as a new package would register it: only the parts the seed reads."""

    name = "gallery"
    title = "Gallery"
    seed_keys = ("galleries",)

    def decode_seed(self, part: Mapping[str, Any]) -> list[str]:
        galleries = part.get("galleries", [])
        if not isinstance(galleries, list):
            raise SeedError("galleries: expected a list")
        return [str(name) for name in galleries]

    def banner_lines(self, seed: list[str], base_url: str) -> list[str]:
        return [f"  {base_url}/galleries/{name}" for name in seed]


def test_a_registered_contract_gets_its_own_section_and_its_banner_lines() -> None:
    contracts: Any = (*SERVED_CONTRACTS, _Gallery())
    seed = parse_seed({"galleries": ["spring"]}, contracts=contracts)
    assert seed.of(contracts[-1]) == ["spring"]
    assert seed.of(CLOSIENT).organizations == ()
    banner = startup_banner(seed, "http://mock", contracts=contracts)
    assert "  Swagger UI:  http://mock/__docs/gallery/ui/" in banner.splitlines()
    assert banner.endswith("Try it (Gallery):\n  http://mock/galleries/spring")


def test_a_section_of_no_served_contract_is_refused_by_name() -> None:
    with pytest.raises(SeedError, match="unknown section 'galleries'"):
        parse_seed({"galleries": ["spring"]})


def test_the_banner_shows_every_contract_of_the_demo_seed_in_order() -> None:
    lines = startup_banner(load_seed(), "http://127.0.0.1:8000").splitlines()
    assert [line for line in lines if line.startswith("Try it")] == [
        "Try it (Closient Brand Dashboard images):",
        "Try it (Cloud Images):",
        "Try it (Bitrix24 catalog.productImage):",
    ]
    assert [line.split()[-1] for line in lines if "Swagger UI" in line] == [
        f"http://127.0.0.1:8000/__docs/{contract.name}/ui/" for contract in SERVED_CONTRACTS
    ]
