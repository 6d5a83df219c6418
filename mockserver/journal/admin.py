"""`/__admin/requests`: the journal queried (`GET`, with filters) and cleared (`DELETE`).

Like the other admin routes it needs no credential, so a clearing a browser sends on
behalf of another site (an `Origin` not the mock's own) is refused with 403.
"""

from __future__ import annotations

import functools
import pathlib
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..faults.operations import OperationIndex
from ..http.admin import ADMIN_PREFIX, is_own_origin
from ..http.media_files import EVERY_METHOD
from .ring import Journal

REQUESTS_PATH = ADMIN_PREFIX + "/requests"


class OperationNames:
    """The operationId each contract's document gives a method and path."""

    def __init__(self, documents: Mapping[str, Mapping[str, Any]]) -> None:
        self._documents = documents

    @functools.cached_property
    def _indexes(self) -> dict[str, OperationIndex]:
        """Made when the journal is first read."""
        return {name: OperationIndex(document) for name, document in self._documents.items()}

    def __call__(self, contract: str, method: str, path: str) -> str | None:
        index = self._indexes.get(contract)
        operation = index.find(method, path) if index is not None else None
        return operation.operation_id if operation is not None else None


def journal_routes(
    journal: Journal | None,
    documents: Mapping[str, Mapping[str, Any]],
    public_url: str | None = None,
    workers_folder: pathlib.Path | None = None,
) -> Sequence[Route]:
    """The journal's route; with no journal (`--journal 0`) it answers that it is off.
    With `workers_folder` (a worker of several), this worker's ring is served to the others
    there from now on, and the route answers for every worker's."""
    operation_of = OperationNames(documents)
    rings = None
    if journal is not None and workers_folder is not None:
        from .workers import WorkerRings  # a worker of several alone serves its ring

        rings = WorkerRings(workers_folder, journal, operation_of)
        rings.serve()

    async def requests(request: Request) -> Response:
        if request.method not in ("GET", "HEAD", "DELETE"):
            return JSONResponse(
                {"error": "method_not_allowed", "allow": "GET, HEAD, DELETE"},
                status_code=405,
                headers={"Allow": "GET, HEAD, DELETE"},
            )
        if journal is None:
            detail = "The request journal is off (--journal 0)."
            return JSONResponse({"error": "journal_off", "detail": detail}, status_code=404)
        if request.method == "DELETE":
            origin = request.headers.get("origin")
            if origin is not None and not is_own_origin(origin, request, public_url):
                detail = "Admin writes are taken only from the mock's own origin."
                return JSONResponse({"error": "cross_origin", "detail": detail}, status_code=403)
            unanswered = 0
            if rings is None:
                journal.clear()
            else:
                unanswered = await rings.clear()
            headers = {"X-Unanswered-Workers": str(unanswered)} if unanswered else None
            return Response(status_code=204, headers=headers)
        # Imported when the journal is first read: a mock that is never asked does without.
        from .reading import FilterError, Filters, held_in, query_journal

        try:
            filters = Filters.parse(request.query_params)
        except FilterError as error:
            return JSONResponse({"error": "bad_filter", "detail": str(error)}, status_code=400)
        unanswered = 0
        if rings is None:
            held = [held_in(journal, filters, operation_of)]
        else:
            held, unanswered = await rings.gather(filters, request.url.query)
        answer = query_journal(held, journal.capacity, filters, operation_of)
        if unanswered:
            answer["unanswered_workers"] = unanswered
        return JSONResponse(answer, headers={"Cache-Control": "no-store"})

    return [Route(REQUESTS_PATH, requests, methods=EVERY_METHOD)]
