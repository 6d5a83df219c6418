"""Cloud Images' part of a seed file: `cloud_images.projects`, each with the tokens that act
for it and the tokens that carry the admin role (README, Seed files)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from ...contract_plugin import SeedError, YamlText, decode_section
from ...domain.identity_users import IdentitySeed, seeded_users
from ...domain.image_records import Project, RegistrySeed
from .import_seed import ImportsSection, import_settings

SEED_KEYS = ("cloud_images",)


class _User(msgspec.Struct, forbid_unknown_fields=True):
    name: YamlText
    password: YamlText
    roles: list[YamlText] = msgspec.field(default_factory=lambda: ["member", "reader"])


class _Project(msgspec.Struct, forbid_unknown_fields=True):
    id: YamlText
    name: YamlText = ""
    tokens: list[YamlText] = []
    admin_tokens: list[YamlText] = []
    users: list[_User] = []
    """The identity endpoint's users holding roles on the project (README, Identity)."""
    images: list[Any] = []
    """The project's images with data: read and checked by pictures.py."""


class _Registry(msgspec.Struct, forbid_unknown_fields=True):
    projects: list[_Project] = []
    image_endpoint: YamlText | None = None
    """The Images API the identity endpoint's catalog names (default: this mock's)."""
    shipped_metadefs: bool = False
    """Load the metadata definitions Glance ships (`glance-manage db_load_metadefs`)."""
    imports: ImportsSection = msgspec.field(default_factory=ImportsSection)


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
    return RegistrySeed(
        projects,
        identity=_identity_seed(section.projects),
        image_endpoint=str(section.image_endpoint) if section.image_endpoint else None,
        shipped_metadefs=section.shipped_metadefs,
        imports=import_settings(section.imports),
    )


def _identity_seed(projects: list[_Project]) -> IdentitySeed:
    passwords: dict[str, str] = {}
    entries = []
    for i, project in enumerate(projects):
        for j, user in enumerate(project.users):
            where = f"cloud_images.projects[{i}].users[{j}]"
            name, password = str(user.name), str(user.password)
            if not name.strip() or not password:
                raise SeedError(f"{where}: needs a name and a password")
            if passwords.setdefault(name, password) != password:
                raise SeedError(f"{where}: user {name!r} is given two passwords")
            roles = tuple(map(str, user.roles))
            if not roles:
                raise SeedError(f"{where}.roles: a user needs a role on its project")
            entries.append((str(project.id), name, password, roles))
    return seeded_users(entries)


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
