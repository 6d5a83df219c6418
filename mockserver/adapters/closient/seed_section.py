"""Closient's part of a seed file: `organizations` with their products, and `principals`
with their credentials and memberships (README, Seed files)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from ...contract_plugin import SeedError, YamlText, decode_section
from ...domain.catalog import CatalogSeed
from ...domain.gtin import normalize_gtin
from ...domain.ids import is_short_id
from ...domain.tenancy import CredentialKind, Organization, Principal, Product

SEED_KEYS = ("organizations", "principals")


class _Product(msgspec.Struct, forbid_unknown_fields=True):
    gtin: YamlText
    name: YamlText = ""
    images: list[Any] = []
    """The product's pictures: read and checked by pictures.py."""


class _Organization(msgspec.Struct, forbid_unknown_fields=True):
    id: YamlText
    name: YamlText = ""
    products: list[_Product] = []


class _Principal(msgspec.Struct, forbid_unknown_fields=True):
    name: YamlText = ""
    api_key: YamlText | None = None
    bearer_token: YamlText | None = None
    session_id: YamlText | None = None
    memberships: dict[str, list[str]] = {}


class _Section(msgspec.Struct, forbid_unknown_fields=True):
    organizations: list[_Organization] = []
    principals: list[_Principal] = []


def decode_catalog_seed(part: Mapping[str, Any]) -> CatalogSeed:
    section = decode_section(part, _Section)
    organizations = tuple(
        _organization(entry, f"organizations[{i}]") for i, entry in enumerate(section.organizations)
    )
    known = {organization.id for organization in organizations}
    if len(known) != len(organizations):
        raise SeedError("organizations: organization ids must be unique")
    principals = tuple(
        _principal(entry, known, f"principals[{i}]") for i, entry in enumerate(section.principals)
    )
    secrets = [(k, s) for p in principals for k, s in p.credentials.items()]
    if len(set(secrets)) != len(secrets):
        raise SeedError("principals: two principals share a credential")
    return CatalogSeed(organizations, principals)


def _organization(entry: _Organization, where: str) -> Organization:
    organization_id = str(entry.id)
    if not is_short_id(organization_id):
        raise SeedError(f"{where}.id: needs an id that is a 22-character shortuuid")
    products = []
    for i, product in enumerate(entry.products):
        gtin = normalize_gtin(str(product.gtin))
        if gtin is None:
            raise SeedError(f"{where}.products[{i}].gtin: must have 8, 12, 13 or 14 digits")
        products.append(Product(organization_id, gtin, str(product.name)))
    if len({p.gtin for p in products}) != len(products):
        raise SeedError(f"{where}.products: a GTIN is listed twice")
    return Organization(organization_id, str(entry.name), tuple(products))


def _principal(entry: _Principal, organizations: set[str], where: str) -> Principal:
    given = {
        CredentialKind.API_KEY: entry.api_key,
        CredentialKind.BEARER_TOKEN: entry.bearer_token,
        CredentialKind.SESSION_ID: entry.session_id,
    }
    credentials = {kind: str(secret) for kind, secret in given.items() if secret not in (None, "")}
    if not credentials:
        raise SeedError(f"{where}: needs at least one of api_key, bearer_token, session_id")
    for organization_id in entry.memberships:
        if organization_id not in organizations:
            raise SeedError(
                f"{where}.memberships: membership of unknown organization {organization_id}"
            )
    return Principal(
        name=str(entry.name),
        credentials=credentials,
        memberships={org: frozenset(perms) for org, perms in entry.memberships.items()},
    )
