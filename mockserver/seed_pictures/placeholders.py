"""Placeholder pictures: a PNG of a given size and colour with a centred label. The same
arguments give the same bytes (Pillow writes no time or random data into a PNG)."""

from __future__ import annotations

import functools
import io

from PIL import Image, ImageColor, ImageDraw, ImageFont

MAX_SIDE = 4096


@functools.cache
def placeholder_png(width: int, height: int, colour: str, label: str) -> bytes:
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
