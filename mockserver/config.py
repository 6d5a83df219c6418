"""The mock's configuration: one typed object, built once by the CLI (or a test)."""

from __future__ import annotations

import pathlib
from dataclasses import dataclass

from .domain.catalog import DEFAULT_MAX_IMAGE_BYTES
from .domain.ratelimit import DEFAULT_WINDOWS, Window
from .domain.store_budget import DEFAULT_MAX_STORE_BYTES
from .frontend.changes import DEFAULT_MAX_STREAMS
from .http.cors import LOCAL_ORIGINS
from .journal.ring import DEFAULT_CAPACITY


@dataclass(frozen=True)
class MockConfig:
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = None
    """Base URL of image links; by default the scheme and host each request came in on."""
    seed_path: pathlib.Path | None = None
    """YAML seed file; the embedded demo seed when None."""
    max_image_bytes: int = DEFAULT_MAX_IMAGE_BYTES
    max_store_bytes: int = DEFAULT_MAX_STORE_BYTES
    """The bytes of images and image data kept across every contract; past it a write is
    refused in the contract's shape and stores nothing."""
    rate_limit_windows: tuple[Window, ...] = DEFAULT_WINDOWS
    """Empty to switch rate limiting off."""
    cors_origins: tuple[str, ...] = LOCAL_ORIGINS
    """Origins whose pages may call the contracts with credentials, as patterns (see
    mockserver/http/cors.py): by default this machine's on any port; `("*",)` is open CORS
    without credentials. The mock's own routes are never readable from another origin."""
    journal_capacity: int = DEFAULT_CAPACITY
    """Requests to the contracts kept in the request journal (`/__admin/requests`), the
    oldest forgotten first; 0 keeps none and records nothing."""
    validate_responses: bool = False
    """Check every response against the contract (for the mock's own tests)."""
    engine: bool = True
    """Serve each contract with its engine (mockserver/http/engine); False serves it
    through Connexion's stack instead, the reference the tests compare the engine with."""
    tls_directory: pathlib.Path | None = None
    """Serve HTTPS with the local CA and certificate kept here (made on first use);
    plain HTTP when None."""
    seed_pictures: bool = False
    """Give products the pictures their seed lists (the demo seed gives each a few). The
    `mockserver` command does unless --no-pictures; an app built in process starts with
    every gallery empty unless asked."""
    faults_path: pathlib.Path | None = None
    """Faults file (see mockserver/faults/loading.py): errors, delays and drops per operation;
    none when None (they can still be set through /__admin/faults)."""
    log_level: str = "info"
    access_log: bool = True
    header_timeout: float = 10.0
    """Seconds a connection has to send a request's line and headers, else it is closed."""
    body_timeout: float = 60.0
    """Seconds a request's body has from the end of its head to its last byte, else 408."""
    keep_alive_timeout: int = 5
    """Seconds an idle kept-alive connection is held open between requests."""
    max_connections: int = 1000
    """Connections and requests in progress at once; past it uvicorn answers 503."""
    max_event_streams: int = DEFAULT_MAX_STREAMS
    """Gallery live-update streams (`/__gallery/events`) open at once, and never more than
    half of `max_connections` (the other half is kept for the APIs); past it a stream is
    refused with 503."""
    max_head_bytes: int = 16 * 1024
    """The largest request line and headers read; past it uvicorn answers a plain 400."""
    store_url: str = "memory:"
    """Where the state is kept (see mockserver/store): this process's memory by default."""
    store_timeout: float = 2.0
    """Seconds a call of a SQLite or Redis store waits for its answer; past it the request
    is answered 503 (with Retry-After), as is every request that needs the store until it
    answers again."""
    workers: int = 1
    """Worker processes serving requests; more than one needs a store they share."""
    journal_workers_folder: pathlib.Path | None = None
    """Where each worker of several serves its journal to the others, so that every worker
    answers `/__admin/requests` for all (made by the command that starts them)."""
