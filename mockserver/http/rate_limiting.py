"""Rate-limit headers on every counted contract response, and the refusal when a window is
spent. A contract counts every request, or only those of the methods it names (when it
declares the refusal only on those operations).

Headers follow the IETF RateLimit fields draft (`RateLimit-Policy`, `RateLimit-Limit`,
`RateLimit-Remaining`, `RateLimit-Reset` in seconds) plus the legacy `X-RateLimit-*`
aliases, whose `X-RateLimit-Reset` is an absolute Unix time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..domain.errors import DomainError
from ..domain.ratelimit import Limiter, RateDecision
from .authentication import Authenticate, CredentialSource, authenticate_once

ClientKey = Callable[[Scope], str]
RenderRefusal = Callable[[Scope, RateDecision], Response]
Methods = frozenset[str] | None
"""The methods whose requests count against the rate limit; None for every method."""


def address_key(scope: Scope) -> str:
    """The key of a request that shows no credential the contract knows: its client address,
    so that unknown credentials (a new one per request costs nothing) share one bucket."""
    client = scope.get("client")
    return "address:" + (client[0] if client else "unknown")


def authenticated_key(
    scope: Scope, sources: Iterable[CredentialSource], authenticate: Authenticate
) -> str:
    """The key of the first credential in the request that names someone, found where and in
    the order authentication looks for it; else the client address. A junk credential sent
    before a valid one neither opens a bucket of its own nor hides the valid one's."""
    for source in sources:
        secret = source.extract(scope)
        if secret is None:
            continue
        try:
            authenticate_once(scope, authenticate, source.scheme, secret)
        except DomainError:
            continue
        return f"{source.scheme}:{secret}"
    return address_key(scope)


def is_counted(methods: Methods, method: str) -> bool:
    return methods is None or method in methods


COUNTED_DECISION = "mockserver.rate_decision"
"""The scope extension under which a request already counted carries its decision, so that
the middleware answers from it instead of counting the request a second time."""


def mark_counted(scope: Scope, decision: RateDecision) -> None:
    scope.setdefault("extensions", {})[COUNTED_DECISION] = decision


def rate_limit_headers(policy: str, decision: RateDecision) -> dict[str, str]:
    return {
        "RateLimit-Policy": policy,
        "RateLimit-Limit": str(decision.limit),
        "RateLimit-Remaining": str(decision.remaining),
        "RateLimit-Reset": str(decision.reset_seconds),
        "X-RateLimit-Limit": str(decision.limit),
        "X-RateLimit-Remaining": str(decision.remaining),
        "X-RateLimit-Reset": str(decision.reset_at),
    }


def with_rate_limit_headers(send: Send, headers: dict[str, str]) -> Send:
    """`send`, adding `headers` to the response's start message."""

    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            MutableHeaders(scope=message).update(headers)
        await send(message)

    return send_with_headers


class RateLimitMiddleware:
    """Counts each request against its client's windows before anything else runs."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limiter: Limiter,
        client_key: ClientKey,
        render_refusal: RenderRefusal,
        exempt_prefixes: tuple[str, ...] = (),
        methods: Methods = None,
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.client_key = client_key
        self.render_refusal = render_refusal
        self.exempt_prefixes = exempt_prefixes
        self.methods = methods

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"].startswith(self.exempt_prefixes)
            or not is_counted(self.methods, scope["method"])
        ):
            await self.app(scope, receive, send)
            return
        decision: RateDecision | None = scope.get("extensions", {}).get(COUNTED_DECISION)
        if decision is None:
            decision = self.limiter.hit(self.client_key(scope))
        mark_counted(scope, decision)  # for calls made in process on its behalf (a batch's)
        headers = rate_limit_headers(self.limiter.policy, decision)
        if not decision.allowed:
            response = self.render_refusal(scope, decision)
            response.headers.update(headers)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, with_rate_limit_headers(send, headers))
