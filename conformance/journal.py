"""The mock's request journal, read over HTTP (`GET /__admin/requests`), for a
frontend's tests: "the UI sent one DELETE" is

    assert mock_journal.count(method="DELETE", status="204") == 1

with `mock_journal` the pytest fixture of `conformance.pytest_plugin` (cleared before each
test). Filters: contract, operation (an operationId), method, path (`*` is any run of
characters), status (`204` or `4xx`), since (Unix seconds or an ISO 8601 time), limit.
"""

from __future__ import annotations

from typing import Any

import httpx

REQUESTS_PATH = "/__admin/requests"


class JournalUnavailable(Exception):
    """The target keeps no journal (not the mock, or started with `--journal 0`)."""


class RequestJournal:
    """The journal of the mock `http` is based on (its `base_url`)."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def requests(self, **filters: str | int | float) -> list[dict[str, Any]]:
        """The requests recorded that the filters keep, oldest first."""
        entries: list[dict[str, Any]] = self._query(filters)["requests"]
        return entries

    def count(self, **filters: str | int | float) -> int:
        count: int = self._query(filters)["count"]
        return count

    def clear(self) -> None:
        response = self.http.delete(REQUESTS_PATH)
        if response.status_code != 204:
            raise JournalUnavailable(_refusal(response))

    def _query(self, filters: dict[str, str | int | float]) -> dict[str, Any]:
        response = self.http.get(REQUESTS_PATH, params={k: str(v) for k, v in filters.items()})
        if response.status_code != 200:
            raise JournalUnavailable(_refusal(response))
        answer: dict[str, Any] = response.json()
        return answer


def _refusal(response: httpx.Response) -> str:
    return (
        f"{response.request.method} {response.request.url}: {response.status_code} {response.text}"
    )
