"""The pictures in a seed file, next to what they belong to: each served contract reads
its own from its sections (`ContractPlugin.read_pictures`, with a `PictureReader` for each
list of pictures) and stores them into its state (`MountedContract.stock_pictures`). One
picture is either a file or a placeholder::

    - title: Front                 # the key of its name is the contract's
      placeholder: {width: 640, height: 480, colour: "#2a6fdb", label: Front}
    - title: Label
      file: pictures/label.jpg     # relative to the seed file

Read beside the seed itself (the seed's own reading leaves these keys alone).
"""

from __future__ import annotations

import functools
import importlib.resources
import pathlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from .placeholders import MAX_SIDE, placeholder_png

if TYPE_CHECKING:
    from ..contract_plugin import ContractPlugin


# libyaml's loader when PyYAML has it: the same data as `yaml.safe_load`, parsed several
# times faster (the seed is read once more here, at every start).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PictureSeedError(ValueError):
    """A picture in the seed that cannot be made or read."""


@dataclass(frozen=True)
class Picture:
    """One picture: its bytes are made (or read) when first needed, then kept."""

    source: tuple[str, ...]
    """("file", path) or ("placeholder", width, height, colour, label)."""
    title: str = ""
    primary: bool = False
    kind: str = ""
    """Its `type`, one of the kinds the contract's reader allows ("" where it has none)."""
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
    """Each served contract's pictures, as its `read_pictures` gave them, by contract name."""

    by_contract: Mapping[str, object]


NO_PICTURES = SeedPictures({})


DEMO_SEED = "the embedded demo seed"


def _demo_seed() -> Any:
    text = importlib.resources.files("mockserver").joinpath("demo_seed.yaml").read_text()
    return yaml.load(text, Loader=_SAFE_LOADER)


@functools.cache
def _demo_pictures(contracts: tuple[ContractPlugin[Any], ...]) -> SeedPictures:
    return parse_pictures(_demo_seed(), pathlib.Path("."), DEMO_SEED, contracts)


def demo_placeholders(
    contracts: Sequence[ContractPlugin[Any]],
) -> list[tuple[int, int, str, str]]:
    """The placeholders of the embedded demo seed that `contracts` read: (width, height,
    colour, label) each."""
    read: list[Picture] = []

    @dataclass(frozen=True)
    class Recording(PictureReader):
        def pictures(
            self, value: Any, where: str, title_key: str, kinds: tuple[str, ...] = ()
        ) -> tuple[Picture, ...]:
            found = super().pictures(value, where, title_key, kinds)
            read.extend(found)
            return found

    base = pathlib.Path(".")
    parse_pictures(_demo_seed(), base, DEMO_SEED, contracts, Recording(base, DEMO_SEED))
    return [
        (int(width), int(height), colour, label)
        for _, width, height, colour, label in (p.source for p in read if p.is_placeholder)
    ]


def load_pictures(
    seed_path: pathlib.Path | None, contracts: Sequence[ContractPlugin[Any]]
) -> SeedPictures:
    if seed_path is None:
        return _demo_pictures(tuple(contracts))
    try:
        data = yaml.load(seed_path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise PictureSeedError(f"cannot read pictures of {seed_path}: {error}") from None
    return parse_pictures(data, seed_path.parent, str(seed_path), contracts)


def parse_pictures(
    data: Any,
    base: pathlib.Path,
    source: str,
    contracts: Sequence[ContractPlugin[Any]],
    reader: PictureReader | None = None,
) -> SeedPictures:
    if not isinstance(data, Mapping):
        return NO_PICTURES
    reader = reader or PictureReader(base, source)
    return SeedPictures(
        {
            contract.name: contract.read_pictures(
                {key: data[key] for key in contract.seed_keys if key in data}, reader
            )
            for contract in contracts
        }
    )


@dataclass(frozen=True)
class PictureReader:
    """Reads the lists of pictures in a seed's sections: files relative to `base`, each
    error naming `source` and where in it."""

    base: pathlib.Path
    source: str

    def pictures(
        self, value: Any, where: str, title_key: str, kinds: tuple[str, ...] = ()
    ) -> tuple[Picture, ...]:
        """The pictures listed in `value` (at `where` in the seed, e.g.
        `products[0].images`); each named by its `title_key`, and of one of `kinds` (the
        first by default) when the contract has kinds."""
        return _pictures(value, self.base, f"{self.source}: {where}", title_key, kinds)

    def refuse(self, where: str, problem: str) -> PictureSeedError:
        return PictureSeedError(f"{self.source}: {where}: {problem}")


def entries(data: Any, key: str) -> list[Mapping[str, Any]]:
    """The mappings listed under `key` of `data` (none where it lists none)."""
    value = data.get(key) if isinstance(data, Mapping) else None
    return (
        [entry for entry in value if isinstance(entry, Mapping)] if isinstance(value, list) else []
    )


def _pictures(
    value: Any, base: pathlib.Path, where: str, title_key: str, kinds: tuple[str, ...]
) -> tuple[Picture, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise PictureSeedError(f"{where}: must be a list")
    return tuple(
        _picture(entry, base, f"{where}[{i}]", title_key, kinds) for i, entry in enumerate(value)
    )


def _picture(
    entry: Any, base: pathlib.Path, where: str, title_key: str, kinds: tuple[str, ...]
) -> Picture:
    if not isinstance(entry, Mapping):
        raise PictureSeedError(f"{where}: expected a mapping")
    title = str(entry.get(title_key, ""))
    kind = str(entry.get("type", kinds[0])) if kinds else ""
    if kinds and kind not in kinds:
        raise PictureSeedError(f"{where}: type must be one of {', '.join(kinds)}")
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
    if not _is_colour(colour):
        raise PictureSeedError(f"{where}: {colour!r} is no colour")
    return ("placeholder", str(width), str(height), colour, str(value.get("label", title)))


_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


def _is_colour(colour: str) -> bool:
    """Whether Pillow reads `colour` as one: `#` and hex digits at once, any other form
    (a name, `rgb(...)`, `hsl(...)`) by asking Pillow, imported only then."""
    if _HEX_COLOUR.fullmatch(colour):
        return True
    from PIL import ImageColor

    try:
        ImageColor.getrgb(colour)
    except ValueError:
        return False
    return True
