"""The layers in front of a contract's API, passed as one: CORS, the contract's own
middleware, the change watch, the request journal and the fault injector.

Each is a layer of its own (`CORS`, `ChangeWatch`, `JournalRecording`, `FaultInjection`),
and so the mock's own routes and Connexion's reference stack pass them. Every request to a
contract's API passes them, and what a layer costs there is mostly its own: a coroutine,
a wrapper of `send` called with each message, a scan of the headers. Here a request
without an `Origin` header (every client but a browser) passes them in the same order,
doing the same, with one coroutine and one wrapper of `send` for them all (two where the
contract has middleware of its own, which answers some requests itself, ahead of the
journal), and skips the fault injector where no fault is planned or asked for. A request
with an `Origin` header goes through Starlette's CORS as the layer would send it.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Mapping, Sequence
from typing import Any

from starlette.middleware import Middleware
from starlette.types import Message, Receive, Scope, Send

from .faults.middleware import FaultInjection, asks_preference
from .frontend.changes import ChangeFeed
from .http.cors import CORS
from .http.engine.shortcut import wrapped
from .journal.ring import Journal, recorded


class ContractFront:
    def __init__(
        self,
        faults: FaultInjection,
        *,
        contract: str,
        cors: Mapping[str, Any],
        middleware: Sequence[Middleware],
        feed: ChangeFeed,
        journal: Journal | None,
    ) -> None:
        """In front of `faults` (the contract's app behind its fault injector): CORS with
        the settings `cors`, the contract's `middleware`, the change watch on `feed` and
        `journal` (None when off)."""
        self.faults = faults
        self.contract = contract
        self.feed = feed
        self.journal = journal
        self.middleware = bool(middleware)
        # Past the contract's middleware (when it has some) the request comes back here.
        self.recording = wrapped(self._past_middleware, middleware)
        # Requests with an `Origin` header: CORS's whole answer, then the same way on.
        self.cors = CORS(self.recording, **cors)

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Not a coroutine of its own: the layers' work is one coroutine, `_record`.
        if scope["type"] != "http":
            return self.cors(scope, receive, send)
        prefer = False
        for name, _ in scope["headers"]:
            if name == b"origin":
                return self.cors(scope, receive, send)
            if name == b"prefer":
                prefer = True
        if not self.middleware:
            return self._record(scope, receive, send, prefer, vary=True)
        # The middleware's own answers get `Vary: Origin` too.
        return self.recording(scope, receive, self.cors.varying(scope, send))

    def _past_middleware(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        if scope["type"] != "http":
            return self.faults(scope, receive, send)
        return self._record(scope, receive, send, asks_preference(scope), vary=False)

    async def _record(
        self, scope: Scope, receive: Receive, send: Send, prefer: bool, *, vary: bool
    ) -> None:
        """The change watch, the journal and the fault injector (`prefer`: whether the
        request has a `Prefer` header), with `Vary: Origin` added to the answer when
        `vary`."""
        journal = self.journal
        entry = (
            journal.start(self.contract, scope) if journal is not None and recorded(scope) else None
        )
        started = time.perf_counter()
        status = 500
        cors = self.cors

        def sending(message: Message) -> Awaitable[None]:
            # Not a coroutine of its own: the server's `send` is awaited as it is.
            nonlocal status
            if entry is not None:
                entry.answered(message)  # before CORS's change, as the layers record it
            if message["type"] == "http.response.start":
                status = message["status"]
                if vary:
                    return cors.varied(message, scope, send)
            return send(message)

        faults = self.faults
        app = faults.app if faults.passes(prefer) else faults
        try:
            await app(scope, receive if entry is None else entry.receiving(receive), sending)
        finally:
            if entry is not None:
                entry.duration = time.perf_counter() - started
            self.feed.answered(scope["method"], status)
