"""The request journal's ring and the layer that fills it.

Recording is on every contract request's path, so it keeps what costs nothing to keep
(references to the request's head and the answer's, counters, the body's first bytes and
a running digest) and leaves the rest (which operation, the headers as text, credentials
masked) to whoever reads the journal, which is rare.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_CAPACITY = 1000
HEAD_BYTES = 4096
"""The first bytes of each body a reader may ask to see."""
KEPT_BYTES = 16 * 1024
"""A body up to this size is kept as it came (its digest is taken when it is read); a
larger one is hashed as it streams, and only its first `HEAD_BYTES` are kept."""


class BodyTally:
    """A body seen in pieces: its size, its SHA-256 and its first `HEAD_BYTES`."""

    __slots__ = ("_chunks", "_hash", "_head", "size")

    def __init__(self) -> None:
        self.size = 0
        self._chunks: list[bytes] = []
        self._hash: Any = None
        self._head = b""

    def add(self, chunk: bytes) -> None:
        if not chunk:
            return
        self.size += len(chunk)
        if self._hash is None:
            self._chunks.append(chunk)
            if self.size <= KEPT_BYTES:
                return
            kept = b"".join(self._chunks)
            self._chunks = []
            self._head = kept[:HEAD_BYTES]
            self._hash = hashlib.sha256(kept)
        else:
            self._hash.update(chunk)

    @property
    def head(self) -> bytes:
        if self._hash is not None:
            return self._head
        return b"".join(self._chunks)[:HEAD_BYTES]

    @property
    def sha256(self) -> str:
        if self._hash is not None:
            return str(self._hash.hexdigest())
        return hashlib.sha256(b"".join(self._chunks)).hexdigest()


EMPTY_BODY = BodyTally()
"""Every empty body's tally (never added to): most requests have no body."""


def head_bytes(headers: Iterable[tuple[bytes, bytes]]) -> bytes:
    """Headers as one value, `name: value` lines (neither holds a line break): an entry
    keeps a few objects, not a list of pairs. A journal of a thousand entries holding
    every request's and answer's header lists would hold some forty objects each."""
    return b"\r\n".join([name + b": " + value for name, value in headers])


def header_pairs(blob: bytes) -> list[tuple[bytes, bytes]]:
    """The headers `head_bytes` joined, as pairs again."""
    if not blob:
        return []
    return [tuple(line.split(b": ", 1)) for line in blob.split(b"\r\n")]  # type: ignore[misc]


class Entry:
    """One request a contract received, and its answer (status None when none was
    started: the connection was dropped or the handler failed before answering)."""

    __slots__ = (
        "contract",
        "duration",
        "headers",
        "method",
        "path",
        "query",
        "request_body",
        "response_body",
        "response_headers",
        "seq",
        "status",
        "time",
    )

    def __init__(self, seq: int, contract: str, arrived: float, scope: Scope) -> None:
        self.seq = seq
        self.contract = contract
        self.time = arrived
        """Unix time of the request's arrival."""
        self.method: str = scope["method"]
        self.path: str = scope["path"]
        self.query: bytes = scope["query_string"]
        self.headers = head_bytes(scope["headers"])
        self.request_body = EMPTY_BODY
        self.status: int | None = None
        self.response_headers = b""
        self.response_body = EMPTY_BODY
        self.duration = 0.0
        """Seconds from the request's arrival to the end of its answer."""


class Journal:
    """The last `capacity` requests, oldest first; a process's own (each worker keeps
    one)."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self.capacity = capacity
        self._entries: deque[Entry] = deque(maxlen=capacity)
        self._counter = itertools.count(1)
        self.recorded = 0
        """Requests recorded since the start or the last clearing, the dropped included."""

    def start(self, contract: str, scope: Scope) -> Entry:
        """A new entry for the request in `scope`, in the ring at once (a request still
        being answered is listed, with no status yet)."""
        entry = Entry(next(self._counter), contract, time.time(), scope)
        self._entries.append(entry)
        self.recorded += 1
        return entry

    def clear(self) -> None:
        self._entries.clear()
        self.recorded = 0

    @property
    def dropped(self) -> int:
        """Requests recorded that the ring no longer holds."""
        return self.recorded - len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        # A copy: requests arriving while a reader iterates do not disturb it.
        return iter(list(self._entries))

    def __len__(self) -> int:
        return len(self._entries)


class JournalRecording:
    """Records each request to a contract's app in the journal, with its answer."""

    def __init__(self, app: ASGIApp, *, journal: Journal, contract: str) -> None:
        self.app = app
        self.journal = journal
        self.contract = contract

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/__"):
            await self.app(scope, receive, send)
            return
        entry = self.journal.start(self.contract, scope)
        started = time.perf_counter()

        async def receiving() -> Message:
            message = await receive()
            if message.get("body"):
                if entry.request_body is EMPTY_BODY:
                    entry.request_body = BodyTally()
                entry.request_body.add(message["body"])
            return message

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("body"):
                    if entry.response_body is EMPTY_BODY:
                        entry.response_body = BodyTally()
                    entry.response_body.add(message["body"])
            elif message["type"] == "http.response.start":
                entry.status = message["status"]
                headers = message.get("headers", ())
                if not isinstance(headers, list):  # any iterable, which the server reads once
                    headers = message["headers"] = list(headers)
                entry.response_headers = head_bytes(headers)
            await send(message)

        try:
            await self.app(scope, receiving, sending)
        finally:
            entry.duration = time.perf_counter() - started
