"""The request journal's ring and the layer that fills it.

Recording is on every contract request's path, so it keeps what costs nothing to keep
(the values the request's head and the answer's already are, counters, a body that came in
one piece as that piece) and leaves the rest (which operation, the headers as text,
credentials masked, the bodies' digests) to whoever reads the journal, which is rare.

What it keeps, it keeps in few objects: a thousand requests' worth is held at once, and
every object an entry keeps alive is memory a later request cannot reuse while it is
still warm (keeping the method, the query and the answer's headers as the server and the
app made them cost the mock some 5% of its requests per second). An entry holds its
request's query and headers as one bytes object, the answer's headers as another, and its
method as a string every entry shares; it is the one object of them the garbage collector
follows.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections import deque
from collections.abc import Awaitable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_CAPACITY = 1000
HEAD_BYTES = 4096
"""The first bytes of each body a reader may ask to see."""
KEPT_BYTES = 16 * 1024
"""A body up to this size is kept as it came (its digest is taken when it is read); a
larger one is hashed as it streams, and only its first `HEAD_BYTES` are kept."""

Headers = tuple[tuple[bytes, bytes], ...]
Packed = bytes | tuple[bytes, Headers]
"""A query and headers as `packed` keeps them."""

_METHODS = {method: method for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")}
"""One string per common method, kept in place of each request's own copy."""
_flat = itertools.chain.from_iterable


def packed(headers: Sequence[tuple[bytes, bytes]], first: bytes = b"") -> Packed:
    """`first` (a request's query) and `headers` as one bytes object: `first`, then each
    header's name and value, a NUL before each. The journal holds it for a thousand
    requests in place of a tuple of tuples: one object kept alive per request where there
    were some fifteen. Where `first`, a name or a value holds a NUL (no HTTP parser gives
    one), they are kept as they are."""
    text = b"\0".join([first, *_flat(headers)])
    if text.count(b"\0") != 2 * len(headers):
        return first, tuple(headers)
    return text


def unpacked(kept: Packed) -> tuple[bytes, Headers]:
    """The query and the headers `packed` was given, the headers as name and value pairs."""
    if not isinstance(kept, bytes):
        return kept
    first, *names_and_values = kept.split(b"\0")
    return first, tuple(zip(names_and_values[::2], names_and_values[1::2], strict=True))


class BodyTally:
    """A body seen in several pieces: its size, its SHA-256 and its first `HEAD_BYTES`."""

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


@dataclass(frozen=True, slots=True)
class BodySummary:
    """What a reader is shown of a body: its size, its SHA-256 and its first bytes."""

    size: int
    sha256: str
    head: bytes


Body = bytes | BodyTally | BodySummary
"""A body as an entry keeps it: the bytes of a body that came in one piece of at most
`KEPT_BYTES` (most bodies; `b""` when there was none), a tally of any other, or the
summary another process sent of it."""


def with_chunk(body: Body, chunk: bytes) -> Body:
    """`body` with one more piece of it seen."""
    if not body and len(chunk) <= KEPT_BYTES:
        return chunk
    if isinstance(body, BodyTally):
        body.add(chunk)
        return body
    tally = BodyTally()
    if isinstance(body, bytes):
        tally.add(body)
    tally.add(chunk)
    return tally


def summarize(body: Body) -> BodySummary:
    """A body's size, digest and first bytes, however it was kept."""
    if isinstance(body, BodySummary):
        return body
    if isinstance(body, bytes):
        return BodySummary(len(body), hashlib.sha256(body).hexdigest(), body[:HEAD_BYTES])
    return BodySummary(body.size, body.sha256, body.head)


class Entry:
    """One request a contract received, and its answer (status None when none was
    started: the connection was dropped or the handler failed before answering)."""

    __slots__ = (
        "_request",
        "_response_headers",
        "contract",
        "duration",
        "method",
        "path",
        "request_body",
        "response_body",
        "seq",
        "status",
        "time",
    )

    def __init__(
        self,
        seq: int,
        contract: str,
        arrived: float,
        method: str,
        path: str,
        query: bytes,
        headers: Sequence[tuple[bytes, bytes]],
    ) -> None:
        self.seq = seq
        self.contract = contract
        self.time = arrived
        """Unix time of the request's arrival."""
        self.method = _METHODS.get(method, method)
        self.path = path
        self._request = packed(headers, query)
        self.request_body: Body = b""
        self.status: int | None = None
        self._response_headers: Packed = b""
        self.response_body: Body = b""
        self.duration = 0.0
        """Seconds from the request's arrival to the end of its answer."""

    @property
    def query(self) -> bytes:
        """The request's query string, as the server gave it."""
        return unpacked(self._request)[0]

    @property
    def headers(self) -> Headers:
        """The request's headers, as the server gave them."""
        return unpacked(self._request)[1]

    @property
    def response_headers(self) -> Headers:
        """The answer's headers, as the app gave them (none before it answers)."""
        return unpacked(self._response_headers)[1]

    @response_headers.setter
    def response_headers(self, headers: Sequence[tuple[bytes, bytes]]) -> None:
        self._response_headers = packed(headers)

    def receiving(self, receive: Receive) -> Receive:
        """`receive`, each piece of the request's body it gives also kept here."""

        async def receiving() -> Message:
            message = await receive()
            chunk = message.get("body")
            if chunk:
                self.request_body = with_chunk(self.request_body, chunk)
            return message

        return receiving

    def answered(self, message: Message) -> None:
        """Keep what a message of the answer (its start or a piece of its body) tells."""
        if message["type"] == "http.response.body":
            chunk = message.get("body")
            if not chunk:
                pass
            elif not self.response_body and len(chunk) <= KEPT_BYTES:  # most answers
                self.response_body = chunk
            else:
                self.response_body = with_chunk(self.response_body, chunk)
        elif message["type"] == "http.response.start":
            self.status = message["status"]
            headers = message.get("headers", ())
            if not isinstance(headers, (list, tuple)):  # one the server would read once
                headers = message["headers"] = list(headers)
            self._response_headers = packed(headers)


class Journal:
    """The last `capacity` requests this process received, oldest first."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self.capacity = capacity
        self._entries: deque[Entry] = deque(maxlen=capacity)
        self._last_seq = 0
        self.recorded = 0
        """Requests recorded since the start or the last clearing, the dropped included."""

    def start(self, contract: str, scope: Scope) -> Entry:
        """A new entry for the request in `scope`, in the ring at once (a request still
        being answered is listed, with no status yet)."""
        self._last_seq = seq = self._last_seq + 1
        entry = Entry(
            seq,
            contract,
            time.time(),
            scope["method"],
            scope["path"],
            scope["query_string"],
            scope["headers"],
        )
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


def recorded(scope: Scope) -> bool:
    """Whether the journal records this request: every HTTP request to a contract but those
    for its documents and their pages (under `/__`)."""
    return scope["type"] == "http" and not scope["path"].startswith("/__")


class JournalRecording:
    """Records each request to a contract's app in the journal, with its answer."""

    def __init__(self, app: ASGIApp, *, journal: Journal, contract: str) -> None:
        self.app = app
        self.journal = journal
        self.contract = contract

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not recorded(scope):
            await self.app(scope, receive, send)
            return
        entry = self.journal.start(self.contract, scope)
        started = time.perf_counter()

        def sending(message: Message) -> Awaitable[None]:
            # Not a coroutine of its own: the server's `send` is awaited as it is.
            entry.answered(message)
            return send(message)

        try:
            await self.app(scope, entry.receiving(receive), sending)
        finally:
            entry.duration = time.perf_counter() - started
