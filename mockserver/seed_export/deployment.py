"""A deployment read over HTTP through its public API, within a budget of bytes: the
standard library's client (the mock runs on its own dependencies), answers read no
further than the budget allows, credentials sent to the deployment's own origin only."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.client import HTTPMessage
from typing import IO, Any

READ_CHUNK = 64 * 1024
MAX_ANSWER_BYTES = 16 * 1024 * 1024
"""An API answer (a list, an image's fields) read at most; pictures count against the
export's own budget instead."""
REQUEST_TIMEOUT_SECONDS = 30.0


class ExportRefused(Exception):
    """The export cannot be made: the message says why and what to do."""


@dataclass
class ByteBudget:
    """The bytes an export may read and write at most (`--max-bytes`)."""

    limit: int
    used: int = 0

    def take(self, count: int) -> None:
        self.used += count
        if self.used > self.limit:
            raise ExportRefused(
                f"the seed would take more than {self.limit} bytes (--max-bytes); nothing "
                "was written: raise --max-bytes, or export fewer products"
            )

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None


@dataclass
class Deployment:
    """The deployment at `base_url`, read with `headers` (its credentials) on every request
    to its own origin; every answer's bytes are taken from `budget`."""

    base_url: str
    budget: ByteBudget
    headers: Mapping[str, str] = field(default_factory=dict)
    timeout: float = REQUEST_TIMEOUT_SECONDS

    def get(self, path: str, query: Mapping[str, str] | None = None) -> Answer:
        return self._send("GET", self.url(path, query), None, {}, _AnswerLimit())

    def post_json(self, path: str, body: Mapping[str, Any]) -> Answer:
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        return self._send("POST", self.url(path), data, headers, _AnswerLimit())

    def picture(self, path_or_url: str) -> Answer:
        """A picture's bytes, counted against the budget: a path under the deployment's base
        URL, or an absolute link its API gave; credentials go only to the deployment's own
        origin."""
        absolute = urllib.parse.urlsplit(path_or_url).scheme in ("http", "https")
        url = path_or_url if absolute else self.url(path_or_url)
        return self._send("GET", url, None, {}, self.budget)

    def url(self, path: str, query: Mapping[str, str] | None = None) -> str:
        text = self.base_url.rstrip("/") + path
        return f"{text}?{urllib.parse.urlencode(query)}" if query else text

    def _send(
        self,
        method: str,
        url: str,
        data: bytes | None,
        extra: Mapping[str, str],
        budget: ByteBudget,
    ) -> Answer:
        headers = {**(self.headers if self._own(url) else {}), **extra}
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        opener = urllib.request.build_opener(_CredentialsStayHome(self._own, self.headers))
        try:
            with opener.open(request, timeout=self.timeout) as response:
                return Answer(response.status, dict(response.headers), _read(response, budget))
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, dict(error.headers), _read(error, budget))
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ExportRefused(f"no answer from {method} {_shown(url)}: {reason}") from None

    def _own(self, url: str) -> bool:
        ours, theirs = urllib.parse.urlsplit(self.base_url), urllib.parse.urlsplit(url)
        return (ours.scheme, ours.netloc) == (theirs.scheme, theirs.netloc)


class _CredentialsStayHome(urllib.request.HTTPRedirectHandler):
    """Follows redirects, without the credentials to any other origin than the
    deployment's (a picture's link may lead to a CDN)."""

    def __init__(self, own: Callable[[str], bool], credentials: Mapping[str, str]) -> None:
        self.own, self.credentials = own, credentials

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        following = super().redirect_request(req, fp, code, msg, headers, newurl)
        if following is not None and not self.own(newurl):
            for name in self.credentials:
                following.remove_header(name.capitalize())
        return following


class _AnswerLimit(ByteBudget):
    def __init__(self) -> None:
        super().__init__(MAX_ANSWER_BYTES)

    def take(self, count: int) -> None:
        self.used += count
        if self.used > self.limit:
            raise ExportRefused(f"an answer of more than {self.limit} bytes: not a list to export")


def _read(response: Any, budget: ByteBudget) -> bytes:
    """The body of `response`, read no further than `budget` allows."""
    chunks = []
    while chunk := response.read(min(READ_CHUNK, budget.left + 1)):
        budget.take(len(chunk))
        chunks.append(chunk)
    return b"".join(chunks)


def _shown(url: str) -> str:
    """`url` without its query, which may carry a secret (a download token)."""
    return urllib.parse.urlsplit(url)._replace(query="").geturl()
