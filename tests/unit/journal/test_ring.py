"""The journal's ring: headers kept as one value and read back as pairs, bodies as size,
digest and first bytes."""

from __future__ import annotations

import hashlib

from mockserver.journal.ring import HEAD_BYTES, KEPT_BYTES, BodyTally, head_bytes, header_pairs


def test_headers_are_read_back_as_they_came() -> None:
    headers = [(b"host", b"mock"), (b"x-note", b"a: b: c"), (b"x-empty", b""), (b"host", b"2")]
    assert header_pairs(head_bytes(headers)) == headers
    assert header_pairs(head_bytes([])) == []


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
