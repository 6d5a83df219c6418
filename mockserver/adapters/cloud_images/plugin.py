"""The Cloud Images contract (OpenStack Glance Images API v2), as the mock registers it."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from starlette.middleware import Middleware

from ...contract_plugin import GalleryView, MountContext, MountedContract, Prefill
from ...domain.identity import Identity
from ...domain.image_records import RegistrySeed
from ...domain.image_registry import ImageRegistry
from ...domain.metadefs import MetadefCatalog
from ...http.authentication import every_credential_source
from ...seed_pictures.section import PictureReader
from .api_gate import ApiGate
from .contract import CloudImagesContract
from .documents import CONTRACT_DOCUMENT
from .errors import DOMAIN_ERRORS
from .gallery import gallery_view, project_tokens
from .identity_routes import identity_lines, identity_routes
from .pictures import RegistryPictures, read_registry_pictures, stock_registry
from .seed_section import SEED_KEYS, decode_registry_seed
from .shipped_metadefs import shipped_definitions
from .version_negotiation import VersionNegotiation
from .versions import version_routes

if TYPE_CHECKING:
    from ...seed_export.section import SeedExporter


class CloudImagesPlugin:
    name = "cloud-images"
    title = "Cloud Images"
    document = CONTRACT_DOCUMENT
    seed_keys = SEED_KEYS
    error_table = DOMAIN_ERRORS

    @property
    def seed_exporter(self) -> SeedExporter:
        # Read by `mockserver seed export` alone: a mock that serves does not import it.
        from .seed_export import SEED_EXPORTER

        return SEED_EXPORTER

    def decode_seed(self, part: Mapping[str, Any]) -> RegistrySeed:
        return decode_registry_seed(part)

    def mount(self, seed: RegistrySeed, context: MountContext) -> MountedContract:
        identity = Identity(seed.identity, seed.projects, context.store, context.sources)
        registry = ImageRegistry(
            seed, context.sources, context.store, context.budget, issued_callers=identity.caller
        )
        # The catalog keeps its state in the same store: the registry's reset clears both.
        metadefs = MetadefCatalog(context.store, context.sources.clock)
        contract = CloudImagesContract(
            registry, metadefs, context.media_urls.base, max_data_bytes=context.upload_body_bytes
        )
        return MountedContract(
            contract,
            max_body_bytes=context.upload_body_bytes,
            reset=registry.reset,
            snapshot=lambda: {"cloud_images": registry.snapshot()},
            # Glance's version document, at `/` and `/versions`, off the `/v2` mount, and
            # the identity endpoint (Keystone v3) at `/identity`.
            routes=[
                *version_routes(context.media_urls.base),
                *identity_routes(identity, context.media_urls.base, seed.image_endpoint),
            ],
            middleware=[
                Middleware(
                    VersionNegotiation,
                    base_url=context.media_urls.base,
                    api_segments={path.split("/")[1] for path in contract.document["paths"]},
                ),
                Middleware(
                    ApiGate,
                    base_url=context.media_urls.base,
                    sources=every_credential_source(contract.document),
                    authenticate=contract.authenticate,
                    render_error=contract.render_error,
                    allowed_methods=contract.allowed_methods,
                ),
            ],
            stock_pictures=lambda pictures: stock_registry(registry, pictures),
            stock_definitions=lambda: (
                metadefs.load(shipped_definitions()) if seed.shipped_metadefs else None
            ),
        )

    def read_pictures(self, part: Mapping[str, Any], reader: PictureReader) -> RegistryPictures:
        return read_registry_pictures(part, reader)

    def docs_prefill(self, seed: RegistrySeed) -> Prefill:
        """The first project token."""
        tokens = project_tokens(seed)
        return Prefill({"keystoneToken": next(iter(tokens.values()))}) if tokens else Prefill()

    def banner_lines(self, seed: RegistrySeed, base_url: str) -> list[str]:
        project = next((p for p in seed.projects if p.tokens), None)
        if project is None:
            return []
        header = shlex.quote(f"X-Auth-Token: {project.tokens[0]}")
        url = shlex.quote(f"{base_url}/v2/images")
        body = shlex.quote('{"name": "cirros", "disk_format": "raw", "container_format": "bare"}')
        return [
            f"  X-Auth-Token {project.tokens[0]} (project {project.id});"
            f" Glance endpoint {base_url}",
            f"  curl -H {header} {url}",
            f"  curl -H {header} -H 'Content-Type: application/json' -d {body} {url}",
            f"  glance --os-image-url {shlex.quote(base_url)}"
            f" --os-auth-token {shlex.quote(project.tokens[0])} image-list",
            *identity_lines(seed, base_url),
        ]

    def gallery(self, seed: RegistrySeed) -> GalleryView:
        return gallery_view(seed)


PLUGIN = CloudImagesPlugin()
