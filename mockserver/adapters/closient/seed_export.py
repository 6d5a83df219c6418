"""Closient's part of `mockserver seed export`: each named product's images, read through
the list operation (pages of 100) and each image's `image_url`, written in the order of
their `priority` (the list shows the primary first); the seed gets a contributor and a
member without permissions of its own."""

from __future__ import annotations

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
    required,
)

PAGE_SIZE = 100
CONTRIBUTE = "organization.contribute_organization"


class ClosientSeedExporter:
    options = (
        ExportOption(
            "api-key",
            "X-API-Key of a member of the organization (default: $CONFORMANCE_API_KEY)",
            environment="CONFORMANCE_API_KEY",
        ),
        ExportOption("organization", "organization id (shortuuid)"),
        ExportOption("gtin", "the products to export, comma-separated (the API lists none)"),
        ExportOption("other-gtin", "more products to export, comma-separated"),
    )
    not_shown = (
        "the API lists no products and names none: the products are those of --gtin and "
        "--other-gtin, organization and product names left empty; no other principals (the "
        "seed has a contributor and a member without permissions of its own)"
    )

    def credential_headers(self, settings: Settings) -> Mapping[str, str]:
        return {"X-API-Key": required(settings, "api-key", "the API answers no one without it")}

    def export(self, deployment: Deployment, settings: Settings) -> ExportedSection:
        organization = required(settings, "organization", "the products are the organization's")
        gtins = list(dict.fromkeys(listed(settings, "gtin") + listed(settings, "other-gtin")))
        if not gtins:
            raise ExportRefused("--gtin is needed: the API lists no products to export")
        products = [_product(deployment, organization, gtin) for gtin in gtins]
        contributor, reader = fresh_secret("csb_", 20), fresh_secret("csb_", 20)
        data = {
            "organizations": [{"id": organization, "products": products}],
            "principals": [
                {
                    "name": "exported-contributor",
                    "api_key": contributor,
                    "memberships": {organization: [CONTRIBUTE]},
                },
                {"name": "exported-member", "api_key": reader, "memberships": {organization: []}},
            ],
        }
        return ExportedSection(
            data,
            credentials=[
                f"closient: --api-key {contributor} (contributor), --reader-api-key {reader} "
                f"(member); --organization {organization} --gtin {gtins[0]}",
            ],
        )


def _product(deployment: Deployment, organization: str, gtin: str) -> dict[str, Any]:
    path = "/dashboard/api/v1/trade-items/{}/{}/images".format(
        *(urllib.parse.quote(part, safe="") for part in (organization, gtin))
    )
    listed: list[Mapping[str, Any]] = []
    page = 1
    while True:
        answer = deployment.get(path, {"page": str(page), "page_size": str(PAGE_SIZE)})
        body = expect_json(answer, f"the images of product {gtin}")
        listed.extend(_listed_images(body, gtin))
        if not (isinstance(body.get("pagination"), dict) and body["pagination"].get("has_next")):
            break
        page += 1
    # The list shows the primary first; a seed gives priorities in the order it lists.
    in_priority = sorted(listed, key=_priority)
    return {"gtin": gtin, "images": [_image(deployment, image, gtin) for image in in_priority]}


def _priority(image: Mapping[str, Any]) -> int:
    priority = image.get("priority")
    return priority if isinstance(priority, int) else 0


def _listed_images(body: Any, gtin: str) -> list[Mapping[str, Any]]:
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list) or not all(isinstance(image, dict) for image in data):
        raise ExportRefused(f"the images of product {gtin}: the answer lists no `data`")
    return data


def _image(deployment: Deployment, image: Mapping[str, Any], gtin: str) -> dict[str, Any]:
    url = image.get("image_url")
    if not isinstance(url, str):
        raise ExportRefused(f"an image of product {gtin} has no image_url")
    entry: dict[str, Any] = {"title": str(image.get("title") or "")}
    if image.get("is_primary") is True:
        entry["primary"] = True
    entry["file"] = picture_file(deployment.picture(url), url, f"image {image.get('id')}")
    return entry


SEED_EXPORTER = ClosientSeedExporter()
