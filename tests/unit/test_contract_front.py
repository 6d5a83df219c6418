"""`ContractFront` passes a request as the layers it stands for do, one after another:
CORS, the contract's own middleware, the change watch, the journal and the fault injector.
Each request goes to both, around the same app; what the client receives, what the journal
keeps and how often the change feed is bumped must be the same."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from starlette.middleware import Middleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.app import create_app
from mockserver.config import MockConfig
from mockserver.contract_front import ContractFront
from mockserver.faults.middleware import FaultInjection
from mockserver.faults.plan import FaultPlan, FaultRule
from mockserver.frontend.changes import ChangeFeed, ChangeWatch
from mockserver.http.contract_app import Contract
from mockserver.http.cors import CORS, cors_settings
from mockserver.http.engine.shortcut import ContractShortcut, wrapped
from mockserver.journal.ring import Journal, JournalRecording
from mockserver.seed import load_seed
from mockserver.store import open_store

ALLOWED = "http://localhost:5173"


async def contract_app(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers as a contract's engine might: by path, reading a body first when sent."""
    body = b""
    if scope["method"] in ("POST", "PUT", "PATCH"):
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
    path = scope["path"]
    if path == "/api/boom":
        raise RuntimeError("the handler failed")
    if path == "/api/varies":
        response = Response(b"{}", media_type="application/json", headers={"Vary": "Accept"})
    elif path == "/api/missing":
        response = Response(b'{"status":404}', status_code=404, media_type="application/json")
    elif scope["method"] == "DELETE":
        response = Response(status_code=204)
    else:
        status = 201 if scope["method"] == "POST" else 200
        response = Response(b'{"got":%d}' % len(body), status, media_type="application/json")
    await response(scope, receive, send)


class Negotiation:
    """A contract's own middleware, answering some requests itself (as Glance's version
    negotiation does) and passing the rest on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/api/versions":
            await Response(b"[]", status_code=300, media_type="application/json")(
                scope, receive, send
            )
            return
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def closient() -> Contract:
    """A served contract, for the fault injector's operations and rendering."""
    config = MockConfig()
    app = create_app(config, load_seed(None), store=open_store(config.store_url))
    assert isinstance(app, ContractShortcut)
    front = next(front for _, front in app.shortcuts if isinstance(front, ContractFront))
    return front.faults.contract


def request(
    method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[Scope, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000")]
        + [(name.lower().encode(), value.encode()) for name, value in (headers or {}).items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    return scope, body


REQUESTS = [
    request("GET", "/api/images"),
    request("POST", "/api/images", {"content-type": "application/json"}, b'{"a": 1}'),
    request("DELETE", "/api/images/1"),
    request("DELETE", "/api/missing"),
    request("GET", "/api/varies"),
    request("GET", "/api/images", {"origin": ALLOWED}),
    request("POST", "/api/images", {"origin": ALLOWED}, b"xyz"),
    request("GET", "/api/varies", {"origin": ALLOWED}),
    request("GET", "/api/images", {"origin": "https://elsewhere.example"}),
    request(
        "OPTIONS",
        "/api/images",
        {"origin": ALLOWED, "access-control-request-method": "POST"},
    ),
    request("OPTIONS", "/api/images"),
    request("POST", "/api/images", {"prefer": "code=503"}, b"{}"),
    request("GET", "/api/images", {"prefer": "code=500"}),
    request("GET", "/api/versions"),
    request("POST", "/api/versions", {"origin": ALLOWED}),
    request("GET", "/__docs/x"),
    request("POST", "/api/boom", {}, b"{}"),
]


def run(app: ASGIApp, scope: Scope, body: bytes) -> list[Any]:
    """The messages `app` sends for the request, or the failure it raises."""
    sent: list[Any] = []
    pieces = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> Message:
        if pieces:
            return pieces.pop(0)
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    async def send(message: Message) -> None:
        sent.append({**message, "headers": sorted(message.get("headers", []))})

    async def call() -> None:
        await app(dict(scope), receive, send)

    try:
        asyncio.run(call())
    except Exception as failure:
        sent.append(repr(failure))
    return sent


def kept(journal: Journal) -> list[tuple[Any, ...]]:
    return [
        (
            e.contract,
            e.method,
            e.path,
            e.headers,
            e.request_body,
            e.status,
            e.response_headers,
            e.response_body,
        )
        for e in journal
    ]


Build = Callable[[ASGIApp, Journal | None, ChangeFeed], ASGIApp]


@pytest.mark.parametrize("own_middleware", [False, True], ids=["plain", "own-middleware"])
@pytest.mark.parametrize("journal_on", [True, False], ids=["journal", "no-journal"])
@pytest.mark.parametrize("faults_planned", [False, True], ids=["no-plan", "plan"])
def test_the_front_answers_records_and_watches_as_the_layers_do(
    closient: Contract, own_middleware: bool, journal_on: bool, faults_planned: bool
) -> None:
    cors_options = {**cors_settings([ALLOWED]), "allow_methods": ["*"]}
    cors = Middleware(CORS, **cors_options)
    middleware = [Middleware(Negotiation)] if own_middleware else []
    rules = (FaultRule(operation="no-such-operation", status=500),) if faults_planned else ()
    plan = FaultPlan(rules)

    def front(journal: Journal | None, feed: ChangeFeed) -> ASGIApp:
        faults = FaultInjection(contract_app, contract=closient, plan=plan)
        return ContractFront(
            faults,
            contract="c",
            cors=cors_options,
            middleware=middleware,
            feed=feed,
            journal=journal,
        )

    def layered(journal: Journal | None, feed: ChangeFeed) -> ASGIApp:
        app: ASGIApp = FaultInjection(contract_app, contract=closient, plan=plan)
        if journal is not None:
            app = JournalRecording(app, journal=journal, contract="c")
        return wrapped(app, [cors, *middleware, Middleware(ChangeWatch, feed=feed)])

    sides = []
    for build in (front, layered):
        journal = Journal() if journal_on else None
        feed = ChangeFeed()
        app = build(journal, feed)
        answers = []
        for scope, body in REQUESTS:
            answers.append((run(app, scope, body), feed.version))
        sides.append((answers, kept(journal) if journal is not None else None))
    (front_answers, front_journal), (layered_answers, layered_journal) = sides
    for (scope, _), ours, theirs in zip(REQUESTS, front_answers, layered_answers, strict=True):
        assert ours == theirs, (scope["method"], scope["path"], scope["headers"])
    assert front_journal == layered_journal
    # The requests did what they are there for: answers with and without CORS, bumps.
    assert front_answers[-1][1] >= 3
    assert any(b"access-control-allow-origin" in str(a).encode() for a, _ in front_answers)
