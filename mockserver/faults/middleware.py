"""The fault injector in front of each contract's app: delays, faulted answers and dropped
connections, as the request prefers or the plan decides."""

from __future__ import annotations

import asyncio
import functools

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..http.contract_app import Contract
from .operations import OperationIndex
from .plan import FaultDecision, FaultPlan
from .preferences import preferences, preferred_code, preferred_delay
from .rendering import render_fault


def asks_preference(scope: Scope) -> bool:
    """Whether the request has a `Prefer` header (which may ask for a fault)."""
    return any(name == b"prefer" for name, _ in scope["headers"])


class ConnectionDropped(Exception):
    """Raised after the status line, so that the server closes the connection mid-answer:
    the client sees a connection that ends before the promised body."""


class FaultInjection:
    def __init__(self, app: ASGIApp, *, contract: Contract, plan: FaultPlan) -> None:
        self.app = app
        self.contract = contract
        self.plan = plan

    @functools.cached_property
    def operations(self) -> OperationIndex:
        """Made when a request is first decided on: most mocks never have one to decide."""
        return OperationIndex(self.contract.document)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] == "OPTIONS"
            or self.passes(asks_preference(scope))
        ):
            await self.app(scope, receive, send)
            return
        decision = self.decide(scope)
        if decision.delay_ms:
            await asyncio.sleep(decision.delay_ms / 1000)
        if decision.drop:
            await _drop(send)
        if decision.status is not None:
            response = render_fault(self.contract, scope, decision.status, decision.retry_after)
            if decision.applied:
                response.headers["Preference-Applied"] = ", ".join(decision.applied)
            await response(scope, receive, send)
            return
        if not decision.applied:
            await self.app(scope, receive, send)
            return
        applied = ", ".join(decision.applied).encode()

        async def send_with_applied(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"preference-applied", applied)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_applied)

    def passes(self, prefers: bool) -> bool:
        """Whether a request passes with nothing to decide: no rule in force and no
        preference asked (`prefers`: it has a `Prefer` header). Most requests."""
        return not prefers and not self.plan.rules

    def decide(self, scope: Scope) -> FaultDecision:
        if scope["path"].startswith("/__docs/"):
            return FaultDecision()
        operation = self.operations.find(
            *self.contract.canonical_call(scope["method"], scope["path"])
        )
        decision = self.plan.decide(
            self.contract.name, operation.operation_id if operation else None
        )
        prefs = preferences(
            value.decode("latin-1") for name, value in scope["headers"] if name == b"prefer"
        )
        if not prefs:
            return decision
        delay, status, drop = decision.delay_ms, decision.status, decision.drop
        applied = []
        wanted_delay = preferred_delay(prefs)
        if wanted_delay is not None:
            delay = wanted_delay
            applied.append(f"delay={wanted_delay}")
        code = preferred_code(prefs)
        # Only an error the operation declares (any error where it declares none, as a
        # document may); a success needs a body the mock does not make up.
        if (
            code is not None
            and operation is not None
            and (code in operation.declared or not operation.declares_errors)
        ):
            status, drop = code, False
            applied.append(f"code={code}")
        return FaultDecision(delay, status, drop, decision.retry_after, tuple(applied))


async def _drop(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-length", b"1024"), (b"content-type", b"application/json")],
        }
    )
    raise ConnectionDropped
