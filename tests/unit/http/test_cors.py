"""The mock's CORS answers exactly as Starlette's CORSMiddleware, which it shortens, for
every origin setting the mock uses; which origins its patterns allow; and the requests it
leaves without any CORS answer."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from mockserver.http.cors import (
    CORS,
    LOCAL_ORIGINS,
    OriginPatternError,
    cors_settings,
    origin_regex,
)

SETTINGS: dict[str, Any] = {
    "allow_methods": ["*"],
    "allow_headers": ["*"],
    "expose_headers": ["RateLimit-Limit", "Retry-After"],
}

ORIGIN_SETTINGS: list[dict[str, Any]] = [
    {"allow_origins": ["*"]},
    {"allow_origins": ["https://app.example"]},
    cors_settings(["*"]),
    cors_settings(LOCAL_ORIGINS),
    cors_settings(["https://*.example"]),
]

request_headers = st.lists(
    st.tuples(
        st.sampled_from([b"origin", b"accept", b"access-control-request-method", b"x-api-key"]),
        st.sampled_from(
            [b"https://app.example", b"http://localhost:5173", b"null", b"GET", b"*/*", b"k"]
        ),
    ),
    max_size=4,
)
response_headers = st.lists(
    st.tuples(
        st.sampled_from([b"content-type", b"vary", b"Vary", b"x-ratelimit-limit"]),
        st.sampled_from([b"application/json", b"Accept", b"10"]),
    ),
    max_size=3,
)


def answer(cors: type[CORSMiddleware], scope: Scope, headers: list[tuple[bytes, bytes]]) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": list(headers)})
        await send({"type": "http.response.body", "body": b"{}"})

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    for origins in ORIGIN_SETTINGS:
        asyncio.run(cors(app, **origins, **SETTINGS)(dict(scope), receive, send))
    return sent


@given(
    method=st.sampled_from(["GET", "OPTIONS", "DELETE"]),
    sent_headers=request_headers,
    answered_headers=response_headers,
)
def test_every_answer_is_starlettes(
    method: str,
    sent_headers: list[tuple[bytes, bytes]],
    answered_headers: list[tuple[bytes, bytes]],
) -> None:
    scope = {"type": "http", "method": method, "path": "/", "headers": sent_headers}
    assert answer(CORS, scope, answered_headers) == answer(CORSMiddleware, scope, answered_headers)


def allows(patterns: list[str], origin: str) -> bool:
    return re.fullmatch(origin_regex(patterns), origin) is not None


@pytest.mark.parametrize(
    "origin",
    [
        "http://localhost",
        "http://localhost:5173",
        "https://localhost:3000",
        "http://127.0.0.1:8080",
        "https://127.0.0.1",
        "http://[::1]:5173",
    ],
)
def test_the_default_allows_this_machine_on_any_port(origin: str) -> None:
    assert allows(list(LOCAL_ORIGINS), origin)


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example",
        "http://localhost.evil.example",
        "http://evil-localhost:5173",
        "http://localhost:5173.evil.example",
        "http://127.0.0.1.evil.example",
        "http://[::2]:5173",
        "file://localhost",
        "null",
        "http://localhost:",
        "http://localhost:5173/",
    ],
)
def test_the_default_refuses_every_other_origin(origin: str) -> None:
    assert not allows(list(LOCAL_ORIGINS), origin)


@pytest.mark.parametrize(
    ("pattern", "origin", "allowed"),
    [
        ("https://*.example.com", "https://app.example.com", True),
        ("https://*.example.com", "https://a.b.example.com", True),
        ("https://*.example.com", "https://example.com", False),
        ("https://*.example.com", "http://app.example.com", False),
        ("https://*.example.com", "https://app.example.com:8443", False),
        ("https://*.example.com", "https://app.example.com.evil", False),
        ("https://*.example.com", "https://appXexample.com", False),
        ("https://app.example.com:*", "https://app.example.com", True),
        ("https://app.example.com:*", "https://app.example.com:8443", True),
        ("https://app.example.com:8443", "https://app.example.com:8443", True),
        ("https://app.example.com:8443", "https://app.example.com", False),
        ("HTTP://App.Example.com", "http://app.example.com", True),
        ("http://localhost:5173", "http://localhost:51730", False),
    ],
)
def test_a_pattern_allows_what_it_says(pattern: str, origin: str, allowed: bool) -> None:
    assert allows([pattern], origin) is allowed


@pytest.mark.parametrize(
    "pattern",
    ["http://localhost:5173/", "localhost:5173", "http://", "https://app.example/path", "*.x"],
)
def test_what_is_not_an_origin_is_refused(pattern: str) -> None:
    with pytest.raises(OriginPatternError, match="is not an origin"):
        cors_settings([pattern])


def test_any_origin_goes_alone() -> None:
    with pytest.raises(OriginPatternError, match="goes alone"):
        cors_settings(["*", "http://localhost:5173"])


def served(patterns: list[str], private: str | None = None) -> TestClient:
    async def ok(_request: Request) -> Response:
        return JSONResponse({}, headers={"RateLimit-Limit": "10"})

    def is_private(scope: Scope) -> bool:
        return private is not None and str(scope["path"]).startswith(private)

    app = Starlette(
        routes=[Route("/api", ok, methods=["GET", "DELETE"]), Route("/own", ok)],
        middleware=[
            Middleware(
                CORS,
                private=is_private,
                **cors_settings(patterns),
                **SETTINGS,
            )
        ],
    )
    return TestClient(app)


PREFLIGHT = {
    "Access-Control-Request-Method": "DELETE",
    "Access-Control-Request-Headers": "x-api-key",
}


def test_an_allowed_origin_is_echoed_with_credentials() -> None:
    origin = {"Origin": "http://localhost:5173"}
    answer = served(list(LOCAL_ORIGINS)).get("/api", headers=origin)
    assert answer.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert answer.headers["access-control-allow-credentials"] == "true"
    assert "Origin" in answer.headers["vary"]
    assert "RateLimit-Limit" in answer.headers["access-control-expose-headers"]


def test_an_allowed_origins_preflight_allows_credentials() -> None:
    origin = {"Origin": "http://127.0.0.1:3000"}
    answer = served(list(LOCAL_ORIGINS)).options("/api", headers={**origin, **PREFLIGHT})
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "http://127.0.0.1:3000"
    assert answer.headers["access-control-allow-credentials"] == "true"
    assert "DELETE" in answer.headers["access-control-allow-methods"]
    assert answer.headers["access-control-allow-headers"] == "x-api-key"
    assert "Origin" in answer.headers["vary"]


def test_a_refused_origin_gets_no_allow_origin() -> None:
    client = served(["https://*.example.com"])
    origin = {"Origin": "http://localhost:5173"}
    answer = client.get("/api", headers=origin)
    assert answer.status_code == 200
    assert "access-control-allow-origin" not in answer.headers
    assert "Origin" in answer.headers["vary"]
    preflight = client.options("/api", headers={**origin, **PREFLIGHT})
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers


def test_any_origin_is_open_cors_without_credentials() -> None:
    client = served(["*"])
    origin = {"Origin": "https://anywhere.example"}
    answer = client.get("/api", headers=origin)
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in answer.headers
    assert "RateLimit-Limit" in answer.headers["access-control-expose-headers"]
    preflight = client.options("/api", headers={**origin, **PREFLIGHT})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in preflight.headers


@pytest.mark.parametrize("patterns", [["*"], list(LOCAL_ORIGINS)])
def test_private_requests_get_no_cors_answer(patterns: list[str]) -> None:
    client = served(patterns, private="/own")
    origin = {"Origin": "http://localhost:5173"}
    for answer in (
        client.get("/own", headers=origin),
        client.get("/own"),
        client.options("/own", headers={**origin, **PREFLIGHT}),
    ):
        assert not [name for name in answer.headers if name.startswith("access-control-")]
        assert "vary" not in answer.headers
    assert client.get("/api", headers=origin).headers["access-control-allow-origin"]
