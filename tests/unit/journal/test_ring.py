"""The journal's ring: an entry keeps the request's values as they came, and its bodies as
the pieces they came in (one small piece as it is) or as size, digest and first bytes."""

from __future__ import annotations

import asyncio
import gc
import hashlib

from hypothesis import given
from hypothesis import strategies as st
from starlette.types import Message, Receive, Scope, Send

from mockserver.journal.ring import (
    HEAD_BYTES,
    KEPT_BYTES,
    BodySummary,
    BodyTally,
    Journal,
    JournalRecording,
    packed,
    summarize,
    unpacked,
    with_chunk,
)

HEADERS = [(b"host", b"mock"), (b"x-note", b"a: b: c"), (b"x-empty", b""), (b"host", b"2")]


def scope(headers: list[tuple[bytes, bytes]]) -> Scope:
    return {
        "type": "http",
        "method": "PUT",
        "path": "/p",
        "query_string": b"a=1",
        "headers": headers,
    }


def test_headers_are_kept_as_they_came() -> None:
    entry = Journal().start("c", scope(list(HEADERS)))
    assert entry.headers == tuple(HEADERS)
    assert (entry.method, entry.path, entry.query) == ("PUT", "/p", b"a=1")


def test_an_entry_is_the_one_object_the_collector_follows() -> None:
    journal = Journal()
    entry = journal.start("c", scope(list(HEADERS)))
    entry.response_headers = ((b"content-type", b"text/plain"),)
    gc.collect()
    held = [referent for referent in gc.get_referents(entry) if referent is not type(entry)]
    assert [referent for referent in held if gc.is_tracked(referent)] == []


def test_the_request_and_the_answer_keep_one_object_each_for_their_headers() -> None:
    # The method is a string shared by every request, the query and the headers one
    # bytes object, the answer's headers another: none is a tuple.
    request_method = "".join(["PU", "T"])  # (a string of its own, as a server's is)
    entry = Journal().start("c", {**scope(list(HEADERS)), "method": request_method})
    entry.answered(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]}
    )
    held = gc.get_referents(entry)
    kept = [referent for referent in held if isinstance(referent, bytes)]
    assert b"a=1\0host\0mock\0x-note\0a: b: c\0x-empty\0\0host\x002" in kept
    assert b"\0content-length\x002" in kept
    assert [referent for referent in held if isinstance(referent, tuple)] == []
    assert entry.method == "PUT"
    assert entry.method is not request_method
    assert entry.response_headers == ((b"content-length", b"2"),)


_BYTES = st.binary(max_size=12)


@given(st.lists(st.tuples(_BYTES, _BYTES), max_size=6), _BYTES)
def test_any_query_and_headers_come_back_as_they_came(
    headers: list[tuple[bytes, bytes]], first: bytes
) -> None:
    # NULs included: those are kept as they came, unpacked.
    assert unpacked(packed(headers, first)) == (first, tuple(headers))


def test_a_body_of_one_small_piece_is_kept_as_that_piece() -> None:
    chunk = b"abcdef"
    body = with_chunk(b"", chunk)
    assert body is chunk
    assert summarize(body) == BodySummary(6, hashlib.sha256(chunk).hexdigest(), chunk)


def test_a_body_of_several_pieces_is_tallied() -> None:
    body = with_chunk(with_chunk(b"", b"abc"), b"def")
    assert isinstance(body, BodyTally)
    assert summarize(body) == BodySummary(6, hashlib.sha256(b"abcdef").hexdigest(), b"abcdef")


def test_a_large_piece_is_hashed_at_once_and_keeps_its_first_bytes() -> None:
    chunk = bytes(range(256)) * 100
    assert len(chunk) > KEPT_BYTES
    body = with_chunk(b"", chunk)
    assert isinstance(body, BodyTally)
    assert summarize(body) == BodySummary(
        len(chunk), hashlib.sha256(chunk).hexdigest(), chunk[:HEAD_BYTES]
    )


def test_a_small_body_is_hashed_when_read() -> None:
    tally = BodyTally()
    for chunk in (b"abc", b"", b"def"):
        tally.add(chunk)
    assert (tally.size, tally.head) == (6, b"abcdef")
    assert tally.sha256 == hashlib.sha256(b"abcdef").hexdigest()


def test_a_large_body_is_hashed_as_it_streams_and_keeps_its_first_bytes() -> None:
    chunks = [bytes([n]) * 10_000 for n in range(5)]
    tally = BodyTally()
    for chunk in chunks:
        tally.add(chunk)
    whole = b"".join(chunks)
    assert len(whole) > KEPT_BYTES
    assert (tally.size, tally.head) == (len(whole), whole[:HEAD_BYTES])
    assert tally.sha256 == hashlib.sha256(whole).hexdigest()


def test_the_layer_records_both_bodies_and_the_answer() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        while (await receive()).get("more_body"):
            pass
        headers = ((b"content-type", b"text/plain") for _ in range(1))  # read once
        await send({"type": "http.response.start", "status": 201, "headers": headers})
        await send({"type": "http.response.body", "body": b"made", "more_body": True})
        await send({"type": "http.response.body", "body": b"!"})

    pieces = [b"up", b"load"]

    async def receive() -> Message:
        return {"type": "http.request", "body": pieces.pop(0), "more_body": bool(pieces)}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    journal = Journal()
    recording = JournalRecording(app, journal=journal, contract="c")
    asyncio.run(recording(scope([]), receive, send))
    [entry] = journal
    assert (entry.status, entry.response_headers) == (201, ((b"content-type", b"text/plain"),))
    assert list(sent[0]["headers"]) == [(b"content-type", b"text/plain")]  # still there to send
    assert summarize(entry.request_body).head == b"upload"
    assert summarize(entry.response_body).head == b"made!"
    assert entry.duration > 0
