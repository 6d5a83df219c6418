"""A request header read straight from an ASGI scope, for layers that run before Starlette
builds a `Request`."""

from __future__ import annotations

from starlette.types import Scope


def header_value(scope: Scope, name: bytes) -> str | None:
    """The first value of the header `name` (lower case), or None."""
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None
