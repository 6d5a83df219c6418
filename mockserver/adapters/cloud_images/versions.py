"""Glance's version document: the API versions the server speaks, at `/` and `/versions`.

Clients such as openstacksdk and the `openstack` CLI read it first to find the Images API;
Glance answers it before any token is checked, with 300 Multiple Choices at the root and
200 at `/versions`. The list is what Glance 33 answers with several stores enabled and no
image cache, its own deployment defaults here.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Scope

# In Glance 33's order: 2.15, the multi-store versions, the current one, then the rest.
VERSIONS = (
    ("2.15", "SUPPORTED"),
    ("2.13", "SUPPORTED"),
    ("2.12", "SUPPORTED"),
    ("2.11", "SUPPORTED"),
    ("2.10", "SUPPORTED"),
    ("2.9", "SUPPORTED"),
    ("2.8", "SUPPORTED"),
    ("2.17", "CURRENT"),
    ("2.7", "SUPPORTED"),
    ("2.6", "SUPPORTED"),
    ("2.5", "SUPPORTED"),
    ("2.4", "SUPPORTED"),
    ("2.3", "SUPPORTED"),
    ("2.2", "SUPPORTED"),
    ("2.1", "SUPPORTED"),
    ("2.0", "SUPPORTED"),
)
VERSION_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def version_document(base_url: str) -> bytes:
    href = base_url.rstrip("/") + "/v2/"
    versions = [
        {"id": f"v{number}", "status": status, "links": [{"rel": "self", "href": href}]}
        for number, status in VERSIONS
    ]
    return json.dumps({"versions": versions}).encode()


def version_routes(base_url: Callable[[Scope], str]) -> list[Route]:
    """The version document, at the root (300) and at `/versions` (200), for any method;
    `OPTIONS` at the root is 200 with an empty body, at `/versions` 200 with the document,
    as Glance answers them."""

    def answer(status: int) -> Callable[[Request], object]:
        async def endpoint(request: Request) -> Response:
            if request.method == "OPTIONS" and status != 200:
                return Response(status_code=200)
            body = version_document(base_url(request.scope))
            return Response(body, status_code=status, media_type="application/json")

        return endpoint

    return [
        Route("/", answer(300), methods=VERSION_METHODS),
        Route("/versions", answer(200), methods=VERSION_METHODS),
    ]
