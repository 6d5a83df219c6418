"""What a vendor contract brings to the mock, in one object per contract package.

A contract package (`mockserver/adapters/<vendor>/`) provides one `ContractPlugin` and is
served once it is listed in `mockserver/served_contracts.py`. The plugin names its document
and its table of domain errors, decodes its own sections of a seed file, builds its state
and its Connexion-facing `Contract` from them (with any routes of its own, and how its
state is reset and shown), and prints its lines of the start-up banner. It also reads and
stores the pictures its sections of a seed give (`read_pictures`,
`MountedContract.stock_pictures`), gives the seed's credentials its Swagger UI is
pre-authorized with (`docs_prefill`) and describes how the gallery page draws its state
and changes it through its API (`gallery`). Nothing else in the mock names a vendor.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import msgspec
from starlette.middleware import Middleware
from starlette.routing import BaseRoute
from starlette.types import ASGIApp

from .domain.errors import DomainError
from .domain.memory_store import MemoryStore
from .domain.sources import Sources
from .domain.store import Store
from .domain.store_budget import DEFAULT_MAX_STORE_BYTES, StoreBudget
from .http.contract_app import Contract
from .http.decoding import DEFAULT_JSON_LIMITS, JsonLimits
from .http.media_files import MediaUrls
from .seed_pictures.section import PictureReader

SeedT = TypeVar("SeedT")
YamlText = str | int
"""A text field of a seed, where YAML reads a run of digits (an unquoted GTIN, a code) as
a number; `str()` gives the text back."""
StructT = TypeVar("StructT", bound=msgspec.Struct)

# Room for the multipart envelope and the text fields around an image at the size limit.
MULTIPART_ALLOWANCE = 64 * 1024


class SeedError(ValueError):
    """The seed file does not describe a valid starting state."""


@dataclass(frozen=True)
class MountContext:
    """What every contract is built with: the mock's clock and ids, where its files are
    served, how large an image may be, and the store its state is kept in (shared by every
    contract of the mock)."""

    sources: Sources
    media_urls: MediaUrls
    max_image_bytes: int
    store: Store = field(default_factory=MemoryStore)
    max_store_bytes: int = DEFAULT_MAX_STORE_BYTES
    """The bytes every contract's stored images share (--max-store-bytes)."""

    @property
    def budget(self) -> StoreBudget:
        """The stored bytes' count against `max_store_bytes`, kept in `store`: every
        contract and every process over the store counts the same bytes."""
        return StoreBudget(self.store, self.max_store_bytes)

    @property
    def upload_body_bytes(self) -> int:
        """The largest request body that carries an image of the largest size."""
        return self.max_image_bytes + MULTIPART_ALLOWANCE


@dataclass(frozen=True)
class MountedContract:
    """A contract built over its own state, ready to be served."""

    contract: Contract
    max_body_bytes: int
    reset: Callable[[], None]
    """Back to the seeded state (for `POST /__admin/reset`)."""
    snapshot: Callable[[], Mapping[str, Any]]
    """The state as plain data, by top-level key of `GET /__admin/state`."""
    routes: Sequence[BaseRoute] = ()
    """Routes off the contract's paths (its files, a version document)."""
    middleware: Sequence[Middleware] = ()
    """What the contract does to requests before any route sees them (a version
    negotiation); it must pass on untouched every request on no path of its own."""
    json_limits: JsonLimits = DEFAULT_JSON_LIMITS
    """How much JSON one request body may carry (depth and values)."""
    attach: Callable[[ASGIApp], None] | None = None
    """Given the contract's own app once it is built (a batch call serves its commands
    through it)."""
    stock_pictures: Callable[[Any], None] = lambda _pictures: None
    """Stores the pictures the plugin's `read_pictures` read into the state, through the
    domain's own operations (so they are checked as uploads are): at start, and after
    every reset; raises `PictureSeedError` when they cannot be."""
    stock_definitions: Callable[[], None] = lambda: None
    """Stores what the seed asks for besides pictures (definitions a deployment ships),
    through the domain's own operations: at start, and after every reset."""


@dataclass(frozen=True)
class Prefill:
    """Values for one contract's Swagger UI: security scheme → secret, parameter → value."""

    security: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GalleryView:
    """A contract's part of the gallery page (`/__gallery/`)."""

    heading: str
    """The heading of its section, e.g. "Example: products and images"."""
    link: str
    """The text of the page's link to its Swagger UI, e.g. "Example API"."""
    draw: Mapping[str, Any]
    """What the page draws of its state (`GET /__admin/state`) and how it changes it
    through the contract's API, with the seed's credentials: JSON in the vocabulary written
    at the top of `mockserver/frontend/static/gallery.js`."""


class ContractPlugin(Protocol[SeedT]):
    """One vendor contract, as the mock registers it."""

    @property
    def name(self) -> str:
        """How the contract is named in URLs (`/__docs/<name>/`) and messages."""
        ...

    @property
    def title(self) -> str:
        """The contract as the banner names it."""
        ...

    @property
    def document(self) -> pathlib.Path:
        """The contract document, relative to `spec/` (its digest belongs in
        `spec/validated.sha256`)."""
        ...

    @property
    def seed_keys(self) -> tuple[str, ...]:
        """The top-level keys of a seed file that belong to this contract."""
        ...

    @property
    def error_table(self) -> Mapping[type[DomainError], object]:
        """The contract's row for every domain error: its adapter's one table, which
        tests/unit/adapters/test_error_tables.py holds to every `DomainError` there is."""
        ...

    def decode_seed(self, part: Mapping[str, Any]) -> SeedT:
        """The contract's starting state from `part`, the seed restricted to `seed_keys`
        (none of them may be present); raises `SeedError` naming what is wrong."""
        ...

    def mount(self, seed: SeedT, context: MountContext) -> MountedContract: ...

    def banner_lines(self, seed: SeedT, base_url: str) -> list[str]:
        """Lines that show how to call the contract on `base_url` with `seed`'s names;
        none when the seed has nothing to call it with."""
        ...

    def read_pictures(self, part: Mapping[str, Any], reader: PictureReader) -> object:
        """The pictures in `part` (a seed file's sections restricted to `seed_keys`, as
        YAML read them, unchecked), each list read with `reader`; given back to
        `MountedContract.stock_pictures`. Raises `PictureSeedError`."""
        ...

    def docs_prefill(self, seed: SeedT) -> Prefill:
        """The seed's credentials and path parameters its Swagger UI is filled in with."""
        ...

    def gallery(self, seed: SeedT) -> GalleryView:
        """How the gallery page draws and changes the contract's state, acting with
        `seed`'s credentials."""
        ...


def decode_section(part: Mapping[str, Any], shape: type[StructT]) -> StructT:
    """`part` decoded as `shape`, whose Structs refuse unknown fields; a value of the wrong
    type or an unknown key is a `SeedError` that names where it is."""
    try:
        return msgspec.convert(part, shape)
    except msgspec.ValidationError as error:
        raise SeedError(_readable(str(error))) from None


def _readable(message: str) -> str:
    """msgspec's "... - at `$.a[0].b`" as "a[0].b: ..."."""
    text, separator, where = message.rpartition(" - at `$")
    if not separator:
        return message
    return f"{where.rstrip('`').lstrip('.')}: {text}"
