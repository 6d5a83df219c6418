"""The Bitrix24 catalog.productImage contract, as the mock registers it."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...contract_plugin import (
    MULTIPART_ALLOWANCE,
    GalleryView,
    MountContext,
    MountedContract,
    Prefill,
)
from ...domain.product_pictures import (
    PictureSeed,
    ProductPictures,
)
from ...seed_pictures.section import PictureReader
from .contract import DOCUMENT, Bitrix24Contract
from .errors import DOMAIN_ERRORS
from .files import PictureUrls, picture_routes
from .gallery import gallery_view, writing_user
from .pictures import CatalogPictures, read_catalog_pictures, stock_catalog
from .seed_section import SEED_KEYS, decode_picture_seed
from .transports import PORTAL_JSON

if TYPE_CHECKING:
    from ...seed_export.section import SeedExporter

# A 1x1 PNG, so that the printed add command works without a file at hand.
_TINY_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


class Bitrix24Plugin:
    name = "bitrix24"
    title = "Bitrix24 catalog.productImage"
    document = DOCUMENT
    seed_keys = SEED_KEYS
    error_table = DOMAIN_ERRORS

    @property
    def seed_exporter(self) -> SeedExporter:
        # Read by `mockserver seed export` alone: a mock that serves does not import it.
        from .seed_export import SEED_EXPORTER

        return SEED_EXPORTER

    def decode_seed(self, part: Mapping[str, Any]) -> PictureSeed:
        return decode_picture_seed(part)

    def mount(self, seed: PictureSeed, context: MountContext) -> MountedContract:
        pictures = ProductPictures(
            seed, context.max_image_bytes, context.sources, context.store, context.budget
        )
        contract = Bitrix24Contract(
            pictures, PictureUrls(context.media_urls), context.sources.epoch_seconds
        )
        return MountedContract(
            contract,
            # Bitrix24 sends files in base64, a third longer than their bytes.
            max_body_bytes=context.max_image_bytes * 4 // 3 + MULTIPART_ALLOWANCE,
            reset=pictures.reset,
            snapshot=lambda: {"bitrix24": pictures.snapshot()},
            routes=picture_routes(
                pictures,
                contract.render_not_found,
                contract.render_method_not_allowed,
                contract.render_error,
            ),
            json_limits=PORTAL_JSON,
            attach=contract.serve_batch_commands_with,
            stock_pictures=lambda seeded: stock_catalog(pictures, seeded),
        )

    def read_pictures(self, part: Mapping[str, Any], reader: PictureReader) -> CatalogPictures:
        return read_catalog_pictures(part, reader)

    def docs_prefill(self, seed: PictureSeed) -> Prefill:
        """The user id and code of a webhook with write access."""
        user = writing_user(seed)
        if user is None:
            return Prefill()
        return Prefill(parameters={"user_id": str(user.id), "webhook": str(user.webhooks[0])})

    def banner_lines(self, seed: PictureSeed, base_url: str) -> list[str]:
        user = writing_user(seed)
        if user is None or not seed.products:
            return []
        product = seed.products[0].id
        webhook = f"{base_url}/rest/{user.id}/{user.webhooks[0]}"
        json_header = shlex.quote("Content-Type: application/json")
        listing = shlex.quote(f'{{"productId": {product}}}')
        add = shlex.quote(
            f'{{"fields": {{"productId": {product}, "type": "DETAIL_PICTURE"}}, '
            f'"fileContent": ["pixel.png", "{_TINY_PNG}"]}}'
        )
        return [
            f"  webhook user {user.id} code {user.webhooks[0]} ({user.name}), product {product}",
            f"  curl -H {json_header} -d {listing} {webhook}/catalog.productImage.list",
            f"  curl -H {json_header} -d {add} {webhook}/catalog.productImage.add",
        ]

    def gallery(self, seed: PictureSeed) -> GalleryView:
        return gallery_view(seed)


PLUGIN = Bitrix24Plugin()
