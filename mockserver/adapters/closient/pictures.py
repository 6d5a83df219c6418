"""Closient's pictures in a seed file: `images` of each organization's products, listed in
the order they are shown, at most one of them primary (README, Seed files)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...domain.catalog import ImageCatalog
from ...domain.gtin import normalize_gtin
from ...domain.tenancy import CONTRIBUTE, Principal
from ...seed_pictures.section import Picture, PictureReader, entries

CatalogPictures = Mapping[tuple[str, str], tuple[Picture, ...]]
"""(organization id, GTIN as written) → images."""


def read_catalog_pictures(part: Mapping[str, Any], reader: PictureReader) -> CatalogPictures:
    pictures: dict[tuple[str, str], tuple[Picture, ...]] = {}
    for i, organization in enumerate(entries(part, "organizations")):
        for j, product in enumerate(entries(organization, "products")):
            where = f"organizations[{i}].products[{j}].images"
            images = reader.pictures(product.get("images"), where, "title")
            if sum(image.primary for image in images) > 1:
                raise reader.refuse(where, "at most one image is primary")
            if images:
                pictures[(str(organization.get("id")), str(product.get("gtin")))] = images
    return pictures


def stock_catalog(catalog: ImageCatalog, pictures: CatalogPictures) -> None:
    for (organization, gtin), images in pictures.items():
        seeder = Principal("seed", memberships={organization: frozenset({CONTRIBUTE})})
        gtin14 = normalize_gtin(gtin) or gtin
        # Each upload takes the next priority: listed first is shown first.
        for image in images:
            catalog.upload(seeder, organization, gtin14, image.content, image.title, image.primary)
