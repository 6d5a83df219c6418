"""One HTTP answer as the reply rules see it, and the shape of such a rule."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One HTTP answer: status, headers and body. Header names are lower-cased."""

    status: int
    headers: Mapping[str, str]
    content: bytes
    received_at: float = field(default_factory=time.time)
    accept: str | None = None
    """The `Accept` header of the request answered (None when it sent none)."""

    @classmethod
    def of(
        cls, status: int, headers: Mapping[str, str], content: bytes, accept: str | None = None
    ) -> Reply:
        lowered = {name.lower(): value for name, value in headers.items()}
        return cls(status, lowered, content, accept=accept)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    @property
    def media_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def json(self) -> Any:
        return json.loads(self.content)

    def json_or_none(self) -> Any:
        try:
            return self.json()
        except ValueError:
            return None


Rule = Callable[[Reply], list[str]]
"""A rule judged on one answer alone: the ways the answer breaks it (empty when it holds)."""


def error_body(reply: Reply, media_type: str) -> tuple[dict[str, Any] | None, list[str]]:
    """An error answer's JSON object (None if it has none) and what is wrong with how it is
    sent: under another media type than `media_type`, not JSON, not an object."""
    problems = []
    if reply.media_type != media_type:
        problems.append(
            f"a {reply.status} error is sent as {reply.media_type or 'no content type'!r}, "
            f"not {media_type!r}"
        )
    body = reply.json_or_none()
    if not isinstance(body, dict):
        return None, [*problems, f"the {reply.status} error body is not a JSON object"]
    return body, problems
