"""Bitrix24 on the gallery page: each catalog product's pictures by type, added (as a file
in base64, of the type chosen) and deleted through a webhook with write access."""

from __future__ import annotations

from typing import Any

from ...contract_plugin import GalleryView
from ...domain.product_pictures import CatalogAccess, CatalogUser, PictureSeed
from .pictures import PICTURE_TYPES

_JSON = {"Content-Type": "application/json"}


def writing_user(seed: PictureSeed) -> CatalogUser | None:
    """The first user with a webhook and write access."""
    return next((u for u in seed.users if u.webhooks and u.access is CatalogAccess.MODIFY), None)


def gallery_view(seed: PictureSeed) -> GalleryView:
    user = writing_user(seed)
    webhook = {"": f"/rest/{user.id}/{user.webhooks[0]}"} if user is not None else {}
    draw: dict[str, Any] = {
        "holders": {
            "list": "bitrix24.products",
            "title": "{holder.name}",
            "code": "#{holder.id}",
            "attributes": {"data-product": "{holder.id}"},
            "items": "pictures",
            "empty": "no pictures",
        },
        "credentials": webhook,
        "options": [{"name": "type", "select": list(PICTURE_TYPES), "class": "picture-type"}],
        "hint": "or drop images here",
        "tables": {
            "slots": {"detail": "DETAIL_PICTURE", "preview": "PREVIEW_PICTURE", "": "MORE_PHOTO"}
        },
        "card": {
            "attributes": {"data-image-id": "{item.id}"},
            "image": {"src": "/upload/iblock/{item.key}/{item.name|uri}", "alt": "{item.name}"},
            "meta": [
                {"title": "{item.name}"},
                {"badge": "{item.slot|of:slots}", "class": "status"},
                {"text": " #{item.id} · {item.size|size}"},
            ],
            "buttons": [{"class": "delete", "label": "Delete", "do": "delete"}],
        },
        "actions": {
            "upload": [
                {
                    "request": {
                        "method": "POST",
                        "url": "{credential}/catalog.productImage.add",
                        "headers": _JSON,
                        "json": {
                            "fields": {"productId": "{holder.id}", "type": "{type}"},
                            "fileContent": ["{file.name || 'picture.png'}", "{file.base64}"],
                        },
                    },
                    "say": "add {file.name}",
                }
            ],
            "delete": [
                {
                    "request": {
                        "method": "POST",
                        "url": "{credential}/catalog.productImage.delete",
                        "headers": _JSON,
                        "json": {"productId": "{holder.id}", "id": "{item.id}"},
                    },
                    "say": "delete {item.id}",
                }
            ],
        },
    }
    return GalleryView("Bitrix24: catalog products and pictures", "Bitrix24 API", draw)
