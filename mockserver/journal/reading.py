"""Reading the request journal: which entries a query's filters keep, and each one as
JSON, with the operation it was for and every credential masked."""

from __future__ import annotations

import base64
import fnmatch
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from .ring import Body, Entry, Journal, summarize

MASK = "***"
CREDENTIAL_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "x-api-key", "x-auth-token", "x-subject-token"}
)
"""Headers whose value is a credential (of an `Authorization`, the scheme stays)."""
COOKIE_HEADERS = frozenset({"cookie", "set-cookie"})
CREDENTIAL_QUERY_NAMES = frozenset({"auth", "access_token", "api_key", "apikey", "token"})
REQUEST_ID_HEADERS = (b"x-request-id", b"x-correlation-id")

OperationOf = Callable[[str, str, str], str | None]
"""The operationId of a (contract, method, path), None when the path names none."""


class FilterError(ValueError):
    """A query parameter of `/__admin/requests` that is not a filter it knows."""


@dataclass(frozen=True)
class Filters:
    contract: str | None = None
    operation: str | None = None
    method: str | None = None
    path: str | None = None
    """A path, or a pattern where `*` is any run of characters."""
    status: str | None = None
    """A status (`204`) or a class of them (`4xx`)."""
    since: float | None = None
    """Unix time: entries of requests that arrived then or later."""
    limit: int | None = None
    """The most recent entries this many at most."""
    body_bytes: int = 0
    """The first bytes of each body to show (at most `ring.HEAD_BYTES`)."""

    @classmethod
    def parse(cls, query: Mapping[str, str]) -> Filters:
        known = {
            "contract",
            "operation",
            "method",
            "path",
            "status",
            "since",
            "limit",
            "body_bytes",
        }
        unknown = sorted(set(query) - known)
        if unknown:
            raise FilterError(f"unknown filter {unknown[0]!r}; known: {', '.join(sorted(known))}")
        status = query.get("status")
        if status is not None and not _is_status_filter(status):
            raise FilterError(f"status must be a status (204) or a class (4xx), not {status!r}")
        return cls(
            contract=query.get("contract"),
            operation=query.get("operation"),
            method=query["method"].upper() if "method" in query else None,
            path=query.get("path"),
            status=status.lower() if status else None,
            since=_parse_time(query["since"]) if "since" in query else None,
            limit=_parse_count(query, "limit"),
            body_bytes=_parse_count(query, "body_bytes") or 0,
        )

    def keeps(self, entry: Entry, operation_of: OperationOf) -> bool:
        if self.contract is not None and entry.contract != self.contract:
            return False
        if self.method is not None and entry.method != self.method:
            return False
        if self.since is not None and entry.time < self.since:
            return False
        if self.path is not None and not _path_matches(self.path, entry.path):
            return False
        if self.status is not None and not _status_matches(self.status, entry.status):
            return False
        return self.operation is None or (
            operation_of(entry.contract, entry.method, entry.path) == self.operation
        )


@dataclass(frozen=True)
class Held:
    """What one ring (one worker's, of a mock of several) holds for a query."""

    worker: str | None
    """The worker's name, when the mock has several."""
    entries: Sequence[Entry]
    """The entries the filters keep, oldest first."""
    times: Sequence[float]
    """The arrival of every entry the ring holds: where the journal's bound falls."""
    recorded: int


def held_in(
    journal: Journal, filters: Filters, operation_of: OperationOf, worker: str | None = None
) -> Held:
    """The entries of `journal` the filters keep (the most recent `limit` of them)."""
    entries = list(journal)
    kept = [entry for entry in entries if filters.keeps(entry, operation_of)]
    if filters.limit is not None:
        kept = kept[len(kept) - filters.limit :] if filters.limit else []
    return Held(worker, kept, [entry.time for entry in entries], journal.recorded)


def query_journal(
    rings: Sequence[Held], capacity: int, filters: Filters, operation_of: OperationOf
) -> dict[str, Any]:
    """The answer of `GET /__admin/requests` over the rings of every worker: the entries
    the filters keep among the `capacity` most recent, oldest first, their count, and the
    journal's own figures."""
    held = sum(len(ring.times) for ring in rings)
    cutoff = -math.inf
    if held > capacity:  # several workers' rings: the journal is their `capacity` latest
        cutoff = sorted((t for ring in rings for t in ring.times), reverse=True)[capacity - 1]
    kept = [
        (ring.worker, entry) for ring in rings for entry in ring.entries if entry.time >= cutoff
    ]
    if len(rings) > 1:
        kept.sort(key=lambda item: (item[1].time, item[0] or "", item[1].seq))
    kept = kept[-capacity:]
    if filters.limit is not None:
        kept = kept[len(kept) - filters.limit :] if filters.limit else []
    recorded = sum(ring.recorded for ring in rings)
    return {
        "count": len(kept),
        "capacity": capacity,
        "recorded": recorded,
        "dropped": recorded - min(held, capacity),
        "requests": [render_entry(e, operation_of, filters.body_bytes, w) for w, e in kept],
    }


def render_entry(
    entry: Entry, operation_of: OperationOf, body_bytes: int = 0, worker: str | None = None
) -> dict[str, Any]:
    """An entry as JSON; `worker` names the worker that took it, in a mock of several."""
    rendered = {
        "id": _request_id(entry, worker),
        "seq": entry.seq,
        "time": datetime.fromtimestamp(entry.time, UTC).isoformat(timespec="milliseconds"),
        "contract": entry.contract,
        "operation": operation_of(entry.contract, entry.method, entry.path),
        "method": entry.method,
        "path": entry.path,
        "query": _masked_query(entry.query.decode("latin-1")),
        "status": entry.status,
        "duration_ms": round(entry.duration * 1000, 3) if entry.status is not None else None,
        "headers": masked_headers(entry.headers),
        "body": _body(entry.request_body, body_bytes),
        "response": {
            "headers": masked_headers(entry.response_headers),
            "body": _body(entry.response_body, body_bytes),
        },
    }
    if worker is not None:
        rendered["worker"] = worker
    return rendered


def masked_headers(headers: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """Headers by lower-case name (repeats joined with `, `), credentials masked: the
    values of credential headers, the values of cookies (their names stay)."""
    shown: dict[str, str] = {}
    for raw_name, raw_value in headers:
        name = raw_name.decode("latin-1").lower()
        value = _masked_value(name, raw_value.decode("latin-1"))
        shown[name] = f"{shown[name]}, {value}" if name in shown else value
    return shown


def _masked_value(name: str, value: str) -> str:
    if name in CREDENTIAL_HEADERS:
        scheme, space, secret = value.partition(" ")
        return f"{scheme} {MASK}" if name.endswith("authorization") and space and secret else MASK
    if name in COOKIE_HEADERS:
        separator = "; "
        pieces = [piece.strip() for piece in value.split(";")]
        if name == "set-cookie":  # the first piece is the cookie; its attributes stay
            return separator.join([_masked_cookie(pieces[0]), *pieces[1:]])
        return separator.join(_masked_cookie(piece) for piece in pieces if piece)
    return value


def _masked_cookie(pair: str) -> str:
    cookie_name, equals, _ = pair.partition("=")
    return f"{cookie_name}={MASK}" if equals else pair


def _masked_query(query: str) -> str:
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)
    if not any(name.lower() in CREDENTIAL_QUERY_NAMES for name, _ in pairs):
        return query
    return urlencode(
        [(n, MASK if n.lower() in CREDENTIAL_QUERY_NAMES else v) for n, v in pairs], safe="*"
    )


def _request_id(entry: Entry, worker: str | None) -> str:
    """The id the client gave the request (`X-Request-Id`), else the journal's number
    (prefixed with the worker's name, in a mock of several)."""
    for name, value in entry.headers:
        if name.lower() in REQUEST_ID_HEADERS:
            return value.decode("latin-1")
    return f"{worker}-{entry.seq}" if worker is not None else str(entry.seq)


def _body(body: Body, shown_bytes: int) -> dict[str, Any]:
    summary = summarize(body)
    rendered: dict[str, Any] = {"size": summary.size, "sha256": summary.sha256}
    if shown_bytes:
        rendered.update(_first_bytes(summary.head[:shown_bytes], summary.size))
    return rendered


def _first_bytes(head: bytes, size: int) -> dict[str, Any]:
    try:
        shown: dict[str, Any] = {"text": head.decode("utf-8")}
    except UnicodeDecodeError:
        shown = {"base64": base64.b64encode(head).decode("ascii")}
    shown["truncated"] = len(head) < size
    return shown


def _is_status_filter(value: str) -> bool:
    if len(value) != 3:
        return False
    return value.isdigit() or (value[0] in "12345" and value[1:].lower() == "xx")


def _status_matches(wanted: str, status: int | None) -> bool:
    if status is None:
        return False
    if wanted.endswith("xx"):
        return status // 100 == int(wanted[0])
    return status == int(wanted)


def _path_matches(pattern: str, path: str) -> bool:
    return fnmatch.fnmatchcase(path, pattern) if "*" in pattern else path == pattern


def _parse_time(text: str) -> float:
    """Unix seconds, or an ISO 8601 time with its offset (`Z` for UTC)."""
    try:
        return float(text)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise FilterError(f"since must be Unix seconds or an ISO 8601 time, not {text!r}") from None
    if moment.tzinfo is None:
        raise FilterError(f"since needs a time zone (2026-01-31T12:00:00Z), not {text!r}")
    return moment.timestamp()


def _parse_count(query: Mapping[str, str], name: str) -> int | None:
    if name not in query:
        return None
    text = query[name]
    if not text.isdigit():
        raise FilterError(f"{name} must be a whole number, not {text!r}")
    return int(text)
