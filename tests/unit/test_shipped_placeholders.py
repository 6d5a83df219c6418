"""The demo seed's placeholders, shipped drawn: every one of them and nothing else, each the
picture its arguments describe, and a start on the defaults that draws none."""

from __future__ import annotations

import io
import json
import pathlib
import subprocess
import sys

import pytest
from PIL import Image, ImageColor

from mockserver.seed_pictures.placeholders import (
    RENDERED,
    draw_placeholder,
    placeholder_name,
    placeholder_png,
)
from mockserver.seed_pictures.section import demo_placeholders
from mockserver.served_contracts import SERVED_CONTRACTS

FOLDER = pathlib.Path(str(RENDERED))
REDRAW = "python -m mockserver.seed_pictures"


def test_every_placeholder_of_the_demo_seed_is_shipped_and_nothing_else() -> None:
    wanted = {placeholder_name(*spec) for spec in demo_placeholders(SERVED_CONTRACTS)}
    shipped = {path.name for path in FOLDER.glob("*.png")}
    assert wanted, "the demo seed has placeholders"
    assert shipped == wanted, f"draw them again: {REDRAW}"


@pytest.mark.parametrize(
    "spec", sorted(set(demo_placeholders(SERVED_CONTRACTS))), ids=lambda spec: spec[3]
)
def test_a_shipped_placeholder_is_the_picture_its_arguments_describe(
    spec: tuple[int, int, str, str],
) -> None:
    width, height, colour, label = spec
    shipped = (FOLDER / placeholder_name(*spec)).read_bytes()
    assert placeholder_png(*spec) == shipped
    image = Image.open(io.BytesIO(shipped))
    assert (image.format, image.size, image.mode) == ("PNG", (width, height), "RGB")
    background = ImageColor.getrgb(colour)
    corners = [(0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)]
    assert all(image.getpixel(corner) == background for corner in corners)
    # The label is drawn in the middle: not every pixel there is the background.
    middle = image.crop((width // 4, height // 3, 3 * width // 4, 2 * height // 3))
    assert len(middle.getcolors(maxcolors=1 << 16) or ()) > 1, label
    # Drawn now, it is the same picture (the same size, colour and label).
    drawn = Image.open(io.BytesIO(draw_placeholder(*spec)))
    assert drawn.size == image.size
    assert drawn.getpixel((0, 0)) == image.getpixel((0, 0))


def test_a_placeholder_not_shipped_is_drawn() -> None:
    spec = (37, 23, "#123456", "not in the demo seed")
    assert not (FOLDER / placeholder_name(*spec)).exists()
    image = Image.open(io.BytesIO(placeholder_png(*spec)))
    assert image.size == (37, 23)


def test_a_start_on_the_defaults_draws_no_picture() -> None:
    """The default start reads the shipped placeholders: Pillow is not even imported."""
    program = """
import json, sys
from mockserver.app import create_app
from mockserver.cli import parse_args
from mockserver.seed import load_seed
from mockserver.store import open_store
config = parse_args([])
create_app(config, load_seed(config.seed_path), store=open_store(config.store_url))
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] == "PIL")))
"""
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
