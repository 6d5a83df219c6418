"""Sending the run's steps to one server: each side keeps its own ids, captured from its own
answers, and fills them into later steps by name."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from .steps import PROJECTS, TOKENS, Step

UNKNOWN_ID = "0b7e5e9c-3d2a-4c1f-8e6b-5a4d3c2b1a09"
SETTLE_SECONDS = 30
PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")


def bare_client(timeout: float) -> httpx.Client:
    """A client that sends no Accept header unless a step gives one: what Glance answers
    depends on it."""
    client = httpx.Client(timeout=timeout)
    del client.headers["Accept"]
    return client


@dataclass(frozen=True)
class Answer:
    status: int | None  # None: not sent, a name the step needs was never captured
    headers: dict[str, str]
    body: bytes
    note: str = ""

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Side:
    """One server under the run: where it is, where its API lives, and what it named."""

    root: str
    api_prefix: str
    names: dict[str, str] = field(default_factory=lambda: {**PROJECTS, "unknown_id": UNKNOWN_ID})

    def target(self, step: Step) -> str | None:
        path = step.path
        if path.startswith("{"):
            link = self.names.get(path.strip("{}"))
            return None if link is None else self.root + link
        filled = self.fill(path)
        if filled is None:
            return None
        if filled.startswith("//"):
            return self.root + filled[1:]
        return self.root + self.api_prefix + filled

    def fill(self, text: str) -> str | None:
        missing = [name for name in PLACEHOLDER.findall(text) if name not in self.names]
        if missing:
            return None
        return PLACEHOLDER.sub(lambda match: self.names[match.group(1)], text)

    def send(self, client: httpx.Client, step: Step) -> Answer:
        url = self.target(step)
        content = step.raw_body  # binary data has no names to fill
        if step.json_body is not None:
            filled = self.fill(json.dumps(step.json_body))
            content = None if filled is None else filled.encode()
        if url is None or (step.json_body is not None and content is None):
            return Answer(None, {}, b"", note="not sent: an id it needs was never captured")
        headers = dict(step.headers)
        if step.accept is not None:
            headers["Accept"] = step.accept
        if step.who is not None:
            headers["X-Auth-Token"] = TOKENS[step.who]
        if step.content_type is not None:
            headers["Content-Type"] = step.content_type
        response = client.request(step.method, url, headers=headers, content=content)
        deadline = time.monotonic() + SETTLE_SECONDS
        while step.settle and _running(response) and time.monotonic() < deadline:
            response = client.request(step.method, url, headers=headers, content=content)
        answer = Answer(
            response.status_code,
            {name.lower(): value for name, value in response.headers.items()},
            response.content,
        )
        self.capture(step, answer)
        return answer

    def capture(self, step: Step, answer: Answer) -> None:
        if not step.capture or answer.media_type != "application/json":
            return
        try:
            document = answer.json()
        except ValueError:
            return
        if not isinstance(document, dict):
            return
        for name, key in step.capture.items():
            value = document.get(key)
            if isinstance(value, str):
                self.names[name] = value


def _running(response: httpx.Response) -> bool:
    """Whether the answer shows an import still running: an image whose task holds it, or
    whose stores are not all reached yet; or an image's tasks, one of them not ended (Glance
    frees the image before it marks a failed task so)."""
    try:
        document = response.json()
    except ValueError:
        return False
    if not isinstance(document, dict):
        return False
    tasks = document.get("tasks")
    if isinstance(tasks, list):
        return any(
            isinstance(task, dict) and task.get("status") in ("pending", "processing")
            for task in tasks
        )
    return (
        "os_glance_import_task" in document
        or document.get("status") == "importing"
        or bool(document.get("os_glance_importing_to_stores"))
    )
