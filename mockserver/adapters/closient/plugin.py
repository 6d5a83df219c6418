"""The Closient Brand Dashboard images contract, as the mock registers it."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...contract_plugin import GalleryView, MountContext, MountedContract, Prefill
from ...domain.catalog import CatalogSeed, ImageCatalog, UploadPolicy
from ...domain.tenancy import CONTRIBUTE, CredentialKind
from ...http.media_files import media_routes
from ...seed_pictures.section import PictureReader
from .contract import DOCUMENT, ClosientContract
from .gallery import gallery_view
from .pictures import CatalogPictures, read_catalog_pictures, stock_catalog
from .problems import DOMAIN_STATUS
from .seed_section import SEED_KEYS, decode_catalog_seed

if TYPE_CHECKING:
    from ...seed_export.section import SeedExporter

# A 1x1 PNG piped into curl: the printed upload works in a folder with no file in it.
_TINY_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
_PIPED_PICTURE = shlex.quote("image=@-;filename=pixel.png;type=image/png")


class ClosientPlugin:
    name = "closient"
    title = "Closient Brand Dashboard images"
    document = DOCUMENT
    seed_keys = SEED_KEYS
    error_table = DOMAIN_STATUS

    @property
    def seed_exporter(self) -> SeedExporter:
        # Read by `mockserver seed export` alone: a mock that serves does not import it.
        from .seed_export import SEED_EXPORTER

        return SEED_EXPORTER

    def decode_seed(self, part: Mapping[str, Any]) -> CatalogSeed:
        return decode_catalog_seed(part)

    def mount(self, seed: CatalogSeed, context: MountContext) -> MountedContract:
        catalog = ImageCatalog(
            seed,
            UploadPolicy(max_image_bytes=context.max_image_bytes),
            context.sources,
            context.store,
            context.budget,
        )
        contract = ClosientContract(catalog, context.media_urls, context.sources.clock)
        return MountedContract(
            contract,
            max_body_bytes=context.upload_body_bytes,
            reset=catalog.reset,
            snapshot=catalog.snapshot,
            routes=media_routes(
                catalog.find_image,
                catalog.content,
                contract.render_not_found,
                contract.render_method_not_allowed,
                contract.render_error,
            ),
            stock_pictures=lambda pictures: stock_catalog(catalog, pictures),
        )

    def read_pictures(self, part: Mapping[str, Any], reader: PictureReader) -> CatalogPictures:
        return read_catalog_pictures(part, reader)

    def docs_prefill(self, seed: CatalogSeed) -> Prefill:
        """A contributor's API key and bearer token, its organization and first GTIN."""
        for principal in seed.principals:
            for organization in seed.organizations:
                if CONTRIBUTE not in principal.memberships.get(organization.id, ()):
                    continue
                security = {}
                if CredentialKind.API_KEY in principal.credentials:
                    security["APIKeyHeaderAuth"] = principal.credentials[CredentialKind.API_KEY]
                if CredentialKind.BEARER_TOKEN in principal.credentials:
                    security["OAuthTokenAuth"] = principal.credentials[CredentialKind.BEARER_TOKEN]
                parameters = {"organization_id": organization.id}
                if organization.products:
                    parameters["gtin"] = organization.products[0].gtin
                return Prefill(security, parameters)
        return Prefill()

    def banner_lines(self, seed: CatalogSeed, base_url: str) -> list[str]:
        for principal in seed.principals:
            api_key = principal.credentials.get(CredentialKind.API_KEY)
            if api_key is None:
                continue
            for organization in seed.organizations:
                permissions = principal.memberships.get(organization.id)
                if (
                    permissions is None
                    or CONTRIBUTE not in permissions
                    or not organization.products
                ):
                    continue
                gtin = organization.products[0].gtin
                url = f"{base_url}/dashboard/api/v1/trade-items/{organization.id}/{gtin}/images"
                key = shlex.quote(f"X-API-Key: {api_key}")
                return [
                    f"  API key {api_key} ({principal.name}), organization {organization.id}, "
                    f"GTIN {gtin}",
                    f"  curl -H {key} {shlex.quote(url)}",
                    f"  printf %s {_TINY_PNG} | base64 -d | curl -H {key} -F {_PIPED_PICTURE}"
                    f" -F is_primary=true {shlex.quote(url)}",
                ]
        return []

    def gallery(self, seed: CatalogSeed) -> GalleryView:
        return gallery_view(seed)


PLUGIN = ClosientPlugin()
