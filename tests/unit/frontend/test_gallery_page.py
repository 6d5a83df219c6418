"""The gallery page is drawn from what each served contract describes: a link and a section
per contract, in the order they are served, and descriptions in the vocabulary gallery.js
reads (written at its top)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from mockserver.contract_plugin import ContractPlugin
from mockserver.frontend.assets import own_assets
from mockserver.frontend.gallery import gallery_page
from mockserver.seed import load_seed
from mockserver.served_contracts import SERVED_CONTRACTS

VOCABULARY = {
    "groups",
    "holders",
    "credentials",
    "credential",
    "noCredential",
    "hint",
    "options",
    "card",
    "actions",
    "tables",
}
STEPS = {"request", "fetchFile", "run"}


def _page() -> str:
    seed = load_seed()
    return gallery_page({c.name: c.gallery(seed.of(c)) for c in SERVED_CONTRACTS})


def _config(page: str) -> dict[str, Any]:
    found = re.search(r'<script id="gallery-config" type="application/json">(.*?)</script>', page)
    assert found is not None
    config: dict[str, Any] = json.loads(found.group(1))
    return config


def test_a_link_and_a_section_per_served_contract_in_order() -> None:
    page = _page()
    names = [contract.name for contract in SERVED_CONTRACTS]

    assert [c["name"] for c in _config(page)["contracts"]] == names
    assert re.findall(r'<section id="([^"]+)">', page) == names
    assert re.findall(r'<a href="/__docs/([^/]+)/ui/">', page) == names
    assert "{{" not in page


@pytest.mark.parametrize("contract", SERVED_CONTRACTS, ids=lambda c: c.name)
def test_each_description_is_in_the_pages_vocabulary(contract: ContractPlugin[Any]) -> None:
    draw = contract.gallery(load_seed().of(contract)).draw
    actions = draw["actions"]

    assert set(draw) <= VOCABULARY
    assert "upload" in actions
    assert {button["do"] for button in draw["card"].get("buttons", [])} <= set(actions)
    for steps in actions.values():
        for step in steps:
            assert len(set(step) & STEPS) == 1, step
            assert step.get("run", "upload") in actions
    assert json.loads(json.dumps(draw)) == draw


def test_the_pages_script_knows_every_word_of_the_vocabulary() -> None:
    script = (own_assets() / "gallery.js").read_text(encoding="utf-8")
    header = script.split("(() => {")[0]

    for word in VOCABULARY | STEPS:
        assert re.search(rf"\b{word}\b", header), word
