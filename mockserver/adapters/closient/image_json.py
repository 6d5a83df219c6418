"""Closient's JSON for stored images and pages of them, each part encoded once.

A listing renders a page of images on every request, and nearly all of it is known before
the request comes: a stored image never changes (losing the primary slot makes a new
`StoredImage`), nor does a gallery's `Listing` (its next change makes a new one). So:

- an image's JSON, but for the base of its URL (the scheme and host the request came in
  on), is encoded the first time it is rendered, and kept for as long as the image lives;
- a page of a listing is kept as the text between its image URLs' bases, for as long as
  the listing lives, and with it the page's bytes for each URL base it was asked with:
  answering it again is a lookup, and every answer of the same page is the same object
  (so the request journal, keeping the last answers, keeps one page, not a copy each).
"""

from __future__ import annotations

import json
import weakref
from typing import Any

from ...domain.gallery import Listing, StoredImage
from ...domain.pagination import paginate
from ...domain.tenancy import Product
from ...http.media_files import media_path

# (everything up to the URL's base, everything after it)
ImageParts = tuple[str, str]
# A page's text, cut where each image URL's base goes.
PagePieces = list[str]
PageKey = tuple[int, int]  # (page, page_size)


class RenderedPage:
    """A page's pieces, and its bytes for each (escaped) URL base it was asked with."""

    __slots__ = ("by_base", "pieces")

    def __init__(self, pieces: PagePieces) -> None:
        self.pieces = pieces
        self.by_base: dict[str, bytes] = {}

    def for_base(self, escaped_base: str) -> bytes:
        rendered = self.by_base.get(escaped_base)
        if rendered is None:
            if len(self.by_base) >= BASES_KEPT_PER_PAGE:
                self.by_base.clear()
            rendered = self.by_base[escaped_base] = escaped_base.join(self.pieces).encode()
        return rendered


PAGES_KEPT_PER_LISTING = 32
BASES_KEPT_PER_PAGE = 4
URL_BASES_KEPT = 64


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def to_json(body: Any) -> str:
    """`json.dumps(body, ensure_ascii=False, separators=(",", ":"))`, with one encoder
    (`dumps` makes one per call)."""
    return _ENCODER.encode(body)


def _string_content(text: str) -> str:
    """`text` as it stands between the quotes of a JSON string."""
    return to_json(text)[1:-1]


def _boolean(value: bool) -> str:
    return "true" if value else "false"


class ImageJson:
    """Renders `Image` objects and `ImageListResponse` pages, as the contract spells them."""

    def __init__(self) -> None:
        self._parts: weakref.WeakKeyDictionary[StoredImage, ImageParts] = (
            weakref.WeakKeyDictionary()
        )
        self._pages: weakref.WeakKeyDictionary[Listing, dict[PageKey, RenderedPage]] = (
            weakref.WeakKeyDictionary()
        )
        self._url_bases: dict[str, str] = {}  # as given → as in a JSON string

    def image(self, url_base: str, product: Product, image: StoredImage) -> str:
        head, tail = self._image_parts(product, image)
        return head + self._url_base(url_base) + tail

    def page(
        self, url_base: str, product: Product, listing: Listing, page: int, page_size: int
    ) -> bytes:
        """One page of the listing, encoded; raises `ValueError` for a page or size under 1."""
        pages = self._pages.get(listing)
        if pages is None:
            pages = self._pages[listing] = {}
        rendered = pages.get((page, page_size))
        if rendered is None:
            rendered = RenderedPage(self._page_pieces(product, listing, page, page_size))
            if len(pages) >= PAGES_KEPT_PER_LISTING:
                pages.clear()
            pages[(page, page_size)] = rendered
        return rendered.for_base(self._url_base(url_base))

    def _page_pieces(
        self, product: Product, listing: Listing, page: int, page_size: int
    ) -> PagePieces:
        selected = paginate(listing.images, page, page_size)
        pieces = ['{"data":[']
        for index, image in enumerate(selected.items):
            head, tail = self._image_parts(product, image)
            pieces[-1] += ("," if index else "") + head
            pieces.append(tail)
        pieces[-1] += (
            f'],"pagination":{{"page":{selected.page:d},'
            f'"page_size":{selected.page_size:d},"total_count":{selected.total_count:d},'
            f'"total_pages":{selected.total_pages:d},"has_next":{_boolean(selected.has_next)},'
            f'"has_previous":{_boolean(selected.has_previous)}}}}}'
        )
        return pieces

    def _image_parts(self, product: Product, image: StoredImage) -> ImageParts:
        parts = self._parts.get(image)
        if parts is None:
            # The JSON of {"id", "title", "is_primary", "priority", "created"} as `to_json`
            # writes it; only the title may need escaping (an id's and a time's characters
            # never do), and encoding the rest as a dict costs more than the whole answer.
            created = image.created.isoformat().replace("+00:00", "Z")
            parts = (
                f'{{"id":"{image.short_id}","title":{to_json(image.title)},'
                f'"is_primary":{_boolean(image.is_primary)},"priority":{image.priority:d},'
                f'"created":"{created}","image_url":"',
                _string_content(media_path(product, image)) + '"}',
            )
            self._parts[image] = parts
        return parts

    def _url_base(self, url_base: str) -> str:
        """The URL base escaped for a JSON string; the few a mock sees are kept."""
        escaped = self._url_bases.get(url_base)
        if escaped is None:
            if len(self._url_bases) >= URL_BASES_KEPT:
                self._url_bases.clear()
            escaped = self._url_bases[url_base] = _string_content(url_base)
        return escaped
