"""Two answers to the same request, aspect by aspect: status, media type, the headers that
carry meaning, and the body (JSON member by member, server-chosen values mapped)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from ..reply import Reply
from .values import UNIX_TIME_SECONDS, ValueMap, id_namespace

EXACT_HEADERS = (
    "ratelimit-limit",
    "ratelimit-policy",
    "x-ratelimit-limit",
    "content-range",
    "content-md5",
)
PRESENT_HEADERS = (
    "etag",
    "ratelimit-remaining",
    "ratelimit-reset",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "retry-after",
    "www-authenticate",
)
"""Headers whose value is the server's own (a clock, a count, a hash): only their presence
and kind (a Unix time, another number, text) are compared."""
MAPPED_HEADERS = ("location",)
"""Links, compared as absolute URLs (a relative one read against the request's)."""
LISTED_HEADERS = ("allow",)
ABSENT = "<absent>"
SHOWN_AT_MOST = 300


@dataclass(frozen=True)
class Disagreement:
    """One aspect two answers do not agree on."""

    aspect: str
    """`status`, `media type`, `header Location`, `body /data/0/title`, `body`."""
    ours: str
    theirs: str


def disagreements(
    ours: Reply, theirs: Reply, values: ValueMap, urls: tuple[str, str] = ("", "")
) -> list[Disagreement]:
    """Where `theirs` does not say what `ours` says (learning value pairs on the way).
    `urls`: the requests' URLs, which a relative Location is read against."""
    found: list[Disagreement] = []
    if ours.status != theirs.status:
        found.append(Disagreement("status", str(ours.status), str(theirs.status)))
    # The type of no content says nothing (webob names one on a 204, Starlette none).
    if ours.media_type != theirs.media_type and (ours.content or theirs.content):
        found.append(Disagreement("media type", ours.media_type, theirs.media_type))
    found += _header_disagreements(ours, theirs, values, urls)
    found += _body_disagreements(ours, theirs, values)
    return found


def _header_disagreements(
    ours: Reply, theirs: Reply, values: ValueMap, urls: tuple[str, str]
) -> list[Disagreement]:
    found = []
    for name in (*EXACT_HEADERS, *PRESENT_HEADERS, *MAPPED_HEADERS, *LISTED_HEADERS):
        our_value, their_value = ours.header(name), theirs.header(name)
        if our_value is None or their_value is None:
            agree = our_value is None and their_value is None
        elif name in PRESENT_HEADERS:
            agree = value_kind(our_value) == value_kind(their_value)
        elif name in MAPPED_HEADERS:
            resolved = (urljoin(urls[0], our_value), urljoin(urls[1], their_value))
            agree = values.texts_agree(*resolved)
        elif name in LISTED_HEADERS:
            agree = _listed(our_value) == _listed(their_value)
        else:
            agree = our_value == their_value
        if not agree:
            found.append(Disagreement(f"header {name}", our_value or ABSENT, their_value or ABSENT))
    return found


def value_kind(value: str) -> str:
    """`unix time`, `number` or `text`: what a header's own value is."""
    try:
        number = float(value)
    except ValueError:
        return "text"
    return "unix time" if UNIX_TIME_SECONDS[0] <= number < UNIX_TIME_SECONDS[1] else "number"


def _listed(value: str) -> set[str]:
    return {item.strip().upper() for item in value.split(",") if item.strip()}


def _body_disagreements(ours: Reply, theirs: Reply, values: ValueMap) -> list[Disagreement]:
    our_json, their_json = _json(ours), _json(theirs)
    if our_json is not _NOT_JSON and their_json is not _NOT_JSON:
        return json_disagreements(our_json, their_json, values)
    if ours.content == theirs.content:
        return []
    if _is_text(ours) and _is_text(theirs):
        our_text, their_text = ours.content.decode(), theirs.content.decode()
        if values.texts_agree(our_text, their_text):
            return []
        return [Disagreement("body", _shown(our_text), _shown(their_text))]
    return [Disagreement("body", _bytes_shown(ours.content), _bytes_shown(theirs.content))]


def json_disagreements(
    ours: Any, theirs: Any, values: ValueMap, pointer: str = "", member: str = ""
) -> list[Disagreement]:
    """Where two JSON values differ, by JSON pointer (arrays in order, objects by name)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found = []
        names = [*ours, *(name for name in theirs if name not in ours)]
        # Ids first, so that links naming them (`detailUrl`) meet them paired.
        for name in sorted(names, key=lambda name: id_namespace(name) is None):
            where = f"{pointer}/{name}"
            if name not in theirs or name not in ours:
                shown = (_shown_json(ours.get(name, ABSENT)), _shown_json(theirs.get(name, ABSENT)))
                found.append(Disagreement(f"body {where}", *shown))
                continue
            found += json_disagreements(ours[name], theirs[name], values, where, name)
        return found
    if isinstance(ours, list) and isinstance(theirs, list):
        if len(ours) != len(theirs):
            counts = (f"{len(ours)} items", f"{len(theirs)} items")
            shown = (f"{counts[0]}: {_shown_json(ours)}", f"{counts[1]}: {_shown_json(theirs)}")
            return [Disagreement(f"body {pointer or '/'}", *shown)]
        found = []
        for place, (our_item, their_item) in enumerate(zip(ours, theirs, strict=True)):
            found += json_disagreements(our_item, their_item, values, f"{pointer}/{place}", member)
        return found
    if not _scalars_agree(ours, theirs, values, member):
        return [Disagreement(f"body {pointer or '/'}", _shown_json(ours), _shown_json(theirs))]
    return []


def _scalars_agree(ours: Any, theirs: Any, values: ValueMap, member: str) -> bool:
    kind = id_namespace(member)
    if isinstance(ours, str) and isinstance(theirs, str):
        return values.texts_agree(ours, theirs, kind)
    numbers = (int, float)
    if isinstance(ours, numbers) and isinstance(theirs, numbers):
        return values.numbers_agree(ours, theirs, kind)
    return bool(type(ours) is type(theirs) and ours == theirs)


_NOT_JSON = object()


def _json(reply: Reply) -> Any:
    if not reply.content or not (
        reply.media_type.endswith("json") or reply.media_type.endswith("+json")
    ):
        return _NOT_JSON
    try:
        return json.loads(reply.content)
    except ValueError:
        return _NOT_JSON


def _is_text(reply: Reply) -> bool:
    try:
        reply.content.decode()
    except UnicodeDecodeError:
        return False
    return reply.media_type.startswith("text/") or reply.media_type.endswith("json")


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN_AT_MOST else text[:SHOWN_AT_MOST] + "…"


def _shown_json(value: Any) -> str:
    if value is ABSENT:
        return str(value)
    return _shown(json.dumps(value, ensure_ascii=False))


def _bytes_shown(content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()[:16]
    return f"{len(content)} bytes, sha256 {digest}…"
