"""Seed files: the organizations, products and principals a mock starts with.

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
from collections.abc import Mapping
from typing import Any

import yaml

from .domain.catalog import Seed
from .domain.gtin import normalize_gtin
from .domain.ids import is_short_id
from .domain.image_registry import Project, RegistrySeed
from .domain.product_pictures import CatalogAccess, CatalogProduct, CatalogUser, PictureSeed
from .domain.tenancy import CredentialKind, Organization, Principal, Product

# libyaml's safe loader when PyYAML was built with it (the same data, parsed faster).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def _demo_seed() -> Seed:
    """The embedded demo seed, read once per process (a Seed is never changed)."""
    text = importlib.resources.files("mockserver").joinpath("demo_seed.yaml").read_text()
    return _parse_text(text, "the embedded demo seed")


class SeedError(ValueError):
    """The seed file does not describe a valid starting state."""


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


def parse_seed(data: Any, source: str = "seed") -> Seed:
    if not isinstance(data, Mapping):
        raise SeedError(f"{source}: expected a mapping with organizations and principals")
    organizations = tuple(
        _organization(entry, f"{source}: organizations[{i}]")
        for i, entry in enumerate(_list(data, "organizations", source))
    )
    known = {organization.id for organization in organizations}
    if len(known) != len(organizations):
        raise SeedError(f"{source}: organization ids must be unique")
    principals = tuple(
        _principal(entry, known, f"{source}: principals[{i}]")
        for i, entry in enumerate(_list(data, "principals", source))
    )
    secrets = [(k, s) for p in principals for k, s in p.credentials.items()]
    if len(set(secrets)) != len(secrets):
        raise SeedError(f"{source}: two principals share a credential")
    return Seed(
        organizations,
        principals,
        cloud_images=_cloud_images(data.get("cloud_images", {}), f"{source}: cloud_images"),
        bitrix24=_bitrix24(data.get("bitrix24", {}), f"{source}: bitrix24"),
    )


def _list(data: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise SeedError(f"{where}: {key} must be a list")
    return value


def _organization(entry: Any, where: str) -> Organization:
    if not isinstance(entry, Mapping) or not is_short_id(str(entry.get("id", ""))):
        raise SeedError(f"{where}: needs an id that is a 22-character shortuuid")
    organization_id = str(entry["id"])
    products = []
    for i, product in enumerate(_list(entry, "products", where)):
        gtin = (
            normalize_gtin(str(product.get("gtin", ""))) if isinstance(product, Mapping) else None
        )
        if gtin is None:
            raise SeedError(f"{where}.products[{i}]: gtin must have 8, 12, 13 or 14 digits")
        products.append(Product(organization_id, gtin, str(product.get("name", ""))))
    if len({p.gtin for p in products}) != len(products):
        raise SeedError(f"{where}: a GTIN is listed twice")
    return Organization(organization_id, str(entry.get("name", "")), tuple(products))


def _principal(entry: Any, organizations: set[str], where: str) -> Principal:
    if not isinstance(entry, Mapping):
        raise SeedError(f"{where}: expected a mapping")
    credentials = {kind: str(entry[kind.value]) for kind in CredentialKind if entry.get(kind.value)}
    if not credentials:
        raise SeedError(f"{where}: needs at least one of api_key, bearer_token, session_id")
    memberships = entry.get("memberships", {})
    if not isinstance(memberships, Mapping):
        raise SeedError(f"{where}: memberships must map organization ids to permission lists")
    for organization_id, permissions in memberships.items():
        if organization_id not in organizations:
            raise SeedError(f"{where}: membership of unknown organization {organization_id}")
        if not isinstance(permissions, list):
            raise SeedError(f"{where}: permissions of {organization_id} must be a list")
    return Principal(
        name=str(entry.get("name", "")),
        credentials=credentials,
        memberships={org: frozenset(map(str, perms or [])) for org, perms in memberships.items()},
    )


def _cloud_images(data: Any, where: str) -> RegistrySeed:
    if not isinstance(data, Mapping):
        raise SeedError(f"{where}: expected a mapping with projects")
    projects = []
    for i, entry in enumerate(_list(data, "projects", where)):
        if not isinstance(entry, Mapping) or not str(entry.get("id", "")).strip():
            raise SeedError(f"{where}.projects[{i}]: needs an id")
        tokens, admin_tokens = (
            _token_list(entry, key, f"{where}.projects[{i}]") for key in ("tokens", "admin_tokens")
        )
        projects.append(Project(str(entry["id"]), str(entry.get("name", "")), tokens, admin_tokens))
    if len({p.id for p in projects}) != len(projects):
        raise SeedError(f"{where}: project ids must be unique")
    every_token = [token for p in projects for token in (*p.tokens, *p.admin_tokens)]
    if len(set(every_token)) != len(every_token):
        raise SeedError(f"{where}: two projects share a token")
    return RegistrySeed(tuple(projects))


def _token_list(entry: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    tokens = entry.get(key, [])
    if not isinstance(tokens, list) or not all(str(token).strip() for token in tokens):
        raise SeedError(f"{where}: {key} must be a list of non-empty strings")
    return tuple(map(str, tokens))


def _bitrix24(data: Any, where: str) -> PictureSeed:
    if not isinstance(data, Mapping):
        raise SeedError(f"{where}: expected a mapping with products and users")
    products = tuple(
        CatalogProduct(_positive_id(entry, f"{where}.products[{i}]"), str(entry.get("name", "")))
        for i, entry in enumerate(_list(data, "products", where))
    )
    if len({p.id for p in products}) != len(products):
        raise SeedError(f"{where}: product ids must be unique")
    users = tuple(
        _catalog_user(entry, f"{where}.users[{i}]")
        for i, entry in enumerate(_list(data, "users", where))
    )
    if len({u.id for u in users}) != len(users):
        raise SeedError(f"{where}: user ids must be unique")
    tokens = [token for user in users for token in user.tokens]
    if len(set(tokens)) != len(tokens):
        raise SeedError(f"{where}: two users share an access token")
    return PictureSeed(products, users)


def _positive_id(entry: Any, where: str) -> int:
    value = entry.get("id") if isinstance(entry, Mapping) else None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise SeedError(f"{where}: needs an integer id of at least 1")
    return value


def _catalog_user(entry: Any, where: str) -> CatalogUser:
    user_id = _positive_id(entry, where)
    try:
        access = CatalogAccess(entry.get("access", "modify"))
    except ValueError:
        raise SeedError(f"{where}: access must be modify, view or none") from None
    webhooks, tokens = entry.get("webhooks", []), entry.get("tokens", [])
    if not isinstance(webhooks, list) or not all(
        str(code).isascii() and str(code).isalnum() for code in webhooks
    ):
        raise SeedError(f"{where}: webhooks must be a list of codes of letters and digits")
    if not isinstance(tokens, list) or not all(str(token) for token in tokens):
        raise SeedError(f"{where}: tokens must be a list of non-empty strings")
    return CatalogUser(
        user_id,
        str(entry.get("name", "")),
        access,
        tuple(map(str, webhooks)),
        tuple(map(str, tokens)),
    )
