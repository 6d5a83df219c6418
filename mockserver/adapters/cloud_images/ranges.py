"""Single byte ranges (RFC 9110) of a download: `bytes=first-last`, `bytes=first-`,
`bytes=-suffix`, or the older `Content-Range: bytes first-last/*` form."""

from __future__ import annotations

import re

from .errors import MalformedRange, RangeNotSatisfiable

_RANGE = re.compile(r"^bytes[= ](\d*)-(\d*)(?:/(?:\d+|\*))?$")


def byte_range(header: str, size: int) -> tuple[int, int]:
    """The first and last byte (inclusive) the header asks for out of `size` bytes."""
    match = _RANGE.match(header.strip())
    if match is None or match.group(1) == match.group(2) == "":
        raise MalformedRange(header)
    first_text, last_text = match.groups()
    if first_text == "":
        suffix = int(last_text)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable(header, size)
        return max(size - suffix, 0), size - 1
    first = int(first_text)
    last = min(int(last_text), size - 1) if last_text else size - 1
    if last_text and int(last_text) < first:
        raise MalformedRange(header)
    if first >= size:
        raise RangeNotSatisfiable(header, size)
    return first, last
