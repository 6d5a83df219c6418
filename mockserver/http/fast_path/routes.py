"""The contract's routes, matched as Connexion's Starlette router matches them.

Connexion mounts the API at the document's base path and adds one Starlette route per
(path, method) in document order; the first route whose path and method both match takes
the request, and a GET route also takes HEAD. The table below holds the same compiled path
patterns in the same order, every operation included, so the route that would take a
request is known here too. Only requests that route's own operation is compiled for are
the fast path's; any other outcome (no route, another method, HEAD, an operation left to
Connexion) is not.

Every path parameter is matched here as a string segment (`[^/]+`). The fast path compiles
only operations whose path parameters are strings, so their patterns are Connexion's own;
an operation left to Connexion may have a narrower pattern there (an integer segment), and
matching it more widely here can only hand a request over, never take one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from starlette.routing import compile_path

from ..connexion_internals import starlettify_path

T = TypeVar("T")


@dataclass(frozen=True)
class Route(Generic[T]):
    method: str
    methods: frozenset[str]
    """Every method Starlette lets this route take (HEAD along with GET)."""
    pattern: re.Pattern[str]
    operation: T | None
    """None for an operation the fast path leaves to Connexion."""


def route(base_path: str, path: str, method: str, operation: T | None) -> Route[T]:
    """The route Connexion registers for `method` on `path`, under the API's base path."""
    pattern, _, _ = compile_path(base_path + starlettify_path(path))
    method = method.upper()
    methods = {method, "HEAD"} if method == "GET" else {method}
    return Route(method, frozenset(methods), pattern, operation)


class RouteTable(Generic[T]):
    def __init__(self, routes: Sequence[Route[T]]) -> None:
        self.routes = tuple(routes)

    def match(self, method: str, path: str) -> tuple[T, dict[str, Any]] | None:
        """The operation and path parameters of the route that takes the request, when that
        route is the fast path's and the request's method is its operation's."""
        for candidate in self.routes:
            found = candidate.pattern.match(path)
            if found is None or method not in candidate.methods:
                continue
            if candidate.operation is None or method != candidate.method:
                return None
            return candidate.operation, found.groupdict()
        return None
