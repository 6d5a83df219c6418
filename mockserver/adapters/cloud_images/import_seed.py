"""The `cloud_images.imports` part of a seed: the import methods, stores and URL filters the
registry offers, as a Glance deployment configures them (README, Seed files). Left out, it
is Glance 33's defaults with two file stores, as the reference Glance runs."""

from __future__ import annotations

import msgspec

from ...contract_plugin import SeedError, YamlText
from ...domain.image_import_settings import (
    IMAGE_SIZE_CAP,
    OFFERABLE_METHODS,
    ImageStore,
    ImportSettings,
    UrlFilters,
)

WHERE = "cloud_images.imports"
RESERVED_STORE_PREFIX = "os_glance_"
DEFAULTS = ImportSettings()
DEFAULT_FILTERS = UrlFilters()


class _Store(msgspec.Struct, forbid_unknown_fields=True):
    id: YamlText
    description: YamlText = ""
    weight: int = 0


class _UrlFilters(msgspec.Struct, forbid_unknown_fields=True):
    allowed_schemes: list[YamlText] = msgspec.field(
        default_factory=lambda: list(DEFAULT_FILTERS.allowed_schemes)
    )
    disallowed_schemes: list[YamlText] = []
    allowed_hosts: list[YamlText] = []
    disallowed_hosts: list[YamlText] = []
    allowed_ports: list[int] = msgspec.field(
        default_factory=lambda: list(DEFAULT_FILTERS.allowed_ports)
    )
    disallowed_ports: list[int] = []


class ImportsSection(msgspec.Struct, forbid_unknown_fields=True):
    methods: list[YamlText] = msgspec.field(default_factory=lambda: list(DEFAULTS.methods))
    stores: list[_Store] = msgspec.field(
        default_factory=lambda: [_Store(store.id) for store in DEFAULTS.stores]
    )
    default_store: YamlText | None = None
    """The first store unless named."""
    url_filters: _UrlFilters = msgspec.field(default_factory=_UrlFilters)
    size_cap: int = IMAGE_SIZE_CAP


def import_settings(section: ImportsSection) -> ImportSettings:
    methods = tuple(map(str, section.methods))
    for method in methods:
        if method not in OFFERABLE_METHODS:
            offered = ", ".join(OFFERABLE_METHODS)
            raise SeedError(f"{WHERE}.methods: {method!r} is not one of {offered}")
    if len(set(methods)) != len(methods):
        raise SeedError(f"{WHERE}.methods: a method is named twice")
    stores = tuple(_store(entry, f"{WHERE}.stores[{i}]") for i, entry in enumerate(section.stores))
    if not stores:
        raise SeedError(f"{WHERE}.stores: needs at least one store")
    ids = [store.id for store in stores]
    if len(set(ids)) != len(ids):
        raise SeedError(f"{WHERE}.stores: store ids must be unique")
    default = ids[0] if section.default_store is None else str(section.default_store)
    if default not in ids:
        raise SeedError(f"{WHERE}.default_store: {default!r} is not one of the stores")
    if section.size_cap < 1:
        raise SeedError(f"{WHERE}.size_cap: must be at least 1 byte")
    return ImportSettings(methods, stores, default, _filters(section.url_filters), section.size_cap)


def _store(entry: _Store, where: str) -> ImageStore:
    store_id = str(entry.id)
    if not store_id.strip() or "," in store_id or "/" in store_id:
        raise SeedError(f"{where}.id: needs an id without ',' or '/'")
    if store_id.startswith(RESERVED_STORE_PREFIX):
        raise SeedError(f"{where}.id: ids beginning {RESERVED_STORE_PREFIX!r} are Glance's own")
    return ImageStore(store_id, str(entry.description), entry.weight)


def _filters(given: _UrlFilters) -> UrlFilters:
    for name in ("allowed_ports", "disallowed_ports"):
        for port in getattr(given, name):
            if not 1 <= port <= 65535:
                raise SeedError(f"{WHERE}.url_filters.{name}: {port} is not a port")
    return UrlFilters(
        allowed_schemes=tuple(map(str, given.allowed_schemes)),
        disallowed_schemes=tuple(map(str, given.disallowed_schemes)),
        allowed_hosts=tuple(map(str, given.allowed_hosts)),
        disallowed_hosts=tuple(map(str, given.disallowed_hosts)),
        allowed_ports=tuple(given.allowed_ports),
        disallowed_ports=tuple(given.disallowed_ports),
    )
