"""Placeholder pictures: a PNG of a given size and colour with a centred label. The same
arguments give the same bytes (Pillow writes no time or random data into a PNG).

The embedded demo seed's placeholders are shipped rendered (`rendered/`, one file per
picture, named by `placeholder_name`), so that a start on the defaults neither imports
Pillow's imaging nor draws them (some 60 ms of a cold start): a placeholder found there is
read, any other is drawn. `python -m mockserver.seed_pictures` draws the demo seed's again
into that folder (after the demo seed's pictures or Pillow change).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import io
import json
import pathlib
from collections.abc import Iterable

MAX_SIDE = 4096
RENDERED = importlib.resources.files("mockserver.seed_pictures").joinpath("rendered")
"""Where the placeholders shipped rendered are."""


def placeholder_name(width: int, height: int, colour: str, label: str) -> str:
    """The file name of a placeholder shipped rendered: a digest of its arguments."""
    spec = json.dumps([width, height, colour, label], ensure_ascii=False)
    return hashlib.sha256(spec.encode()).hexdigest()[:24] + ".png"


@functools.cache
def placeholder_png(width: int, height: int, colour: str, label: str) -> bytes:
    shipped = RENDERED.joinpath(placeholder_name(width, height, colour, label))
    if shipped.is_file():
        return shipped.read_bytes()
    return draw_placeholder(width, height, colour, label)


def draw_placeholder(width: int, height: int, colour: str, label: str) -> bytes:
    """The placeholder drawn with Pillow (imported only then)."""
    from PIL import Image, ImageColor, ImageDraw, ImageFont

    background = ImageColor.getrgb(colour)
    image = Image.new("RGB", (width, height), background)
    if label:
        draw = ImageDraw.Draw(image)
        font = ImageFont.load_default(size=max(10, min(width, height) // 8))
        # Black or white, whichever reads better on the background.
        luminance = 0.299 * background[0] + 0.587 * background[1] + 0.114 * background[2]
        ink = (20, 20, 20) if luminance > 150 else (250, 250, 250)
        draw.text((width / 2, height / 2), label, fill=ink, font=font, anchor="mm")
    out = _PngBuffer()
    image.save(out, optimize=False)
    return out.getvalue()


class _PngBuffer(io.BytesIO):
    """Bytes named as a PNG file: Pillow then loads its PNG plugin alone to write them (for
    a format named in the call, it loads four other formats' plugins too, some 5 ms)."""

    name = "placeholder.png"


def render_demo_placeholders(
    folder: pathlib.Path, placeholders: Iterable[tuple[int, int, str, str]]
) -> list[pathlib.Path]:
    """Draw `placeholders` (width, height, colour, label) into `folder`, emptied of PNGs
    first; the files written."""
    for old in folder.glob("*.png"):
        old.unlink()
    written = []
    for width, height, colour, label in placeholders:
        path = folder / placeholder_name(width, height, colour, label)
        path.write_bytes(draw_placeholder(width, height, colour, label))
        written.append(path)
    return written
