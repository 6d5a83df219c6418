"""What a registry of images offers for interoperable import: the import methods, the
stores an image's data may be kept in, and the filters a `web-download` URL must pass, as
a Glance deployment configures them (`enabled_import_methods`, `enabled_backends`,
`[import_filtering_opts]`, `image_size_cap`)."""

from __future__ import annotations

from dataclasses import dataclass, field

GLANCE_DIRECT = "glance-direct"
WEB_DOWNLOAD = "web-download"
COPY_IMAGE = "copy-image"
GLANCE_DOWNLOAD = "glance-download"
KNOWN_METHODS = (GLANCE_DIRECT, WEB_DOWNLOAD, COPY_IMAGE, GLANCE_DOWNLOAD)
"""The methods Glance knows of; `glance-download` needs a federated deployment, so a
registry never offers it."""
OFFERABLE_METHODS = (GLANCE_DIRECT, WEB_DOWNLOAD, COPY_IMAGE)
IMAGE_SIZE_CAP = 1024**4
"""Glance's default `image_size_cap`: 1 TiB."""


@dataclass(frozen=True)
class ImageStore:
    """A store an image's data may be kept in (a file store, as the mock keeps data in its
    own store whatever the name)."""

    id: str
    description: str = ""
    weight: int = 0


@dataclass(frozen=True)
class UrlFilters:
    """Which URLs `web-download` may fetch, Glance's `[import_filtering_opts]` at its
    defaults: http and https on ports 80 and 443, any host but loopback and link-local
    addresses (which only a host named in `allowed_hosts` reaches). Where both an allowed
    and a disallowed list are given, the allowed one alone counts."""

    allowed_schemes: tuple[str, ...] = ("http", "https")
    disallowed_schemes: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    disallowed_hosts: tuple[str, ...] = ()
    allowed_ports: tuple[int, ...] = (80, 443)
    disallowed_ports: tuple[int, ...] = ()


@dataclass(frozen=True)
class ImportSettings:
    """Glance 33's defaults with two file stores, `fs` (the default) and `fs2`."""

    methods: tuple[str, ...] = OFFERABLE_METHODS
    stores: tuple[ImageStore, ...] = (ImageStore("fs"), ImageStore("fs2"))
    default_store: str = "fs"
    filters: UrlFilters = field(default_factory=UrlFilters)
    size_cap: int = IMAGE_SIZE_CAP

    def store_ids(self) -> tuple[str, ...]:
        return tuple(store.id for store in self.stores)

    def offers(self, method: str) -> bool:
        return method in self.methods
