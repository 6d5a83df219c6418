"""The client the suite talks to a target through, the same for every contract.

It adds the contract's credentials to every request, lets the contract refuse writes the run
must not make (outside the given product, to things the run did not create), paces itself
from the RateLimit-* headers, waits out throttled answers instead of failing, and records
every exchange (for openapi-core validation, the reply rules and curl reproduction).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from .curl import shell_command
from .reply import Reply

# Requests kept back from a window so that other callers sharing the credential are not starved.
RESERVE_REQUESTS = 1
MAX_RATE_LIMIT_WAITS = 5
LONGEST_WAIT_SECONDS = 120.0
# Headers that describe the transport, not the request, left out of curl commands.
TRANSPORT_HEADERS = frozenset({"content-length", "host", "accept-encoding", "connection"})


class WriteRefused(Exception):
    """A request that would change something the suite must treat as read-only."""

    def __init__(self, method: str, path: str, reason: str) -> None:
        super().__init__(method, path, reason)
        self.method, self.path, self.reason = method, path, reason

    def __str__(self) -> str:
        return f"refused {self.method} {self.path}: {self.reason}"


HTTP_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def written_path(request: httpx.Request, paths: re.Pattern[str]) -> re.Match[str] | None:
    """For a write (an HTTP method that changes state), its path matched against the
    contract's `paths`; None for a read. A write to any other path is refused."""
    method, path = request.method, request.url.path
    if method not in HTTP_WRITE_METHODS:
        return None
    match = paths.match(path)
    if match is None:
        raise WriteRefused(method, path, "not an images path of the contract")
    return match


class TargetPolicy(Protocol):
    """What a contract tells the client: how to authenticate, what it may write, what it
    created, and when an answer means "come back later"."""

    @property
    def credential_headers(self) -> Mapping[str, str]:
        """Headers every request carries (empty when the credential is in the path or body)."""
        ...

    @property
    def secrets(self) -> Mapping[str, str]:
        """Secret text → the shell variable a curl command shows instead."""
        ...

    def guard(self, request: httpx.Request) -> None:
        """Raise `WriteRefused` for a request the run must not send."""
        ...

    def learn(self, request: httpx.Request, response: httpx.Response) -> None:
        """Note what the answered request created or deleted."""
        ...

    def retry_after(self, response: httpx.Response) -> float | None:
        """Seconds to wait before sending a throttled request again; None when not throttled."""
        ...


# The request line or headers were too long for the HTTP server in front of the API (gunicorn,
# a proxy): it refused them before the API saw the request, so the answer is the front end's.
FRONT_END_REFUSALS = frozenset({414, 431})


def refused_before_the_api(status: int) -> bool:
    return status in FRONT_END_REFUSALS


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
    secrets: Mapping[str, str] = field(default_factory=dict)
    reply: Reply = field(init=False)

    def __post_init__(self) -> None:
        accept = next((v for k, v in self.request_headers.items() if k.lower() == "accept"), None)
        self.reply = Reply.of(self.status, self.response_headers, self.content, accept)

    @property
    def path(self) -> str:
        return httpx.URL(self.url).path

    def curl(self) -> str:
        """A shell command that sends the same request again (secrets left as variables)."""
        arguments = ["curl", "-i", "-X", self.method, self.url]
        for name, value in self.request_headers.items():
            lowered = name.lower()
            if lowered == "content-type" and self.curl_form_fields:
                continue
            if lowered not in TRANSPORT_HEADERS:
                arguments += ["-H", f"{name}: {value}"]
        if self.curl_form_fields:
            arguments += [part for spec in self.curl_form_fields for part in ("-F", spec)]
        elif self.request_body:
            arguments += ["--data-binary", self.request_body.decode("utf-8", "backslashreplace")]
        return shell_command(arguments, self.secrets)


class TargetClient:
    """Sends the suite's requests to one target; see the module docstring."""

    def __init__(
        self,
        http: httpx.Client,
        policy: TargetPolicy,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.http = http
        self.policy = policy
        self.sleep = sleep
        self.exchanges: list[Exchange] = []
        self.waited_seconds = 0.0
        self.layer = "setup"

    @property
    def base_url(self) -> str:
        return str(self.http.base_url)

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
        """Send one request (again after a throttled answer's wait) and record every answer."""
        all_headers = dict(self.policy.credential_headers) if authenticate else {}
        all_headers.update(headers or {})
        request = self.http.build_request(method.upper(), url, headers=all_headers, **kwargs)
        self.policy.guard(request)
        for attempt in range(MAX_RATE_LIMIT_WAITS + 1):
            response = self.http.send(request)
            response.read()
            self._record(response, curl_form_fields or [])
            wait = self.policy.retry_after(response)
            if wait is None or attempt == MAX_RATE_LIMIT_WAITS:
                break
            self._wait(wait)
            request = self.http.build_request(method.upper(), url, headers=all_headers, **kwargs)
        self.policy.learn(request, response)
        self._pace(response)
        return response

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
                secrets=self.policy.secrets,
            )
        )

    def _pace(self, response: httpx.Response) -> None:
        remaining = seconds_in(response.headers.get("RateLimit-Remaining"), default=None)
        if remaining is not None and remaining <= RESERVE_REQUESTS:
            self._wait(seconds_in(response.headers.get("RateLimit-Reset"), default=1.0) or 1.0)

    def _wait(self, seconds: float | None) -> None:
        seconds = min(max(seconds or 0.0, 0.0), LONGEST_WAIT_SECONDS)
        self.waited_seconds += seconds
        self.sleep(seconds)


def seconds_in(text: str | None, default: float | None) -> float | None:
    """A header's number of seconds, `default` when it is absent or not a number."""
    try:
        return float(text) if text is not None else default
    except ValueError:
        return default


def json_member(response: httpx.Response, name: str) -> object:
    """A member of the JSON object the response carries; None if there is no such thing."""
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get(name) if isinstance(body, dict) else None
