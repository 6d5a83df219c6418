"""The methods a contract document allows on a concrete path, for 405 `Allow` headers.

Connexion registers one route per operation, so the router's own 405 names only the
methods of the first route that matched the path.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from .engine.document_model import base_path

# The order of an `Allow` header, as the vendors that send one write it (`GET, POST`,
# `GET, PATCH, DELETE`, `GET, PUT`, `PUT, DELETE`).
_HTTP_METHODS = ("get", "post", "put", "patch", "delete", "options", "head", "trace")


class AllowedMethods:
    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document

    @functools.cached_property
    def _templates(self) -> list[tuple[re.Pattern[str], list[str]]]:
        """Compiled when first asked, not at start."""
        base = base_path(self._document)
        return [
            (
                re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(base + path)) + "$"),
                [m.upper() for m in _HTTP_METHODS if m in item],
            )
            for path, item in self._document.get("paths", {}).items()
        ]

    def for_path(self, path: str) -> list[str]:
        for pattern, methods in self._templates:
            if pattern.match(path):
                return methods
        return []
