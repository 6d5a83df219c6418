"""What the mock takes as text a person wrote: a title or a file name holds no control
characters (a NUL byte among them), which no client would show and some would cut at."""

from __future__ import annotations

import re

# C0 controls and DEL; a title may still span lines, a file name may not.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_OR_LINE_BREAK = re.compile(r"[\x00-\x1f\x7f]")


def is_free_text(text: str) -> bool:
    """Whether `text` holds no control character but tabs and line breaks."""
    return _CONTROL.search(text) is None


def is_one_line(text: str) -> bool:
    """Whether `text` holds no control character at all (tabs and line breaks included)."""
    return _CONTROL_OR_LINE_BREAK.search(text) is None


QUOTED_AT_MOST = 100
"""Characters of a refused value an error message quotes (a file name may be megabytes)."""


def quoted_briefly(text: str) -> str:
    """`text` quoted as `repr` quotes it, its first `QUOTED_AT_MOST` characters and `...`
    when it is longer."""
    if len(text) <= QUOTED_AT_MOST:
        return repr(text)
    return repr(text[:QUOTED_AT_MOST]) + "..."
