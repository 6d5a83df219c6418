"""A multipart body already read whole, split into its parts with a few `bytes.find` calls
when it takes the plain form clients send; any other form is left to python-multipart.

python-multipart reads a body as a stream, one state machine step at a time: a part's
headers cost it some 5 us of Python each, more than finding a 20 KB file's end. A body at
hand in one piece needs no streaming. Read here, it is split only when it is plain:

- it starts with the first delimiter (`--BOUNDARY` and CRLF), with no preamble;
- each part has one to `MAX_HEADER_LINES` header lines of `Name: value`, each within
  `MAX_HEADER_LINE` bytes, a name of token characters and a value with no CR or LF, then
  an empty line;
- each part's data ends at the first `CRLF--BOUNDARY`, which is followed by CRLF (another
  part) or by `--` (the last; what follows, the epilogue, is ignored);
- a caller that refuses more than so many parts is given the first of them alone, and
  what follows them is not looked at (python-multipart reads no further either: the
  caller refuses the body there).

For such a body python-multipart reports the same parts, headers and data (the tests
compare both on generated bodies); for any other, `plain_parts` returns None and
python-multipart reads it as before, its limits and errors unchanged. The work is linear
in the body: each search starts where the last one ended, and a part's header search
looks no further than its header lines may reach.
"""

from __future__ import annotations

MAX_BOUNDARY = 70
"""RFC 2046's longest boundary; a longer one is left to python-multipart (which takes 256)."""
MAX_HEADER_LINES = 8
"""python-multipart's most header lines in a part (its `DEFAULT_MAX_HEADER_COUNT`)."""
MAX_HEADER_LINE = 1024
"""Within python-multipart's longest header line (its `DEFAULT_MAX_HEADER_SIZE`, 4,224)."""
_HEADERS_REACH = MAX_HEADER_LINES * (MAX_HEADER_LINE + 2) + 2
# RFC 9110's token characters, as python-multipart's `TOKEN_CHARS`
_TOKEN = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~"

Span = tuple[int, int]
"""Where something lies in the body: [start, end)."""
PlainHeader = tuple[Span, Span]
"""A header line's name, and its value (past the spaces after the colon, to the line's end)."""
PlainPart = tuple[tuple[PlainHeader, ...], Span]
"""A part's header lines, and its data."""


def plain_parts(body: bytes, boundary: bytes, max_parts: int) -> list[PlainPart] | None:
    """The parts of `body` when it takes the plain form, else None; of a body that goes
    on past `max_parts` parts, the first `max_parts` when they are plain."""
    if not 0 < len(boundary) <= MAX_BOUNDARY:
        return None
    delimiter = b"--" + boundary
    if not body.startswith(delimiter + b"\r\n"):
        return None
    closing = b"\r\n" + delimiter
    parts: list[PlainPart] = []
    position = len(delimiter) + 2
    while True:
        headers_end = body.find(b"\r\n\r\n", position, position + _HEADERS_REACH)
        if headers_end <= position:  # no header line, or none ends within reach
            return None
        headers = _plain_headers(body, position, headers_end)
        if headers is None:
            return None
        data_start = headers_end + 4
        data_end = body.find(closing, data_start)
        if data_end == -1:
            return None
        parts.append((headers, (data_start, data_end)))
        after = data_end + len(closing)
        follows = body[after : after + 2]
        if follows == b"--":
            return parts
        if follows != b"\r\n":
            return None
        if len(parts) == max_parts:
            return parts
        position = after + 2


def _plain_headers(body: bytes, start: int, end: int) -> tuple[PlainHeader, ...] | None:
    """The header lines in body[start:end] (CRLF between them), when each is plain."""
    lines = body[start:end].split(b"\r\n")
    if len(lines) > MAX_HEADER_LINES:
        return None
    headers = []
    line_start = start
    for line in lines:
        colon = line.find(b":")
        if (
            colon <= 0
            or len(line) > MAX_HEADER_LINE
            or b"\r" in line
            or b"\n" in line
            or line[:colon].translate(None, _TOKEN)
        ):
            return None
        value_start = colon + 1
        while value_start < len(line) and line[value_start] == 0x20:  # spaces, not tabs
            value_start += 1
        line_end = line_start + len(line)
        headers.append(((line_start, line_start + colon), (line_start + value_start, line_end)))
        line_start = line_end + 2
    return tuple(headers)
