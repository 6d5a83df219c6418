"""Glance's shipped metadata definitions (`glance_metadefs/`), read for a seed that asks for
them: each file a namespace with its resource type associations, properties, objects and
tags, in the form `glance-manage db_load_metadefs` reads."""

from __future__ import annotations

import functools
import json
import pathlib
from typing import Any

HERE = pathlib.Path(__file__).parent / "glance_metadefs"


@functools.cache
def shipped_definitions() -> tuple[dict[str, Any], ...]:
    """The definitions, in file-name order (Glance loads them in its folder's order)."""
    return tuple(
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(HERE.glob("*.json"))
    )
