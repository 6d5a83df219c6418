"""The contract documents' YAML is read into the same data PyYAML's safe loader gives."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from mockserver.contract_documents import contract_path, safe_load
from mockserver.contract_plugin import ContractPlugin
from mockserver.served_contracts import SERVED_CONTRACTS

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def pyyaml(data: bytes) -> object:
    return yaml.load(data, Loader=SAFE_LOADER)


@pytest.mark.parametrize("plugin", SERVED_CONTRACTS, ids=lambda plugin: plugin.name)
def test_each_contract_document_reads_as_pyyaml_reads_it(plugin: ContractPlugin[Any]) -> None:
    data = contract_path(plugin.document).read_bytes()
    assert safe_load(data) == pyyaml(data)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"a: 1\nb: [2.5, true, null, '0012', 0012]\n",
        b"when: 2001-12-14t21:59:43.10-05:00\nblob: !!binary aGVsbG8=\n",
        b"base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n",
        b"!!set {a, b}\n",
        b"!!omap [a: 1, b: 2]\n",
        b"{1: a, 2.0: b, null: c, true: d}\n",
        b"=: 1\n",
    ],
)
def test_yaml_reads_into_the_data_pyyaml_gives(data: bytes) -> None:
    assert safe_load(data) == pyyaml(data)


def test_an_alias_is_the_object_its_anchor_made() -> None:
    document = safe_load(b"a: &x [1, 2]\nb: *x\n")
    assert document["a"] is document["b"]


@pytest.mark.parametrize("data", [b"? [1, 2]\n: v\n", b"a: !custom 1\n"])
def test_what_pyyaml_refuses_is_refused_in_its_words(data: bytes) -> None:
    with pytest.raises(yaml.YAMLError) as ours:
        safe_load(data)
    with pytest.raises(yaml.YAMLError) as theirs:
        pyyaml(data)
    assert str(ours.value) == str(theirs.value)
