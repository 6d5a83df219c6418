"""The client the suite talks to a target through.

It authenticates every request, paces itself from the RateLimit-* headers (and waits out a
429's Retry-After instead of failing), refuses writes outside the product it was given or
to images it did not create, records every exchange (for openapi-core validation, the reply
rules and curl reproduction) and deletes what it created when asked to clean up.
"""

from __future__ import annotations

import re
import shlex
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import shortuuid

from .contract import ProductScope
from .rules import Reply

IMAGES_PATH = re.compile(
    r"^/dashboard/api/v1/trade-items/(?P<organization>[^/]+)/(?P<gtin>[^/]+)/images(?:/(?P<image>[^/]+))?/?$"
)
ORGANIZATION_ID = re.compile(r"^[23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz]{22}$")
GTIN = re.compile(r"^\d{8,14}$")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
API_KEY_PLACEHOLDER = "$CONFORMANCE_API_KEY"
# Requests kept back from a window so that other callers sharing the key are not starved.
RESERVE_REQUESTS = 1
MAX_RATE_LIMIT_WAITS = 5
LONGEST_WAIT_SECONDS = 120.0


class WriteRefused(Exception):
    """A request that would change something the suite must treat as read-only."""

    def __init__(self, method: str, path: str, reason: str) -> None:
        super().__init__(method, path, reason)
        self.method, self.path, self.reason = method, path, reason

    def __str__(self) -> str:
        return f"refused {self.method} {self.path}: {self.reason}"


@dataclass(frozen=True)
class Credentials:
    api_key: str


@dataclass
class Exchange:
    """One request the suite sent and the answer it got."""

    layer: str
    method: str
    url: str
    request_headers: dict[str, str]
    request_body: bytes
    status: int
    response_headers: dict[str, str]
    content: bytes
    curl_form_fields: list[str] = field(default_factory=list)
    reply: Reply = field(init=False)

    def __post_init__(self) -> None:
        self.reply = Reply.of(self.status, self.response_headers, self.content)

    @property
    def path(self) -> str:
        return httpx.URL(self.url).path

    def curl(self) -> str:
        """A shell command that sends the same request again (the API key left as a variable)."""
        parts = ["curl", "-i", "-X", self.method, shlex.quote(self.url)]
        for name, value in self.request_headers.items():
            lowered = name.lower()
            if lowered == "x-api-key":
                parts += ["-H", f'"X-API-Key: {API_KEY_PLACEHOLDER}"']
            elif lowered in {"content-type", "x-api-key"} and self.curl_form_fields:
                continue
            elif lowered not in {"content-length", "host", "accept-encoding", "connection"}:
                parts += ["-H", shlex.quote(f"{name}: {value}")]
        if self.curl_form_fields:
            parts += [part for spec in self.curl_form_fields for part in ("-F", shlex.quote(spec))]
        elif self.request_body:
            body = self.request_body.decode("utf-8", errors="backslashreplace")
            parts += ["--data-binary", shlex.quote(body)]
        return " ".join(parts)


def operation_label(method: str, path: str) -> str | None:
    """The contract operation a request was for, as Schemathesis labels it; None for
    requests outside the contract (image files)."""
    match = IMAGES_PATH.match(path)
    if match is None:
        return None
    template = "/dashboard/api/v1/trade-items/{organization_id}/{gtin}/images"
    return f"{method} {template}" + ("/{image_id}" if match["image"] else "")


def normalized_gtin(gtin: str) -> str:
    return gtin.zfill(14)


def short_image_id(text: str) -> str:
    """The 22-character form of an image id given in either of the contract's forms."""
    try:
        return str(shortuuid.encode(uuid.UUID(text)))
    except ValueError:
        return text


class TargetClient:
    """Sends the suite's requests to one target; see the module docstring."""

    def __init__(
        self,
        http: httpx.Client,
        credentials: Credentials,
        scope: ProductScope,
        *,
        other_gtin: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.http = http
        self.credentials = credentials
        self.scope = scope
        self.other_gtin = other_gtin
        self.sleep = sleep
        self.exchanges: list[Exchange] = []
        self.created: dict[str, str] = {}
        """Images this run uploaded and has not deleted: id → GTIN of their product."""
        self.read_only: set[str] = set()
        self.keeps_foreign_primary = False
        """The product had a primary image before the run: no upload may demote it."""
        self.waited_seconds = 0.0
        self.layer = "setup"

    def images_path(self, gtin: str | None = None, image_id: str | None = None) -> str:
        product = f"{self.scope.organization}/{gtin or self.scope.gtin}"
        path = f"/dashboard/api/v1/trade-items/{product}/images"
        return f"{path}/{image_id}" if image_id is not None else path

    def send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        curl_form_fields: list[str] | None = None,
        authenticate: bool = True,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send one request (again after a 429's Retry-After) and record every answer."""
        method = method.upper()
        self.guard(method, httpx.URL(url).path)
        all_headers = {**({"X-API-Key": self.credentials.api_key} if authenticate else {})}
        all_headers.update(headers or {})
        for attempt in range(MAX_RATE_LIMIT_WAITS + 1):
            response = self.http.request(method, url, headers=all_headers, **kwargs)
            self._record(response, curl_form_fields or [])
            if response.status_code != 429 or attempt == MAX_RATE_LIMIT_WAITS:
                break
            self._wait(_seconds(response.headers.get("Retry-After"), default=1.0))
        self._learn(method, response)
        self._pace(response)
        return response

    def guard(self, method: str, path: str) -> None:
        """Refuse a write that could touch another product or an image this run did not make."""
        if method not in WRITE_METHODS:
            return
        match = IMAGES_PATH.match(path)
        if match is None:
            raise WriteRefused(method, path, "not an images path of the contract")
        organization, gtin, image = match["organization"], match["gtin"], match["image"]
        could_exist = ORGANIZATION_ID.match(organization) and GTIN.match(gtin)
        allowed = {normalized_gtin(g) for g in (self.scope.gtin, self.other_gtin) if g}
        if could_exist and (
            organization != self.scope.organization or normalized_gtin(gtin) not in allowed
        ):
            raise WriteRefused(method, path, "another product than the one given")
        if image is not None and short_image_id(image) in self.read_only:
            raise WriteRefused(method, path, "an image this run did not create")

    def cleanup(self) -> list[str]:
        """Delete every image this run created; the ids that could not be deleted."""
        left: list[str] = []
        for image_id, gtin in list(self.created.items()):
            response = self.send("DELETE", self.images_path(gtin, image_id))
            if response.status_code in (204, 404):
                self.created.pop(image_id, None)
            else:
                left.append(image_id)
        return left

    def _record(self, response: httpx.Response, curl_form_fields: list[str]) -> None:
        request = response.request
        request.read()
        self.exchanges.append(
            Exchange(
                layer=self.layer,
                method=request.method,
                url=str(request.url),
                request_headers=dict(request.headers),
                request_body=request.content if not curl_form_fields else b"",
                status=response.status_code,
                response_headers=dict(response.headers),
                content=response.content,
                curl_form_fields=curl_form_fields,
            )
        )

    def _learn(self, method: str, response: httpx.Response) -> None:
        """Track what this run created; any success of an upload counts (a server that
        answers 200 instead of 201 has still stored the image)."""
        match = IMAGES_PATH.match(response.request.url.path)
        if match is None or not response.is_success:
            return
        gtin = normalized_gtin(match["gtin"])
        if method == "POST" and match["image"] is None:
            image_id = _json_field(response, "id")
            if isinstance(image_id, str):
                self.created[image_id] = gtin
        elif method == "DELETE" and match["image"]:
            image_id = short_image_id(match["image"])
            # A delete through another product's path must not have deleted it.
            if self.created.get(image_id) == gtin:
                del self.created[image_id]

    def _pace(self, response: httpx.Response) -> None:
        remaining = _seconds(response.headers.get("RateLimit-Remaining"), default=None)
        if remaining is not None and remaining <= RESERVE_REQUESTS:
            self._wait(_seconds(response.headers.get("RateLimit-Reset"), default=1.0) or 1.0)

    def _wait(self, seconds: float | None) -> None:
        seconds = min(max(seconds or 0.0, 0.0), LONGEST_WAIT_SECONDS)
        self.waited_seconds += seconds
        self.sleep(seconds)


def _seconds(text: str | None, default: float | None) -> float | None:
    try:
        return float(text) if text is not None else default
    except ValueError:
        return default


def _json_field(response: httpx.Response, name: str) -> object:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get(name) if isinstance(body, dict) else None
