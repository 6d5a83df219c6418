"""Builds the mock: every contract document served by its own Connexion app over the
in-memory domain, plus image files, admin routes and CORS around them.

Request path through a contract's stack (outermost first): CORS → (on the API paths of
the fast-path contracts, straight to the contract, past the outer router) → the fast path,
which answers the requests it can fully decide and hands every other one on → rate limit
(headers on every response, 429) → Connexion's exception handling (the contract's one
error renderer) → Swagger UI → body size limit (413) → routing → authentication (401) →
request validation (422) → handler → domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from .adapters.bitrix24.contract import Bitrix24Contract
from .adapters.bitrix24.files import PictureUrls, picture_routes
from .adapters.closient.contract import ClosientContract
from .adapters.cloud_images.contract import CloudImagesContract
from .adapters.cloud_images.versions import version_routes
from .config import MockConfig
from .domain.catalog import ImageCatalog, Seed, UploadPolicy
from .domain.image_registry import ImageRegistry
from .domain.product_pictures import ProductPictures
from .domain.ratelimit import RateLimiter
from .domain.sources import Sources
from .http.admin import admin_routes
from .http.contract_app import Contract, ContractDispatcher, build_contract_app, docs_path
from .http.fast_path.shortcut import ContractShortcut, unshadowed
from .http.media_files import MediaUrls, media_routes
from .seed import load_seed

# Room for the multipart envelope and the text fields around an image at the size limit.
MULTIPART_ALLOWANCE = 64 * 1024
# The contracts whose operations the fast path serves (those it can bind: all of Closient's,
# Cloud Images' show and delete); Bitrix24's JSON-bodied methods are Connexion's alone.
FAST_PATH_CONTRACTS = frozenset({"closient", "cloud-images"})
RATE_LIMIT_HEADERS = [
    "RateLimit-Policy",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "Retry-After",
]


@dataclass
class MockState:
    """What a running mock holds, exposed for the admin routes and tests."""

    catalog: ImageCatalog
    registry: ImageRegistry
    pictures: ProductPictures
    limiter: RateLimiter | None

    def reset(self) -> None:
        self.catalog.reset()
        self.registry.reset()
        self.pictures.reset()
        if self.limiter is not None:
            self.limiter.reset()

    def snapshot(self) -> dict[str, Any]:
        return {
            **self.catalog.snapshot(),
            "cloud_images": self.registry.snapshot(),
            "bitrix24": self.pictures.snapshot(),
        }


def create_app(
    config: MockConfig, seed: Seed | None = None, sources: Sources | None = None
) -> Starlette:
    """A fresh mock with its own state: nothing is shared between two apps. `sources` gives
    the clock and the new ids of everything in it (the real clock and random UUIDs when
    None)."""
    seed = seed if seed is not None else load_seed(config.seed_path)
    sources = sources or Sources()
    policy = UploadPolicy(max_image_bytes=config.max_image_bytes)
    catalog = ImageCatalog(seed, policy, sources)
    limiter = (
        RateLimiter(config.rate_limit_windows, sources.epoch_seconds)
        if config.rate_limit_windows
        else None
    )
    registry = ImageRegistry(seed.cloud_images, sources)
    pictures = ProductPictures(seed.bitrix24, config.max_image_bytes, sources)
    state = MockState(catalog, registry, pictures, limiter)
    media_urls = MediaUrls(config.public_url)
    closient = ClosientContract(catalog, media_urls, sources.clock)
    bitrix24 = Bitrix24Contract(pictures, PictureUrls(media_urls))
    contracts: list[Contract] = [closient, CloudImagesContract(registry), bitrix24]
    # Bitrix24 sends files in base64, a third longer than their bytes.
    max_body_bytes = {bitrix24.name: config.max_image_bytes * 4 // 3 + MULTIPART_ALLOWANCE}

    # Only Connexion validates responses: with that on, no fast path.
    fast_path = config.fast_path and not config.validate_responses
    fast_contracts = [c for c in contracts if fast_path and c.name in FAST_PATH_CONTRACTS]
    apps = {
        contract.name: build_contract_app(
            contract,
            limiter=limiter,
            max_body_bytes=max_body_bytes.get(
                contract.name, config.max_image_bytes + MULTIPART_ALLOWANCE
            ),
            validate_responses=config.validate_responses,
            fast_path=contract in fast_contracts,
        )
        for contract in contracts
    }
    bitrix24.serve_batch_commands_with(apps[bitrix24.name])
    dispatcher = ContractDispatcher(
        [
            ((*contract.path_prefixes, docs_path(contract)), apps[contract.name])
            for contract in contracts
        ]
    )
    routes = [
        *admin_routes(state.reset, state.snapshot, config.public_url),
        *media_routes(
            catalog.find_image, closient.render_not_found, closient.render_method_not_allowed
        ),
        *picture_routes(pictures, bitrix24.render_not_found, bitrix24.render_method_not_allowed),
        *version_routes(media_urls.base),
    ]
    fast_prefixes = [prefix for contract in fast_contracts for prefix in contract.path_prefixes]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=list(config.cors_origins),
                allow_methods=["*"],
                allow_headers=["*"],
                expose_headers=RATE_LIMIT_HEADERS,
            ),
            Middleware(
                ContractShortcut,
                dispatcher=dispatcher,
                prefixes=unshadowed(fast_prefixes, routes),
            ),
        ],
    )
    # Everything else goes to the contracts: also paths no route pattern can match (e.g.
    # with a newline in a segment), which then get the contract's 404, not a plain-text one.
    app.router.default = dispatcher
    app.state.mock = state
    return app
