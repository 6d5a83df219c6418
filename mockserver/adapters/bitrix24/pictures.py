"""Bitrix24's pictures in a seed file: `pictures` of each of `bitrix24.products`, each of a
`type` (MORE_PHOTO by default), added by the first user with modify access (README, Seed
files)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...domain.product_pictures import DETAIL, PREVIEW, CatalogAccess, ProductPictures
from ...seed_pictures.section import Picture, PictureReader, PictureSeedError, entries

PICTURE_TYPES = ("MORE_PHOTO", "DETAIL_PICTURE", "PREVIEW_PICTURE")
_SLOTS = {"DETAIL_PICTURE": DETAIL, "PREVIEW_PICTURE": PREVIEW, "MORE_PHOTO": None}

CatalogPictures = Mapping[int, tuple[Picture, ...]]
"""product id → pictures (title is the file name)."""


def read_catalog_pictures(part: Mapping[str, Any], reader: PictureReader) -> CatalogPictures:
    pictures: dict[int, tuple[Picture, ...]] = {}
    for i, product in enumerate(entries(part.get("bitrix24") or {}, "products")):
        where = f"bitrix24.products[{i}].pictures"
        images = reader.pictures(product.get("pictures"), where, "name", PICTURE_TYPES)
        if images and isinstance(product.get("id"), int):
            pictures[product["id"]] = images
    return pictures


def stock_catalog(product_pictures: ProductPictures, pictures: CatalogPictures) -> None:
    writer = next(
        (u for u in product_pictures.seed.users if u.access is CatalogAccess.MODIFY), None
    )
    if pictures and writer is None:
        raise PictureSeedError("bitrix24: pictures need a user with modify access")
    for product_id, images in pictures.items():
        for image in images:
            assert writer is not None
            name = image.title or f"picture-{product_id}.png"
            product_pictures.add(writer, product_id, name, image.content, _SLOTS[image.kind])
