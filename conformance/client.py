"""The client the suite talks to a target through, the same for every contract.

It adds the contract's credentials to every request, lets the contract refuse writes the run
must not make (outside the given product, to things the run did not create), paces itself
from the RateLimit-* headers, waits out throttled answers instead of failing, and records
every exchange (for openapi-core validation, the reply rules and curl reproduction).
"""

from __future__ import annotations

import pathlib
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from .curl import curl_command
from .findings import ContractViolation
from .reply import Reply

# Requests kept back from a window so that other callers sharing the credential are not starved.
RESERVE_REQUESTS = 1
MAX_RATE_LIMIT_WAITS = 5
LONGEST_WAIT_SECONDS = 120.0
# Headers that describe the transport, not the request, left out of curl commands.
TRANSPORT_HEADERS = frozenset({"content-length", "host", "accept-encoding", "connection"})
# Answers a deployment's gateway gives while the target is briefly away: asked again this often.
GATEWAY_STATUSES = frozenset({502, 503, 504})
GATEWAY_RETRIES = 2


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

    def learn(self, request: httpx.Request, response: httpx.Response | None) -> list[Broken]:
        """Note what the request created or deleted (`response` None: no answer came, so it
        may have created what it named); the rules the answer broke on the way."""
        ...

    def retry_after(self, response: httpx.Response) -> float | None:
        """Seconds to wait before sending a throttled request again; None when not throttled."""
        ...


@dataclass(frozen=True)
class Broken:
    """A rule an answer broke, noticed by the client's policy rather than by a layer."""

    rule: str
    message: str


class NoAnswer(Exception):
    """The target dropped the connection or did not answer in time."""

    def __init__(self, method: str, path: str, curl: str, error: httpx.TransportError) -> None:
        super().__init__(method, path, error)
        self.method, self.path, self.curl = method, path, curl
        self.error = error

    def __str__(self) -> str:
        return f"no answer to {self.method} {self.path}: {type(self.error).__name__} {self.error}"


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
    secrets: Mapping[str, str] = field(default_factory=dict)
    artifacts: pathlib.Path | None = None
    """Where bodies a command cannot spell out are written for `--data-binary @file`."""
    by_front_end: bool = False
    """The answer came from the deployment's front end, not the target: judged by no rule."""
    reply: Reply = field(init=False)

    def __post_init__(self) -> None:
        accept = next((v for k, v in self.request_headers.items() if k.lower() == "accept"), None)
        self.reply = Reply.of(self.status, self.response_headers, self.content, accept)

    @property
    def path(self) -> str:
        return httpx.URL(self.url).path

    def curl(self, variables: Mapping[str, str] | None = None, output: str | None = None) -> str:
        """A shell command that sends the same request again (secrets left as variables, and
        any text of `variables` too); with `output`, the answer's body goes to that file."""
        return request_curl(
            self.method,
            self.url,
            self.request_headers,
            self.request_body,
            {**self.secrets, **(variables or {})},
            self.artifacts,
            output,
        )


def request_curl(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    secrets: Mapping[str, str],
    artifacts: pathlib.Path | None,
    output: str | None = None,
) -> str:
    sent = [
        (name, value) for name, value in headers.items() if name.lower() not in TRANSPORT_HEADERS
    ]
    return curl_command(method, url, sent, body, secrets, artifacts, output)


class TargetClient:
    """Sends the suite's requests to one target; see the module docstring."""

    def __init__(
        self,
        http: httpx.Client,
        policy: TargetPolicy,
        *,
        sleep: Callable[[float], None] = time.sleep,
        artifacts: pathlib.Path | None = None,
        front_end: Callable[[str, str, int], bool] = lambda method, path, status: False,
    ) -> None:
        """`front_end(method, path, status)` tells an answer of the deployment's front end."""
        self.http = http
        self.front_end = front_end
        self.policy = policy
        self.sleep = sleep
        self.artifacts = artifacts
        self.exchanges: list[Exchange] = []
        self.noticed: list[tuple[str, ContractViolation]] = []
        """Rules the policy saw broken while learning from answers, by layer."""
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
        authenticate: bool = True,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send one request (again after a throttled answer's wait, or a gateway's) and
        record every answer; `NoAnswer` when the target gives none."""
        all_headers = dict(self.policy.credential_headers) if authenticate else {}
        all_headers.update(headers or {})
        request = self.http.build_request(method.upper(), url, headers=all_headers, **kwargs)
        self.policy.guard(request)
        gateway_retries = 0
        for attempt in range(MAX_RATE_LIMIT_WAITS + 1):
            response = self._answer(request)
            self._record(response)
            wait = self.policy.retry_after(response)
            gateway = response.status_code in GATEWAY_STATUSES
            if wait is None and gateway and gateway_retries < GATEWAY_RETRIES:
                gateway_retries += 1
                wait = seconds_in(response.headers.get("Retry-After"), default=1.0)
            if wait is None or attempt == MAX_RATE_LIMIT_WAITS:
                break
            self._wait(wait)
            request = self.http.build_request(method.upper(), url, headers=all_headers, **kwargs)
        self._learn(request, response)
        self._pace(response)
        return response

    def _answer(self, request: httpx.Request) -> httpx.Response:
        try:
            response = self.http.send(request)
            response.read()
        except httpx.TransportError as error:
            self._learn(request, None)
            request.read()
            curl = request_curl(
                request.method,
                str(request.url),
                dict(request.headers),
                request.content,
                self.policy.secrets,
                self.artifacts,
            )
            raise NoAnswer(request.method, request.url.path, curl, error) from error
        return response

    def _learn(self, request: httpx.Request, response: httpx.Response | None) -> None:
        for broken in self.policy.learn(request, response):
            last = self.exchanges[-1] if response is not None else None
            self.noticed.append(
                (
                    self.layer,
                    ContractViolation(
                        broken.rule,
                        broken.message,
                        f"{request.method} {request.url.path}",
                        last.curl() if last is not None else "",
                    ),
                )
            )

    def _record(self, response: httpx.Response) -> None:
        request = response.request
        request.read()
        self.exchanges.append(
            Exchange(
                layer=self.layer,
                method=request.method,
                url=str(request.url),
                request_headers=dict(request.headers),
                request_body=request.content,
                status=response.status_code,
                response_headers=dict(response.headers),
                content=response.content,
                secrets=self.policy.secrets,
                artifacts=self.artifacts,
                by_front_end=self.front_end(request.method, request.url.path, response.status_code),
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
