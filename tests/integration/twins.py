"""Two mocks from the same seed, one with the engine and one without, answering alike.

Both take their time from one fixed clock and their new ids from a random sequence of the
same seed, so that they must give the same answer byte for byte: status, every header but
`Date` (in order) and body; and hold the same state afterwards. The engine's side records
the requests that reached its engine (the others went to the mock's own routes).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.app import MockState, create_app
from mockserver.config import MockConfig
from mockserver.domain.sources import Sources
from mockserver.http.contract_app import ContractDispatcher
from mockserver.http.engine import ContractEngine

FIXED_NOW = datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)


class SeededIds:
    """Version 4 UUIDs from a seeded random sequence; `reseed` starts it again."""

    def __init__(self, seed: int = 0) -> None:
        self._random = random.Random(seed)

    def reseed(self, seed: int) -> None:
        self._random.seed(seed)

    def __call__(self) -> uuid.UUID:
        return uuid.UUID(int=self._random.getrandbits(128), version=4)


def seeded_sources(ids: SeededIds) -> Sources:
    return Sources(clock=lambda: FIXED_NOW, new_id=ids)


def engines(app: Starlette) -> list[ContractEngine]:
    return [fast for _, fast in _engines_behind_layers(app)]


def _engines_behind_layers(app: Starlette) -> list[tuple[Any, ContractEngine]]:
    """Each contract's engine, with the layer just in front of it (the fault injector,
    the journal, whichever every contract is served through)."""
    dispatcher = app.router.default
    assert isinstance(dispatcher, ContractDispatcher)
    found = []
    for _, served in dispatcher.routes:
        layer: Any = served
        while hasattr(layer, "app") and not isinstance(layer.app, ContractEngine):
            layer = layer.app
        if isinstance(getattr(layer, "app", None), ContractEngine):
            found.append((layer, layer.app))
    return found


@dataclass(frozen=True)
class Answer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @classmethod
    def of(cls, response: httpx.Response) -> Answer:
        headers = tuple((k, v) for k, v in response.headers.multi_items() if k != "date")
        return cls(response.status_code, headers, response.content)


@dataclass
class Side:
    """One mock of the pair, with its client and the ids it draws."""

    app: Starlette
    client: TestClient
    ids: SeededIds
    engines: list[ContractEngine] = field(default_factory=list)
    entered: list[str] = field(default_factory=list)
    """Requests that reached a contract's engine."""

    @property
    def state(self) -> MockState:
        state: MockState = self.app.state.mock
        return state

    def reset(self, seed: int) -> None:
        self.state.reset()
        self.ids.reseed(seed)


def _recording(app: ASGIApp, seen: list[str]) -> ASGIApp:
    async def recording(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            seen.append(f"{scope['method']} {scope['path']}")
        await app(scope, receive, send)

    return recording


def _watch(app: Starlette, entered: list[str]) -> None:
    """Record the requests that reach an engine."""
    for layer, fast in _engines_behind_layers(app):
        layer.app = _recording(fast, entered)


@contextmanager
def side(config: MockConfig, engine: bool, seed: int = 0) -> Iterator[Side]:
    ids = SeededIds(seed)
    app = create_app(replace(config, engine=engine), sources=seeded_sources(ids))
    served = engines(app)
    assert bool(served) == engine
    made = Side(app, TestClient(app, raise_server_exceptions=False), ids, served)
    _watch(app, made.entered)
    with made.client:
        yield made


@dataclass
class Twins:
    fast: Side
    reference: Side
    taken: int = 0
    """Requests the engine answered."""

    def reset(self, seed: int = 0) -> None:
        """Both back to the seeded state, drawing ids from `seed` again."""
        self.fast.reset(seed)
        self.reference.reset(seed)

    def send(self, method: str, url: str, **options: Any) -> httpx.Response:
        """Send the request to both; they must answer alike. The fast side's answer."""
        entered = len(self.fast.entered)
        answer: httpx.Response = self.fast.client.request(method, url, **options)
        expected = self.reference.client.request(method, url, **options)
        assert Answer.of(answer) == Answer.of(expected), f"{method} {url}"
        if len(self.fast.entered) > entered:
            self.taken += 1
        return answer

    def took(self, method: str, url: str, **options: Any) -> httpx.Response:
        """`send`, for a request the engine must take itself."""
        taken = self.taken
        answer = self.send(method, url, **options)
        assert self.taken == taken + 1, f"the engine did not answer {method} {url}"
        return answer

    def assert_same_state(self) -> None:
        assert self.fast.state.snapshot() == self.reference.state.snapshot()


@contextmanager
def twins(config: MockConfig, seed: int = 0) -> Iterator[Twins]:
    with side(config, True, seed) as fast, side(config, False, seed) as reference:
        yield Twins(fast, reference)
