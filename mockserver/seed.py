"""Seed files: the state each served contract starts with.

A seed file is a YAML mapping whose top-level keys are the contracts' sections (each
contract's `seed_keys`; README, Seed files). Each contract decodes its own
(`adapters/<vendor>/seed_section.py`) and refuses a key it does not know by name; a key of
no contract is refused here.
"""

from __future__ import annotations

import functools
import importlib.resources
import pathlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from .contract_plugin import ContractPlugin, SeedError
from .http.decoding import yaml_text as bounded_yaml
from .served_contracts import SERVED_CONTRACTS

__all__ = ["Seed", "SeedError", "load_seed", "parse_seed"]

SectionT = TypeVar("SectionT")


@dataclass(frozen=True)
class Seed:
    """Each served contract's starting state, decoded from its section, by contract name."""

    sections: Mapping[str, object]

    def of(self, plugin: ContractPlugin[SectionT]) -> SectionT:
        # The section was decoded by this same plugin, so it is of its type.
        return cast("SectionT", self.sections[plugin.name])


@functools.cache
def _demo_seed() -> Seed:
    """The embedded demo seed, read once per process (a Seed is never changed)."""
    text = importlib.resources.files("mockserver").joinpath("demo_seed.yaml").read_text()
    return _parse_text(text, "the embedded demo seed")


def load_seed(path: pathlib.Path | None = None) -> Seed:
    """Read a seed file; the embedded demo seed when no path is given."""
    if path is None:
        return _demo_seed()
    try:
        text = bounded_yaml.read_text(path)
    except OSError as error:
        raise SeedError(f"cannot read seed file {path}: {error.strerror}") from None
    except bounded_yaml.BoundedYAMLError as error:
        raise SeedError(f"{path} {error}") from None
    return _parse_text(text, str(path))


def _parse_text(text: str, source: str) -> Seed:
    try:
        data = bounded_yaml.load(text)
    except bounded_yaml.BoundedYAMLError as error:
        raise SeedError(f"{source}: {error}") from None
    return parse_seed(data, source)


def parse_seed(
    data: Any,
    source: str = "seed",
    contracts: Sequence[ContractPlugin[Any]] = SERVED_CONTRACTS,
) -> Seed:
    """The sections of `data` (a parsed seed file), each decoded by the contract whose keys
    it has."""
    if not isinstance(data, Mapping):
        raise SeedError(f"{source}: expected a mapping of sections (organizations, ...)")
    known = [key for contract in contracts for key in contract.seed_keys]
    unknown = [str(key) for key in data if key not in known]
    if unknown:
        raise SeedError(
            f"{source}: unknown section {', '.join(map(repr, unknown))} (known: {', '.join(known)})"
        )
    sections: dict[str, object] = {}
    for contract in contracts:
        part = {key: data[key] for key in contract.seed_keys if key in data}
        try:
            sections[contract.name] = contract.decode_seed(part)
        except SeedError as error:
            raise SeedError(f"{source}: {error}") from None
    return Seed(sections)
