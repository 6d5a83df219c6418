"""Closient on the gallery page: each organization's products and their images, uploaded
(as primary or not), made primary (uploaded again as the primary one, the old copy deleted:
the API has no call that makes a stored image primary) and deleted with a contributor's
API key."""

from __future__ import annotations

from typing import Any

from ...contract_plugin import GalleryView
from ...domain.catalog import CatalogSeed
from ...domain.tenancy import CONTRIBUTE, CredentialKind

_IMAGES = "/dashboard/api/v1/trade-items/{group.id}/{holder.gtin}/images"
_MEDIA = "/media/{group.id}/{holder.gtin}/{item.id}.{item.media_type|extension}"
_KEY = {"X-API-Key": "{credential}"}


def organization_keys(seed: CatalogSeed) -> dict[str, str]:
    """Organization id → an API key that may add and delete its images."""
    keys: dict[str, str] = {}
    for principal in seed.principals:
        api_key = principal.credentials.get(CredentialKind.API_KEY)
        for organization, permissions in principal.memberships.items():
            if api_key and CONTRIBUTE in permissions:
                keys.setdefault(organization, api_key)
    return keys


def gallery_view(seed: CatalogSeed) -> GalleryView:
    draw: dict[str, Any] = {
        "groups": {"list": "organizations", "heading": "{group.name}", "code": "{group.id}"},
        "holders": {
            "list": "products",
            "title": "{holder.name || holder.gtin}",
            "code": "{holder.gtin}",
            "attributes": {"data-gtin": "{holder.gtin}", "data-organization": "{group.id}"},
            "items": "images",
            "empty": "no images",
        },
        "credentials": organization_keys(seed),
        "credential": "{group.id}",
        "noCredential": "no contributor key in the seed",
        "options": [{"name": "primary", "checkbox": " as primary", "class": "as-primary"}],
        "hint": "or drop images here",
        "card": {
            "attributes": {"data-image-id": "{item.id}", "data-primary": "{item.is_primary}"},
            "image": {"src": _MEDIA, "alt": "{item.title || item.id}"},
            "meta": [
                {"title": "{item.title || '(untitled)'}", "tooltip": "{item.title}"},
                {"badge": "PRIMARY", "class": "primary", "if": "item.is_primary"},
                {"text": " priority {item.priority} · {item.size|size}"},
            ],
            "buttons": [
                {
                    "class": "make-primary",
                    "label": "Make primary",
                    "if": "!item.is_primary",
                    "do": "makePrimary",
                },
                {"class": "delete", "label": "Delete", "do": "delete"},
            ],
        },
        "actions": {
            "upload": [
                {
                    "request": {
                        "method": "POST",
                        "url": _IMAGES,
                        "headers": _KEY,
                        "form": {
                            "image": {"file": "image"},
                            "title": "{title ?? file.stem}",
                            "is_primary": {"value": "true", "if": "primary"},
                        },
                    },
                    "say": "upload {file.name}",
                }
            ],
            "delete": [
                {
                    "request": {"method": "DELETE", "url": _IMAGES + "/{item.id}", "headers": _KEY},
                    "say": "delete {item.id}",
                }
            ],
            "makePrimary": [
                {
                    "fetchFile": {
                        "url": _MEDIA,
                        "name": "{item.id}.{item.media_type|extension}",
                        "type": "{item.media_type}",
                    }
                },
                {"run": "upload", "with": {"primary": True, "title": "{item.title}"}},
                {"run": "delete"},
            ],
        },
    }
    return GalleryView("Closient: organizations, products, images", "Closient API", draw)
