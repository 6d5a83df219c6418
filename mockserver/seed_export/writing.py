"""Writes an exported seed and its pictures whole or not at all: everything is laid out in
memory and measured first (past `--max-bytes`, nothing is written), checked as the mock
would read it, then written beside the target and moved into place."""

from __future__ import annotations

import os
import pathlib
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

from ..seed import SeedError, parse_seed
from .deployment import ByteBudget, ExportRefused
from .section import ExportedSection, PictureFile

HEADER = (
    "# Exported by `mockserver seed export`: what the deployment showed through its public\n"
    "# API, with credentials of the seed's own (the source's are never written).\n"
)


def pictures_folder(out: pathlib.Path) -> pathlib.Path:
    """Where the pictures of the seed at `out` go: beside it, named for it."""
    return out.with_name(f"{out.stem}-pictures")


def write_seed(sections: Iterable[ExportedSection], out: pathlib.Path, max_bytes: int) -> int:
    """Write the seed at `out` and its pictures beside it; the bytes written."""
    folder = pictures_folder(out)
    files: dict[str, bytes] = {}
    data: dict[str, Any] = {}
    for section in sections:
        data.update(_with_paths(section.data, folder.name, files))
    text = HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    total = len(text.encode()) + sum(map(len, files.values()))
    ByteBudget(max_bytes).take(total)
    try:
        parse_seed(yaml.safe_load(text), str(out))
    except SeedError as error:
        raise ExportRefused(
            f"the deployment's data makes no seed the mock loads: {error}"
        ) from None
    _write_whole(out, folder, text, files)
    return total


def _with_paths(value: Any, folder: str, files: dict[str, bytes]) -> Any:
    """`value` with each `PictureFile` replaced by the path it is written to."""
    if isinstance(value, PictureFile):
        path = f"{folder}/{len(files) + 1:04d}{value.suffix}"
        files[path] = value.content
        return path
    if isinstance(value, Mapping):
        return {key: _with_paths(item, folder, files) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_with_paths(item, folder, files) for item in value]
    return value


def _write_whole(
    out: pathlib.Path, folder: pathlib.Path, text: str, files: Mapping[str, bytes]
) -> None:
    """Everything written into a fresh folder beside `out` first, then moved into place:
    a failure on the way leaves the earlier export, if any, as it was."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = pathlib.Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for relative, content in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        (staging / folder.name).mkdir(exist_ok=True)
        (staging / out.name).write_text(text, encoding="utf-8")
        old = staging / "replaced"
        if folder.exists():
            folder.rename(old)
        os.replace(staging / folder.name, folder)
        os.replace(staging / out.name, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
