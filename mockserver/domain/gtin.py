"""GTINs: 8, 12, 13 or 14 digits, all normalized to GTIN-14 by zero-padding."""

from __future__ import annotations

import re

_GTIN = re.compile(r"^([0-9]{8}|[0-9]{12}|[0-9]{13}|[0-9]{14})$")


def normalize_gtin(text: str) -> str | None:
    """The GTIN-14 form of a GTIN-8/12/13/14; None when the text is no such GTIN."""
    if not _GTIN.fullmatch(text):
        return None
    return text.rjust(14, "0")
