"""Image types, decided by the bytes of the file: never by the client's Content-Type or name.

Each raster format is recognised by its full signature (not just its first bytes: a text
that starts with "BM" is no bitmap), SVG by a root element named svg.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass


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

_BMP_HEADER_SIZES = {12, 40, 52, 56, 64, 108, 124}

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
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP" and content[12:15] == b"VP8":
        return WEBP
    if _is_bmp(content):
        return BMP
    if _SVG_PROLOGUE.match(content[:_SVG_SNIFF_WINDOW]):
        return SVG
    return None


def _is_bmp(content: bytes) -> bool:
    if len(content) < 26 or not content.startswith(b"BM"):
        return False
    reserved, pixel_offset, header_size = struct.unpack_from("<III", content, 6)
    return reserved == 0 and pixel_offset >= 26 and header_size in _BMP_HEADER_SIZES
