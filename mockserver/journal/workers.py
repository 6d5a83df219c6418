"""One journal across the workers of `mockserver --workers N`: each worker keeps its own ring
(recording stays as cheap as in one process) and serves it to the others on a Unix socket in
a folder the command made for them; the worker a journal request reaches gathers every
ring at that moment, so an answer holds every worker's requests, bounded as one ring.

A worker's socket is `<folder>/<pid>.sock`, its name the worker's; a socket nobody listens
on any more (a worker that was killed, and started again under another pid) is removed by
the first reader that finds it dead. The exchange is one request, then one answer, each
read to its end: a MessagePack map `{query, clear}` and the worker's `Held` entries.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pathlib
import socket
import socketserver
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import msgspec

from .reading import FilterError, Filters, Held, OperationOf, held_in
from .ring import Body, BodySummary, Entry, Headers, Journal, summarize

ANSWER_TIMEOUT = 5.0
"""Seconds a reader waits for another worker's ring before answering without it."""
SOCKET_SUFFIX = ".sock"


class SentBody(msgspec.Struct, array_like=True):
    size: int
    sha256: str
    head: bytes


class SentEntry(msgspec.Struct, array_like=True):
    """An entry as one worker sends it to another: its bodies summarized, their first
    bytes cut to what the reader asked to see."""

    seq: int
    contract: str
    time: float
    method: str
    path: str
    query: bytes
    headers: Headers
    request_body: SentBody
    status: int | None
    response_headers: Headers
    response_body: SentBody
    duration: float


class SentRing(msgspec.Struct, array_like=True):
    entries: list[SentEntry]
    times: list[float]
    recorded: int


class Asked(msgspec.Struct):
    query: str = ""
    clear: bool = False


def _sent(entry: Entry, body_bytes: int) -> SentEntry:
    def body(kept: Body) -> SentBody:
        summary = summarize(kept)
        return SentBody(summary.size, summary.sha256, summary.head[:body_bytes])

    return SentEntry(
        entry.seq,
        entry.contract,
        entry.time,
        entry.method,
        entry.path,
        entry.query,
        entry.headers,
        body(entry.request_body),
        entry.status,
        entry.response_headers,
        body(entry.response_body),
        entry.duration,
    )


def _received(sent: SentEntry) -> Entry:
    entry = Entry(
        sent.seq, sent.contract, sent.time, sent.method, sent.path, sent.query, sent.headers
    )
    entry.request_body = BodySummary(*msgspec.structs.astuple(sent.request_body))
    entry.status = sent.status
    entry.response_headers = sent.response_headers
    entry.response_body = BodySummary(*msgspec.structs.astuple(sent.response_body))
    entry.duration = sent.duration
    return entry


@dataclass
class WorkerRings:
    """This worker's ring served to the others, and theirs gathered with it."""

    folder: pathlib.Path
    journal: Journal
    operation_of: OperationOf
    name: str = field(default_factory=lambda: str(os.getpid()))

    @property
    def address(self) -> pathlib.Path:
        return self.folder / f"{self.name}{SOCKET_SUFFIX}"

    def serve(self) -> Callable[[], None]:
        """Start answering the other workers (on a thread of its own, so that a worker
        whose event loop is busy still answers); gives the function that stops it."""
        rings = self

        class Answer(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                asked = msgspec.msgpack.decode(self.rfile.read(), type=Asked)
                self.wfile.write(rings.answer(asked))

        with contextlib.suppress(FileNotFoundError):
            self.address.unlink()  # left by an earlier process of the same pid
        server = socketserver.UnixStreamServer(str(self.address), Answer)
        # Polled ten times a second for its stop (the default, twice a second, holds a stop
        # for up to half of one).
        thread = threading.Thread(
            target=server.serve_forever, args=(0.1,), name="journal-peers", daemon=True
        )
        thread.start()

        def stop() -> None:
            server.shutdown()
            server.server_close()
            with contextlib.suppress(FileNotFoundError):
                self.address.unlink()

        return stop

    def answer(self, asked: Asked) -> bytes:
        """What this worker sends a reader: its ring's entries the query keeps, or an
        acknowledgement of its clearing."""
        if asked.clear:
            self.journal.clear()
            return msgspec.msgpack.encode(SentRing([], [], 0))
        try:
            filters = Filters.parse(dict(parse_qsl(asked.query, keep_blank_values=True)))
        except FilterError:  # the reader checked it first: nothing to say here
            return msgspec.msgpack.encode(SentRing([], [], 0))
        held = held_in(self.journal, filters, self.operation_of)
        entries = [_sent(entry, filters.body_bytes) for entry in held.entries]
        return msgspec.msgpack.encode(SentRing(entries, list(held.times), held.recorded))

    async def gather(self, filters: Filters, query: str) -> tuple[list[Held], int]:
        """Every worker's ring for `filters` (this one's first), and how many workers did
        not answer in time."""
        own = held_in(self.journal, filters, self.operation_of, self.name)
        answers = await self._ask_others(Asked(query=query))
        rings = [own]
        for name, sent in answers:
            if sent is not None:
                entries = [_received(entry) for entry in sent.entries]
                rings.append(Held(name, entries, sent.times, sent.recorded))
        return rings, sum(1 for _, sent in answers if sent is None)

    async def clear(self) -> int:
        """Clear every worker's ring; how many workers did not answer in time."""
        self.journal.clear()
        answers = await self._ask_others(Asked(clear=True))
        return sum(1 for _, sent in answers if sent is None)

    async def _ask_others(self, asked: Asked) -> list[tuple[str, SentRing | None]]:
        others = [path for path in self._sockets() if path != self.address]
        request = msgspec.msgpack.encode(asked)
        answers = await asyncio.gather(*(_ask(path, request) for path in others))
        return [
            (path.name.removesuffix(SOCKET_SUFFIX), answer)
            for path, answer in zip(others, answers, strict=True)
            if answer is not _GONE
        ]

    def _sockets(self) -> Sequence[pathlib.Path]:
        return sorted(self.folder.glob(f"*{SOCKET_SUFFIX}"))


_GONE = SentRing([], [], -1)
"""The answer of a worker that is no more (its socket removed)."""


async def _ask(path: pathlib.Path, request: bytes) -> SentRing | None:
    """One worker's answer; `_GONE` when nobody listens there any more, None when it did
    not answer in time."""
    try:
        async with asyncio.timeout(ANSWER_TIMEOUT):
            reader, writer = await asyncio.open_unix_connection(str(path))
            try:
                writer.write(request)
                writer.write_eof()
                answer = await reader.read()
            finally:
                writer.close()
    except (ConnectionRefusedError, FileNotFoundError):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return _GONE
    except (TimeoutError, OSError):
        return None
    try:
        return msgspec.msgpack.decode(answer, type=SentRing)
    except msgspec.DecodeError:
        return None


def unix_sockets_available() -> bool:
    """Whether this system has Unix sockets (workers share their rings through them)."""
    return hasattr(socket, "AF_UNIX")
