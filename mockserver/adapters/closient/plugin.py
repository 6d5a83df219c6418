"""The Closient Brand Dashboard images contract, as the mock registers it."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from typing import Any

from ...contract_plugin import MountContext, MountedContract
from ...domain.catalog import CatalogSeed, ImageCatalog, UploadPolicy
from ...domain.tenancy import CONTRIBUTE, CredentialKind
from ...http.media_files import media_routes
from .contract import DOCUMENT, ClosientContract
from .problems import DOMAIN_STATUS
from .seed_section import SEED_KEYS, decode_catalog_seed

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
            fast_path=True,  # every operation of the contract binds
        )

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


PLUGIN = ClosientPlugin()
