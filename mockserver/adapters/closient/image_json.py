"""Closient's JSON for stored images, each image's part encoded once.

A listing renders a page of images on every request. A stored image never changes (a
change, such as losing the primary slot, is a new `StoredImage`), so all of an image's JSON
but the base of its URL (the scheme and host the request came in on) is encoded the first
time it is rendered and kept for as long as the image lives.
"""

from __future__ import annotations

import json
import weakref
from typing import Any

from ...domain.gallery import StoredImage
from ...domain.pagination import Page
from ...domain.tenancy import Product
from ...http.media_files import media_path

# (everything up to the URL's base, everything after it)
ImageParts = tuple[str, str]


def to_json(body: Any) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _string_content(text: str) -> str:
    """`text` as it stands between the quotes of a JSON string."""
    return to_json(text)[1:-1]


def _boolean(value: bool) -> str:
    return "true" if value else "false"


class ImageJson:
    """Renders `Image` objects and pages of them, as the contract spells them."""

    def __init__(self) -> None:
        self._parts: weakref.WeakKeyDictionary[StoredImage, ImageParts] = (
            weakref.WeakKeyDictionary()
        )

    def image(self, url_base: str, product: Product, image: StoredImage) -> str:
        head, tail = self._image_parts(product, image)
        return head + _string_content(url_base) + tail

    def page(self, url_base: str, product: Product, page: Page[StoredImage]) -> str:
        base = _string_content(url_base)
        parts = self._image_parts
        data = ",".join(
            [head + base + tail for head, tail in [parts(product, i) for i in page.items]]
        )
        return (
            f'{{"data":[{data}],"pagination":{{"page":{page.page:d},'
            f'"page_size":{page.page_size:d},"total_count":{page.total_count:d},'
            f'"total_pages":{page.total_pages:d},"has_next":{_boolean(page.has_next)},'
            f'"has_previous":{_boolean(page.has_previous)}}}}}'
        )

    def _image_parts(self, product: Product, image: StoredImage) -> ImageParts:
        parts = self._parts.get(image)
        if parts is None:
            fields = to_json(
                {
                    "id": image.short_id,
                    "title": image.title,
                    "is_primary": image.is_primary,
                    "priority": image.priority,
                    "created": image.created.isoformat().replace("+00:00", "Z"),
                }
            )
            parts = (
                fields[:-1] + ',"image_url":"',
                _string_content(media_path(product, image)) + '"}',
            )
            self._parts[image] = parts
        return parts
