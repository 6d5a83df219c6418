"""The seed's `cloud_images.imports`: Glance 33's defaults when left out, and each mistake
refused with its place."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.adapters.cloud_images.seed_section import decode_registry_seed
from mockserver.contract_plugin import SeedError
from mockserver.domain.image_import_settings import ImageStore, ImportSettings, UrlFilters


def imports(section: dict[str, Any]) -> ImportSettings:
    return decode_registry_seed({"cloud_images": {"imports": section}}).imports


def test_left_out_it_is_glance_s_defaults_with_two_file_stores() -> None:
    settings = decode_registry_seed({}).imports
    assert settings == ImportSettings()
    assert (settings.methods, settings.store_ids(), settings.default_store) == (
        ("glance-direct", "web-download", "copy-image"),
        ("fs", "fs2"),
        "fs",
    )
    assert settings.filters == UrlFilters(
        allowed_schemes=("http", "https"), allowed_ports=(80, 443)
    )


def test_a_seed_names_its_stores_methods_and_filters() -> None:
    settings = imports(
        {
            "methods": ["web-download"],
            "stores": [{"id": "fast", "description": "SSD"}, {"id": "cold", "weight": 5}],
            "default_store": "cold",
            "url_filters": {"allowed_hosts": ["127.0.0.1"], "allowed_ports": [8080]},
        }
    )
    assert settings.methods == ("web-download",)
    assert settings.stores == (ImageStore("fast", "SSD"), ImageStore("cold", "", 5))
    assert settings.default_store == "cold"
    assert (settings.filters.allowed_hosts, settings.filters.allowed_ports) == (
        ("127.0.0.1",),
        (8080,),
    )


@pytest.mark.parametrize(
    ("section", "words"),
    [
        ({"methods": ["glance-download"]}, "imports.methods: 'glance-download' is not one of"),
        ({"methods": ["copy-image", "copy-image"]}, "a method is named twice"),
        ({"stores": []}, "needs at least one store"),
        ({"stores": [{"id": "a"}, {"id": "a"}]}, "store ids must be unique"),
        ({"stores": [{"id": "os_glance_staging_store"}]}, "stores[0].id"),
        ({"default_store": "elsewhere"}, "'elsewhere' is not one of the stores"),
        ({"url_filters": {"allowed_ports": [70000]}}, "70000 is not a port"),
        ({"size_cap": 0}, "size_cap: must be at least 1 byte"),
        ({"store": []}, "unknown field `store`"),
    ],
)
def test_a_mistake_is_refused_with_its_place(section: dict[str, Any], words: str) -> None:
    with pytest.raises(SeedError, match=words.replace("[", r"\[").replace("(", r"\(")):
        imports(section)
