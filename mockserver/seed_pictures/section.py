"""The pictures in a seed file, next to what they belong to::

    organizations:
      - id: daqF5uqgcxrLXCkVJQEsLJ
        products:
          - gtin: "00012345678905"
            images:                       # Closient: listed in this order
              - title: Front
                primary: true             # at most one per product
                placeholder: {width: 640, height: 480, colour: "#2a6fdb", label: Front}
              - title: Label
                file: pictures/label.jpg  # relative to the seed file
    cloud_images:
      projects:
        - id: 9b1d5c3e0a4f4d2c8e7f6a5b4c3d2e1f
          images:                         # active images whose data is the picture
            - name: demo-disk
              protected: true
              placeholder: {width: 64, height: 64, colour: grey, label: disk}
    bitrix24:
      products:
        - id: 1
          pictures:
            - type: DETAIL_PICTURE        # or PREVIEW_PICTURE, MORE_PHOTO (the default)
              name: front.png
              placeholder: {width: 400, height: 400, colour: "#e0a800", label: Front}

Read beside the seed itself (the seed's own reading leaves these keys alone).
"""

from __future__ import annotations

import functools
import importlib.resources
import pathlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from PIL import ImageColor

from .placeholders import MAX_SIDE, placeholder_png

BITRIX24_TYPES = ("MORE_PHOTO", "DETAIL_PICTURE", "PREVIEW_PICTURE")


class PictureSeedError(ValueError):
    """A picture in the seed that cannot be made or read."""


@dataclass(frozen=True)
class Picture:
    """One picture: its bytes are made (or read) when first needed, then kept."""

    source: tuple[str, ...]
    """("file", path) or ("placeholder", width, height, colour, label)."""
    title: str = ""
    primary: bool = False
    kind: str = "MORE_PHOTO"
    protected: bool = False

    @property
    def is_placeholder(self) -> bool:
        """Whether the mock makes the picture (a PNG) rather than reading a file."""
        return self.source[0] == "placeholder"

    @functools.cached_property
    def content(self) -> bytes:
        if self.source[0] == "file":
            return pathlib.Path(self.source[1]).read_bytes()
        _, width, height, colour, label = self.source
        return placeholder_png(int(width), int(height), colour, label)


@dataclass(frozen=True)
class SeedPictures:
    closient: Mapping[tuple[str, str], tuple[Picture, ...]]
    """(organization id, GTIN as written) → images."""
    cloud_images: Mapping[str, tuple[Picture, ...]]
    """project id → images (title is the image name)."""
    bitrix24: Mapping[int, tuple[Picture, ...]]
    """product id → pictures (title is the file name)."""

    def __bool__(self) -> bool:
        return bool(self.closient or self.cloud_images or self.bitrix24)


NO_PICTURES = SeedPictures({}, {}, {})


@functools.cache
def _demo_pictures() -> SeedPictures:
    text = importlib.resources.files("mockserver").joinpath("demo_seed.yaml").read_text()
    return parse_pictures(yaml.safe_load(text), pathlib.Path("."), "the embedded demo seed")


def load_pictures(seed_path: pathlib.Path | None) -> SeedPictures:
    if seed_path is None:
        return _demo_pictures()
    try:
        data = yaml.safe_load(seed_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise PictureSeedError(f"cannot read pictures of {seed_path}: {error}") from None
    return parse_pictures(data, seed_path.parent, str(seed_path))


def parse_pictures(data: Any, base: pathlib.Path, source: str) -> SeedPictures:
    if not isinstance(data, Mapping):
        return NO_PICTURES
    closient: dict[tuple[str, str], tuple[Picture, ...]] = {}
    for i, organization in enumerate(_entries(data, "organizations")):
        for j, product in enumerate(_entries(organization, "products")):
            where = f"{source}: organizations[{i}].products[{j}].images"
            images = _pictures(product.get("images"), base, where, "title")
            if sum(image.primary for image in images) > 1:
                raise PictureSeedError(f"{where}: at most one image is primary")
            if images:
                closient[(str(organization.get("id")), str(product.get("gtin")))] = images
    cloud: dict[str, tuple[Picture, ...]] = {}
    for i, project in enumerate(_entries(data.get("cloud_images") or {}, "projects")):
        where = f"{source}: cloud_images.projects[{i}].images"
        images = _pictures(project.get("images"), base, where, "name")
        if images:
            cloud[str(project.get("id"))] = images
    bitrix: dict[int, tuple[Picture, ...]] = {}
    for i, product in enumerate(_entries(data.get("bitrix24") or {}, "products")):
        where = f"{source}: bitrix24.products[{i}].pictures"
        images = _pictures(product.get("pictures"), base, where, "name")
        if images and isinstance(product.get("id"), int):
            bitrix[product["id"]] = images
    return SeedPictures(closient, cloud, bitrix)


def _entries(data: Any, key: str) -> list[Mapping[str, Any]]:
    value = data.get(key) if isinstance(data, Mapping) else None
    return (
        [entry for entry in value if isinstance(entry, Mapping)] if isinstance(value, list) else []
    )


def _pictures(value: Any, base: pathlib.Path, where: str, title_key: str) -> tuple[Picture, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise PictureSeedError(f"{where}: must be a list")
    return tuple(_picture(entry, base, f"{where}[{i}]", title_key) for i, entry in enumerate(value))


def _picture(entry: Any, base: pathlib.Path, where: str, title_key: str) -> Picture:
    if not isinstance(entry, Mapping):
        raise PictureSeedError(f"{where}: expected a mapping")
    title = str(entry.get(title_key, ""))
    kind = str(entry.get("type", "MORE_PHOTO"))
    if kind not in BITRIX24_TYPES:
        raise PictureSeedError(f"{where}: type must be one of {', '.join(BITRIX24_TYPES)}")
    flags = {key: entry.get(key, False) for key in ("primary", "protected")}
    if not all(isinstance(flag, bool) for flag in flags.values()):
        raise PictureSeedError(f"{where}: primary and protected are true or false")
    if ("file" in entry) == ("placeholder" in entry):
        raise PictureSeedError(f"{where}: give either a file or a placeholder")
    if "file" in entry:
        path = base / str(entry["file"])
        if not path.is_file():
            raise PictureSeedError(f"{where}: no file {path}")
        source: tuple[str, ...] = ("file", str(path))
    else:
        source = _placeholder(entry["placeholder"], where, title)
    return Picture(source, title, flags["primary"], kind, flags["protected"])


def _placeholder(value: Any, where: str, title: str) -> tuple[str, ...]:
    if not isinstance(value, Mapping):
        raise PictureSeedError(f"{where}: placeholder needs width, height and colour")
    width, height = value.get("width", 400), value.get("height", 300)
    sides_ok = all(
        isinstance(side, int) and not isinstance(side, bool) and 1 <= side <= MAX_SIDE
        for side in (width, height)
    )
    if not sides_ok:
        raise PictureSeedError(f"{where}: width and height are 1 to {MAX_SIDE} pixels")
    colour = str(value.get("colour", value.get("color", "#9aa5b1")))
    try:
        ImageColor.getrgb(colour)
    except ValueError:
        raise PictureSeedError(f"{where}: {colour!r} is no colour") from None
    return ("placeholder", str(width), str(height), colour, str(value.get("label", title)))
