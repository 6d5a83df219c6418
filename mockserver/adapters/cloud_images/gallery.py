"""Cloud Images on the gallery page: each project's images, created from a file (a raw
disk image: created, then its data uploaded), protected, unprotected and deleted with the
project's token."""

from __future__ import annotations

from typing import Any

from ...contract_plugin import GalleryView
from ...domain.image_records import RegistrySeed

_IMAGE = "/v2/images/{item.id}"
_TOKEN = {"X-Auth-Token": "{credential}"}
_PATCH = {**_TOKEN, "Content-Type": "application/openstack-images-v2.1-json-patch"}


def project_tokens(seed: RegistrySeed) -> dict[str, str]:
    """Project id → a token acting for it."""
    return {p.id: p.tokens[0] for p in seed.projects if p.tokens}


def _protect(value: bool) -> list[dict[str, Any]]:
    return [
        {
            "request": {
                "method": "PATCH",
                "url": _IMAGE,
                "headers": _PATCH,
                "json": [{"op": "replace", "path": "/protected", "value": value}],
            },
            "say": ("protect" if value else "unprotect") + " {item.id}",
        }
    ]


def gallery_view(seed: RegistrySeed) -> GalleryView:
    draw: dict[str, Any] = {
        "holders": {
            "list": "cloud_images.projects",
            "title": "{holder.name}",
            "code": "{holder.id}",
            "attributes": {"data-project": "{holder.id}"},
            "items": "images",
            "empty": "no images",
        },
        "credentials": project_tokens(seed),
        "credential": "{holder.id}",
        "hint": "or drop files here (raw disk images)",
        "card": {
            "attributes": {"data-image-id": "{item.id}"},
            "meta": [
                {"title": "{item.name || '(unnamed)'}", "tooltip": "{item.name}"},
                {"badge": "{item.status}", "class": "status"},
                {"text": " "},
                {"badge": "PROTECTED", "class": "protected", "if": "item.protected"},
                {"line": "{item.visibility} · {item.size|size}"},
            ],
            "buttons": [
                {
                    "class": "protect",
                    "label": "Unprotect",
                    "if": "item.protected",
                    "do": "unprotect",
                },
                {"class": "protect", "label": "Protect", "if": "!item.protected", "do": "protect"},
                {"class": "delete", "label": "Delete", "do": "delete"},
            ],
        },
        "actions": {
            "upload": [
                {
                    "request": {
                        "method": "POST",
                        "url": "/v2/images",
                        "headers": {**_TOKEN, "Content-Type": "application/json"},
                        "json": {
                            "name": "{file.name}",
                            "disk_format": "raw",
                            "container_format": "bare",
                        },
                    },
                    "say": "create {file.name}",
                },
                {
                    "request": {
                        "method": "PUT",
                        "url": "/v2/images/{answer.id}/file",
                        "headers": {**_TOKEN, "Content-Type": "application/octet-stream"},
                        "file": True,
                    },
                    "say": "upload {file.name}",
                },
            ],
            "protect": _protect(True),
            "unprotect": _protect(False),
            "delete": [
                {
                    "request": {"method": "DELETE", "url": _IMAGE, "headers": _TOKEN},
                    "say": "delete {item.id}",
                }
            ],
        },
    }
    return GalleryView("Cloud Images: projects and images", "Cloud Images API", draw)
