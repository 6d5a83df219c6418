"""Byte ranges of a download, read as Glance reads them: one `Range: bytes=...` (webob's
parser, so `bytes=first-last`, `bytes=first-` or `bytes=-suffix`), or else the older
`Content-Range: bytes first-last/length` that Glance still takes from requests."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import MultipleRanges, RangeNotSatisfiable

_RANGE = re.compile(r"bytes *= *(\d*) *- *(\d*)", re.I | re.ASCII)
_CONTENT_RANGE = re.compile(r"bytes (?:(\d+)-(\d+)|[*])/(?:(\d+)|[*])", re.ASCII)
# Past this many digits Python will not convert a number; no image is that large anyway.
_MAX_DIGITS = 4300


@dataclass(frozen=True)
class ByteRange:
    """The bytes to send: from `offset`, `length` of them, the last one being `last`."""

    offset: int
    length: int
    last: int


def requested_range(range_header: str | None, content_range: str | None, size: int) -> ByteRange:
    """The part of `size` bytes the request's headers ask for."""
    if range_header is not None:
        return _from_range(range_header, size)
    if content_range is not None:
        return _from_content_range(content_range, size)
    raise ValueError("no range asked for")


def _too_long(match: re.Match[str] | None) -> bool:
    return match is not None and any(len(text or "") > _MAX_DIGITS for text in match.groups())


def _from_range(header: str, size: int) -> ByteRange:
    if "," in header:
        raise MultipleRanges()
    match = _RANGE.match(header)
    if match is None or match.groups() == ("", "") or _too_long(match):
        raise RangeNotSatisfiable("Invalid Range header.")
    first_text, last_text = match.groups()
    start = -int(last_text) if not first_text else int(first_text)
    end = int(last_text) + 1 if first_text and last_text else None  # exclusive
    if end is not None and start >= end:
        raise RangeNotSatisfiable("Invalid Range header.")
    if start >= size:
        raise RangeNotSatisfiable(
            "Invalid start position in Range header. Start position MUST be in the "
            f"inclusive range [0, {size - 1}]."
        )
    offset = start if start >= 0 else (size + start if -start < size else 0)
    if end is not None and end < size:
        return ByteRange(offset, end - offset, end - 1)
    return ByteRange(offset, size - offset, size - 1)


def _from_content_range(header: str, size: int) -> ByteRange:
    match = _CONTENT_RANGE.match(header)
    first_text, last_text, length_text = match.groups() if match else (None, None, None)
    if match is None or first_text is None or last_text is None or _too_long(match):
        raise RangeNotSatisfiable("Invalid Content-Range header.")
    start, stop = int(first_text), int(last_text) + 1
    length = int(length_text) if length_text else None
    if start >= stop or (length is not None and stop > length):
        raise RangeNotSatisfiable("Invalid Content-Range header.")
    if length is None and stop > size:
        raise RangeNotSatisfiable(
            "Invalid stop position in Content-Range header. The stop position MUST be in "
            f"the inclusive range [0, {size - 1}]."
        )
    if start >= size:
        raise RangeNotSatisfiable(
            "Invalid start position in Content-Range header. Start position MUST be in "
            f"the inclusive range [0, {size - 1}]."
        )
    stop = min(stop, size)
    return ByteRange(start, stop - start, stop - 1)
