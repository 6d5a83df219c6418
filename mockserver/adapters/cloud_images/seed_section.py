"""Cloud Images' part of a seed file: `cloud_images.projects`, each with the tokens that act
for it and the tokens that carry the admin role (README, Seed files)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from ...contract_plugin import SeedError, YamlText, decode_section
from ...domain.image_records import Project, RegistrySeed

SEED_KEYS = ("cloud_images",)


class _Project(msgspec.Struct, forbid_unknown_fields=True):
    id: YamlText
    name: YamlText = ""
    tokens: list[YamlText] = []
    admin_tokens: list[YamlText] = []
    images: list[Any] = []
    """The project's images with data: read and checked by pictures.py."""


class _Registry(msgspec.Struct, forbid_unknown_fields=True):
    projects: list[_Project] = []


class _Section(msgspec.Struct, forbid_unknown_fields=True):
    cloud_images: _Registry = msgspec.field(default_factory=_Registry)


def decode_registry_seed(part: Mapping[str, Any]) -> RegistrySeed:
    section = decode_section(part, _Section).cloud_images
    projects = tuple(
        _project(entry, f"cloud_images.projects[{i}]") for i, entry in enumerate(section.projects)
    )
    if len({p.id for p in projects}) != len(projects):
        raise SeedError("cloud_images.projects: project ids must be unique")
    every_token = [token for p in projects for token in (*p.tokens, *p.admin_tokens)]
    if len(set(every_token)) != len(every_token):
        raise SeedError("cloud_images.projects: two projects share a token")
    return RegistrySeed(projects)


def _project(entry: _Project, where: str) -> Project:
    if not str(entry.id).strip():
        raise SeedError(f"{where}.id: needs an id")
    tokens, admin_tokens = (
        _tokens(given, f"{where}.{key}")
        for key, given in (("tokens", entry.tokens), ("admin_tokens", entry.admin_tokens))
    )
    return Project(str(entry.id), str(entry.name), tokens, admin_tokens)


def _tokens(given: list[YamlText], where: str) -> tuple[str, ...]:
    tokens = tuple(map(str, given))
    if not all(token.strip() for token in tokens):
        raise SeedError(f"{where}: tokens must be non-empty strings")
    return tokens
