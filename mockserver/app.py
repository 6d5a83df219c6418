"""Builds the mock: every contract document served by its own engine over the domain,
plus image files, admin routes and CORS around them.

Request path through a contract's stack (outermost first): (on the API paths of the
contracts, past Starlette's app and router) CORS → the contract's middleware → the change
watch → the request journal → the contract's fault injector → its engine
(`http/engine`): rate limit (headers on every response, 429) → the document → body size
limit (413) → transports → routing (404, 405) → authentication (401) → parameters, media
type and body (400, 415, 422) → handler → domain, every refusal rendered by the
contract's one error renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Scope

from .config import MockConfig
from .contract_front import ContractFront
from .contract_plugin import ContractPlugin, MountContext, MountedContract
from .domain.ratelimit import Limiter, RateLimiter, StoredRateLimiter
from .domain.sources import Sources
from .domain.store import Store, claim_seeding
from .faults.admin import fault_admin_routes
from .faults.loading import load_fault_plan
from .faults.middleware import FaultInjection
from .faults.rendering import quiet_injected_faults
from .frontend.changes import ChangeFeed, ChangeWatch, stream_cap
from .frontend.demo_credentials import prefills
from .frontend.gallery import BrowserHome, gallery_page, gallery_routes, home_page_wanted
from .frontend.swagger_ui import swagger_ui_routes
from .http.admin import admin_routes
from .http.contract_app import ContractDispatcher, build_contract_app, docs_path
from .http.cors import CORS, cors_settings
from .http.engine.shortcut import ContractShortcut, unshadowed
from .http.media_files import MediaUrls
from .journal.admin import journal_routes
from .journal.ring import Journal, JournalRecording
from .seed import Seed, load_seed
from .seed_pictures.section import NO_PICTURES, load_pictures
from .served_contracts import SERVED_CONTRACTS
from .store import open_store

RATE_LIMIT_HEADERS = [
    "RateLimit-Policy",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "Retry-After",
    "Preference-Applied",
]


@dataclass
class MockState:
    """What a running mock holds, exposed for the admin routes and tests."""

    contracts: Mapping[str, MountedContract]
    limiter: Limiter | None
    restock: Callable[[], None] = lambda: None
    """Puts the seed's pictures back into a cleared store (at start, and after a reset)."""

    def reset(self) -> None:
        for mounted in self.contracts.values():
            mounted.reset()
        if self.limiter is not None:
            self.limiter.reset()
        self.restock()

    def snapshot(self) -> dict[str, Any]:
        state: dict[str, Any] = {}
        for mounted in self.contracts.values():
            state.update(mounted.snapshot())
        return state


def create_app(
    config: MockConfig,
    seed: Seed | None = None,
    sources: Sources | None = None,
    store: Store | None = None,
) -> Starlette:
    """A mock over `store` (by default the one `config.store_url` names: for `memory:`, a
    fresh one, so nothing is shared between two apps). `sources` gives the clock and the
    new ids of everything in it (the real clock and random UUIDs when None)."""
    seed = seed if seed is not None else load_seed(config.seed_path)
    sources = sources or Sources()
    store = store if store is not None else open_store(config.store_url, config.store_timeout)
    limiter = _limiter(config, sources, store)
    context = MountContext(
        sources,
        MediaUrls(config.public_url),
        config.max_image_bytes,
        store,
        config.max_store_bytes,
    )
    mounted = _mount(SERVED_CONTRACTS, seed, context)
    seed_pictures = (
        load_pictures(config.seed_path, SERVED_CONTRACTS) if config.seed_pictures else NO_PICTURES
    )

    def restock() -> None:
        # Once per cleared store: not again by a second worker, nor after a restart.
        if claim_seeding(store):
            for name, contract in mounted.items():
                contract.stock_definitions()
                if name in seed_pictures.by_contract:
                    contract.stock_pictures(seed_pictures.by_contract[name])

    state = MockState(mounted, limiter, restock=restock)
    state.restock()

    engine = config.engine
    build = build_contract_app
    if not engine:  # Connexion's stack, the tests' reference: imported only then
        from .http.connexion_stack import build_connexion_app as build
    apps = {
        name: build(
            contract.contract,
            limiter=limiter,
            max_body_bytes=contract.max_body_bytes,
            validate_responses=config.validate_responses,
            json_limits=contract.json_limits,
        )
        for name, contract in mounted.items()
    }
    for name, contract in mounted.items():
        if contract.attach is not None:
            contract.attach(apps[name])
    # Faults apply to requests as they arrive; a batch's commands are served past them.
    faults = load_fault_plan(config.faults_path)
    quiet_injected_faults()
    # The journal records each contract request as it arrives, faulted ones included.
    journal = Journal(config.journal_capacity) if config.journal_capacity > 0 else None
    faulted = {
        name: FaultInjection(apps[name], contract=contract.contract, plan=faults)
        for name, contract in mounted.items()
    }
    served: dict[str, ASGIApp] = dict(faulted)
    if journal is not None:
        served = {
            name: JournalRecording(app, journal=journal, contract=name)
            for name, app in served.items()
        }
    dispatcher = ContractDispatcher(
        [
            ((*contract.contract.path_prefixes, docs_path(contract.contract)), served[name])
            for name, contract in mounted.items()
        ]
    )
    page = gallery_page(
        {plugin.name: plugin.gallery(seed.of(plugin)) for plugin in SERVED_CONTRACTS}
    )
    changes = ChangeFeed(stream_cap(config.max_event_streams, config.max_connections))
    routes = [
        *admin_routes(state.reset, state.snapshot, config.public_url),
        *fault_admin_routes(
            faults, min(m.max_body_bytes for m in mounted.values()), config.public_url
        ),
        *journal_routes(
            journal,
            {name: contract.contract.document for name, contract in mounted.items()},
            config.public_url,
            config.journal_workers_folder,
        ),
        *gallery_routes(page, changes),
        *swagger_ui_routes(list(mounted), prefills(seed, SERVED_CONTRACTS)),
        *(route for contract in mounted.values() for route in contract.routes),
    ]
    cors_options = {
        **cors_settings(config.cors_origins),
        "allow_methods": ["*"],
        "allow_headers": ["*"],
        "expose_headers": RATE_LIMIT_HEADERS,
    }
    watch = Middleware(ChangeWatch, feed=changes)
    # A contract's API paths skip Starlette, through the layers every contract request
    # passes, as one (`ContractFront`): CORS, the contract's own middleware (any other
    # contract's passes them untouched), the change watch, the journal and the fault
    # injector (not for Connexion's reference stack, which goes through Starlette's app as
    # it always did).
    shortcuts = [
        (
            unshadowed(contract.contract.path_prefixes, routes),
            ContractFront(
                faulted[name],
                contract=name,
                cors=cors_options,
                middleware=contract.middleware,
                feed=changes,
                journal=journal,
            ),
        )
        for name, contract in mounted.items()
        if engine
    ]
    # Everything the routes do not take goes to the contracts: also paths no route pattern
    # can match (e.g. with a newline in a segment), which then get the contract's 404, not
    # a plain-text one.
    app = ContractShortcut(
        shortcuts=shortcuts,
        dispatcher=dispatcher,
        routes=routes,
        middleware=[
            # The mock's own pages and routes are same-origin only: no CORS answer.
            Middleware(CORS, private=own_page_or_route, **cors_options),
            *(layer for contract in mounted.values() for layer in contract.middleware),
            watch,
            Middleware(BrowserHome, page=page),
        ],
    )
    app.state.mock = state
    app.state.faults = faults
    app.state.journal = journal
    return app


OWN_PREFIX = "/__"
"""Where the mock's own routes live: the gallery, its events and assets, the admin routes,
the contract documents and their Swagger UI."""


def own_page_or_route(scope: Scope) -> bool:
    """Whether a request is for the mock's own pages and routes rather than a contract's
    API or files: these carry the seed's credentials and every tenant's state, so a page
    on another origin must never read them."""
    path: str = scope["path"]
    return path.startswith(OWN_PREFIX) or home_page_wanted(scope)


def _limiter(config: MockConfig, sources: Sources, store: Store) -> Limiter | None:
    """Counting in this process's memory, or in the store when processes share it."""
    if not config.rate_limit_windows:
        return None
    if store.shared:
        return StoredRateLimiter(store, config.rate_limit_windows, sources.epoch_seconds)
    return RateLimiter(config.rate_limit_windows, sources.epoch_seconds)


def _mount(
    contracts: Sequence[ContractPlugin[Any]], seed: Seed, context: MountContext
) -> dict[str, MountedContract]:
    """Each contract built over its own state, from its section of `seed`, in order."""
    return {plugin.name: plugin.mount(seed.of(plugin), context) for plugin in contracts}
