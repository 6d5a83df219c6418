"""Seed files: the state each served contract starts with, one section (top-level keys) per
contract, each decoded by its contract's plugin so that a key nobody knows is an error
naming it.

Format (YAML)::

    organizations:
      - id: 4fJzNqVx8mPb2kRt6wYcLd        # 22-char shortuuid
        name: Demo Brand
        products:
          - gtin: "012345678905"          # GTIN-8/12/13/14, stored as GTIN-14
            name: Sparkling Water 500 ml
    principals:
      - name: demo-contributor
        api_key: csb_demo_contributor     # any of api_key, bearer_token, session_id
        bearer_token: demo-contributor-token
        session_id: demo-contributor-session
        memberships:
          4fJzNqVx8mPb2kRt6wYcLd: [organization.contribute_organization]
    cloud_images:                         # optional: Cloud Images projects and tokens
      projects:
        - id: 9b1d5c3e0a4f4d2c8e7f6a5b4c3d2e1f
          name: demo
          tokens: [gAAAAA-demo-cloud-token]  # X-Auth-Token values that act for the project
          admin_tokens: [gAAAAA-demo-admin]  # optional: tokens with the admin role
    bitrix24:                             # optional: Bitrix24 catalog products and users
      products:
        - id: 1                           # integer >= 1
          name: Sparkling Water 500 ml
      users:
        - id: 1                           # the user id of the webhook URL
          name: admin
          access: modify                  # modify (default), view or none
          webhooks: [k3q9x2v7m1p8z4r6]    # webhook codes: /rest/1/k3q9x2v7m1p8z4r6/METHOD
          tokens: [demo-bitrix-token]     # access tokens for the `auth` body member
"""

from __future__ import annotations

import functools
import importlib.resources
import pathlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import yaml

from .contract_plugin import ContractPlugin, SeedError
from .served_contracts import SERVED_CONTRACTS

__all__ = ["Seed", "SeedError", "load_seed", "parse_seed"]

SectionT = TypeVar("SectionT")

# libyaml's safe loader when PyYAML was built with it (the same data, parsed faster).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Seed:
    """Each served contract's starting state, decoded from its section, by contract name."""

    sections: Mapping[str, object]

    def of(self, plugin: ContractPlugin[SectionT]) -> SectionT:
        section: SectionT = self.sections[plugin.name]  # type: ignore[assignment]
        return section


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
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SeedError(f"cannot read seed file {path}: {error.strerror}") from None
    return _parse_text(text, str(path))


def _parse_text(text: str, source: str) -> Seed:
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as error:
        raise SeedError(f"{source} is not valid YAML: {error}") from None
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
