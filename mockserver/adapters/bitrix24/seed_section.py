"""Bitrix24's part of a seed file: `bitrix24.products` (integer ids) and `bitrix24.users`
with their catalog access, webhook codes and access tokens (README, Seed files)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import msgspec

from ...contract_plugin import SeedError, YamlText, decode_section
from ...domain.product_pictures import CatalogAccess, CatalogProduct, CatalogUser, PictureSeed

SEED_KEYS = ("bitrix24",)

PositiveId = Annotated[int, msgspec.Meta(ge=1)]


class _Product(msgspec.Struct, forbid_unknown_fields=True):
    id: PositiveId
    name: YamlText = ""
    pictures: list[Any] = []
    """The product's pictures: read and checked by pictures.py."""


class _User(msgspec.Struct, forbid_unknown_fields=True):
    id: PositiveId
    name: YamlText = ""
    access: CatalogAccess = CatalogAccess.MODIFY
    webhooks: list[YamlText] = []
    tokens: list[YamlText] = []


class _Catalog(msgspec.Struct, forbid_unknown_fields=True):
    products: list[_Product] = []
    users: list[_User] = []


class _Section(msgspec.Struct, forbid_unknown_fields=True):
    bitrix24: _Catalog = msgspec.field(default_factory=_Catalog)


def decode_picture_seed(part: Mapping[str, Any]) -> PictureSeed:
    section = decode_section(part, _Section).bitrix24
    products = tuple(CatalogProduct(entry.id, str(entry.name)) for entry in section.products)
    if len({p.id for p in products}) != len(products):
        raise SeedError("bitrix24.products: product ids must be unique")
    users = tuple(_user(entry, f"bitrix24.users[{i}]") for i, entry in enumerate(section.users))
    if len({u.id for u in users}) != len(users):
        raise SeedError("bitrix24.users: user ids must be unique")
    tokens = [token for user in users for token in user.tokens]
    if len(set(tokens)) != len(tokens):
        raise SeedError("bitrix24.users: two users share an access token")
    return PictureSeed(products, users)


def _user(entry: _User, where: str) -> CatalogUser:
    webhooks, tokens = tuple(map(str, entry.webhooks)), tuple(map(str, entry.tokens))
    if not all(code.isascii() and code.isalnum() for code in webhooks):
        raise SeedError(f"{where}.webhooks: webhook codes are letters and digits")
    if not all(tokens):
        raise SeedError(f"{where}.tokens: tokens must be non-empty strings")
    return CatalogUser(entry.id, str(entry.name), entry.access, webhooks, tokens)
