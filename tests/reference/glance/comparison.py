"""Comparing one step's two answers, aspect by aspect. Values that differ by run (the ids
each side made, timestamps, the server's own address) are replaced by placeholders of the
same format before comparing, so a value of another format still shows as a difference."""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

from .exchange import Answer, Side

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIMESTAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
# A time as Glance's database gives it (an image's tasks): to the microsecond, no zone.
DATABASE_TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\b(?!Z)")
REQUEST_ID = re.compile(r"req-" + UUID.pattern)
# Compared as data only where the body is not a document (downloads, empty answers).
DOCUMENT_TYPES = ("application/json", "text/html", "text/plain")
ABSENT = "<absent>"


@dataclass(frozen=True)
class Difference:
    step: str
    aspect: str
    glance: str
    mock: str


def normalised_text(text: str, side: Side) -> str:
    """`text` with this side's run-specific values as placeholders of the same format."""
    text = text.replace(side.root, "<base>")
    for name, value in side.names.items():
        if UUID.fullmatch(value):
            text = text.replace(value, f"<uuid:{name}>")
    text = REQUEST_ID.sub("req-<uuid>", text)
    text = UUID.sub("<uuid>", text)
    text = DATABASE_TIME.sub("<YYYY-MM-DDTHH:MM:SS.ffffff>", text)
    return TIMESTAMP.sub("<YYYY-MM-DDTHH:MM:SSZ>", text)


def normalised(value: Any, side: Side) -> Any:
    if isinstance(value, str):
        return normalised_text(value, side)
    if isinstance(value, list):
        return [normalised(item, side) for item in value]
    if isinstance(value, dict):
        return {key: _normalised_member(key, item, side) for key, item in value.items()}
    return value


def _normalised_member(key: str, value: Any, side: Side) -> Any:
    if key == "tags" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        # A set in Glance (its order follows Python's string hashing, so varies by run).
        return sorted(normalised(tag, side) for tag in value)
    return normalised(value, side)


def compare(
    step: str, glance: Answer, glance_side: Side, mock: Answer, mock_side: Side
) -> list[Difference]:
    if glance.status is None and mock.status is None:
        return []  # neither side made what the step needs
    if glance.status is None or mock.status is None:
        return [Difference(step, "sent", _sent(glance), _sent(mock))]
    if glance.status != mock.status:
        # Two different outcomes: their headers and bodies cannot mean the same.
        return [Difference(step, "status", str(glance.status), str(mock.status))]
    headers = ["location", "content-range", "content-md5", "www-authenticate", "allow"]
    if glance.body or mock.body:
        # webob types even an empty 204 as text/html: no body, nothing typed.
        headers.insert(0, "content-type")
    found = [
        difference
        for name in headers
        if (difference := _header(step, name, glance, glance_side, mock, mock_side))
    ]
    if any(difference.aspect == "header content-type" for difference in found):
        return found
    if glance.media_type == "application/json":
        found += _json_differences(step, glance, glance_side, mock, mock_side)
    elif glance.media_type not in DOCUMENT_TYPES:
        found += _data_differences(step, glance, mock)
    return found


def _sent(answer: Answer) -> str:
    return answer.note or f"sent, answered {answer.status}"


def _header(
    step: str, name: str, glance: Answer, glance_side: Side, mock: Answer, mock_side: Side
) -> Difference | None:
    theirs = _header_value(name, glance, glance_side)
    ours = _header_value(name, mock, mock_side)
    if theirs == ours:
        return None
    return Difference(step, f"header {name}", theirs, ours)


def _header_value(name: str, answer: Answer, side: Side) -> str:
    value = answer.headers.get(name)
    if value is None:
        return ABSENT
    if name == "content-type":
        return answer.media_type
    if name == "www-authenticate":
        return "<present>"  # names each deployment's Keystone
    if name == "location":
        return normalised_text(urllib.parse.urlsplit(value).path, side)
    return value


def _data_differences(step: str, glance: Answer, mock: Answer) -> list[Difference]:
    found = []
    theirs, ours = glance.headers.get("content-length"), mock.headers.get("content-length")
    if theirs != ours:
        found.append(Difference(step, "header content-length", theirs or ABSENT, ours or ABSENT))
    if glance.body != mock.body:
        found.append(
            Difference(step, "body data", f"{len(glance.body)} bytes", f"{len(mock.body)} bytes")
        )
    return found


def _json_differences(
    step: str, glance: Answer, glance_side: Side, mock: Answer, mock_side: Side
) -> list[Difference]:
    try:
        theirs = normalised(glance.json(), glance_side)
    except ValueError:
        theirs = "<not JSON>"
    try:
        ours = normalised(mock.json(), mock_side)
    except ValueError:
        ours = "<not JSON>"
    return [
        Difference(step, f"body {pointer or '/'}", their_value, our_value)
        for pointer, their_value, our_value in structural_differences(theirs, ours)
    ]


def structural_differences(theirs: Any, ours: Any, pointer: str = "") -> list[tuple[str, str, str]]:
    """(JSON pointer, Glance's value, the mock's value) wherever the two documents part."""
    if isinstance(theirs, dict) and isinstance(ours, dict):
        found = []
        for key in sorted(set(theirs) | set(ours)):
            here = f"{pointer}/{key}"
            if key not in ours:
                found.append((here, _shown(theirs[key]), ABSENT))
            elif key not in theirs:
                found.append((here, ABSENT, _shown(ours[key])))
            else:
                found += structural_differences(theirs[key], ours[key], here)
        return found
    if isinstance(theirs, list) and isinstance(ours, list):
        their_ids, our_ids = _ids(theirs), _ids(ours)
        if their_ids is not None and our_ids is not None and their_ids != our_ids:
            # Other images, or the same in another order: field by field would only blur it.
            return [(pointer, _shown(their_ids), _shown(our_ids))]
        if len(theirs) != len(ours):
            return [(pointer, f"{len(theirs)} items", f"{len(ours)} items")]
        found = []
        for index, (their_item, our_item) in enumerate(zip(theirs, ours, strict=True)):
            found += structural_differences(their_item, our_item, f"{pointer}/{index}")
        return found
    if type(theirs) is not type(ours) or theirs != ours:
        return [(pointer, _shown(theirs), _shown(ours))]
    return []


def _ids(items: list[Any]) -> list[Any] | None:
    """The ids of a list of resources (images, members) in order; None for other lists."""
    if not all(isinstance(item, dict) for item in items):
        return None
    keys = [item.get("id", item.get("member_id")) for item in items]
    return keys if all(isinstance(key, str) for key in keys) else None


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 300 else text[:297] + "..."
