"""A whole multipart body split by `plain_parts` reads as python-multipart reads it: the
same parts, headers and data where the body is plain, and python-multipart alone (the
same form, limits and errors) where it is not."""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from python_multipart import MultipartParser
from python_multipart.exceptions import FormParserError
from starlette.datastructures import Headers, UploadFile
from starlette.formparsers import MultiPartException

from mockserver.http.decoding.multipart import StrictMultiPartParser, chunks_of
from mockserver.http.decoding.plain_multipart import MAX_HEADER_LINES, plain_parts

BOUNDARY = b"XyZ-7MA4YWxkTrZu0gW"
Event = tuple[str, bytes]


def upload_body(boundary: bytes = BOUNDARY) -> bytes:
    return b"".join(
        [
            b"--" + boundary + b"\r\n",
            b'Content-Disposition: form-data; name="image"; filename="a.png"\r\n',
            b"Content-Type: image/png\r\n\r\n",
            b"\x89PNG\r\n\x1a\n\r\n-- not the end\r\n--" + boundary[:-1],
            b"\r\n--" + boundary + b"\r\n",
            b'Content-Disposition: form-data; name="title"\r\n\r\n',
            b"A title",
            b"\r\n--" + boundary + b"--\r\n",
        ]
    )


def library_events(body: bytes, boundary: bytes) -> list[Event] | None:
    """What python-multipart reports of the body written whole, adjacent data joined;
    None when it refuses the body."""
    events: list[Event] = []

    def data(kind: str) -> Any:
        def on_data(chunk: bytes, start: int, end: int) -> None:
            if events and events[-1][0] == kind:
                events[-1] = (kind, events[-1][1] + chunk[start:end])
            else:
                events.append((kind, chunk[start:end]))

        return on_data

    def mark(kind: str) -> Any:
        return lambda: events.append((kind, b""))

    callbacks: Any = {
        "on_part_begin": mark("part_begin"),
        "on_header_field": data("header_field"),
        "on_header_value": data("header_value"),
        "on_header_end": mark("header_end"),
        "on_headers_finished": mark("headers_finished"),
        "on_part_data": data("part_data"),
        "on_part_end": mark("part_end"),
    }
    try:
        parser = MultipartParser(boundary, callbacks)
        parser.write(body)
        parser.finalize()
    except FormParserError:
        return None
    return events


def plain_events(body: bytes, boundary: bytes) -> list[Event] | None:
    parts = plain_parts(body, boundary, max_parts=2000)
    if parts is None:
        return None
    events: list[Event] = []
    for headers, (data_start, data_end) in parts:
        events.append(("part_begin", b""))
        for (name_start, name_end), (value_start, value_end) in headers:
            events.append(("header_field", body[name_start:name_end]))
            if value_start < value_end:
                events.append(("header_value", body[value_start:value_end]))
            events.append(("header_end", b""))
        events.append(("headers_finished", b""))
        if data_start < data_end:
            events.append(("part_data", body[data_start:data_end]))
        events.append(("part_end", b""))
    return events


def form_of(body: bytes, boundary: bytes, *, whole: bool) -> object:
    """The form StrictMultiPartParser reads, as plain data, or the refusal's message."""
    headers = Headers(raw=[(b"content-type", b"multipart/form-data; boundary=" + boundary)])

    async def parse() -> object:
        if whole:
            parser = StrictMultiPartParser.of_whole_body(headers, body, max_files=1, max_fields=1)
        else:
            parser = StrictMultiPartParser(headers, chunks_of(body), max_files=1, max_fields=1)
        try:
            form = await parser.parse()
        except MultiPartException as refused:
            return ("refused", refused.message)
        items: list[object] = []
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                content = await value.read()
                items.append((name, value.filename, value.headers.raw, value.size, content))
            else:
                items.append((name, value))
        await form.close()
        return items

    return asyncio.run(parse())


def _mostly(plain: list[bytes], other: list[bytes], odds: int = 7) -> st.SearchStrategy[bytes]:
    """One of `plain` `odds` times in `odds` + 1, else one of `other`."""
    return st.sampled_from(plain * odds * len(other) + other * len(plain))


_HEADER_NAMES = _mostly(
    [b"Content-Disposition", b"content-type", b"X-Other"],
    [b"", b"Bad Name", b"a\rb", b"n\n"],
    odds=40,
)
_SEPARATORS = _mostly([b": ", b":", b":   "], [b" : ", b":\t", b""], odds=40)
_VALUES = _mostly(
    [b'form-data; name="image"; filename="a.png"', b'form-data; name="title"', b"image/png"],
    [b"", b" ", b"a\rb", b"a\nb", b"\r", b'form-data; name="\xff"'],
    odds=40,
)
_LINE_ENDS = _mostly([b"\r\n"], [b"\n", b"\r", b"\r\r\n"], odds=40)
_BOUNDARIES = _mostly([BOUNDARY, b"b", b"-"], [b"x" * 71])
_LAST_ENDINGS = _mostly([b"--", b"--\r\n", b"--epilogue"], [b"-", b"", b" \r\n", b"x"])
_ENDINGS = _mostly([b"\r\n"], [b"--", b"-", b"", b" \r\n", b"x"])


def _data(delimiter: bytes) -> st.SearchStrategy[bytes]:
    pieces = _mostly([b"x", b"-", b"--", b"\r"], [b"\r\n", delimiter, b"\r\n" + delimiter])
    return st.lists(pieces | st.binary(max_size=8), max_size=8).map(b"".join)


@st.composite
def bodies(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """(boundary, a multipart body near the plain form): each piece usually plain, some
    not, the whole sometimes cut short."""
    boundary = draw(_BOUNDARIES)
    delimiter = b"--" + boundary
    pieces = [draw(_mostly([b""], [b"\r\n", b"preamble\r\n"]))]
    pieces.append(delimiter + draw(_mostly([b"\r\n"], [b"--", b" \r\n", b"\n"])))
    for index in range(draw(st.integers(0, 4))):
        lines = st.tuples(_HEADER_NAMES, _SEPARATORS, _VALUES, _LINE_ENDS)
        pieces += [b"".join(line) for line in draw(st.lists(lines, min_size=1, max_size=9))]
        pieces.append(draw(_mostly([b"\r\n"], [b"\n", b""])))
        pieces.append(draw(_data(delimiter)))
        pieces.append(b"\r\n" + delimiter)
        last = index == 3 or draw(st.booleans())
        pieces.append(draw(_LAST_ENDINGS if last else _ENDINGS))
        if last:
            break
    body = b"".join(pieces)
    if draw(st.integers(0, 7)) == 0:
        body = body[: draw(st.integers(0, len(body)))]
    return boundary, body


@st.composite
def plain_bodies(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """(boundary, a multipart body in the plain form)."""
    boundary = draw(_BOUNDARIES.filter(lambda b: len(b) <= 70))
    delimiter = b"--" + boundary
    names = st.text("abcXYZ-_!#$%&'*+.^`|~09", min_size=1, max_size=10).map(str.encode)
    values = st.binary(max_size=16).filter(lambda v: b"\r" not in v and b"\n" not in v)
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        lines = draw(
            st.lists(
                st.tuples(names, st.sampled_from([b":", b": ", b":  "]), values),
                min_size=1,
                max_size=MAX_HEADER_LINES,
            )
        )
        data = draw(_data(delimiter).filter(lambda d: b"\r\n" + delimiter not in d + b"\r\n"))
        parts.append(b"".join(b"".join(line) + b"\r\n" for line in lines) + b"\r\n" + data)
    body = delimiter + b"\r\n" + (b"\r\n" + delimiter + b"\r\n").join(parts)
    return boundary, body + b"\r\n" + delimiter + draw(st.sampled_from([b"--", b"--\r\n", b"--x"]))


def test_an_upload_is_plain() -> None:
    assert plain_events(upload_body(), BOUNDARY) == library_events(upload_body(), BOUNDARY)
    assert plain_parts(upload_body(), BOUNDARY, max_parts=2) is not None


def test_of_a_body_of_more_parts_only_the_first_are_split() -> None:
    parts = plain_parts(upload_body() + b"not a part", BOUNDARY, max_parts=1)

    assert parts is not None
    assert len(parts) == 1


def test_a_part_of_too_many_header_lines_is_left_to_python_multipart() -> None:
    lines = b"X-A: b\r\n" * (MAX_HEADER_LINES + 1)
    body = b"--" + BOUNDARY + b"\r\n" + lines + b"\r\ndata\r\n--" + BOUNDARY + b"--"

    assert plain_parts(body, BOUNDARY, max_parts=10) is None


@given(plain_bodies())
def test_a_plain_body_is_split_as_python_multipart_reads_it(case: tuple[bytes, bytes]) -> None:
    boundary, body = case
    plain = plain_events(body, boundary)

    assert plain is not None
    assert plain == library_events(body, boundary)


@given(bodies())
def test_a_body_split_at_all_has_the_parts_python_multipart_finds(
    case: tuple[bytes, bytes],
) -> None:
    boundary, body = case
    plain = plain_events(body, boundary)
    if plain is not None:
        assert plain == library_events(body, boundary)


@given(bodies() | plain_bodies())
def test_a_whole_body_reads_as_the_same_body_streamed(case: tuple[bytes, bytes]) -> None:
    boundary, body = case

    assert form_of(body, boundary, whole=True) == form_of(body, boundary, whole=False)
