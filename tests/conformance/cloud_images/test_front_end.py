"""A deployment behind an HTTP server that refuses long request lines itself (gunicorn's
limit is 4094 bytes; a proxy's may be lower): its 414 is the front end's, not the API's, so
the suite does not judge the contract by it."""

from __future__ import annotations

import pytest
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ..judging import Judge, mock_app

# Low, so that the suite's generated queries reach it within a quick run.
REQUEST_LINE_LIMIT = 160


class RefusingLongRequestLines:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.refused = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            line = bytes(scope.get("raw_path") or b"") + b"?" + bytes(scope["query_string"])
            if len(line) > REQUEST_LINE_LIMIT:
                self.refused += 1
                response = HTMLResponse("<h1>Request-URI Too Long</h1>", status_code=414)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


@pytest.mark.slow  # a whole suite run
def test_a_front_end_s_414_is_not_judged_as_the_api_s_answer(judge: Judge) -> None:
    app = RefusingLongRequestLines(mock_app())

    report = judge(app=app)

    assert app.refused > 0
    assert report.findings == []
