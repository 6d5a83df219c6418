"""Which operation of a contract's document a request is for, before it is routed, and the
statuses that operation declares."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..http.engine.document_model import base_path

_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_PARAMETER = re.compile(r"\\\{[^/}]+\\\}")


@dataclass(frozen=True)
class Operation:
    operation_id: str
    declared: frozenset[int]

    @property
    def declares_errors(self) -> bool:
        return any(status >= 400 for status in self.declared)


class OperationIndex:
    """A document's operations, found by a request's method and path as the document spells
    them (a contract that accepts other spellings gives its call's canonical form first)."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        prefix = re.escape(base_path(document))
        self._routes: list[tuple[str, re.Pattern[str], Operation]] = []
        for template, item in (document.get("paths") or {}).items():
            pattern = re.compile(prefix + _PARAMETER.sub("[^/]+", re.escape(template)))
            for method in _METHODS:
                operation = item.get(method) if isinstance(item, Mapping) else None
                if not isinstance(operation, Mapping) or "operationId" not in operation:
                    continue
                declared = frozenset(
                    int(status)
                    for status in (operation.get("responses") or {})
                    if str(status).isdigit()
                )
                self._routes.append(
                    (method.upper(), pattern, Operation(str(operation["operationId"]), declared))
                )

    def find(self, method: str, path: str) -> Operation | None:
        for route_method, pattern, operation in self._routes:
            if pattern.fullmatch(path) and (
                route_method == method or (method == "HEAD" and route_method == "GET")
            ):
                return operation
        return None
