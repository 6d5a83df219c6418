"""The `Prefer` request header (RFC 7240) as mock servers read it: `code=<status>` and
`delay=<milliseconds>`, as Prism spells them."""

from __future__ import annotations

from collections.abc import Iterable

from .plan import MAX_DELAY_MS


def preferences(header_values: Iterable[str]) -> dict[str, str]:
    """Every `name=value` preference of the request's Prefer headers; the first of a name
    wins, as RFC 7240 says."""
    found: dict[str, str] = {}
    for value in header_values:
        for preference in value.split(","):
            token = preference.split(";", 1)[0].strip()
            name, equals, argument = token.partition("=")
            name = name.strip().lower()
            if name and equals and name not in found:
                found[name] = argument.strip().strip('"')
    return found


def preferred_code(prefs: dict[str, str]) -> int | None:
    value = prefs.get("code", "")
    return int(value) if value.isdigit() and 400 <= int(value) <= 599 else None


def preferred_delay(prefs: dict[str, str]) -> int | None:
    value = prefs.get("delay", "")
    return min(int(value), MAX_DELAY_MS) if value.isdigit() else None
