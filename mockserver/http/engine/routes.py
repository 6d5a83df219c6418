"""The contract's routes, matched as Connexion's Starlette router matches them.

Connexion mounts the API at the document's base path and adds one Starlette route per
(path, method) in document order; the first route whose path and method both match takes
the request, and a GET route also takes HEAD. The table below holds the same compiled path
patterns in the same order, every operation included, so the route that takes a request
is known here: its operation and path parameters, the redirect the router answers when
only the path with or without its trailing slash has a route, or the refusal it would
raise (404 for no path, 405 for a path of other methods).

A path parameter is matched as Connexion's converters match it: an integer as an optional
sign and digits, any other as a segment (`[^/]+`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from starlette.exceptions import HTTPException

T = TypeVar("T")


@dataclass(frozen=True)
class Route(Generic[T]):
    method: str
    methods: frozenset[str]
    """Every method Starlette lets this route take (HEAD along with GET)."""
    pattern: re.Pattern[str]
    operation: T


_TEMPLATED = re.compile(r"\{([^}]+)\}")
_INTEGER = r"[+-]?[0-9]+"
_SEGMENT = r"[^/]+"


def route(
    base_path: str,
    path: str,
    method: str,
    operation: T,
    integers: Collection[str] = (),
) -> Route[T]:
    """The route Connexion registers for `method` on `path`, under the API's base path, its
    `integers` path parameters matched as integers."""
    template = base_path + path
    parts, last = [], 0
    for found in _TEMPLATED.finditer(template):
        name = found.group(1)
        parts.append(re.escape(template[last : found.start()]))
        group = name.replace("-", "_")
        parts.append(f"(?P<{group}>{_INTEGER if name in integers else _SEGMENT})")
        last = found.end()
    parts.append(re.escape(template[last:]))
    pattern = re.compile("^" + "".join(parts) + "$")
    method = method.upper()
    methods = {method, "HEAD"} if method == "GET" else {method}
    return Route(method, frozenset(methods), pattern, operation)


class RouteTable(Generic[T]):
    def __init__(self, routes: Sequence[Route[T]]) -> None:
        self.routes = tuple(routes)

    def match(self, method: str, path: str) -> tuple[Route[T], dict[str, Any]]:
        """The route that takes the request and its path parameters; `SlashRedirect` or
        the router's `HTTPException` (404, 405) when none does."""
        allowed = False
        if "\n" not in path:  # the API mount's `.*` stops at a newline
            for candidate in self.routes:
                found = candidate.pattern.match(path)
                if found is None:
                    continue
                if method in candidate.methods:
                    return candidate, found.groupdict()
                allowed = True
            if not allowed and path != "/":
                other = path.rstrip("/") if path.endswith("/") else path + "/"
                if any(candidate.pattern.match(other) for candidate in self.routes):
                    raise SlashRedirect(other)
        raise HTTPException(status_code=405 if allowed else 404)


class SlashRedirect(Exception):
    """Only the path with (or without) its trailing slash has a route: Starlette's router
    redirects there (307)."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path
