"""Bitrix24's part of `mockserver seed export`: each named product's pictures, read
through `catalog.productImage.list` (by webhook, or by access token in `auth`; pages
followed by `next`) and each picture's `downloadUrl`; the seed gets a user with modify
access, a webhook and a token of its own."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

from ...seed_export.deployment import Deployment, ExportRefused
from ...seed_export.section import (
    ExportedSection,
    ExportOption,
    Settings,
    expect_json,
    fresh_secret,
    listed,
    picture_file,
)
from .pictures import PICTURE_TYPES

WEBHOOK = re.compile(r"^(?P<user_id>\d+)/(?P<code>[A-Za-z0-9]+)$")
LIST_METHOD = "catalog.productImage.list"
MOST_PAGES = 10_000


class Bitrix24SeedExporter:
    options = (
        ExportOption(
            "webhook",
            "incoming webhook as USER_ID/CODE (default: $CONFORMANCE_BITRIX_WEBHOOK)",
            environment="CONFORMANCE_BITRIX_WEBHOOK",
        ),
        ExportOption(
            "auth-token",
            "application access token, where no webhook is given "
            "(default: $CONFORMANCE_BITRIX_TOKEN)",
            environment="CONFORMANCE_BITRIX_TOKEN",
        ),
        ExportOption("product-id", "the products to export, comma-separated (the API lists none)"),
        ExportOption("other-product-id", "more products to export, comma-separated"),
    )
    not_shown = (
        "catalog.productImage.* lists no products and names none: the products are those "
        "of --product-id and --other-product-id, their names left empty; no other users (the "
        "seed has a user with modify access, a webhook and a token of its own)"
    )

    def credential_headers(self, settings: Settings) -> Mapping[str, str]:
        return {}  # in the webhook's path, or the body's `auth`

    def export(self, deployment: Deployment, settings: Settings) -> ExportedSection:
        call = _Caller.of(settings)
        ids = listed(settings, "product-id") + listed(settings, "other-product-id")
        if not ids:
            raise ExportRefused("--product-id is needed: the API lists no products to export")
        if not all(product.isdigit() and int(product) >= 1 for product in ids):
            raise ExportRefused("--product-id: product ids are whole numbers from 1")
        products = [_product(deployment, call, int(product)) for product in dict.fromkeys(ids)]
        code, token = fresh_secret(length=16), fresh_secret("exported-", 24)
        user = {
            "id": call.user_id,
            "name": "exported",
            "access": "modify",
            "webhooks": [code],
            "tokens": [token],
        }
        data = {"bitrix24": {"products": products, "users": [user]}}
        return ExportedSection(
            data,
            credentials=[
                f"bitrix24: --webhook {call.user_id}/{code} --auth-token {token} "
                f"--product-id {ids[0]}",
            ],
        )


class _Caller:
    """Calls a method by the webhook's path, or else with the token in the body."""

    def __init__(self, user_id: int, path: str, auth: Mapping[str, str]) -> None:
        self.user_id, self.path, self.auth = user_id, path, auth

    @classmethod
    def of(cls, settings: Settings) -> _Caller:
        webhook, token = settings.get("webhook"), settings.get("auth_token")
        if webhook:
            match = WEBHOOK.match(webhook.strip().strip("/"))
            if match is None:
                raise ExportRefused("--webhook is USER_ID/CODE (digits / letters and digits)")
            return cls(int(match["user_id"]), f"/rest/{match['user_id']}/{match['code']}", {})
        if token:
            return cls(1, "/rest", {"auth": token})
        raise ExportRefused("--webhook or --auth-token is needed: the API answers no one without")

    def list_page(self, deployment: Deployment, product: int, start: int) -> Any:
        body = {"productId": product, "start": start, **self.auth}
        answer = deployment.post_json(f"{self.path}/{LIST_METHOD}", body)
        return expect_json(answer, f"the pictures of product {product}")


def _product(deployment: Deployment, call: _Caller, product: int) -> dict[str, Any]:
    pictures: list[dict[str, Any]] = []
    start = 0
    for _ in range(MOST_PAGES):
        body = call.list_page(deployment, product, start)
        result = body.get("result") if isinstance(body, dict) else None
        page = result.get("productImages") if isinstance(result, dict) else None
        if not isinstance(page, list) or not all(isinstance(p, dict) for p in page):
            raise ExportRefused(f"the pictures of product {product}: no `productImages` listed")
        pictures.extend(_picture(deployment, picture) for picture in page)
        following = body.get("next")
        if not isinstance(following, int) or following <= start:
            break
        start = following
    return {"id": product, "pictures": pictures}


def _picture(deployment: Deployment, picture: Mapping[str, Any]) -> dict[str, Any]:
    label = f"picture {picture.get('id')}"
    url = picture.get("downloadUrl") or picture.get("detailUrl")
    if not isinstance(url, str):
        raise ExportRefused(f"{label} has neither downloadUrl nor detailUrl")
    kind = str(picture.get("type") or PICTURE_TYPES[0])
    if kind not in PICTURE_TYPES:
        raise ExportRefused(f"{label}: type {kind!r} is none of {', '.join(PICTURE_TYPES)}")
    name = str(picture.get("name") or "")
    path = urllib.parse.urlsplit(url).path
    return {"type": kind, "name": name, "file": picture_file(deployment.picture(url), path, label)}


SEED_EXPORTER = Bitrix24SeedExporter()
