"""Image types, decided by the bytes of the file: never by the client's Content-Type or name."""

from __future__ import annotations

import re
from dataclasses import dataclass

import filetype


@dataclass(frozen=True)
class ImageType:
    media_type: str
    extension: str


JPEG = ImageType("image/jpeg", "jpg")
PNG = ImageType("image/png", "png")
GIF = ImageType("image/gif", "gif")
WEBP = ImageType("image/webp", "webp")
SVG = ImageType("image/svg+xml", "svg")
BMP = ImageType("image/bmp", "bmp")

ACCEPTED_TYPES: tuple[ImageType, ...] = (JPEG, PNG, GIF, WEBP, SVG, BMP)
ACCEPTED_NAMES: tuple[str, ...] = ("JPEG", "PNG", "GIF", "WebP", "SVG", "BMP")

_RASTER_BY_MIME = {t.media_type: t for t in (JPEG, PNG, GIF, WEBP, BMP)}

# An SVG document: optional BOM, XML declaration, comments, processing instructions and a
# DOCTYPE, then a root element named svg (optionally prefixed).
_SVG_PROLOGUE = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?\s*
    (?:<\?xml[^>]*\?>\s*)?
    (?:(?:<!--.*?-->|<\?[^>]*\?>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)\s*)*
    <(?:[A-Za-z_][\w.-]*:)?svg[\s>/]""",
    re.VERBOSE | re.DOTALL | re.IGNORECASE,
)
_SVG_SNIFF_WINDOW = 64 * 1024


def sniff_image_type(content: bytes) -> ImageType | None:
    """The accepted image type these bytes are, or None."""
    kind = filetype.guess(content[:8192])
    if kind is not None:
        return _RASTER_BY_MIME.get(kind.mime)
    if _SVG_PROLOGUE.match(content[:_SVG_SNIFF_WINDOW]):
        return SVG
    return None
