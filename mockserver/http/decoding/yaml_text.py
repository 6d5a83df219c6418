"""YAML read within bounds, so that no seed file can hold the mock at start.

PyYAML alone reads a file of any size, expands aliases by reference (a 600-byte "billion
laughs" file is a graph a decoder then walks as gigabytes of nodes), and stops deep
nesting or long integers with a traceback or a multi-line message. Here the text is
bounded in bytes, then its events are counted (libyaml's C parser when PyYAML has it)
before anything is built: nodes as aliases expand them, nesting depth, integer digits.
Every refusal is a `BoundedYAMLError` with one line of reason.
"""

from __future__ import annotations

import pathlib
import re
from dataclasses import dataclass
from typing import Any

import yaml

MAX_BYTES = 8 * 1024 * 1024
MAX_NODES = 1_000_000
"""Nodes of the document with every alias expanded (a seed of 10,000 products is ~100,000)."""
MAX_DEPTH = 64
MAX_INTEGER_DIGITS = 64

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# What YAML 1.1's resolver reads as an integer, as far as its digits go (signs, `0x`, `_`).
_INTEGER = re.compile(r"[-+]?(0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|[0-9][0-9_]*)")


class BoundedYAMLError(Exception):
    """A document refused, with one line saying why."""


@dataclass
class _Count:
    nodes: int = 0
    depth: int = 0


def read_text(path: pathlib.Path) -> str:
    """The file's text: UTF-8 and at most `MAX_BYTES` (never more is read)."""
    with path.open("rb") as file:
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise BoundedYAMLError(f"is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BoundedYAMLError(
            f"is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None


def load(text: str) -> Any:
    """The document in `text`, once its events are within the bounds."""
    try:
        _check_events(text)
        return yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as error:
        raise BoundedYAMLError(_one_line(error)) from None
    except yaml.YAMLError as error:
        raise BoundedYAMLError(f"is not valid YAML: {' '.join(str(error).split())}") from None


def _check_events(text: str) -> None:
    count = _Count()
    # Each anchor's size once expanded; an alias counts as that many nodes.
    sizes: dict[str, int] = {}
    open_nodes: list[tuple[str | None, int]] = []
    for event in yaml.parse(text, Loader=_SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent):
            count.nodes += sizes.get(event.anchor or "", 1)
        elif isinstance(event, yaml.ScalarEvent):
            count.nodes += 1
            _check_scalar(event)
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            count.nodes += 1
            open_nodes.append((event.anchor, count.nodes))
            if len(open_nodes) > MAX_DEPTH:
                raise _refusal(event, f"nests deeper than {MAX_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, start = open_nodes.pop()
            if anchor:
                sizes[anchor] = count.nodes - start + 1
        if count.nodes > MAX_NODES:
            raise _refusal(event, f"expands to more than {MAX_NODES:,} nodes (aliases included)")


def _check_scalar(event: yaml.ScalarEvent) -> None:
    plain = event.implicit[0] and not event.style
    if plain and len(event.value) > MAX_INTEGER_DIGITS and _INTEGER.fullmatch(event.value):
        raise _refusal(event, f"holds an integer of more than {MAX_INTEGER_DIGITS} digits")


def _refusal(event: yaml.Event, reason: str) -> BoundedYAMLError:
    mark = event.start_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    return BoundedYAMLError(where + reason)


def _one_line(error: yaml.MarkedYAMLError) -> str:
    mark = error.problem_mark or error.context_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    problem = " ".join(filter(None, (error.context, error.problem)))
    return f"{where}is not valid YAML: {' '.join(problem.split())}"
