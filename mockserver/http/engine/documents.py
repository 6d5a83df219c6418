"""The contract's document, served as JSON and YAML under its docs prefix.

Swagger UI (and any client) reads `/__docs/NAME/openapi.json` or `.yaml`, also under the
API's base path. The document is served with its references resolved (Swagger UI's "Try
it out" fills in a parameter's example only where the parameter is written out in the
operation) and its servers set to the API's base path, so that the UI's calls go to the
mock that served it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import yaml
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

_FILES = {"/openapi.json": "json", "/openapi.yaml": "yaml"}


class ServedDocument:
    def __init__(self, docs_prefix: str, base_path: str, resolved: Mapping[str, Any]) -> None:
        self.prefixes = (docs_prefix, base_path + docs_prefix) if base_path else (docs_prefix,)
        served = dict(resolved)
        served["servers"] = [{"url": base_path}]
        self.document = served
        self._answers: dict[str, Response] = {}

    def exempts(self, path: str) -> bool:
        """Whether the path is under the docs prefix, which no rate limit counts."""
        return path.startswith(self.prefixes)

    def wants(self, path: str, method: str) -> bool:
        """Whether the request is for the document (any other path under the docs prefix
        is routed as an API path, and is not found)."""
        return method in ("GET", "HEAD") and self._file(path) is not None

    def _file(self, path: str) -> str | None:
        for prefix in self.prefixes:
            if path.startswith(prefix):
                return _FILES.get(path[len(prefix) :])
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = self._file(scope["path"]) or "json"
        if kind not in self._answers:  # written once, on first request
            self._answers[kind] = self._answer(kind)
        await self._answers[kind](scope, receive, send)

    def _answer(self, kind: str) -> Response:
        if kind == "yaml":
            text = yaml.dump(self.document, allow_unicode=True, Dumper=_NoAliases)
            return Response(text, media_type="text/yaml")
        return Response(json.dumps(self.document, default=str), media_type="application/json")


class _NoAliases(yaml.SafeDumper):
    """Writes a part used twice in full each time, as the document spelled it, instead of
    as a YAML anchor and alias."""

    def ignore_aliases(self, data: Any) -> bool:
        return True
